// The shipped WASM histogram kernel (Kernels.buildHistogram) over windows of ascending rows of
// several densities (rows in the window / rows they span: a root is 1, a depthwise node at depth
// d about 1 / 2^d), and over feature blocks (28 whole, 16 + 12, 14 + 14): CPU ns (user + sys, one
// thread) per (row, feature) update, medians of alternating trials. Realistic shape: 28 features of
// 256 bins + the missing code 256 (2% missing: u16 codes, as max_bin 256 with missing cells makes),
// or --u8 (255 codes). Several builds are compared in one process, trials alternating (each its
// own kernels and memory, the same data):
//   node bench/histogram-density.js ROOT [ROOT...] [--rows 200000] [--u8] [--trials 9]
// ROOT a checkout with dist/ built (npm run build).
import { resolve } from 'node:path';
import { loadAverage } from './common.js';

const args = process.argv.slice(2);
const roots = args.filter((a, i) => !a.startsWith('--') && (i === 0 || !args[i - 1].startsWith('--'))).map((a) => resolve(a));
if (roots.length === 0) roots.push(resolve('.'));
const opt = (name, def) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : def);
const N = opt('--rows', 200_000);
const TRIALS = opt('--trials', 9);
const u8 = args.includes('--u8');
const F = 28;
const B = 257;

/** One build's kernels with the same data in their own memory. */
async function setUp(root) {
  const { createWasmKernels } = await import(`${root}/dist/src/kernels/wasm/wasm-kernels.js`);
  const k = createWasmKernels();
  let s = 1;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
  const histOffsets = k.memory.u32(F + 1);
  for (let f = 0; f < F; f++) histOffsets[f + 1] = histOffsets[f] + B;
  const bins = u8 ? k.memory.u8(N * F) : k.memory.u16(N * F);
  for (let i = 0; i < N * F; i++) bins[i] = u8 ? Math.floor(rnd() * 255) : rnd() < 0.02 ? 256 : Math.floor(rnd() * 256);
  const gh = k.memory.f32(2 * N);
  for (let i = 0; i < 2 * N; i++) gh[i] = i & 1 ? 1 : rnd() - 0.5;
  return { root, k, histOffsets, bins, gh, rows: k.memory.u32(N), hist: k.memory.f64(2 * histOffsets[F]) };
}
const builds = [];
for (const r of roots) builds.push(await setUp(r));

let seed = 7;
const rnd = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296);
/** Ascending rows, each kept with probability `density`, into every build's rows. */
function subset(density) {
  let n = 0;
  for (let r = 0; r < N; r++) if (density === 1 || rnd() < density) {
    for (const b of builds) b.rows[n] = r;
    n++;
  }
  return n;
}
const cases = [];
for (const d of [1, 1 / 2, 1 / 3, 1 / 4, 1 / 6, 1 / 8, 1 / 32]) cases.push({ name: `density 1/${(1 / d).toFixed(0)}`, d, blocks: [0, F] });
for (const blocks of [[0, 16, F], [0, 14, F]]) cases.push({ name: `density 1/4, blocks ${blocks.join('/')}`, d: 1 / 4, blocks });
console.log(`${N} rows x ${F} ${u8 ? 'u8' : 'u16'} codes, load ${loadAverage()}; columns: ${roots.join(', ')}`);
for (const c of cases) {
  const n = subset(c.d);
  const reps = Math.max(3, Math.floor(1e7 / (n * F)));
  const run = (b) => {
    b.hist.fill(0);
    for (let i = 0; i + 1 < c.blocks.length; i++) b.k.buildHistogram(b.bins, F, c.blocks[i], c.blocks[i + 1], b.histOffsets, b.rows, 0, n, b.gh, b.hist);
  };
  builds.forEach(run);
  const t = builds.map(() => []);
  for (let trial = 0; trial < TRIALS; trial++) {
    builds.forEach((b, i) => {
      const c0 = process.cpuUsage();
      for (let r = 0; r < reps; r++) run(b);
      const cu = process.cpuUsage(c0);
      t[i].push(((cu.user + cu.system) * 1000) / reps / (n * F));
    });
  }
  const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
  console.log(`  ${c.name.padEnd(28)} ${String(n).padStart(7)} rows: ${t.map((a) => med(a).toFixed(3)).join('  ')} ns/update`);
}
