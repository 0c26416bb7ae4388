// Micro-benchmarks of the kernels, TS vs WASM (benchmark.js). Run after `npm run build`:
//   node bench/kernels.js [--quick]
// Setup as in ARCHITECTURE.md decision 5: a histogram gathered over 100k of 200k rows x 28 uint8
// codes, row-major as binDataset lays them out (256 bins + missing per feature); the partition reads
// feature 3 of the same random codes as a column (the grower partitions on a column-major copy). Prints ns per update: per (row, feature) pair for the
// histogram build, per float64 for subtraction, per row for partition, per (bin, direction) for the split scan.
import Benchmark from 'benchmark';
import { tsKernels } from '../dist/src/kernels/ts/ts-kernels.js';
import { createWasmKernels } from '../dist/src/kernels/wasm/wasm-kernels.js';

const N_ROWS = 200_000;
const N_NODE = 100_000;
const N_FEAT = 28;
const N_BINS = 256; // codes 0..255, 255 = missing
const quick = process.argv.includes('--quick');

function lcg(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** The benchmark arrays, allocated from `mem` (a KernelMemory). */
function setup(mem) {
  const rnd = lcg(42);
  const histOffsets = mem.u32(N_FEAT + 1);
  for (let f = 0; f < N_FEAT; f++) histOffsets[f + 1] = histOffsets[f] + N_BINS;
  const bins = mem.u8(N_FEAT * N_ROWS);
  for (let i = 0; i < bins.length; i++) bins[i] = rnd() < 0.05 ? N_BINS - 1 : Math.floor(rnd() * (N_BINS - 1));
  const gh = mem.f32(2 * N_ROWS);
  for (let i = 0; i < gh.length; i++) gh[i] = rnd() * 2 - (i & 1 ? 0 : 1);
  // A node's rows after stable partitioning: a random half of the rows, ascending.
  const rows = mem.u32(N_ROWS);
  let n = 0;
  for (let r = 0; r < N_ROWS && n < N_NODE; r++) if (rnd() < N_NODE / N_ROWS || N_ROWS - r <= N_NODE - n) rows[n++] = r;
  const nHist = 2 * histOffsets[N_FEAT];
  const hist = mem.f64(nHist);
  const parent = mem.f64(nHist);
  const child = mem.f64(nHist);
  for (let i = 0; i < nHist; i++) {
    parent[i] = rnd() * 1000;
    child[i] = rnd() * 500;
  }
  const part = mem.u32(N_NODE);
  const scratch = mem.u32(N_NODE);
  const heapOffsets = Uint32Array.from(histOffsets);
  // Split scan: every feature has N_BINS - 1 bins and the missing slot (the parent's random sums).
  const nBins = mem.u32(N_FEAT).fill(N_BINS - 1);
  const features = Int32Array.from({ length: N_FEAT }, (_, f) => f);
  const scanOut = mem.f64(8);
  let sumG = 0;
  let sumH = 0;
  for (let b = 0; b < N_BINS; b++) {
    sumG += parent[2 * b] - 500;
    sumH += parent[2 * b + 1];
  }
  for (let i = 0; i < nHist; i += 2) parent[i] -= 500; // gradients of both signs
  return { histOffsets, heapOffsets, bins, gh, rows, hist, parent, child, part, scratch, nHist, nBins, features, scanOut, sumG, sumH };
}

const wasm = createWasmKernels();
if (!wasm) {
  console.error('WASM kernels unavailable: run npm run build');
  process.exit(1);
}
const impls = [
  ['ts', tsKernels, setup(tsKernels.memory)],
  ['wasm', wasm, setup(wasm.memory)],
];

// Same sums to the bit?
{
  const [[, kt, a], [, kw, b]] = impls;
  kt.buildHistogram(a.bins, N_FEAT, 0, N_FEAT, a.histOffsets, a.rows, 0, N_NODE, a.gh, a.hist);
  kw.buildHistogram(b.bins, N_FEAT, 0, N_FEAT, b.histOffsets, b.rows, 0, N_NODE, b.gh, b.hist);
  for (let i = 0; i < a.nHist; i++) {
    if (!Object.is(a.hist[i], b.hist[i])) throw new Error(`histogram differs at ${i}: ${a.hist[i]} vs ${b.hist[i]}`);
  }
  console.log('histograms bit-identical: yes');
}

const cases = [
  ['buildHistogram u8 (100k of 200k rows x 28)', N_NODE * N_FEAT, (k, d) => () =>
    k.buildHistogram(d.bins, N_FEAT, 0, N_FEAT, d.histOffsets, d.rows, 0, N_NODE, d.gh, d.hist)],
  ['buildHistogram u8 small node (256 rows x 28)', 256 * N_FEAT, (k, d) => () =>
    k.buildHistogram(d.bins, N_FEAT, 0, N_FEAT, d.histOffsets, d.rows, 0, 256, d.gh, d.hist)],
  ['  same, histOffsets on the JS heap (grower)', 256 * N_FEAT, (k, d) => () =>
    k.buildHistogram(d.bins, N_FEAT, 0, N_FEAT, d.heapOffsets, d.rows, 0, 256, d.gh, d.hist)],
  // Per bin and direction: both scans run (the missing slot is filled).
  ['scanSplits (28 features x 255 bins, both directions)', N_FEAT * (N_BINS - 1) * 2, (k, d) => () =>
    k.scanSplits(d.parent, d.histOffsets, d.nBins, d.features, N_FEAT, d.sumG, d.sumH, 1, 1, 0, -Infinity, d.scanOut)],
  ['subtractHistogram (28 x 256 slots)', 0, (k, d) => () => k.subtractHistogram(d.parent, d.child, d.hist, 0, d.nHist)],
  // Each run first restores the unpartitioned rows (a partitioned window would make the TS
  // branches predictable); the restore alone is measured as a baseline and subtracted below.
  ['partition restore only (baseline)', N_NODE, (_k, d) => () => d.part.set(d.rows.subarray(0, N_NODE))],
  ['partition (100k rows, ~half left) incl. restore', N_NODE, (k, d) => () => {
    d.part.set(d.rows.subarray(0, N_NODE));
    k.partition(d.bins, 1, 3 * N_ROWS, 127, N_BINS - 1, true, d.part, 0, N_NODE, d.scratch);
  }],
  ['partition (100k rows, ~2% right) incl. restore', N_NODE, (k, d) => () => {
    d.part.set(d.rows.subarray(0, N_NODE));
    k.partition(d.bins, 1, 3 * N_ROWS, 250, N_BINS - 1, true, d.part, 0, N_NODE, d.scratch);
  }],
];

const suite = new Benchmark.Suite();
for (const [label, updates, make] of cases) {
  for (const [name, k, d] of impls) {
    suite.add(`${label} [${name}]`, make(k, d), {
      minSamples: quick ? 5 : 20,
      maxTime: quick ? 1 : 4,
      updates: updates || d.nHist,
    });
  }
}
const baseline = new Map();
suite.on('cycle', (ev) => {
  const b = ev.target;
  const ns = (b.stats.mean * 1e9) / b.updates;
  const impl = b.name.slice(b.name.lastIndexOf('['));
  if (b.name.startsWith('partition restore')) baseline.set(impl, ns);
  else if (b.name.startsWith('partition')) {
    const net = ns - (baseline.get(impl) ?? 0);
    console.log(`${b.name.replace(' incl. restore', '').padEnd(56)} ${net.toFixed(3).padStart(8)} ns/update  (net of restore)`);
  }
  console.log(`${b.name.padEnd(56)} ${ns.toFixed(3).padStart(8)} ns/update  (±${b.stats.rme.toFixed(1)}%, ${b.stats.sample.length} samples)`);
});
suite.run();
