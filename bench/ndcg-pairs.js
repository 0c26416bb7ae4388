// Kernels.ndcgPairs, TypeScript vs WASM: CPU time of one round of rank:ndcg topk pairs (k = 32,
// score normalization on) over 500 queries of 80..146 documents (labels 0..4, scores ~ N(0, 1) in
// float32, sorted), as the bench's ranking data. Alternates the two kernels; checks they agree.
// Run after `npm run build`:  node bench/ndcg-pairs.js [--rounds 20] [--reps 3]
import { cpuUsage } from 'node:process';
import { tsKernels } from '../dist/src/kernels/ts/ts-kernels.js';
import { createWasmKernels } from '../dist/src/kernels/wasm/wasm-kernels.js';
import { discountTable } from '../dist/src/kernels/ts/dcg.js';
import { median as med } from './common.js';

const args = process.argv.slice(2);
const opt = (name, def) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : def);
const ROUNDS = opt('--rounds', 20);
const REPS = opt('--reps', 3);
const wasm = createWasmKernels();
if (!wasm) {
  console.error('WASM kernels unavailable (npm run build)');
  process.exit(2);
}

let seed = 7;
const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
const normal = () => Math.sqrt(-2 * Math.log(rnd() + 1e-300)) * Math.cos(2 * Math.PI * rnd());
const queries = Array.from({ length: 500 }, () => {
  const n = 80 + Math.floor(rnd() * 67);
  const s = Array.from({ length: n }, () => Math.fround(normal())).sort((a, b) => b - a);
  const y = Array.from({ length: n }, () => Math.floor(rnd() * 5));
  return { n, s, y, inv: 1 / (5 + 20 * rnd()) };
});

function arrays(k, maxN) {
  const m = k.memory;
  const a = { y: m.f32(maxN), sc: m.f32(maxN), gain: m.f64(maxN), disc: m.f64(maxN), gR: m.f32(maxN), hR: m.f32(maxN), gd: m.f64(maxN) };
  a.disc.set(discountTable(maxN).subarray(0, maxN));
  return a;
}
const A = { ts: arrays(tsKernels, 146), wasm: arrays(wasm, 146) };
const K = { ts: tsKernels, wasm };

/** One round over all queries with kernel `name`; returns a checksum of S, g and h. */
function round(name) {
  const k = K[name];
  const a = A[name];
  let check = 0;
  for (const q of queries) {
    for (let r = 0; r < q.n; r++) {
      a.y[r] = q.y[r];
      a.sc[r] = q.s[r];
      a.gain[r] = 2 ** q.y[r] - 1;
      a.gR[r] = 0;
      a.hR[r] = 0;
    }
    check += k.ndcgPairs(a.y, a.sc, a.gain, a.disc, a.gR, a.hR, a.gd, q.n, Math.min(32, q.n), q.inv, true);
    for (let r = 0; r < q.n; r++) check += a.gR[r] * (r + 1) + a.hR[r];
  }
  return check;
}

let pairs = 0;
for (const q of queries) for (let i = 0; i < Math.min(32, q.n); i++) for (let j = i + 1; j < q.n; j++) if (q.y[i] !== q.y[j]) pairs++;
if (round('ts') !== round('wasm')) throw new Error('ts and wasm kernels disagree');
const ms = { ts: [], wasm: [] };
for (let rep = 0; rep < REPS; rep++) {
  for (const name of rep % 2 === 0 ? ['ts', 'wasm'] : ['wasm', 'ts']) {
    const t0 = cpuUsage();
    for (let r = 0; r < ROUNDS; r++) round(name);
    const t = cpuUsage(t0);
    ms[name].push((t.user + t.system) / 1000 / ROUNDS);
  }
}
console.log(JSON.stringify({
  pairs_per_round: pairs,
  ts_cpu_ms_per_round: +med(ms.ts).toFixed(2), wasm_cpu_ms_per_round: +med(ms.wasm).toFixed(2),
  ts_ns_per_pair: +((med(ms.ts) * 1e6) / pairs).toFixed(1), wasm_ns_per_pair: +((med(ms.wasm) * 1e6) / pairs).toFixed(1),
  runs: ms,
}));
