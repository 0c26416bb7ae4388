/**
 * Kernel worker thread (piscina task module). Imports only kernels: runs the TS or WASM kernels over
 * views of the task's shared memory. Per memory it keeps one WASM instance over that memory (the
 * module instantiated with the same `WebAssembly.Memory`); the last few memories are cached.
 */
import { buildHistogram as tsBuildHistogram, partition as tsPartition, subtractHistogram as tsSubtractHistogram } from '../kernels/ts/ts-kernels.js';
import { binValues as tsBinValues } from '../kernels/ts/ts-kernels.js';
import { addLeafValues } from '../booster/leaf-margins.js';
import { unweightedCuts } from '../binning/bin-mapper.js';
import { transposeToRows } from '../binning/bin-mapper.js';
import { RadixScratch } from '../kernels/radix-sort.js';
import { addTreeToMargins } from '../tree/apply-tree.js';
import { createPointwiseObjective } from '../objective/pointwise.js';
import type { Objective } from '../objective/objective.js';
import { kernelExports, type KernelExports } from '../kernels/wasm/kernel-exports.js';
import { loadKernelModule } from '../kernels/wasm/loader.js';
import type { WasmMemory } from '../kernels/wasm/wasm-api.js';
import type { BinMapper } from '../binning/bin-mapper.js';
import { findBestSplit } from '../split/finder.js';
import { nodeGain } from '../split/gain.js';
import { noSplit } from '../split/split-info.js';
import { LambdaRankScratch, lambdaRankQueries, type LambdaRankInputs } from '../objective/lambdarank-query.js';
import { runPredictTask } from './predict-task.js';
import type { ServeTask } from './channel-control.js';
import { serveLoop } from './serve-loop.js';
import { fillIdentity } from '../histogram/builder.js';
import {
  HISTOGRAM_UNIT_NUMBERS, SPLIT_RESULT_DOUBLES, type HistogramTask, type KernelTask, type LambdaRankTask, type ApplyTreeTask, type CutsTask, type PointwiseTask, type LeafAddTask, type PartitionTask, type SplitTask,
} from './tasks.js';
import { BIN_CONTROL, type BinColumnsTask, type TransposeCodesTask } from './tasks.js';

/** Per-memory state of this worker. */
interface MemoryContext {
  readonly memory: WasmMemory;
  wasm: KernelExports | null;
  /** The bin mapper viewed from shared memory, and the cuts address it was made from. */
  mapper: BinMapper | null;
  mapperAt: number;
  /** LambdaMART inputs viewed from shared memory, the labels address they were made from, and this worker's scratch. */
  rank: { inputs: LambdaRankInputs; labelsAt: number; scratch: LambdaRankScratch } | null;
}

/** Memories seen, most recent last (at most MAX_CONTEXTS kept, so old boosters' memory can be freed). */
const contexts = new Map<number, MemoryContext>();
const MAX_CONTEXTS = 2;

function contextOf(task: KernelTask): MemoryContext {
  let c = contexts.get(task.memId);
  if (c) return c;
  c = { memory: task.memory, wasm: null, mapper: null, mapperAt: -1, rank: null };
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

function histogram(t: HistogramTask, c: MemoryContext): void {
  const u = t.units;
  const nUnits = u.length / HISTOGRAM_UNIT_NUMBERS;
  const buf = c.memory.buffer;
  const offsets = new Uint32Array(buf, t.offsetsAt, t.nFeatures + 1);
  const counter = new Int32Array(buf, t.counterAt, 1);
  const rows = new Uint32Array(buf, t.rowsAt, t.nRows);
  const ex = t.kernel === 'wasm' ? wasmOf(c) : null;
  const build = ex ? (t.binsBytes === 1 ? ex.buildHistogramU8 : ex.buildHistogramU16) : null;
  const n = t.nRows;
  const bins = ex ? null : t.binsBytes === 1 ? new Uint8Array(buf, t.binsAt, t.nFeatures * n) : new Uint16Array(buf, t.binsAt, t.nFeatures * n);
  const gh = ex ? null : new Float32Array(buf, t.ghAt, 2 * n);
  for (let k = Atomics.add(counter, 0, 1); k < nUnits; k = Atomics.add(counter, 0, 1)) {
    const at = k * HISTOGRAM_UNIT_NUMBERS;
    const histAt = u[at + 4]!;
    const sibAt = u[at + 5]!;
    const featStart = u[at + 6]!;
    const featEnd = u[at + 7]!;
    const first = 2 * offsets[featStart]!;
    const last = 2 * offsets[featEnd]!;
    const hist = new Float64Array(buf, histAt, t.histLen);
    hist.fill(0, first, last);
    for (let w = 0; w < 4; w += 2) {
      const start = u[at + w]!;
      const end = u[at + w + 1]!;
      if (u[at + 8] === 1) fillIdentity(rows, start, end);
      if (build) build(t.binsAt, t.nFeatures, featStart, featEnd, t.offsetsAt, t.rowsAt, start, end, t.ghAt, histAt);
      else tsBuildHistogram(bins!, t.nFeatures, featStart, featEnd, offsets, rows, start, end, gh!, hist);
    }
    if (sibAt < 0) continue;
    // The sibling by subtraction, over this unit's slots, in place over the parent's histogram.
    if (ex) ex.subtractHistogram(sibAt, histAt, sibAt, first, last);
    else {
      const sib = new Float64Array(buf, sibAt, t.histLen);
      tsSubtractHistogram(sib, hist, sib, first, last);
    }
  }
}

function mapperOf(t: SplitTask, c: MemoryContext): BinMapper {
  if (c.mapper && c.mapperAt === t.cutsAt) return c.mapper;
  const buf = c.memory.buffer;
  const nF = t.nFeatures;
  const nBins = new Uint32Array(buf, t.nBinsAt, nF);
  const histOffsets = new Uint32Array(buf, t.offsetsAt, nF + 1);
  const cutsAll = new Float32Array(buf, t.cutsAt, histOffsets[nF]!);
  const cuts: Float32Array[] = [];
  for (let f = 0; f < nF; f++) cuts.push(cutsAll.subarray(histOffsets[f]!, histOffsets[f]! + nBins[f]!));
  c.mapper = { nFeatures: nF, cuts, minValues: new Float32Array(buf, t.minValuesAt, nF), nBins, histOffsets };
  c.mapperAt = t.cutsAt;
  return c.mapper;
}

function splits(t: SplitTask, c: MemoryContext): void {
  const m = mapperOf(t, c);
  const buf = c.memory.buffer;
  const histLen = 2 * m.histOffsets[m.nFeatures]!;
  const nNodes = t.nodes.length / 5;
  const out = new Float64Array(buf, t.outAt, SPLIT_RESULT_DOUBLES * nNodes);
  const p = t.params;
  const plainWasm = t.kernel === 'wasm' && p.alpha === 0 && p.maxDeltaStep === 0;
  const s = noSplit();
  for (let i = 0; i < nNodes; i++) {
    const nd = t.nodes;
    const count = nd[5 * i + 2]!;
    const lo = Math.round((count * t.part) / t.parts);
    const hi = Math.round((count * (t.part + 1)) / t.parts);
    const o = SPLIT_RESULT_DOUBLES * i;
    out[o] = -1;
    out[o + 3] = -Infinity;
    const featAt = nd[5 * i + 1]! + 4 * lo;
    const sumGrad = nd[5 * i + 3]!;
    const sumHess = nd[5 * i + 4]!;
    if (plainWasm) {
      // Every argument already lives in the shared memory: one call with its addresses.
      wasmOf(c).scanSplits(
        nd[5 * i]!, t.offsetsAt, t.nBinsAt, featAt, hi - lo, sumGrad, sumHess, p.lambda, p.minChildWeight,
        nodeGain(p, sumGrad, sumHess), -Infinity, t.outAt + 8 * o,
      );
      continue;
    }
    const features = new Int32Array(buf, featAt, hi - lo);
    const hist = new Float64Array(buf, nd[5 * i]!, histLen);
    Object.assign(s, noSplit());
    findBestSplit(p, m, hist, features, hi - lo, sumGrad, sumHess, s);
    if (s.feature < 0) continue;
    out[o] = s.feature;
    out[o + 1] = s.splitBin;
    out[o + 2] = s.defaultLeft ? 1 : 0;
    out[o + 3] = s.lossChg;
    out[o + 4] = s.sumGradLeft;
    out[o + 5] = s.sumHessLeft;
    out[o + 6] = s.sumGradRight;
    out[o + 7] = s.sumHessRight;
  }
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
      rowWeight: null,
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

function partitions(t: PartitionTask, c: MemoryContext): void {
  const jobs = t.jobs;
  const buf = c.memory.buffer;
  const out = new Uint32Array(buf, t.outAt, t.nJobs);
  const counter = new Int32Array(buf, t.counterAt, 1);
  if (t.kernel === 'wasm') {
    const ex = wasmOf(c);
    const part = t.binsBytes === 1 ? ex.partitionU8 : ex.partitionU16;
    for (let j = 7 * Atomics.add(counter, 0, 1); j < jobs.length; j = 7 * Atomics.add(counter, 0, 1)) {
      const start = jobs[j + 1]!;
      out[jobs[j]!] = part(
        t.binsAt, 1, jobs[j + 3]! * t.nRows, jobs[j + 4]!, jobs[j + 5]!, jobs[j + 6]!, t.rowsAt, start, jobs[j + 2]!, t.scratchAt + 4 * start,
      );
    }
    return;
  }
  const n = t.nRows;
  const nCodes = Math.floor((buf.byteLength - t.binsAt) / t.binsBytes);
  const codes = t.binsBytes === 1 ? new Uint8Array(buf, t.binsAt, nCodes) : new Uint16Array(buf, t.binsAt, nCodes);
  const rows = new Uint32Array(buf, t.rowsAt, n);
  const scratch = new Uint32Array(buf, t.scratchAt, n);
  for (let j = 7 * Atomics.add(counter, 0, 1); j < jobs.length; j = 7 * Atomics.add(counter, 0, 1)) {
    const start = jobs[j + 1]!;
    out[jobs[j]!] = tsPartition(
      codes, 1, jobs[j + 3]! * n, jobs[j + 4]!, jobs[j + 5]!, jobs[j + 6]! === 1, rows, start, jobs[j + 2]!, scratch.subarray(start),
    );
  }
}

function leafAdd(t: LeafAddTask, c: MemoryContext): void {
  const buf = c.memory.buffer;
  const rows = new Uint32Array(buf, t.rowsAt, t.nRows);
  const margins = new Float32Array(buf, t.marginsAt, t.nRows);
  addLeafValues(rows, margins, t.windows, 0, t.windows.length / 3);
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

/** The piscina task: a channel's serve loop (serve-loop.ts), which runs kernel tasks with `run`; returns 0. */
export default function serve(task: ServeTask): number {
  return serveLoop(task, run);
}

/** Runs one kernel task; returns 0. */
function run(task: KernelTask): number {
  if (task.fault === 'throw') throw new Error('injected worker fault (test)');
  if (task.fault === 'exit') process.exit(70);
  if (task.kind === 'predict') {
    runPredictTask(task); // keeps its own per-memory cache (predict-task.ts)
    return 0;
  }
  const c = contextOf(task);
  switch (task.kind) {
    case 'hist':
      histogram(task, c);
      return 0;
    case 'split':
      splits(task, c);
      return 0;
    case 'lambdarank':
      lambdarank(task, c);
      return 0;
    case 'partition':
      partitions(task, c);
      return 0;
    case 'leafAdd':
      leafAdd(task, c);
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
