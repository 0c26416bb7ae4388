/**
 * The split scan of one node over a list of candidate features (split/finder.ts states the rules:
 * XGBoost's EnumerateSplit, forward and backward, strict ties). The plain gain (no L1, no
 * max_delta_step: the common case) runs as the `scanSplits` kernel (TS or WASM SIMD, bit-identical);
 * the general gain runs the TS kernel's loop with nodeGain as the score; min_data_in_leaf runs
 * LightGBM's scan (the `scanSplitsCounted` kernel: lightgbm-scan.ts or WASM, bit-identical);
 * categorical features run bestCategoricalSplit (categorical-split.ts) between the numerical runs;
 * monotone constraints the monotone score.
 */
import type { Kernels } from '../kernels.js';
import type { SumArray } from '../../types.js';
import { bestCategoricalSplit, type CategoricalParams } from './categorical-split.js';
import { nodeGain, type GainParams } from './gain.js';
import { MonotoneScore } from './monotone-score.js';
import { scanSplitsScored, type SplitScore } from './ts-kernels.js';

/**
 * Which features are categorical and the categorical search's parameters (plain data: sent to the
 * split units by structured clone).
 */
export interface CategoricalSearch extends CategoricalParams {
  /** Uint8Array, length nFeatures: 1 for a categorical feature (BinMapper.categorical). */
  readonly flags: Uint8Array;
}

/**
 * The scan of `features[0..count)` for a split with a loss change strictly above `bestChg`: the
 * `scanSplits` kernel for the plain gain, the TS scan with nodeGain otherwise; with
 * min_data_in_leaf (`minData` > 0), LightGBM's scan with its per-bin row estimates (the
 * `scanSplitsCounted` kernel, kernels/ts/lightgbm-scan.ts); with monotone constraints (`monotone`
 * not null), the TS scan with the monotone score (monotone-score.ts) at the node's bounds and its
 * given own score.
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
 * @param nanFeatures (with `minData` > 0): Uint8Array, length nFeatures, 1 where the training data
 *   has a missing value of the feature, or null (lightgbm-scan.ts).
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
  kernels: Pick<Kernels, 'scanSplits' | 'scanSplitsCounted'>,
  nodeRows = 0,
  minData = 0,
  flags: Uint8Array | null = null,
  flagAt = 0,
  cat: CategoricalSearch | null = null,
  monotone: Int32Array | null = null,
  lower = 0,
  upper = 0,
  rootGain = 0,
  nanFeatures: Uint8Array | null = null,
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
        const c = bestCategoricalSplit(p, cat, hist, histOffsets, nBins, f, sumGrad, sumHess, false);
        if (c.lossChg > best) {
          out[0] = f;
          out[1] = -1;
          out[2] = c.defaultLeft ? 1 : 0;
          out[3] = c.lossChg;
          out[4] = c.sumGradLeft;
          out[5] = c.sumHessLeft;
          out[6] = c.sumGradRight;
          out[7] = c.sumHessRight;
          if (out.length > 9) {
            out[8] = NaN; // no LightGBM leaf outputs: the children's weights come from their sums
            out[9] = NaN;
          }
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
    return kernels.scanSplitsCounted(p.alpha, p.lambda, p.maxDeltaStep, p.minGainToSplit ?? 0, hist, histOffsets, nBins, features, count, sumGrad, sumHess, p.minChildWeight, bestChg, out, nodeRows, minData, flags, flagAt, nanFeatures);
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
