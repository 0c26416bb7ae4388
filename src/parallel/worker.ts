/**
 * Kernel worker thread (piscina task module). Imports only kernels: runs the TS or WASM kernels over
 * views of the task's shared memory. Per memory it keeps one WASM instance over that memory (the
 * module instantiated with the same `WebAssembly.Memory`); the last few memories are cached.
 */
import { binValues as tsBinValues } from '../kernels/ts/ts-kernels.js';
import { unweightedCuts } from '../binning/bin-mapper.js';
import { transposeToRows } from '../binning/bin-mapper.js';
import { RadixScratch } from '../kernels/radix-sort.js';
import { addTreeToMargins } from '../tree/apply-tree.js';
import { createPointwiseObjective } from '../objective/pointwise.js';
import type { Objective } from '../objective/objective.js';
import { kernelExports, type KernelExports } from '../kernels/wasm/kernel-exports.js';
import { loadKernelModule } from '../kernels/wasm/loader.js';
import type { WasmMemory } from '../kernels/wasm/wasm-api.js';
import { LambdaRankScratch, lambdaRankQueries, type LambdaRankInputs } from '../objective/lambdarank-query.js';
import { runPredictTask } from './predict-task.js';
import type { ServeTask } from './channel-control.js';
import { serveLoop } from './serve-loop.js';
import type { KernelTask, LambdaRankTask, ApplyTreeTask, CutsTask, PointwiseTask } from './tasks.js';
import { BIN_CONTROL, type BinColumnsTask, type TransposeCodesTask, type UnitsTask } from './tasks.js';
import { UNIT_KERNELS } from '../kernels/units/registry.js';
import { ThreadScope } from './thread-scope.js';
import { claimUnits, decodeArgs } from './unit-kernel.js';

/** Per-memory state of this worker. */
interface MemoryContext {
  readonly memory: WasmMemory;
  wasm: KernelExports | null;
  /** LambdaMART inputs viewed from shared memory, the labels address they were made from, and this worker's scratch. */
  rank: { inputs: LambdaRankInputs; labelsAt: number; scratch: LambdaRankScratch } | null;
}

/** Memories seen, most recent last (at most MAX_CONTEXTS kept, so old boosters' memory can be freed). */
const contexts = new Map<number, MemoryContext>();
const MAX_CONTEXTS = 2;

function contextOf(task: KernelTask): MemoryContext {
  let c = contexts.get(task.memId);
  if (c) return c;
  c = { memory: task.memory, wasm: null, rank: null };
  contexts.set(task.memId, c);
  while (contexts.size > MAX_CONTEXTS) contexts.delete(contexts.keys().next().value!);
  return c;
}

function wasmOf(c: MemoryContext): KernelExports {
  if (c.wasm) return c.wasm;
  const loaded = loadKernelModule();
  if (!loaded) throw new Error('kernel worker: native/build/kernels.wasm is not available in this worker');
  c.wasm = kernelExports(new loaded.api.Instance(loaded.module, { env: { memory: c.memory } }));
  return c.wasm;
}

function lambdarank(t: LambdaRankTask, c: MemoryContext): void {
  const buf = c.memory.buffer;
  if (!c.rank || c.rank.labelsAt !== t.labelsAt) {
    const inputs: LambdaRankInputs = {
      config: t.config,
      labels: new Float32Array(buf, t.labelsAt, t.nRows),
      queryOffsets: new Uint32Array(buf, t.offsetsAt, t.nQueries + 1),
      positions: t.positionsAt >= 0 ? new Int32Array(buf, t.positionsAt, t.nRows) : null,
      invIdcg: t.invIdcgAt >= 0 ? new Float64Array(buf, t.invIdcgAt, t.nQueries) : null,
      queryWeight: new Float32Array(buf, t.queryWeightAt, t.nQueries),
      weightNorm: t.weightNorm,
      discount: new Float64Array(buf, t.discountAt, t.maxQuery),
      tPlus: null,
      tMinus: null,
    };
    c.rank = { inputs, labelsAt: t.labelsAt, scratch: new LambdaRankScratch(t.maxQuery) };
  }
  const margins = new Float32Array(buf, t.marginsAt, t.nRows);
  const gh = new Float32Array(buf, t.ghAt, 2 * t.nRows);
  lambdaRankQueries(c.rank.inputs, margins, t.iteration, t.qBegin, t.qEnd, c.rank.scratch, gh, null, null);
}

/** The cut task's sort scratch (its buffers are pointed at the task's staging area each time). */
const radix = new RadixScratch();

function cuts(t: CutsTask, c: MemoryContext): void {
  const buf = c.memory.buffer;
  const values = new Float32Array(buf, t.valuesAt, t.n);
  // Sorted in place: the keys are the values' own bits, the second buffer the task's.
  radix.keys = new Uint32Array(buf, t.valuesAt, t.n);
  radix.tmp = new Uint32Array(buf, t.tmpAt, t.n);
  const fc = unweightedCuts(values, values, radix, t.maxBin);
  const out = new Float32Array(buf, t.outAt, t.maxBin + 2);
  out[0] = fc.cuts.length;
  out[1] = fc.minValue;
  out.set(fc.cuts, 2);
}

function applyTree(t: ApplyTreeTask, c: MemoryContext): void {
  const buf = c.memory.buffer;
  const columns: Float32Array[] = [];
  for (let f = 0; f < t.nFeatures; f++) columns.push(new Float32Array(buf, t.columnsAt + 4 * f * t.nRows, t.nRows));
  addTreeToMargins(t, columns, new Float32Array(buf, t.marginsAt, t.nRows), 1, t.rowStart, t.rowEnd);
}

/** The objective of the last pointwise task, by (labels address, objective name). */
let pointwiseCache: { labelsAt: number; name: string; memId: number; objective: Objective } | null = null;

function pointwise(t: PointwiseTask, c: MemoryContext): void {
  const buf = c.memory.buffer;
  if (!pointwiseCache || pointwiseCache.labelsAt !== t.labelsAt || pointwiseCache.name !== t.objective || pointwiseCache.memId !== t.memId) {
    const objective = createPointwiseObjective(t.objective, t.options);
    if (!objective?.gradientsRange) throw new Error(`kernel worker: ${t.objective} is not a row-separable objective`);
    objective.init({
      label: new Float32Array(buf, t.labelsAt, t.nRows), weight: t.weightsAt >= 0 ? new Float32Array(buf, t.weightsAt, t.nRows) : null,
      queryOffsets: null, position: null, nRows: t.nRows, source: 'shared memory',
    });
    pointwiseCache = { labelsAt: t.labelsAt, name: t.objective, memId: t.memId, objective };
  }
  pointwiseCache.objective.gradientsRange!(
    new Float32Array(buf, t.marginsAt, t.nRows), new Float32Array(buf, t.ghAt, 2 * t.nRows), t.rowStart, t.rowEnd,
  );
}

/**
 * The worker's share of column-major binning (src/parallel/parallel-binning.ts): the staged chunks
 * in order, each as soon as the calling thread has published it, until every chunk below the
 * limit is binned.
 */
function binColumns(t: BinColumnsTask, c: MemoryContext): void {
  const buf = c.memory.buffer;
  const n = t.nRows;
  const nF = t.nBins.length;
  const control = new Int32Array(buf, t.controlAt, BIN_CONTROL.words);
  const perFeature = Math.ceil(n / t.chunkRows);
  const ex = t.kernel === 'wasm' ? wasmOf(c) : null;
  const wasmBin = ex ? (t.codeBytes === 1 ? ex.binValuesU8 : ex.binValuesU16) : null;
  // Views for the TS kernel.
  const stage = new Float32Array(buf, t.stageAt, t.slots * t.chunkRows);
  const codes = t.codeBytes === 1 ? new Uint8Array(buf, t.codesAt, n * nF) : new Uint16Array(buf, t.codesAt, n * nF);
  const cuts = t.nBins.map((nBins, f) => new Float32Array(buf, t.cutsAt + 4 * t.cutStarts[f]!, nBins));
  for (let k = 0; ; k++) {
    for (;;) {
      // The signal is read before the state, so a change made after these reads ends the wait.
      const seen = Atomics.load(control, BIN_CONTROL.signal);
      if (k < Atomics.load(control, BIN_CONTROL.staged)) break;
      if (k >= Atomics.load(control, BIN_CONTROL.limit)) return;
      Atomics.wait(control, BIN_CONTROL.signal, seen);
    }
    const f = Math.floor(k / perFeature);
    const r0 = (k - f * perFeature) * t.chunkRows;
    const m = Math.min(t.chunkRows, n - r0);
    const slot = (k % t.slots) * t.chunkRows;
    const nBins = t.nBins[f]!;
    if (wasmBin) {
      wasmBin(t.stageAt + 4 * slot, m, t.cutsAt + 4 * t.cutStarts[f]!, nBins, nBins, t.codesAt + t.codeBytes * (f * n + r0), 1);
    } else {
      tsBinValues(stage, slot, slot + m, cuts[f]!, nBins, codes, f * n + r0, 1);
    }
    Atomics.store(control, BIN_CONTROL.consumed, k + 1);
  }
}

/** Row blocks of a transposition to row-major codes, claimed from the shared counter until none is left. */
function transposeCodes(t: TransposeCodesTask, c: MemoryContext): void {
  const buf = c.memory.buffer;
  const len = t.nRows * t.nFeatures;
  const columns = t.codeBytes === 1 ? new Uint8Array(buf, t.columnsAt, len) : new Uint16Array(buf, t.columnsAt, len);
  const rows = t.codeBytes === 1 ? new Uint8Array(buf, t.rowsAt, len) : new Uint16Array(buf, t.rowsAt, len);
  const counter = new Int32Array(buf, t.counterAt, 1);
  for (;;) {
    const r0 = Atomics.add(counter, 0, 1) * t.blockRows;
    if (r0 >= t.nRows) return;
    transposeToRows(columns, t.nRows, t.nFeatures, rows, r0, Math.min(t.nRows, r0 + t.blockRows));
  }
}

/** This worker's scopes, by memory id and kernel implementation (the last MAX_CONTEXTS). */
const scopes = new Map<string, ThreadScope>();

/** A worker's part of a batch: the claim loop over the task's units (the calling thread runs the same). */
function runUnits(task: UnitsTask): void {
  const kernel = UNIT_KERNELS.get(task.unitKernel);
  if (!kernel) throw new Error(`kernel worker: no unit kernel ${task.unitKernel}`);
  const key = `${task.memId}:${task.kernel}`;
  let scope = scopes.get(key);
  if (!scope) {
    scope = new ThreadScope(task.memory, task.kernel, null);
    scopes.set(key, scope);
    while (scopes.size > MAX_CONTEXTS) scopes.delete(scopes.keys().next().value!);
  }
  const buf = scope.sync();
  const args = decodeArgs(kernel.args, buf, task.args);
  claimUnits(new Int32Array(buf, task.counterAt, 1), task.nUnits, (u) => kernel.run(scope, args, u));
}

/** The piscina task: a channel's serve loop (serve-loop.ts), which runs kernel tasks with `run`; returns 0. */
export default function serve(task: ServeTask): number {
  return serveLoop(task, run);
}

/** Runs one kernel task; returns 0. */
function run(task: KernelTask): number {
  if (task.fault === 'throw') throw new Error('injected worker fault (test)');
  if (task.fault === 'exit') process.exit(70);
  if (task.kind === 'units') {
    runUnits(task);
    return 0;
  }
  if (task.kind === 'predict') {
    runPredictTask(task); // keeps its own per-memory cache (predict-task.ts)
    return 0;
  }
  const c = contextOf(task);
  switch (task.kind) {
    case 'lambdarank':
      lambdarank(task, c);
      return 0;
    case 'cuts':
      cuts(task, c);
      return 0;
    case 'applyTree':
      applyTree(task, c);
      return 0;
    case 'pointwise':
      pointwise(task, c);
      return 0;
    case 'binColumns':
      binColumns(task, c);
      return 0;
    case 'transposeCodes':
      transposeCodes(task, c);
      return 0;
  }
}
