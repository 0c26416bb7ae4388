/**
 * Split finding: scans one node's histogram, feature by feature, for the split with the largest
 * loss change, learning the default direction of missing values (XGBoost's EnumerateSplit,
 * xgboost-spec.md §2.5):
 * - forward scan (always): left = bins <= b, threshold cut[b], missing goes right;
 * - backward scan (when the node has missing values of the feature): right = bins >= b,
 *   threshold cut[b-1] (the feature's min value for b = 0), missing goes left.
 * Ties: only a strictly larger loss change replaces the best, forward before backward, lower bins
 * first, lower feature index first. An empty bin (g = h = 0) repeats the previous candidate's sums,
 * so it can never be strictly better and is skipped.
 *
 * The plain gain (no L1, no max_delta_step: the common case) runs as the `scanSplits` kernel (TS or
 * WASM SIMD, bit-identical); the general gain runs the TS kernel's loop with nodeGain as the score.
 */
import type { BinMapper } from '../binning/bin-mapper.js';
import type { Kernels } from '../kernels/kernels.js';
import { scanSplitsCounted } from '../kernels/ts/lightgbm-scan.js';
import { scanSplitsScored, tsKernels, type SplitScore } from '../kernels/ts/ts-kernels.js';
import type { SumArray } from '../types.js';
import { bestCategoricalSplit, type CategoricalParams } from './categorical-split.js';
import { nodeGain, type GainParams } from './gain.js';
import { MonotoneScore } from './monotone-score.js';
import type { SplitInfo } from './split-info.js';

/**
 * Which features are categorical and the categorical search's parameters (plain data: sent to the
 * split units by structured clone).
 */
export interface CategoricalSearch extends CategoricalParams {
  /** Uint8Array, length nFeatures: 1 for a categorical feature (BinMapper.categorical). */
  readonly flags: Uint8Array;
}

/** The scan kernel's result record (see Kernels.scanSplits; slots 8, 9: LightGBM's leaf outputs), one per thread. */
const candidate = new Float64Array(10);

/**
 * Updates `best` with the best split of the features listed in `features[0..nFeatures)`.
 * @param hist in: the node's histogram (layout in src/kernels/kernels.ts).
 * @param features in: Int32Array of candidate feature indices, ascending.
 * @param sumGrad, sumHess the node's totals (including rows with missing values).
 * @param kernels the kernel set whose `scanSplits` scans the plain gain (`hist` must be from its memory).
 */
export function findBestSplit(
  p: GainParams,
  mapper: BinMapper,
  hist: SumArray,
  features: Int32Array,
  nFeatures: number,
  sumGrad: number,
  sumHess: number,
  best: SplitInfo,
  kernels: Pick<Kernels, 'scanSplits'> = tsKernels,
  cat: CategoricalSearch | null = null,
): void {
  candidate[8] = NaN;
  candidate[9] = NaN;
  if (scanCandidates(p, mapper.histOffsets, mapper.nBins, hist, features, nFeatures, sumGrad, sumHess, best.lossChg, candidate, kernels, 0, 0, null, 0, cat)) {
    applyCandidate(mapper, candidate, 0, best);
    if (cat !== null && cat.flags[best.feature] === 1) setCategories(p, cat, mapper, hist, sumGrad, sumHess, best);
  }
}

/**
 * The scan of `features[0..count)` for a split with a loss change strictly above `bestChg`: the
 * `scanSplits` kernel for the plain gain, the TS scan with nodeGain otherwise; with
 * min_data_in_leaf (`minData` > 0), LightGBM's scan with its per-bin row estimates
 * (kernels/ts/lightgbm-scan.ts); with monotone constraints (`monotone` not null), the TS scan with
 * the monotone score (monotone-score.ts) at the node's bounds and its given own score.
 * @param out out: Float64Array, length >= 8 (10 with `minData` > 0): the Kernels.scanSplits record,
 *   written when found; LightGBM's scan also writes the children's leaf outputs in slots 8, 9.
 * @param nodeRows the node's rows in the bag (read with `minData` > 0).
 * @param flags out (with `minData` > 0): from `flagAt`, one flag per listed feature (lightgbm-scan.ts).
 * @param cat the categorical features (searched by bestCategoricalSplit, in list order between the
 *   numerical runs, so the first feature of a tie still wins), or null when there are none. A
 *   categorical record has splitBin -1 and no category set (setCategories recomputes it for the
 *   winner). Not with `minData` > 0.
 * @param monotone Int32Array, one direction (-1, 0, 1) per feature, or null when no feature is
 *   constrained. Not with `minData` > 0 or `cat`.
 * @param lower, upper the node's float32 weight bounds; @param rootGain its own score (read with `monotone`).
 * @returns true when a better split was found.
 */
export function scanCandidates(
  p: GainParams,
  histOffsets: Uint32Array,
  nBins: Uint32Array,
  hist: SumArray,
  features: Int32Array,
  count: number,
  sumGrad: number,
  sumHess: number,
  bestChg: number,
  out: Float64Array,
  kernels: Pick<Kernels, 'scanSplits'>,
  nodeRows = 0,
  minData = 0,
  flags: Uint8Array | null = null,
  flagAt = 0,
  cat: CategoricalSearch | null = null,
  monotone: Int32Array | null = null,
  lower = 0,
  upper = 0,
  rootGain = 0,
): boolean {
  if (monotone !== null) {
    if (minData > 0 || cat !== null) throw new Error('scanCandidates: monotone constraints with min_data_in_leaf or categorical features are refused up front');
    return scanSplitsScored(monotoneScore.with(p, monotone, lower, upper), hist, histOffsets, nBins, features, count, sumGrad, sumHess, Math.fround(p.minChildWeight), rootGain, bestChg, out);
  }
  if (cat !== null) {
    if (minData > 0) throw new Error('scanCandidates: min_data_in_leaf with categorical features');
    let found = false;
    let best = bestChg;
    let k = 0;
    while (k < count) {
      const f = features[k]!;
      if (cat.flags[f] === 1) {
        const c = bestCategoricalSplit(p, cat, hist, histOffsets, nBins, f, sumGrad, sumHess);
        if (c.lossChg > best) {
          out[0] = f;
          out[1] = -1;
          out[2] = c.defaultLeft ? 1 : 0;
          out[3] = c.lossChg;
          out[4] = c.sumGradLeft;
          out[5] = c.sumHessLeft;
          out[6] = c.sumGradRight;
          out[7] = c.sumHessRight;
          best = c.lossChg;
          found = true;
        }
        k++;
        continue;
      }
      let e = k + 1;
      while (e < count && cat.flags[features[e]!] !== 1) e++;
      if (scanCandidates(p, histOffsets, nBins, hist, features.subarray(k, e), e - k, sumGrad, sumHess, best, out, kernels)) {
        best = out[3]!;
        found = true;
      }
      k = e;
    }
    return found;
  }
  if (minData > 0) {
    if (flags === null) throw new Error('scanCandidates: min_data_in_leaf needs the flags array');
    return scanSplitsCounted(p.alpha, p.lambda, p.maxDeltaStep, 0, hist, histOffsets, nBins, features, count, sumGrad, sumHess, p.minChildWeight, bestChg, out, nodeRows, minData, flags, flagAt);
  }
  const parentGain = nodeGain(p, sumGrad, sumHess);
  return p.alpha === 0 && p.maxDeltaStep === 0
    ? kernels.scanSplits(hist, histOffsets, nBins, features, count, sumGrad, sumHess, Math.fround(p.lambda), Math.fround(p.minChildWeight), parentGain, bestChg, out)
    : scanSplitsScored(generalScore.with(p), hist, histOffsets, nBins, features, count, sumGrad, sumHess, Math.fround(p.minChildWeight), parentGain, bestChg, out);
}

/** The general child score, nodeGain (L1 and max_delta_step), for the TS scan; `p` is set per scan. */
class GeneralScore implements SplitScore {
  private p: GainParams = { lambda: 0, alpha: 0, maxDeltaStep: 0, minChildWeight: 0 };
  with(p: GainParams): GeneralScore {
    this.p = p;
    return this;
  }
  split(_f: number, gl: number, hl: number, gr: number, hr: number): number {
    return Math.fround(nodeGain(this.p, gl, hl) + nodeGain(this.p, gr, hr));
  }
}
const generalScore = new GeneralScore();
const monotoneScore = new MonotoneScore();

/**
 * The category set of a categorical winner (whose record carries none): the feature's search run
 * again on the same histogram, which finds the same split (it is deterministic).
 */
export function setCategories(
  p: GainParams, cat: CategoricalSearch, mapper: Pick<BinMapper, 'histOffsets' | 'nBins'>, hist: SumArray, sumGrad: number, sumHess: number, best: SplitInfo,
): void {
  const c = bestCategoricalSplit(p, cat, hist, mapper.histOffsets, mapper.nBins, best.feature, sumGrad, sumHess);
  if (c.lossChg !== best.lossChg || c.defaultLeft !== best.defaultLeft) throw new Error('setCategories: the categorical search is not repeatable');
  best.categories = c.categories;
  best.threshold = CATEGORICAL_CONDITION;
}

/**
 * The split_condition XGBoost 3.4.1 stores for a categorical split: the smallest float32 denormal
 * (DftBadValue, src/tree/io_utils.h; RegTree::ExpandCategorical).
 */
export const CATEGORICAL_CONDITION = Math.fround(1.401298464324817e-45);

/**
 * Copies a `scanSplits` record into `best`, with the float32 threshold of its bin: cut[splitBin],
 * or -Infinity when splitBin = -1 (every present value goes right; XGBoost 3.4.1's
 * NumericBinLowerBound of a feature's first bin).
 * @param rec in: Float64Array holding the record (Kernels.scanSplits layout, 8 doubles, then the
 *   two leaf outputs of LightGBM's scan or NaN) at `at`.
 */
export function applyCandidate(mapper: BinMapper, rec: Float64Array, at: number, best: SplitInfo): void {
  const f = rec[at]!;
  const bin = rec[at + 1]!;
  best.feature = f;
  best.splitBin = bin;
  best.threshold = bin < 0 ? -Infinity : mapper.cuts[f]![bin]!;
  best.categories = null;
  best.defaultLeft = rec[at + 2] === 1;
  best.lossChg = rec[at + 3]!;
  best.sumGradLeft = rec[at + 4]!;
  best.sumHessLeft = rec[at + 5]!;
  best.sumGradRight = rec[at + 6]!;
  best.sumHessRight = rec[at + 7]!;
  best.outLeft = rec[at + 8]!;
  best.outRight = rec[at + 9]!;
}
