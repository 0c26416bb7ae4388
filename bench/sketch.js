// The cut search alone: sketchCuts (XGBoost 3.4.1's WQuantileSketch) on FEATURES columns of ROWS
// normal values to 6 significant digits with 2% missing, one thread, in process. Prints CPU time
// (process.cpuUsage, less disturbed by other load than wall time) and wall time per feature, and a
// hash of the cuts (equal hashes = equal cuts, for A/B runs of two builds).
//   node bench/sketch.js [DIST=./dist] [ROWS=1000000] [FEATURES=4]
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = pathToFileURL(resolve(process.argv[2] ?? 'dist')).href;
const { sketchCuts } = await import(`${dist}/src/kernels/ts/quantile-cuts.js`);
const { mulberry32 } = await import(`${dist}/src/util/rng.js`);
const n = Number(process.argv[3] ?? 1000000);
const nf = Number(process.argv[4] ?? 4);
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
const t0 = performance.now();
const c0 = process.cpuUsage();
let h = 0;
for (const c of cols) {
  const r = sketchCuts(c, null, 256);
  for (const x of r.cuts) h = (h * 31 + Math.fround(x) * 1e6) % 1e9;
  h += r.minValue;
}
const cpu = process.cpuUsage(c0).user / 1000 / nf;
console.log(`cpu ${cpu.toFixed(1)} ms/feature, wall ${((performance.now() - t0) / nf).toFixed(1)} ms/feature, cuts hash ${h}`);
