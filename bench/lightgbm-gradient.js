// LightGBM's lambdarank / rank_xendcg gradient (lightgbmRankQueries) on one thread: CPU time of one
// round over a ranking CSV's queries, two builds side by side (A and B, in alternation), and a
// bit-for-bit check that both builds write the same g and h. Scores: margins files (one value per
// row, e.g. `lambdaboost predict --margin`; several, comma-separated, are taken in turn, say the
// models of two consecutive rounds) scaled by each of --scales (0 = round 0's all-zero scores).
// Run after `npm run build`:
//   node bench/lightgbm-gradient.js DATA.csv MARGINS.txt A_ROOT B_ROOT [--objective lambdarank]
//        [--reps 5] [--rounds 5] [--scales 0,0.1,1] [--kernels ts,wasm] [--no-check]
// DATA.csv: header with columns y and qid (rows grouped by qid); A_ROOT / B_ROOT: checkouts whose
// dist/ holds a build (the same root twice measures the noise). --no-check: time builds that differ.
// --kernels KA,KB: each build's pair kernels (wasm: the session's path through Kernels.lightgbmPairs).
import { readFileSync } from 'node:fs';
import { cpuUsage } from 'node:process';
import { pathToFileURL } from 'node:url';
import { loadAverage, median } from './common.js';

const argv = process.argv.slice(2);
const opt = (name, def) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : def);
const [dataFile, marginFile, rootA, rootB] = argv;
if (!rootB) {
  console.error('usage: node bench/lightgbm-gradient.js DATA.csv MARGINS.txt A_ROOT B_ROOT [--objective lambdarank|rank_xendcg] [--reps 5] [--rounds 5] [--scales 0,0.1,1]');
  process.exit(2);
}
const OBJECTIVE = opt('--objective', 'lambdarank');
const REPS = Number(opt('--reps', '5'));
const ROUNDS = Number(opt('--rounds', '5'));
const SCALES = opt('--scales', '0,0.1,1').split(',').map(Number);

// Labels and query offsets from the CSV's y and qid columns.
const text = readFileSync(dataFile, 'utf8');
let at = text.indexOf('\n') + 1;
const head = text.slice(0, at - 1).split(',');
const yCol = head.indexOf('y');
const qCol = head.indexOf('qid');
const ys = [];
const offs = [0];
let lastQ = null;
while (at < text.length) {
  let end = text.indexOf('\n', at);
  if (end < 0) end = text.length;
  let c = 0;
  let s = at;
  let y = null;
  let q = null;
  while (c <= Math.max(yCol, qCol)) {
    let e = text.indexOf(',', s);
    if (e < 0 || e > end) e = end;
    if (c === yCol) y = Number(text.slice(s, e));
    if (c === qCol) q = text.slice(s, e);
    s = e + 1;
    c++;
  }
  if (lastQ !== null && q !== lastQ) offs.push(ys.length);
  lastQ = q;
  ys.push(y);
  at = end + 1;
}
offs.push(ys.length);
const labels = Float32Array.from(ys);
const offsets = Uint32Array.from(offs);
const nRows = labels.length;
const marginSets = marginFile.split(',').map((f) => {
  const m = Float64Array.from(readFileSync(f, 'utf8').trim().split('\n').map(Number));
  if (m.length !== nRows) throw new Error(`${f}: ${m.length} margins for ${nRows} rows`);
  return m;
});

/**
 * One build's gradient pass `(scores, gh, round) => void`: the objective's own (TypeScript) path,
 * or with kernels 'wasm' (builds that have Kernels.lightgbmPairs) the session's path, the pairs in
 * the WASM kernel over arrays and the sigmoid table in its memory.
 */
async function build(root, kernels) {
  const url = (p) => pathToFileURL(`${root}/dist/src/${p}`).href;
  const { LightGbmRankObjective } = await import(url('objective/lightgbm-rank.js'));
  const obj = new LightGbmRankObjective({
    objective: OBJECTIVE, lambdarank_num_pair_per_sample: null, lambdarank_normalization: true, label_gain: [],
    sigmoid: 1, lambdarank_position_bias_regularization: 0, objective_seed: 5, ranking_weight: 'row', eta: 0.1,
  });
  obj.init({ source: dataFile, nRows, label: labels, weight: null, queryOffsets: offsets, position: null, labelName: 'y' });
  if (kernels !== 'wasm' || OBJECTIVE !== 'lambdarank') return (s, gh, r) => obj.gradients(s, gh, r);
  const L = await import(url('kernels/ts/lightgbm-lambda.js'));
  const { lightgbmRankQueries } = await import(url('kernels/ts/lightgbm-rank-queries.js'));
  const { createWasmKernels } = await import(url('kernels/wasm/wasm-kernels.js'));
  const { LightGbmRandom } = await import(url('util/lightgbm-random.js'));
  if (typeof L.scoreSpread !== 'function') throw new Error(`${root}: this build has no WASM lambdarank pairs`);
  const wasm = createWasmKernels();
  if (!wasm) throw new Error('WASM kernels unavailable (npm run build)');
  const inp = obj.blockInputs();
  const m = wasm.memory;
  const maxQuery = Math.max(...Array.from({ length: offsets.length - 1 }, (_, q) => offsets[q + 1] - offsets[q]));
  const sig = new L.LightGbmSigmoid(inp.lambda.sigmoid.sigmoid, m.f64(inp.lambda.sigmoid.table.length));
  const discount = m.f64(maxQuery);
  discount.set(inp.lambda.discount.subarray(0, maxQuery));
  const scratch = new L.LightGbmLambdaScratch(maxQuery);
  scratch.usePairKernel(wasm, m.f32(3 * maxQuery), m.f64(2 * maxQuery));
  const blockInputs = { ...inp, lambda: { ...inp.lambda, sigmoid: sig, discount } };
  const rng = new LightGbmRandom(0);
  return (s, gh) => {
    sig.cover(L.scoreSpread(s, offsets, null, null));
    lightgbmRankQueries(blockInputs, s, gh, 0, offsets.length - 1, scratch, rng);
  };
}
const [kernelsA, kernelsB] = opt('--kernels', 'ts,ts').split(',');
const objs = { A: await build(rootA, kernelsA), B: await build(rootB, kernelsB) };
const gh = { A: new Float32Array(2 * nRows), B: new Float32Array(2 * nRows) };
const scores = SCALES.flatMap((k) => marginSets.map((margins) => margins.map((m) => m * k)));

// Bit-for-bit: every score set, ROUNDS rounds each (rank_xendcg's generators advance per round).
let pairsChecked = 0;
for (let r = 0; r < ROUNDS; r++) {
  for (const s of scores) {
    objs.A(s, gh.A, r);
    objs.B(s, gh.B, r);
    const a = new Uint32Array(gh.A.buffer);
    const b = new Uint32Array(gh.B.buffer);
    for (let i = 0; i < a.length; i++) {
      if (a[i] !== b[i] && !argv.includes('--no-check')) throw new Error(`round ${r}: gh[${i}] differs: A ${gh.A[i]} B ${gh.B[i]}`);
    }
    pairsChecked++;
  }
}
console.log(`${nRows} rows, ${offsets.length - 1} queries, ${OBJECTIVE}: A and B equal bit for bit (${pairsChecked} gradient passes)`);

// Timing: per rep, A then B (then B then A next rep), each ROUNDS rounds over every score set.
const cpu = { A: [], B: [] };
let round = ROUNDS;
for (let rep = 0; rep < REPS; rep++) {
  for (const id of rep % 2 === 0 ? ['A', 'B'] : ['B', 'A']) {
    const t = cpuUsage();
    for (let r = 0; r < ROUNDS; r++) for (const s of scores) objs[id](s, gh[id], round + r);
    const d = cpuUsage(t);
    cpu[id].push((d.user + d.system) / 1000 / (ROUNDS * scores.length));
  }
  round += ROUNDS;
}
const fmt = (xs) => xs.map((x) => x.toFixed(1)).join(' ');
console.log(`CPU ms per gradient pass (${marginSets.length} margin sets, scales ${SCALES.join(',')}; load ${loadAverage()}):`);
console.log(`  A ${rootA} (${kernelsA}): median ${median(cpu.A).toFixed(1)} (${fmt(cpu.A)})`);
console.log(`  B ${rootB} (${kernelsB}): median ${median(cpu.B).toFixed(1)} (${fmt(cpu.B)})`);
console.log(`  B / A: ${(median(cpu.B) / median(cpu.A)).toFixed(3)}`);
