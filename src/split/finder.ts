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
 * The scan itself is scanCandidates (src/kernels/ts/split-scan.ts), which the split-search units run too.
 */
import type { BinMapper } from '../binning/bin-mapper.js';
import type { Kernels } from '../kernels/kernels.js';
import { bestCategoricalSplit, type CategoricalParams } from '../kernels/ts/categorical-split.js';
import type { GainParams } from '../kernels/ts/gain.js';
import { scanCandidates, type CategoricalSearch } from '../kernels/ts/split-scan.js';
import { tsKernels } from '../kernels/ts/ts-kernels.js';
import type { Params } from '../params/schema.js';
import type { SumArray } from '../types.js';
import type { SplitInfo } from './split-info.js';

/** The categorical parameters of resolved training parameters (defaults and bounds in src/params/schema.ts). */
export function categoricalParams(params: Pick<Params, 'max_cat_to_onehot' | 'max_cat_threshold'>): CategoricalParams {
  return { maxCatToOnehot: params.max_cat_to_onehot, maxCatThreshold: params.max_cat_threshold };
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
  kernels: Pick<Kernels, 'scanSplits' | 'scanSplitsCounted'> = tsKernels,
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
