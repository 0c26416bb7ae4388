// One level's histogram batch through HistogramBuilder on 2 threads (the executor's units, both
// threads' CPU): NODES nodes sharing 100k random rows of 200k x 28 u16 codes (256 bins + missing),
// each node's rows ascending, as a depthwise level's smaller children are. Compare two builds by
// alternating processes: node bench/histogram-batch.js ROOT NODES [REPS], ROOT a checkout with dist/ built.
const root = (await import('node:path')).resolve(process.argv[2]); const nodes = Number(process.argv[3]); const reps = Number(process.argv[4] ?? 30);
const { createWasmKernels } = await import(root + '/dist/src/kernels/wasm/wasm-kernels.js');
const { HistogramBuilder } = await import(root + '/dist/src/histogram/builder.js');
const { createExecutor } = await import(root + '/dist/src/parallel/executor.js');
const { destroyWorkerPool } = await import(root + '/dist/src/parallel/pool.js');
const k = createWasmKernels();
const N = 200000, F = 28, B = 257;
let s = 1; const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
const histOffsets = k.memory.u32(F + 1); for (let f = 0; f < F; f++) histOffsets[f + 1] = histOffsets[f] + B;
const nBins = k.memory.u32(F).fill(256);
const mapper = { nFeatures: F, histOffsets, nBins, cuts: [], minValues: new Float32Array(F), categorical: new Uint8Array(F) };
const bins = k.memory.u16(N * F); for (let i = 0; i < N * F; i++) bins[i] = rnd() < 0.02 ? 256 : Math.floor(rnd() * 256);
const gh = k.memory.f32(2 * N); for (let i = 0; i < 2 * N; i++) gh[i] = i & 1 ? 1 : rnd() - 0.5;
// rows: a random subset of 100k rows (the level's smaller children), ascending within each node
const perm = Array.from({ length: N }, (_, i) => i); for (let i = N - 1; i > 0; i--) { const j = Math.floor(rnd() * (i + 1)); [perm[i], perm[j]] = [perm[j], perm[i]]; }
const rows = k.memory.u32(N); const total = 100000; const per = Math.floor(total / nodes);
const jobs = [];
for (let q = 0; q < nodes; q++) { const sl = perm.slice(q * per, (q + 1) * per).sort((a, b) => a - b); rows.set(sl, q * per);
  jobs.push({ rows: { aStart: q * per, aEnd: (q + 1) * per, bStart: (q + 1) * per, bEnd: (q + 1) * per }, hist: k.memory.f64(2 * histOffsets[F]) }); }
const ex = createExecutor(k, 2);
const b = new HistogramBuilder(k, mapper, { nRows: N, nFeatures: F, bins }, ex);
for (let i = 0; i < 3; i++) await b.build(jobs, rows, gh);
const c0 = process.cpuUsage(); const t0 = performance.now();
for (let i = 0; i < reps; i++) await b.build(jobs, rows, gh);
const c = process.cpuUsage(c0); const w = performance.now() - t0;
console.log(root.padEnd(16), `${nodes} nodes x ${per} rows: cpu ${((c.user + c.system) / 1e3 / reps).toFixed(2)} ms/batch, wall ${(w / reps).toFixed(2)} ms/batch`);
await destroyWorkerPool();
