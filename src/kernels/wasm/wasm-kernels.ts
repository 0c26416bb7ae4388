/**
 * The WASM SIMD kernels (native/assembly/): each `createWasmKernels()` call instantiates the module
 * over its own shared `WebAssembly.Memory`, which `memory` hands out as typed arrays. A kernel call
 * checks that its arrays come from that memory and that the index ranges fit (O(1) checks), then
 * makes exactly one call into WASM with byte addresses. Results are bit-identical to the TS kernels.
 */
import type { BinArray, GradArray, RowIndexArray, SumArray } from '../../types.js';
import type { Kernels } from '../kernels.js';
import { ndcgPairs as tsNdcgPairs } from '../ts/ndcg-pairs.js';
import {
  highestSigmoidBin, LIGHTGBM_SIGMOID_BINS, lightgbmPairs as tsLightgbmPairs, lowestSigmoidBin, type LightGbmSigmoidRange,
} from '../ts/lightgbm-pairs.js';
import { addLeafValues as tsAddLeafValues } from '../ts/loops.js';
import { squaredErrorGradients as tsSquaredErrorGradients } from '../ts/pointwise-gradients.js';
import { AddressCache } from './address-cache.js';
import { createSharedMemory, DEFAULT_MAX_PAGES, WasmArena } from './arena.js';
import { kernelExports, type KernelExports } from './kernel-exports.js';
import { loadKernelModule } from './loader.js';
import type { WasmMemory } from './wasm-api.js';

/** The WASM kernel set, with its linear memory exposed for worker threads. */
export interface WasmKernels extends Kernels {
  readonly name: 'wasm';
  readonly memory: WasmArena;
  readonly shared: WasmArena;
  /** The shared linear memory every array of `memory` lives in. */
  readonly wasmMemory: WasmMemory;
}

export interface WasmKernelOptions {
  /** Maximum size of the linear memory in 64 KiB pages, 1..65536 (default 65536 = 4 GiB). */
  maxPages?: number;
}

/** Values per staged block of binValues (16 KiB). */
const BIN_STAGE = 4096;

function rangeError(kernel: string, what: string): never {
  throw new RangeError(`wasm kernels: ${kernel}: ${what}`);
}

/** scanSplits' and scanSplitsCounted's copies of foreign arguments (views of the kernels' memory). */
interface SplitStage {
  offsets: Uint32Array;
  nBins: Uint32Array;
  features: Int32Array;
  out: Float64Array;
  /** scanSplitsCounted's flags (one per listed feature) and missing-value flags (one per feature). */
  flags: Uint8Array;
  nan: Uint8Array;
}

class WasmKernelSet implements WasmKernels {
  readonly name = 'wasm' as const;
  readonly wasmMemory: WasmMemory;
  readonly shared: WasmArena;
  /** Copy target for a `histOffsets` array that lives outside this memory (see buildHistogram). */
  private staged: Uint32Array;
  // One address cache per argument position (see AddressCache).
  private readonly bins: AddressCache;
  private readonly rows: AddressCache;
  private readonly gh: AddressCache;
  private readonly hist: AddressCache;
  private readonly parent: AddressCache;
  private readonly child: AddressCache;
  private readonly out: AddressCache;
  private readonly partBins: AddressCache;
  private readonly partRows: AddressCache;
  private readonly scratch: AddressCache;
  private readonly partTable: AddressCache;
  /** ndcgPairs' arguments (the same views for every query of a block). */
  private readonly pairArgs: AddressCache[];
  /** lightgbmPairs' arguments. */
  private readonly lgbPairArgs: AddressCache[];
  private stageSplit: SplitStage | null = null;
  /** binValues' copies of foreign values and cuts. */
  private binStage: Float32Array;
  private binCuts: Float32Array;
  /** The last histOffsets seen, and its address, or -1 when it is foreign (staged on every call). */
  private lastOffsets: Uint32Array | null = null;
  private lastOffsetsAt = -1;

  constructor(
    readonly memory: WasmArena,
    private readonly ex: KernelExports,
  ) {
    this.wasmMemory = memory.memory;
    this.shared = memory;
    this.staged = memory.u32(0);
    this.binStage = memory.f32(0);
    this.binCuts = memory.f32(0);
    this.bins = new AddressCache(memory, 'bins');
    this.rows = new AddressCache(memory, 'rows');
    this.gh = new AddressCache(memory, 'gh');
    this.hist = new AddressCache(memory, 'hist');
    this.parent = new AddressCache(memory, 'parent');
    this.child = new AddressCache(memory, 'child');
    this.out = new AddressCache(memory, 'out');
    this.partBins = new AddressCache(memory, 'bins');
    this.partRows = new AddressCache(memory, 'rows');
    this.scratch = new AddressCache(memory, 'scratch');
    this.partTable = new AddressCache(memory, 'table');
    this.pairArgs = ['y', 'sc', 'gain', 'disc', 'gR', 'hR', 'gd'].map((name) => new AddressCache(memory, name));
    this.lgbPairArgs = ['y', 's', 'gain', 'disc', 'gR', 'hR', 'table'].map((name) => new AddressCache(memory, name));
  }

  /**
   * See Kernels.buildHistogram. `histOffsets` (length nFeatures + 1, read only) is the one argument
   * that may live outside this memory (BinMapper allocates it on the heap): it is then copied into
   * an internal buffer first, O(nFeatures). All other arrays must come from `memory`.
   */
  buildHistogram(
    bins: BinArray,
    stride: number,
    featStart: number,
    featEnd: number,
    histOffsets: Uint32Array,
    rows: RowIndexArray,
    rowStart: number,
    rowEnd: number,
    gh: GradArray,
    hist: SumArray,
  ): void {
    if (!(rowStart >= 0 && rowStart <= rowEnd && rowEnd <= rows.length)) {
      rangeError('buildHistogram', `row window [${rowStart}, ${rowEnd}) outside rows (length ${rows.length})`);
    }
    if (!(featStart >= 0 && featStart <= featEnd && featEnd < histOffsets.length)) {
      rangeError('buildHistogram', `features [${featStart}, ${featEnd}) outside histOffsets (length ${histOffsets.length})`);
    }
    if (!(featEnd <= stride)) rangeError('buildHistogram', `features [${featStart}, ${featEnd}) outside a row of ${stride} codes`);
    const nRows = stride > 0 ? Math.floor(bins.length / stride) : 0;
    if (2 * nRows > gh.length) rangeError('buildHistogram', `gh shorter than 2 x ${nRows}`);
    if (2 * histOffsets[featEnd]! > hist.length) rangeError('buildHistogram', `hist shorter than 2 x ${histOffsets[featEnd]} slots`);
    const binsAt = this.bins.of(bins);
    const rowsAt = this.rows.of(rows);
    const ghAt = this.gh.of(gh);
    const histAt = this.hist.of(hist);
    const offsetsAt = this.offsetsAddress(histOffsets);
    const build = bins.BYTES_PER_ELEMENT === 1 ? this.ex.buildHistogramU8 : this.ex.buildHistogramU16;
    build(binsAt, stride, featStart, featEnd, offsetsAt, rowsAt, rowStart, rowEnd, ghAt, histAt);
  }

  subtractHistogram(parent: SumArray, child: SumArray, out: SumArray, start: number, end: number): void {
    if (!(start >= 0 && start <= end && end <= parent.length && end <= child.length && end <= out.length)) {
      rangeError('subtractHistogram', `range [${start}, ${end}) outside an array`);
    }
    this.ex.subtractHistogram(this.parent.of(parent), this.child.of(child), this.out.of(out), start, end);
  }

  /**
   * See Kernels.scanSplits. `hist` must come from `memory`; histOffsets, nBins, features and out may
   * live outside it (they are then copied in, or out, per call: O(nFeatures), small next to the scan).
   */
  scanSplits(
    hist: SumArray,
    histOffsets: Uint32Array,
    nBins: Uint32Array,
    features: Int32Array,
    count: number,
    sumGrad: number,
    sumHess: number,
    lambda: number,
    minChildWeight: number,
    parentGain: number,
    bestChg: number,
    out: Float64Array,
  ): boolean {
    const nF = nBins.length;
    if (histOffsets.length !== nF + 1) rangeError('scanSplits', `histOffsets length ${histOffsets.length} is not nBins length ${nF} + 1`);
    if (!(count >= 0 && count <= features.length)) rangeError('scanSplits', `count ${count} outside features (length ${features.length})`);
    if (2 * histOffsets[nF]! > hist.length) rangeError('scanSplits', `hist shorter than 2 x ${histOffsets[nF]} slots`);
    if (out.length < 8) rangeError('scanSplits', 'out shorter than 8');
    // Staging only for arguments outside this memory (worker threads pass views of it and stage nothing).
    const ownFeatures = this.memory.owns(features);
    const ownOut = this.memory.owns(out);
    const ownTables = this.memory.owns(histOffsets) && this.memory.owns(nBins);
    const s = ownFeatures && ownOut && ownTables ? null : this.splitStage(nF, count);
    // One pass checks the candidates and, for a list outside this memory, copies it in.
    for (let k = 0; k < count; k++) {
      const f = features[k]!;
      if (!(f >= 0 && f < nF)) rangeError('scanSplits', `feature ${f} outside [0, ${nF})`);
      if (histOffsets[f]! + nBins[f]! >= histOffsets[f + 1]!) rangeError('scanSplits', `feature ${f} has more bins than slots`);
      if (!ownFeatures) s!.features[k] = f;
    }
    const offsetsAt = this.memory.owns(histOffsets) ? histOffsets.byteOffset : (s!.offsets.set(histOffsets), s!.offsets.byteOffset);
    const nBinsAt = this.memory.owns(nBins) ? nBins.byteOffset : (s!.nBins.set(nBins), s!.nBins.byteOffset);
    const featAt = ownFeatures ? features.byteOffset : s!.features.byteOffset;
    const outAt = ownOut ? out.byteOffset : s!.out.byteOffset;
    const found = this.ex.scanSplits(
      this.hist.of(hist), offsetsAt, nBinsAt, featAt, count, sumGrad, sumHess, lambda, minChildWeight, parentGain, bestChg, outAt,
    ) !== 0;
    if (found && !ownOut) out.set(s!.out.subarray(0, 8));
    return found;
  }

  /**
   * See Kernels.scanSplitsCounted. `hist` must come from `memory`; the other arrays may live outside
   * it (they are then copied in, or out, per call: O(nFeatures), small next to the scan).
   */
  scanSplitsCounted(
    l1: number, l2: number, maxDeltaStep: number, minGainToSplit: number, hist: SumArray, histOffsets: Uint32Array,
    nBins: Uint32Array, features: Int32Array, count: number, sumGrad: number, sumHess: number, minChildWeight: number,
    bestChg: number, out: Float64Array, nodeRows: number, minData: number, flags: Uint8Array, flagAt: number,
    nanFeatures: Uint8Array | null,
  ): boolean {
    const nF = nBins.length;
    if (histOffsets.length !== nF + 1) rangeError('scanSplitsCounted', `histOffsets length ${histOffsets.length} is not nBins length ${nF} + 1`);
    if (!(count >= 0 && count <= features.length)) rangeError('scanSplitsCounted', `count ${count} outside features (length ${features.length})`);
    if (2 * histOffsets[nF]! > hist.length) rangeError('scanSplitsCounted', `hist shorter than 2 x ${histOffsets[nF]} slots`);
    if (out.length < 10) rangeError('scanSplitsCounted', 'out shorter than 10');
    if (!(flagAt >= 0 && flagAt + count <= flags.length)) rangeError('scanSplitsCounted', `flags [${flagAt}, ${flagAt + count}) outside flags (length ${flags.length})`);
    if (nanFeatures !== null && nanFeatures.length < nF) rangeError('scanSplitsCounted', `nanFeatures shorter than ${nF}`);
    const m = this.memory;
    const ownFeatures = m.owns(features);
    const ownOut = m.owns(out);
    const ownFlags = m.owns(flags);
    const ownNan = nanFeatures === null || m.owns(nanFeatures);
    const s = ownFeatures && ownOut && ownFlags && ownNan && m.owns(histOffsets) && m.owns(nBins) ? null : this.splitStage(nF, count);
    for (let k = 0; k < count; k++) {
      const f = features[k]!;
      if (!(f >= 0 && f < nF)) rangeError('scanSplitsCounted', `feature ${f} outside [0, ${nF})`);
      if (histOffsets[f]! + nBins[f]! >= histOffsets[f + 1]!) rangeError('scanSplitsCounted', `feature ${f} has more bins than slots`);
      if (!ownFeatures) s!.features[k] = f;
    }
    const offsetsAt = m.owns(histOffsets) ? histOffsets.byteOffset : (s!.offsets.set(histOffsets), s!.offsets.byteOffset);
    const nBinsAt = m.owns(nBins) ? nBins.byteOffset : (s!.nBins.set(nBins), s!.nBins.byteOffset);
    const nanAt = nanFeatures === null ? 0 : ownNan ? nanFeatures.byteOffset : (s!.nan.set(nanFeatures.subarray(0, nF)), s!.nan.byteOffset);
    const found = this.ex.scanSplitsCounted(
      this.hist.of(hist), offsetsAt, nBinsAt, ownFeatures ? features.byteOffset : s!.features.byteOffset, count,
      l1, l2, maxDeltaStep, minGainToSplit, sumGrad, sumHess, minChildWeight, bestChg, ownOut ? out.byteOffset : s!.out.byteOffset,
      nodeRows, minData, ownFlags ? flags.byteOffset + flagAt : s!.flags.byteOffset, nanAt,
    ) !== 0;
    if (!ownFlags) flags.set(s!.flags.subarray(0, count), flagAt);
    if (found && !ownOut) out.set(s!.out.subarray(0, 10));
    return found;
  }

  /**
   * See Kernels.binValues. `out` must come from `memory`; values and cuts outside it are copied in
   * first, in blocks of BIN_STAGE values (one memcpy each, small next to the search per value).
   */
  binValues(
    values: Float32Array,
    start: number,
    end: number,
    cuts: Float32Array,
    missingCode: number,
    out: BinArray,
    outStart: number,
    outStride: number,
  ): void {
    if (!(start >= 0 && start <= end && end <= values.length)) rangeError('binValues', `range [${start}, ${end}) outside values (length ${values.length})`);
    if (cuts.length < 1) rangeError('binValues', 'no cuts');
    const count = end - start;
    if (count === 0) return;
    if (!(outStart >= 0 && outStride >= 1 && outStart + (count - 1) * outStride < out.length)) {
      rangeError('binValues', `codes from ${outStart} every ${outStride} outside out (length ${out.length})`);
    }
    const maxCode = out.BYTES_PER_ELEMENT === 1 ? 255 : 65535;
    // The missing code is checked by the caller (it only matters when a NaN is present).
    if (cuts.length - 1 > maxCode) rangeError('binValues', `codes up to ${cuts.length - 1} do not fit out`);
    const outAt = this.memory.address(out, 'out');
    const bin = out.BYTES_PER_ELEMENT === 1 ? this.ex.binValuesU8 : this.ex.binValuesU16;
    let cutsAt: number;
    if (this.memory.owns(cuts)) cutsAt = cuts.byteOffset;
    else {
      if (this.binCuts.length < cuts.length) this.binCuts = this.lasting(() => this.memory.f32(Math.max(cuts.length, 512)));
      this.binCuts.set(cuts);
      cutsAt = this.binCuts.byteOffset;
    }
    if (this.memory.owns(values)) {
      bin(values.byteOffset + 4 * start, count, cutsAt, cuts.length, missingCode, outAt + out.BYTES_PER_ELEMENT * outStart, outStride);
      return;
    }
    if (this.binStage.length === 0) this.binStage = this.lasting(() => this.memory.f32(BIN_STAGE));
    const stage = this.binStage;
    for (let i = start; i < end; i += BIN_STAGE) {
      const m = Math.min(BIN_STAGE, end - i);
      stage.set(values.subarray(i, i + m));
      const o = outStart + (i - start) * outStride;
      bin(stage.byteOffset, m, cutsAt, cuts.length, missingCode, outAt + out.BYTES_PER_ELEMENT * o, outStride);
    }
  }

  /**
   * See Kernels.squaredErrorGradients. Arrays outside this memory (heap arrays of a caller that
   * does not train) take the TS loop, which gives the same bits.
   */
  squaredErrorGradients(
    margins: Float32Array, labels: Float32Array, weights: Float32Array | null, scalePosWeight: number, gh: GradArray, rowStart: number, rowEnd: number,
  ): void {
    if (!(rowStart >= 0 && rowStart <= rowEnd && rowEnd <= margins.length && rowEnd <= labels.length && 2 * rowEnd <= gh.length &&
      (weights === null || rowEnd <= weights.length))) {
      rangeError('squaredErrorGradients', `rows [${rowStart}, ${rowEnd}) outside margins, labels, weights or gh`);
    }
    const m = this.memory;
    if (!(m.owns(margins) && m.owns(labels) && m.owns(gh) && (weights === null || m.owns(weights)))) {
      tsSquaredErrorGradients(margins, labels, weights, scalePosWeight, gh, rowStart, rowEnd);
      return;
    }
    this.ex.squaredErrorGradients(margins.byteOffset, labels.byteOffset, weights ? weights.byteOffset : 0, scalePosWeight, gh.byteOffset, rowStart, rowEnd);
  }

  /** See Kernels.addLeafValues: one call into WASM per window; arrays outside this memory take the TS loop. */
  addLeafValues(rows: RowIndexArray, margins: Float32Array, windows: ArrayLike<number>, kBegin: number, kEnd: number): void {
    if (!(this.memory.owns(rows) && this.memory.owns(margins))) {
      tsAddLeafValues(rows, margins, windows, kBegin, kEnd);
      return;
    }
    const nRows = margins.length;
    for (let k = kBegin; k < kEnd; k++) {
      const start = windows[3 * k]!;
      const end = windows[3 * k + 1]!;
      if (!(start >= 0 && start <= end && end <= rows.length)) rangeError('addLeafValues', `window [${start}, ${end}) outside rows (length ${rows.length})`);
      if (start === end) continue;
      const bad = this.ex.addLeafWindow(rows.byteOffset, margins.byteOffset, nRows, start, end, windows[3 * k + 2]!);
      if (bad !== 0) rangeError('addLeafValues', `${bad} row indices of window [${start}, ${end}) outside margins (length ${nRows})`);
    }
  }

  /** See Kernels.scanPlainRecords. Every array must come from `memory`. */
  scanPlainRecords(
    text: Uint8Array, pos: number, end: number, delimiter: number, roles: Uint8Array, width: number,
    pow10: Float64Array, out: Float32Array, maxRecords: number, state: Uint32Array,
  ): number {
    if (!(pos >= 0 && pos <= end && end <= text.length)) rangeError('scanPlainRecords', `[${pos}, ${end}) outside text (length ${text.length})`);
    if (!(width >= 1 && roles.length >= width)) rangeError('scanPlainRecords', `roles length ${roles.length} for width ${width}`);
    if (pow10.length < 23) rangeError('scanPlainRecords', `pow10 length ${pow10.length} < 23`);
    if (!(maxRecords >= 0 && out.length >= width * maxRecords)) rangeError('scanPlainRecords', `out length ${out.length} < width x maxRecords = ${width * maxRecords}`);
    if (state.length < 1) rangeError('scanPlainRecords', 'state is empty');
    const m = this.memory;
    return this.ex.scanPlainRecords(
      m.address(text, 'text'), pos, end, delimiter, m.address(roles, 'roles'), width, m.address(pow10, 'pow10'), m.address(out, 'out'), maxRecords, m.address(state, 'state'),
    );
  }

  /** Staging arrays of scanSplits and scanSplitsCounted for arguments that live outside this memory, grown as needed. */
  private splitStage(nF: number, count: number): SplitStage {
    let s = this.stageSplit;
    if (s === null || s.offsets.length < nF + 1 || s.features.length < count) {
      const n = Math.max(nF, count);
      s = this.lasting(() => {
        const features = this.memory.u32(n);
        return {
          offsets: this.memory.u32(n + 1), nBins: this.memory.u32(n),
          features: new Int32Array(features.buffer, features.byteOffset, n), out: this.memory.f64(10),
          flags: this.memory.u8(n), nan: this.memory.u8(n),
        };
      });
      this.stageSplit = s;
    }
    return s;
  }

  /**
   * This kernel set's own staging (kept and reused across calls), allocated by `make`. Not inside a
   * scratch area (WasmArena.mark): its release would hand the staging's bytes to later arrays while
   * this set still writes to them, so that is refused loudly instead.
   */
  private lasting<T>(make: () => T): T {
    if (this.memory.scratchOpen) {
      throw new Error('wasm kernels: internal staging requested inside a scratch area of the kernel memory (call the kernel once before mark(), or pass arrays from the kernel memory)');
    }
    return make();
  }

  partition(
    bins: BinArray,
    rowStride: number,
    first: number,
    splitBin: number,
    missingCode: number,
    defaultLeft: boolean,
    rows: RowIndexArray,
    start: number,
    end: number,
    scratch: RowIndexArray,
  ): number {
    if (!(start >= 0 && start <= end && end <= rows.length)) {
      rangeError('partition', `window [${start}, ${end}) outside rows (length ${rows.length})`);
    }
    if (end - start > scratch.length) rangeError('partition', `scratch shorter than ${end - start}`);
    if (!(first >= 0 && first < bins.length && rowStride >= 0)) rangeError('partition', `code ${first} outside bins (length ${bins.length})`);
    const part = bins.BYTES_PER_ELEMENT === 1 ? this.ex.partitionU8 : this.ex.partitionU16;
    return part(
      this.partBins.of(bins), rowStride, first, splitBin, missingCode, defaultLeft ? 1 : 0,
      this.partRows.of(rows), start, end, this.scratch.of(scratch),
    );
  }

  /** See Kernels.partitionByTable. Every array must come from `memory`. */
  partitionByTable(
    bins: BinArray, first: number, table: Uint8Array, tableAt: number, rows: RowIndexArray, start: number, end: number, scratch: RowIndexArray,
  ): number {
    if (!(start >= 0 && start <= end && end <= rows.length)) {
      rangeError('partitionByTable', `window [${start}, ${end}) outside rows (length ${rows.length})`);
    }
    if (end - start > scratch.length) rangeError('partitionByTable', `scratch shorter than ${end - start}`);
    if (!(first >= 0 && first < bins.length)) rangeError('partitionByTable', `code ${first} outside bins (length ${bins.length})`);
    if (!(tableAt >= 0 && tableAt <= table.length)) rangeError('partitionByTable', `table start ${tableAt} outside the table (length ${table.length})`);
    const part = bins.BYTES_PER_ELEMENT === 1 ? this.ex.partitionByTableU8 : this.ex.partitionByTableU16;
    return part(this.partBins.of(bins), first, this.partTable.of(table) + tableAt, this.partRows.of(rows), start, end, this.scratch.of(scratch));
  }

  /**
   * See Kernels.ndcgPairs. Every array must come from `memory`. A query with a score that is not
   * finite goes to the TypeScript kernel (the SIMD kernel's min and max assume no NaN), which gives
   * the same bits as this one on every other query.
   */
  ndcgPairs(
    y: Float32Array, sc: Float32Array, gain: Float64Array, disc: Float64Array, gR: Float32Array, hR: Float32Array,
    gd: Float64Array, n: number, top: number, invIdcg: number, normByDiff: boolean,
  ): number {
    if (!(n >= 0 && top >= 0 && top <= n)) rangeError('ndcgPairs', `top ${top} outside [0, n = ${n}]`);
    if (y.length < n || sc.length < n || gain.length < n || disc.length < n || gR.length < n || hR.length < n || gd.length < n) {
      rangeError('ndcgPairs', `an array is shorter than n = ${n}`);
    }
    for (let r = 0; r < n; r++) {
      if (!Number.isFinite(sc[r]!)) return tsNdcgPairs(y, sc, gain, disc, gR, hR, gd, n, top, invIdcg, normByDiff);
    }
    const a = this.pairArgs;
    return this.ex.ndcgPairs(
      a[0]!.of(y), a[1]!.of(sc), a[2]!.of(gain), a[3]!.of(disc), a[4]!.of(gR), a[5]!.of(hR), a[6]!.of(gd),
      n, top, invIdcg, normByDiff ? 1 : 0,
    );
  }

  /**
   * See Kernels.lightgbmPairs. Every array must come from `memory`. A query with a score that is not
   * finite, or whose score spread reaches a table bin not yet filled (the filled bins are one
   * interval around bin(0), LightGbmSigmoid.cover, so its two ends decide), goes to the TypeScript kernel, which gives the same
   * bits as this one on every other query.
   */
  lightgbmPairs(
    y: Float32Array, s: Float64Array, gain: Float64Array, disc: Float64Array, gR: Float32Array, hR: Float32Array,
    table: Float64Array, range: LightGbmSigmoidRange, n: number, top: number, invMaxDcg: number, scaleByGap: boolean,
  ): number {
    if (!(n >= 0 && top >= 0 && top <= Math.max(0, n - 1))) rangeError('lightgbmPairs', `top ${top} outside [0, n - 1 = ${n - 1}]`);
    if (y.length < n || s.length < n || gain.length < n || disc.length < n || gR.length < n || hR.length < n) {
      rangeError('lightgbmPairs', `an array is shorter than n = ${n}`);
    }
    if (table.length !== LIGHTGBM_SIGMOID_BINS + 1) rangeError('lightgbmPairs', `sigmoid table of ${table.length} entries, not 2^20 + 1`);
    let max = -Infinity;
    let min = Infinity;
    for (let r = 0; r < n; r++) {
      const v = s[r]!;
      if (!Number.isFinite(v)) return tsLightgbmPairs(y, s, gain, disc, gR, hR, table, range, n, top, invMaxDcg, scaleByGap);
      if (v > max) max = v;
      if (v < min) min = v;
    }
    const spread = n > 0 ? max - min : 0;
    if (!(table[lowestSigmoidBin(range, spread)]! > 0 && table[highestSigmoidBin(range, spread)]! > 0)) {
      return tsLightgbmPairs(y, s, gain, disc, gR, hR, table, range, n, top, invMaxDcg, scaleByGap);
    }
    const a = this.lgbPairArgs;
    return this.ex.lightgbmPairs(
      a[0]!.of(y), a[1]!.of(s), a[2]!.of(gain), a[3]!.of(disc), a[4]!.of(gR), a[5]!.of(hR), a[6]!.of(table),
      n, top, invMaxDcg, range.sigmoid, range.minInput, range.maxInput, range.factor, scaleByGap ? 1 : 0,
    );
  }

  sketchWorkBytes(n: number, maxBin: number): number {
    return this.ex.sketchWorkBytes(n, maxBin) >>> 0;
  }

  /** See Kernels.sketchCuts. Every array must come from `memory`; the work area is sized for values.length. */
  sketchCuts(values: Float32Array, weights: Float32Array | null, maxBin: number, work: Uint8Array, out: Float32Array): number {
    const n = values.length;
    if (!(maxBin >= 2 && maxBin <= 65536)) rangeError('sketchCuts', `maxBin ${maxBin} outside [2, 65536]`);
    if (weights && weights.length !== n) rangeError('sketchCuts', `weights length ${weights.length} is not values length ${n}`);
    if (work.length < this.sketchWorkBytes(n, maxBin)) rangeError('sketchCuts', `work shorter than ${this.sketchWorkBytes(n, maxBin)} bytes`);
    if (out.length < maxBin + 1) rangeError('sketchCuts', `out shorter than maxBin + 1 = ${maxBin + 1}`);
    const m = this.memory;
    return this.ex.sketchCuts(
      m.address(values, 'values'), weights ? m.address(weights, 'weights') : 0, n, n, maxBin, m.address(work, 'work'), m.address(out, 'out'),
    );
  }

  /** Byte address of histOffsets, or of a fresh copy of it when it lives outside this memory. */
  private offsetsAddress(histOffsets: Uint32Array): number {
    if (histOffsets !== this.lastOffsets) {
      this.lastOffsets = histOffsets;
      this.lastOffsetsAt = this.memory.owns(histOffsets) ? histOffsets.byteOffset : -1;
    }
    // Foreign offsets are copied on every call: their contents may have changed since.
    return this.lastOffsetsAt >= 0 ? this.lastOffsetsAt : this.stage(histOffsets);
  }

  /** Copies foreign histOffsets into this memory; returns its byte address. */
  private stage(histOffsets: Uint32Array): number {
    if (this.staged.length < histOffsets.length) this.staged = this.lasting(() => this.memory.u32(histOffsets.length));
    this.staged.set(histOffsets);
    return this.staged.byteOffset;
  }
}

/**
 * A WASM kernel set over an existing shared memory, for worker threads: its arena allocates nothing
 * (the memory's owner allocates; see WasmArena.attach), so every kernel argument must be a view of
 * the memory. Null when native/build/kernels.wasm is not available.
 */
export function attachWasmKernels(memory: WasmMemory): WasmKernels | null {
  const loaded = loadKernelModule();
  if (!loaded) return null;
  const ex = kernelExports(new loaded.api.Instance(loaded.module, { env: { memory } }));
  return new WasmKernelSet(WasmArena.attach(memory), ex);
}

/**
 * A fresh WASM kernel set with its own memory, or null when native/build/kernels.wasm is missing
 * (not built) or the runtime lacks WebAssembly SIMD / shared memory.
 */
export function createWasmKernels(options: WasmKernelOptions = {}): WasmKernels | null {
  const loaded = loadKernelModule();
  if (!loaded) return null;
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const memory = createSharedMemory(loaded.api, maxPages);
  const instance = new loaded.api.Instance(loaded.module, { env: { memory } });
  const ex = kernelExports(instance);
  return new WasmKernelSet(new WasmArena(memory, maxPages, ex.heapBase()), ex);
}
