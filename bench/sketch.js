// The cut search alone: one feature's XGBoost 3.4.1 sketch (WQuantileSketch) on FEATURES columns of
// ROWS normal values to 6 significant digits with 2% missing, one thread, in process. Prints CPU time
// (process.cpuUsage, less disturbed by other load than wall time) and wall time per feature, and a
// hash of the cuts (equal hashes = equal cuts, for A/B runs of two builds or two kernels).
//   node bench/sketch.js [DIST=./dist] [ROWS=1000000] [FEATURES=4] [KERNELS=ts]
// KERNELS: a comma list of `ts` (the TypeScript sketchCuts, the reference) and `wasm` (Kernels.sketchCuts
// of the WASM kernels, the column copied into their memory first, as the cut search does); with
// several, they alternate feature by feature (in-process A/B) and each gets its own line.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = pathToFileURL(resolve(process.argv[2] ?? 'dist')).href;
const { sketchCuts } = await import(`${dist}/src/kernels/ts/quantile-cuts.js`);
const { mulberry32 } = await import(`${dist}/src/util/rng.js`);
const n = Number(process.argv[3] ?? 1000000);
const nf = Number(process.argv[4] ?? 4);
const kinds = (process.argv[5] ?? 'ts').split(',');
const rnd = mulberry32(7);
const cols = [];
for (let f = 0; f < nf; f++) {
  const c = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    if (rnd() < 0.02) {
      c[i] = NaN;
      continue;
    }
    const u = rnd() || 1e-12;
    const v = rnd();
    c[i] = Number((Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)).toPrecision(6));
  }
  cols.push(c);
}
let wasm = null;
if (kinds.includes('wasm')) {
  const { createWasmKernels } = await import(`${dist}/src/kernels/wasm/wasm-kernels.js`);
  const k = createWasmKernels();
  if (!k) throw new Error('WASM kernels not available (npm run build)');
  wasm = { k, values: k.memory.f32(n), work: k.memory.u8(k.sketchWorkBytes(n, 256)), out: k.memory.f32(257) };
}
function cutsOf(kind, c) {
  if (kind === 'ts') return sketchCuts(c, null, 256);
  wasm.values.set(c);
  const count = wasm.k.sketchCuts(wasm.values, null, 256, wasm.work, wasm.out);
  return { cuts: wasm.out.slice(1, 1 + count), minValue: wasm.out[0] };
}
const stats = kinds.map(() => ({ cpu: 0, wall: 0, h: 0 }));
for (const c of cols) {
  kinds.forEach((kind, i) => {
    const s = stats[i];
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const r = cutsOf(kind, c);
    s.cpu += process.cpuUsage(c0).user / 1000;
    s.wall += performance.now() - t0;
    for (const x of r.cuts) s.h = (s.h * 31 + Math.fround(x) * 1e6) % 1e9;
    s.h += r.minValue;
  });
}
kinds.forEach((kind, i) => {
  const s = stats[i];
  console.log(`${kind}: cpu ${(s.cpu / nf).toFixed(1)} ms/feature, wall ${(s.wall / nf).toFixed(1)} ms/feature, cuts hash ${s.h}`);
});
