// The small per-round kernels on one thread vs sent to a worker (the cost rule's decision): the
// reg:squarederror gradients (pointwise units), the margin update (leafAdd units, a grown tree's
// 56 leaves in two segments) and one depthwise level's partitions (partition units, 16 nodes),
// alternated in process. Run after `npm run build`:
//   node bench/small-kernels.js [ROOT=.] [ROWS=200000] [REPS=50]
// Prints per pass: wall min / p25 / median (ms) and the process CPU median (both threads), and how
// many units the worker ran. Wall times need a quiet machine: on a loaded one the worker wakes late
// and the calling thread runs every unit itself (then "worker units" is near 0).
import { resolve } from 'node:path';
import { loadAverage } from './common.js';

const [rootArg = '.', rowsArg = '200000', repsArg = '50'] = process.argv.slice(2);
const root = resolve(rootArg);
const N = Number(rowsArg);
const REPS = Number(repsArg);
const { createWasmKernels } = await import(`${root}/dist/src/kernels/wasm/wasm-kernels.js`);
const ex = await import(`${root}/dist/src/parallel/executor.js`);
const { pointwiseUnits } = await import(`${root}/dist/src/kernels/units/pointwise-gradients.js`);
const { partitionUnits, PARTITION_JOB } = await import(`${root}/dist/src/kernels/units/partition.js`);
const { addLeafWindows } = await import(`${root}/dist/src/booster/leaf-margins.js`);
const { destroyWorkerPool } = await import(`${root}/dist/src/parallel/pool.js`);

const k = createWasmKernels();
if (!k) throw new Error('WASM kernels unavailable: run npm run build');
const two = ex.createExecutor(k, 2);
const one = ex.createExecutor(k, 1);
function lcg(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}
const rnd = lcg(3);
const labels = k.memory.f32(N);
const margins = k.memory.f32(N);
const gh = k.memory.f32(2 * N);
for (let i = 0; i < N; i++) {
  labels[i] = rnd();
  margins[i] = rnd();
}
// A grown tree's rows: each of 56 leaves has a window in each segment of the partition array.
const mid = N >>> 1;
const leafOf = Uint8Array.from({ length: N }, () => Math.floor(rnd() * 56));
const grown = k.memory.u32(N);
const bounds = Array.from({ length: 56 }, () => []);
let at = 0;
for (const [s, e] of [[0, mid], [mid, N]]) {
  for (let leaf = 0; leaf < 56; leaf++) {
    const start = at;
    for (let r = s; r < e; r++) if (leafOf[r] === leaf) grown[at++] = r;
    bounds[leaf].push(start, at);
  }
}
const windows = [];
for (let leaf = 0; leaf < 56; leaf++) {
  const v = Math.fround(rnd() * 0.01);
  windows.push(bounds[leaf][0], bounds[leaf][1], v, bounds[leaf][2], bounds[leaf][3], v);
}
// One level of 16 nodes (32 windows, largest first as the Partitioner orders them): a random
// feature and split bin each, over column-major uint8 codes of 28 features.
const F = 28;
const codes = k.memory.u8(F * N);
for (let i = 0; i < codes.length; i++) codes[i] = rnd() < 0.02 ? 255 : Math.floor(rnd() * 255);
const rows = k.memory.u32(N);
const scratch = k.memory.u32(N);
const nLeft = k.memory.u32(64);
const cuts = [0];
for (let w = 1; w < 32; w++) cuts.push(Math.floor((N * w) / 32 + (rnd() - 0.5) * (N / 40)));
cuts.push(N);
const jobs = [];
const sized = cuts.slice(0, 32).map((s, w) => [w, s, cuts[w + 1]]).sort((a, b) => b[2] - b[1] - (a[2] - a[1]) || a[0] - b[0]);
for (const [w, s, e] of sized) {
  PARTITION_JOB.push(jobs, { job: w, start: s, end: e, feature: w % F, splitBin: 20 + ((w * 37) % 200), missingCode: 255, defaultLeft: w & 1, table: -1 });
}

const runsOf = (T) => Array.from({ length: T + 1 }, (_, j) => Math.round((N * j) / T));
const forced = (f) => async () => {
  ex.setParallelCostForTesting(0);
  try {
    await f();
  } finally {
    ex.setParallelCostForTesting(null);
  }
};
const gradients = (e, T) => e.run(pointwiseUnits, { objective: 'reg:squarederror', options: { scalePosWeight: 1 }, labels, weights: null, margins, gh, runs: runsOf(T) }, T, N);
const identity = Uint32Array.from({ length: N }, (_, i) => i);
const level = (e) => {
  rows.set(identity); // a copy (~0.05 ms at 200k rows) inside the timed pass
  return e.run(partitionUnits, { codes, nRows: N, rows, scratch, nLeft, tables: k.memory.u8(1), jobs }, 32, N);
};
const cases = [
  ['gradients, 1 thread', () => gradients(one, 1)],
  ['gradients, 2 threads', forced(() => gradients(two, 2))],
  ['margins, 1 thread', () => addLeafWindows(one, grown, margins, windows)],
  ['margins, 2 threads', forced(() => addLeafWindows(two, grown, margins, windows))],
  ['partition level, 1 thread', () => level(one)],
  ['partition level, 2 threads', forced(() => level(two))],
];
const times = new Map(cases.map(([name]) => [name, { wall: [], cpu: [] }]));
for (let r = 0; r < REPS + 3; r++) {
  for (const [name, f] of cases) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await f();
    const t1 = performance.now();
    const c = process.cpuUsage(c0);
    if (r >= 3) {
      times.get(name).wall.push(t1 - t0);
      times.get(name).cpu.push((c.user + c.system) / 1000);
    }
  }
}
const q = (a, p) => [...a].sort((x, y) => x - y)[Math.floor(p * (a.length - 1))];
console.log(`${N} rows, ${REPS} passes each, alternated; load ${loadAverage()}`);
for (const [name] of cases) {
  const t = times.get(name);
  console.log(`${name.padEnd(28)} wall ms min ${q(t.wall, 0).toFixed(3)} p25 ${q(t.wall, 0.25).toFixed(3)} median ${q(t.wall, 0.5).toFixed(3)} | cpu median ${q(t.cpu, 0.5).toFixed(3)}`);
}
console.log('worker units', JSON.stringify(Object.fromEntries(ex.workerUnitCounts())));
await destroyWorkerPool();
