// LightGBM's min_data_in_leaf split scan (Kernels.scanSplitsCounted), TypeScript vs WASM, in process:
// NODES node histograms of 136 features x 255 bins + a missing slot (2 % of the rows missing, every
// feature flagged missing in the data as on the realistic ranking bench, so both passes run), rows per
// node from 60 to 56,000, lambdarank-like gradients and hessians (many tiny). Kernels alternate in
// REPS rounds; prints CPU per node scan and per bin step (two passes a feature) and checks that both
// give the same records and flags bit for bit.
//   node bench/lightgbm-scan.js ROOT [NODES=24] [REPS=6]   (ROOT: a checkout with dist/ built)
const [rootArg, nodesArg, repsArg] = process.argv.slice(2);
const root = (await import('node:path')).resolve(rootArg ?? '.');
const nodes = Number(nodesArg ?? 24);
const reps = Number(repsArg ?? 6);
const { createWasmKernels } = await import(root + '/dist/src/kernels/wasm/wasm-kernels.js');
const { tsKernels } = await import(root + '/dist/src/kernels/ts/ts-kernels.js');
const { loadAverage } = await import('./common.js');
const w = createWasmKernels();
const F = 136, NB = 255;
let s = 7;
const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 4294967296;
const histOffsets = w.memory.u32(F + 1);
for (let f = 0; f < F; f++) histOffsets[f + 1] = histOffsets[f] + NB + 1;
const nBins = w.memory.u32(F).fill(NB);
const fu = w.memory.u32(F);
const features = new Int32Array(fu.buffer, fu.byteOffset, F);
for (let f = 0; f < F; f++) features[f] = f;
const nan = w.memory.u8(F).fill(1);
const jobs = [];
for (let q = 0; q < nodes; q++) {
  const n = Math.round(60 * Math.pow(56000 / 60, q / Math.max(1, nodes - 1)));
  const g = Float32Array.from({ length: n }, () => Math.fround((rnd() - 0.5) * Math.pow(rnd(), 3)));
  const h = Float32Array.from({ length: n }, () => Math.fround(Math.pow(rnd(), 4) * 0.25));
  const hist = w.memory.f64(2 * histOffsets[F]);
  for (let f = 0; f < F; f++) {
    const skew = 0.5 + (f % 7) / 3;
    for (let r = 0; r < n; r++) {
      const b = rnd() < 0.02 ? NB : Math.min(NB - 1, Math.floor(Math.pow(rnd(), skew) * NB));
      const slot = histOffsets[f] + b;
      hist[2 * slot] += g[r];
      hist[2 * slot + 1] += h[r];
    }
  }
  let G = 0, H = 0;
  for (let r = 0; r < n; r++) { G += g[r]; H += h[r]; }
  jobs.push({ n, hist, G, H });
}
const out = w.memory.f64(10);
const flags = w.memory.u8(F);
const results = { ts: [], wasm: [] };
const cpu = { ts: 0, wasm: 0 };
const scanAll = (k, record) => {
  const c0 = process.cpuUsage();
  for (const j of jobs) {
    out.fill(-1);
    k.scanSplitsCounted(0, 0, 0, 0, j.hist, histOffsets, nBins, features, F, j.G, j.H, 1e-3, -Infinity, out, j.n, 20, flags, 0, nan);
    if (record) results[k.name].push(Array.from(out).join(',') + '|' + flags.join(''));
  }
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e3;
};
scanAll(tsKernels, true);
scanAll(w, true);
for (let i = 0; i < results.ts.length; i++) {
  if (results.ts[i] !== results.wasm[i]) { console.error(`node ${i}: different records`); process.exitCode = 1; }
}
for (let r = 0; r < reps; r++) {
  for (const k of r % 2 === 0 ? [tsKernels, w] : [w, tsKernels]) cpu[k.name] += scanAll(k, false);
}
const steps = nodes * F * NB * 2;
for (const name of ['ts', 'wasm']) {
  const ms = cpu[name] / reps;
  console.log(`${name.padEnd(5)} ${(ms / nodes).toFixed(3)} ms CPU a node scan, ${((ms * 1e6) / steps).toFixed(2)} ns a bin step (${nodes} nodes, ${reps} alternating reps), load ${loadAverage()}`);
}
console.log(`ts / wasm ${(cpu.ts / cpu.wasm).toFixed(2)}x`);
