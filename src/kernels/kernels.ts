/**
 * The hot loops behind one interface. Implementations: `ts` (plain TypeScript, the reference and
 * fallback) and `wasm` (AssemblyScript SIMD, native/). Both must give bit-identical results: every
 * kernel visits rows in the same order and sums in float64 in that order.
 *
 * Layout conventions (src/types.ts):
 * - bins: row-major, feature f of row r at `bins[r * stride + f]` (stride = features per row, the
 *   binned matrix's nFeatures), so a row's codes are contiguous: a node's histogram walks its rows
 *   once and reads one or two cache lines per row; code `nBins[f]` means missing.
 * - histogram: per feature f, `nBins[f] + 1` slots starting at slot `histOffsets[f]` (the last slot is
 *   the missing bin); slot s holds (sum g, sum h) at `hist[2*s]`, `hist[2*s+1]`.
 * - gh: interleaved float32 gradient pairs, `gh[2*r]`, `gh[2*r+1]`.
 * - rows: a node's rows are the window `rows[start..end)` of the partition array.
 */
import type { BinArray, GradArray, RowIndexArray, SumArray } from '../types.js';
import type { WasmMemory } from './wasm/wasm-api.js';
import type { LightGbmSigmoidRange } from './ts/lightgbm-pairs.js';

/**
 * Allocator of the arrays kernels work on. The TS kernels use ordinary (or shared) buffers; the
 * WASM kernels hand out views of their own linear memory so nothing is copied per call. Every
 * array passed to a kernel must come from the same Kernels instance's memory.
 */
export interface KernelMemory {
  f64(length: number): Float64Array;
  f32(length: number): Float32Array;
  u32(length: number): Uint32Array;
  u16(length: number): Uint16Array;
  u8(length: number): Uint8Array;
}

/**
 * KernelMemory whose arrays all live in one shared `WebAssembly.Memory` (a SharedArrayBuffer that
 * worker threads can view too): arrays are named to workers by byte address, never copied.
 */
export interface SharedKernelMemory extends KernelMemory {
  /** The shared linear memory (shared: true). */
  readonly memory: WasmMemory;
  /** True when `a` is a view of `memory`. */
  owns(a: Uint8Array | Uint16Array | Uint32Array | Float32Array | Float64Array): boolean;
  /**
   * Byte address of `a[0]` in `memory`.
   * @throws Error when `a` is not a view of `memory`.
   */
  address(a: Uint8Array | Uint16Array | Uint32Array | Float32Array | Float64Array, argName: string): number;
  /** Bytes handed out so far. */
  readonly used: number;
  /** The allocation point (see `release`). */
  mark(): number;
  /** Takes back every array allocated since `mark()` returned `at`; they must not be used afterwards. */
  release(at: number): void;
}

export interface Kernels {
  /** Implementation name. */
  readonly name: 'ts' | 'wasm';
  /** Where this instance's arrays live. */
  readonly memory: KernelMemory;
  /**
   * The same memory when it is shared (WASM kernels, and TS kernels made for worker threads by
   * `createSharedTsKernels`), else null (plain heap arrays: single-threaded only).
   */
  readonly shared: SharedKernelMemory | null;

  /**
   * Adds the gradient pairs of rows `rows[rowStart..rowEnd)` into the histogram slots of features
   * `[featStart, featEnd)`. The histogram is NOT cleared first.
   * Rows are visited once each, in window order; per row, the codes of the feature block are read
   * contiguously and each feature's slot gets one add, so every slot sums its rows in window order.
   * @param bins in: row-major bin codes (Uint8Array or Uint16Array), length nRows * stride.
   * @param stride in: codes per row (the binned matrix's nFeatures); featEnd <= stride.
   * @param histOffsets in: Uint32Array, length nFeatures + 1, first slot of each feature.
   * @param rows in: Uint32Array partition array.
   * @param gh in: Float32Array, length 2 * nRows.
   * @param hist out: Float64Array, length 2 * histOffsets[nFeatures].
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
  ): void;

  /**
   * `out[i] = parent[i] - child[i]` for i in [start, end) (doubles, not slots): the sibling's
   * histogram by the subtraction trick (xgboost-spec.md §2.4). `out` may be `parent` (in place).
   */
  subtractHistogram(parent: SumArray, child: SumArray, out: SumArray, start: number, end: number): void;

  /**
   * Bin codes of the values `values[start..end)` (binDataset): NaN gets `missingCode`; any other v
   * gets the index of the first cut > v, clamped to `cuts.length - 1` (src/kernels/ts/quantile-cuts.ts
   * binOf). The code of values[start + i] is written to `out[outStart + i * outStride]`.
   * @param values in: Float32Array (may live anywhere).
   * @param cuts in: Float32Array, ascending, length >= 1 (may live anywhere).
   * @param out out: Uint8Array or Uint16Array from this instance's memory; every code written must
   *   fit (the missing code too when a value is NaN).
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
  ): void;

  /**
   * The split scan of one node (src/split/finder.ts, xgboost-spec.md §2.5-2.6) for the plain gain
   * (alpha = 0, max_delta_step = 0: a child scores G^2 / (H + lambda)). For each candidate feature in
   * list order: the forward scan (left = bins <= b, missing right), then, when the feature's missing
   * slot is not empty, the backward scan (right = bins >= b, missing left); bins with g = h = 0 are
   * skipped; a candidate needs both children's H > 0 and >= minChildWeight; its loss change is
   * `GL^2/(HL + lambda) + GR^2/(HR + lambda) - parentGain`, and only a strictly larger one than the
   * best so far (starting at `bestChg`) is kept.
   * @param hist in: the node's histogram (Float64Array, length 2 * histOffsets[nFeatures]).
   * @param histOffsets in: Uint32Array, length nFeatures + 1.
   * @param nBins in: Uint32Array, length nFeatures: bins per feature (slot nBins[f] is missing).
   * @param features in: Int32Array, length >= count: candidate features, ascending.
   * @param out out: Float64Array, length >= 8, written only when a better split was found:
   *   [feature, splitBin (forward: b; backward: b - 1), defaultLeft (0/1), lossChg,
   *    sumGradLeft, sumHessLeft, sumGradRight, sumHessRight].
   * @returns true when `out` was written.
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
  ): boolean;

  /**
   * LightGBM 4.6's split scan with min_data_in_leaf over `features[0..count)` of one node:
   * src/kernels/ts/lightgbm-scan.ts scanSplitsCounted is the reference and states the rules (double
   * arithmetic; every implementation gives its record, flags and result to the bit).
   * @param hist in: the node's histogram (Float64Array, length 2 * histOffsets[nFeatures]).
   * @param histOffsets in: Uint32Array, length nFeatures + 1. @param nBins in: Uint32Array, length nFeatures.
   * @param features in: Int32Array, length >= count.
   * @param out out: Float64Array, length >= 10: the scanSplits record, then the children's leaf
   *   outputs; written when a feature's loss change is strictly above the best so far (from bestChg).
   * @param nodeRows the node's rows in the bag. @param minData min_data_in_leaf (>= 1).
   * @param flags out: Uint8Array, `flags[flagAt + k]` = 1 when features[k] had a valid candidate, else 0.
   * @param nanFeatures in: Uint8Array, length nFeatures, 1 where the training data has a missing
   *   value of the feature, or null (then: where the node's missing slot is not empty).
   * @returns true when `out` was written.
   */
  scanSplitsCounted(
    l1: number,
    l2: number,
    maxDeltaStep: number,
    minGainToSplit: number,
    hist: SumArray,
    histOffsets: Uint32Array,
    nBins: Uint32Array,
    features: Int32Array,
    count: number,
    sumGrad: number,
    sumHess: number,
    minChildWeight: number,
    bestChg: number,
    out: Float64Array,
    nodeRows: number,
    minData: number,
    flags: Uint8Array,
    flagAt: number,
    nanFeatures: Uint8Array | null,
  ): boolean;

  /**
   * The topk pairs of one rank:ndcg query without position debiasing (src/kernels/ts/ndcg-pairs.ts,
   * xgboost-spec.md §1.4-1.5): every (i, j), i < top, i < j < n, with different labels adds its
   * float32 lambda and hessian into the rank-ordered sums, in the reference's order.
   * @param y in: Float32Array, length >= n, labels in rank order.
   * @param sc in: Float32Array, length >= n, scores in rank order.
   * @param gain in: Float64Array, length >= n, DCG gains in rank order.
   * @param disc in: Float64Array, length >= n, discounts 1/log2(r + 2).
   * @param gR in/out: Float32Array, length >= n, g sums in rank order.
   * @param hR in/out: Float32Array, length >= n, h sums in rank order.
   * @param gd scratch: Float64Array, length >= n.
   * @param top min(n, k), <= n.
   * @returns the sum of -2 lambda over the pairs, in pair order from 0.
   */
  ndcgPairs(
    y: Float32Array,
    sc: Float32Array,
    gain: Float64Array,
    disc: Float64Array,
    gR: Float32Array,
    hR: Float32Array,
    gd: Float64Array,
    n: number,
    top: number,
    invIdcg: number,
    normByDiff: boolean,
  ): number;

  /**
   * The pairs of one LightGBM lambdarank query (src/kernels/ts/lightgbm-pairs.ts, LightGBM 4.6's
   * GetGradientsForOneQuery): every (i, j), i < top, i < j < n, with different labels adds its
   * float32 lambda and hessian into the rank-ordered sums, in LightGBM's order.
   * @param y in: Float32Array, length >= n, labels in rank order.
   * @param s in: Float64Array, length >= n, scores in rank order (best first).
   * @param gain in: Float64Array, length >= n, label gains in rank order.
   * @param disc in: Float64Array, length >= n, discounts 1/log2(2 + r).
   * @param gR in/out: Float32Array, length >= n, g sums in rank order.
   * @param hR in/out: Float32Array, length >= n, h sums in rank order.
   * @param table in: Float64Array, length 2^20 + 1: LightGBM's sigmoid table (LightGbmSigmoid).
   * @param range the table's input range and LightGBM's `sigmoid`.
   * @param top min(n - 1, truncation level).
   * @returns the sum of -2 lambda over the pairs, in pair order from 0.
   */
  lightgbmPairs(
    y: Float32Array,
    s: Float64Array,
    gain: Float64Array,
    disc: Float64Array,
    gR: Float32Array,
    hR: Float32Array,
    table: Float64Array,
    range: LightGbmSigmoidRange,
    n: number,
    top: number,
    invMaxDcg: number,
    scaleByGap: boolean,
  ): number;

  /**
   * Bytes of the work area `sketchCuts` needs for columns of at most `n` values (0 when the
   * implementation allocates its own: the TypeScript sketch).
   */
  sketchWorkBytes(n: number, maxBin: number): number;

  /**
   * The cut search of one feature: XGBoost 3.4.1's sketch as src/kernels/ts/quantile-cuts.ts
   * sketchCuts computes it (that function is the reference; every implementation gives its cuts to
   * the bit).
   * @param values in: Float32Array, the feature's values in row order (NaN = missing), from this
   *   instance's memory for the WASM kernels.
   * @param weights in: Float32Array of row weights (length values.length), or null for unit weights;
   *   from this memory for the WASM kernels.
   * @param maxBin maximum number of bins (>= 2).
   * @param work scratch: Uint8Array of at least sketchWorkBytes(values.length, maxBin) bytes from this
   *   memory (unused by the TypeScript kernels).
   * @param out out: Float32Array, length >= maxBin + 1: [minValue, cuts...].
   * @returns the number of cuts written after minValue.
   */
  sketchCuts(values: Float32Array, weights: Float32Array | null, maxBin: number, work: Uint8Array, out: Float32Array): number;

  /**
   * Stable in-place partition of `rows[start..end)`: rows whose code `bins[first + r * rowStride]` is
   * `<= splitBin` go left, missing (code === missingCode) goes left iff `defaultLeft`; the left rows
   * come first, both sides keep their order.
   * @param bins in: bin codes (Uint8Array or Uint16Array) holding the split feature's code of every row.
   * @param rowStride in: elements between consecutive rows' codes: nFeatures in the row-major
   *   matrix, 1 in a column-major copy.
   * @param first in: element of row 0's code (the feature in the row-major matrix, feature * nRows
   *   in a column-major copy).
   * @param scratch in/out: Uint32Array scratch of length >= end - start.
   * @returns the number of rows that went left.
   */
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
  ): number;

  /**
   * reg:squarederror's gradient pairs of rows [rowStart, rowEnd) (src/kernels/ts/pointwise-gradients.ts
   * pointGradient('reg:squarederror') is the reference; every implementation gives its bits):
   * ww = w, or float32(w * scalePosWeight) for label 1; g = float32(float32(s - y) * ww), h = ww.
   * @param margins in: Float32Array, length nRows. @param labels in: Float32Array, length nRows.
   * @param weights in: Float32Array, length nRows, or null (unit weights).
   * @param gh out: Float32Array, length 2 * nRows, (g, h) interleaved; only rows [rowStart, rowEnd) are written.
   */
  squaredErrorGradients(
    margins: Float32Array,
    labels: Float32Array,
    weights: Float32Array | null,
    scalePosWeight: number,
    gh: GradArray,
    rowStart: number,
    rowEnd: number,
  ): void;

  /**
   * Training margins after a tree (src/kernels/ts/loops.ts addLeafValues is the reference):
   * `margins[rows[i]] = float32(margins[rows[i]] + v)` for every i of the windows (start, end, v)
   * k = kBegin .. kEnd - 1 of `windows`.
   * @param rows in: Uint32Array partition array, length nRows.
   * @param margins in/out: Float32Array, length nRows.
   * @param windows in: triples (start, end, leaf value), length >= 3 * kEnd.
   */
  addLeafValues(rows: RowIndexArray, margins: Float32Array, windows: ArrayLike<number>, kBegin: number, kEnd: number): void;

  /**
   * Stable in-place partition of `rows[start..end)` by a code table (a categorical split): row r
   * goes left iff `table[tableAt + code]` is 1, code = `bins[first + r]` of a column-major copy (the
   * table has one entry per category code and one for the missing code); the left rows come first,
   * both sides keep their order.
   * @param bins in: column-major bin codes (Uint8Array or Uint16Array).
   * @param table in: Uint8Array, 1 = left, 0 = right, from `tableAt`.
   * @param scratch in/out: Uint32Array scratch of length >= end - start.
   * @returns the number of rows that went left.
   */
  partitionByTable(
    bins: BinArray,
    first: number,
    table: Uint8Array,
    tableAt: number,
    rows: RowIndexArray,
    start: number,
    end: number,
    scratch: RowIndexArray,
  ): number;

  /**
   * The delimited reader's plainest records (native/assembly/record-scan.ts states the rules; the
   * TS fast path, src/data/delimited-fast-path.ts, is the reference: this takes a subset of what it
   * takes and stores the same values): from `text[pos]`, at most `maxRecords` records, each ending
   * with its line break before `end`; cell j of record i goes to `out[j * maxRecords + i]` (float32).
   * Stops before the first record it does not take.
   * @param text in: Uint8Array of the bytes (from this memory for the WASM kernels).
   * @param roles in: Uint8Array, length width: 1 feature, 2 label, 3 weight (another code: not taken).
   * @param pow10 in: Float64Array, length 23: 10^0 .. 10^22.
   * @param out out: Float32Array, length >= width * maxRecords.
   * @param state out: Uint32Array, length >= 1: state[0] = the position after the last record taken.
   * @returns the number of records taken.
   */
  scanPlainRecords(
    text: Uint8Array, pos: number, end: number, delimiter: number, roles: Uint8Array, width: number,
    pow10: Float64Array, out: Float32Array, maxRecords: number, state: Uint32Array,
  ): number;
}
