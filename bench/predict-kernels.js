// Micro-benchmark of batch prediction kernels. Run after `npm run build`:
//   node bench/predict-kernels.js [--quick]
// A synthetic forest like the compare scenario (100 full trees of depth 6 over 28 features,
// thresholds at random data values, ~2% missing values, random default directions) and 200k
// random rows. Times, median of repetitions, in ns per row and per (row, tree):
//   single-row walk  Predictor.predictRowMargin on each row (tree-walk.ts, the reference)
//   block ts         predictMargin with the TypeScript block walk (kernel 'ts')
//   block wasm       predictMargin with the WASM kernel (native/assembly/predict.ts)
//   threads N        predictMarginAsync with nthread N (the caller and N - 1 workers)
// Every variant's margins are checked against the single-row walk's, bit for bit.
import { destroyWorkerPool } from '../dist/src/parallel/pool.js';
import { Predictor } from '../dist/src/predict/predictor.js';
import { makeModelForBench } from './predict-model.js';

const quick = process.argv.includes('--quick');
const N_ROWS = quick ? 50_000 : 200_000;
const N_FEAT = 28;
const N_TREES = 100;
const DEPTH = 6;
const REPS = quick ? 3 : 7;

function lcg(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

const rnd = lcg(7);
const columns = Array.from({ length: N_FEAT }, () => Float32Array.from({ length: N_ROWS }, () => (rnd() < 0.02 ? NaN : rnd())));
const data = {
  nRows: N_ROWS, nFeatures: N_FEAT, featureNames: columns.map((_, i) => `f${i}`), hasFeatureNames: false,
  columns, label: null, weight: null, queryOffsets: null, position: null, source: 'bench rows',
};
const model = makeModelForBench(lcg(11), N_FEAT, N_TREES, DEPTH);
const auto = Predictor.fromModel(model);
const ts = Predictor.fromModel(model, { kernel: 'ts' });

const rows = Array.from({ length: N_ROWS }, (_, r) => Float32Array.from(columns, (c) => c[r]));
const ref = new Float32Array(N_ROWS);
function singleRow() {
  for (let r = 0; r < N_ROWS; r++) ref[r] = auto.predictRowMargin(rows[r]);
  return ref;
}
singleRow();

const out = new Float32Array(N_ROWS);
const variants = [
  ['single-row walk', () => singleRow()],
  ['block ts', () => ts.predictMargin(data, out)],
  ['block wasm', () => auto.predictMargin(data, out)],
  ['threads 2 (wasm)', () => auto.predictMarginAsync(data, out, { nthread: 2 })],
];
const times = new Map(variants.map(([n]) => [n, []]));
for (let rep = 0; rep < REPS + 1; rep++) {
  for (const [name, run] of variants) {
    const t0 = performance.now();
    const got = await run();
    const ms = performance.now() - t0;
    if (rep > 0) times.get(name).push(ms); // the first repetition warms up
    for (let r = 0; r < N_ROWS; r++) if (!Object.is(got[r], ref[r])) throw new Error(`${name}: row ${r} differs: ${got[r]} vs ${ref[r]}`);
  }
}
console.log(`${N_ROWS} rows x ${N_TREES} trees of depth ${DEPTH}, ${N_FEAT} features; margins bit-identical: yes`);
for (const [name, ts] of times) {
  ts.sort((a, b) => a - b);
  const ms = ts[ts.length >> 1];
  console.log(`${name.padEnd(18)} ${ms.toFixed(1).padStart(7)} ms  ${((ms * 1e6) / N_ROWS).toFixed(0).padStart(5)} ns/row  ${((ms * 1e6) / N_ROWS / N_TREES).toFixed(2)} ns/(row, tree)`);
}
await destroyWorkerPool();
