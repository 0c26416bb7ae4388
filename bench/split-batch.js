// One level's split search through SplitSearch (the executor's split units): NODES nodes of
// 200k / NODES rows each, 28 features x 256 bins + a missing slot (2 % of the rows), gradients
// normal-ish, hessian 1 (squared error). Prints CPU (both threads) and wall per batch and per bin,
// on 1 thread and on 2 (the cost rule decides; --force sends every batch to the worker).
//   node bench/split-batch.js ROOT NODES [REPS] [--force]   (ROOT: a checkout with dist/ built)
const args = process.argv.slice(2);
const force = args.includes('--force');
const [rootArg, nodesArg, repsArg] = args.filter((a) => a !== '--force');
const root = (await import('node:path')).resolve(rootArg); const nodes = Number(nodesArg); const reps = Number(repsArg ?? 200);
const { createWasmKernels } = await import(root + '/dist/src/kernels/wasm/wasm-kernels.js');
const { SplitSearch } = await import(root + '/dist/src/split/split-search.js');
const { noSplit } = await import(root + '/dist/src/split/split-info.js');
const { createExecutor, setParallelCostForTesting, workerUnitCounts } = await import(root + '/dist/src/parallel/executor.js');
const { destroyWorkerPool } = await import(root + '/dist/src/parallel/pool.js');
const { loadAverage } = await import('./common.js').catch(() => ({ loadAverage: () => '' }));
if (force) setParallelCostForTesting(0);
const k = createWasmKernels();
const F = 28, B = 257, N = 200000;
let s = 7; const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
const histOffsets = k.memory.u32(F + 1); for (let f = 0; f < F; f++) histOffsets[f + 1] = histOffsets[f] + B;
const nBins = k.memory.u32(F).fill(256);
const cuts = Array.from({ length: F }, () => Float32Array.from({ length: 256 }, (_, i) => i));
const mapper = { nFeatures: F, histOffsets, nBins, cuts, minValues: new Float32Array(F), categorical: new Uint8Array(F) };
const per = Math.floor(N / nodes);
const jobs = [];
for (let q = 0; q < nodes; q++) {
  const hist = k.memory.f64(2 * histOffsets[F]);
  let G = 0;
  for (let r = 0; r < per; r++) { const g = Math.fround(rnd() + rnd() - 1 + 0.3 * q / nodes); G += g; }
  // per feature: each row to a bin (uniform, 2 % missing), g a shared row gradient stream
  let s2 = 11 + q;
  const r2 = () => ((s2 = (Math.imul(s2, 1664525) + 1013904223) >>> 0) / 4294967296);
  const gs = Float32Array.from({ length: per }, () => Math.fround(r2() + r2() - 1 + 0.3 * q / nodes));
  G = 0; for (const g of gs) G += g;
  for (let f = 0; f < F; f++) {
    for (let r = 0; r < per; r++) {
      const b = r2() < 0.02 ? 256 : Math.min(255, Math.floor(((gs[r] + 1) / 2 + (r2() - 0.5) * (f + 1) / 4) * 256 + 128) & 255);
      const slot = histOffsets[f] + b;
      hist[2 * slot] += gs[r]; hist[2 * slot + 1] += 1;
    }
  }
  jobs.push({ hist, features: Int32Array.from({ length: F }, (_, i) => i), count: F, sumGrad: G, sumHess: per, best: noSplit() });
}
const params = { lambda: 1, alpha: 0, maxDeltaStep: 0, minChildWeight: 1, gamma: 0 };
const results = [];
for (const threads of [1, 2]) {
  const ex = createExecutor(k, threads);
  const ss = new SplitSearch(k, mapper, params, ex);
  const run = async () => { for (const j of jobs) Object.assign(j.best, noSplit()); await ss.find(jobs); };
  for (let i = 0; i < 20; i++) await run();
  const c0 = process.cpuUsage(); const t0 = performance.now();
  for (let i = 0; i < reps; i++) await run();
  const c = process.cpuUsage(c0); const w = performance.now() - t0;
  const cpu = (c.user + c.system) / 1e3 / reps;
  results.push(jobs.map((j) => `${j.best.feature}:${j.best.splitBin}:${j.best.lossChg}`).join(','));
  console.log(`${root.padEnd(24)} ${threads} thread(s), ${nodes} nodes: cpu ${cpu.toFixed(3)} ms/batch (${(cpu * 1e6 / (nodes * F * 256)).toFixed(2)} ns/bin), wall ${(w / reps).toFixed(3)} ms/batch ${loadAverage()}`);
}
console.log(`units run by the worker: ${workerUnitCounts().get("splits") ?? 0}`);
if (results[0] !== results[1]) { console.error('different splits on 1 and 2 threads'); process.exitCode = 1; }
await destroyWorkerPool();
