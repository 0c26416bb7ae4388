/**
 * The split scan of one node over a list of candidate features (split/finder.ts states the rules:
 * XGBoost's EnumerateSplit, forward and backward, strict ties). The plain gain (no L1, no
 * max_delta_step: the common case) runs as the `scanSplits` kernel (TS or WASM SIMD, bit-identical);
 * the general gain runs the TS kernel's loop with nodeGain as the score; min_data_in_leaf runs
 * LightGBM's scan (lightgbm-scan.ts).
 */
import type { Kernels } from '../kernels.js';
import type { SumArray } from '../../types.js';
import { nodeGain, type GainParams } from './gain.js';
import { scanSplitsCounted } from './lightgbm-scan.js';
import { scanSplitsScored, type ChildScore } from './ts-kernels.js';

/**
 * The scan of `features[0..count)` for a split with a loss change strictly above `bestChg`: the
 * `scanSplits` kernel for the plain gain, the TS scan with nodeGain otherwise; with
 * min_data_in_leaf (`minData` > 0), LightGBM's scan with its per-bin row estimates
 * (kernels/ts/lightgbm-scan.ts).
 * @param out out: Float64Array, length >= 8: the Kernels.scanSplits record, written when found.
 * @param nodeRows the node's rows in the bag (read with `minData` > 0).
 * @param flags out (with `minData` > 0): from `flagAt`, one flag per listed feature (lightgbm-scan.ts).
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
): boolean {
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
class GeneralScore implements ChildScore {
  private p: GainParams = { lambda: 0, alpha: 0, maxDeltaStep: 0, minChildWeight: 0 };
  with(p: GainParams): GeneralScore {
    this.p = p;
    return this;
  }
  score(g: number, h: number): number {
    return nodeGain(this.p, g, h);
  }
}
const generalScore = new GeneralScore();
