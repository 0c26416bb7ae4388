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
 */
import type { BinMapper } from '../binning/bin-mapper.js';
import type { SumArray } from '../types.js';
import { nodeGain, type GainParams } from './gain.js';
import type { SplitInfo } from './split-info.js';

/**
 * Updates `best` with the best split of the features listed in `features[0..nFeatures)`.
 * @param hist in: the node's histogram (layout in src/kernels/kernels.ts).
 * @param features in: Int32Array of candidate feature indices, ascending.
 * @param sumGrad, sumHess the node's totals (including rows with missing values).
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
): void {
  const parentGain = nodeGain(p, sumGrad, sumHess);
  const mcw = p.minChildWeight;
  // Without L1 and max_delta_step the node score is G^2/(H + lambda): inlined in the scans below
  // (the same formula as nodeGain, which stays the reference).
  const plain = p.alpha === 0 && p.maxDeltaStep === 0;
  const lambda = p.lambda;
  for (let k = 0; k < nFeatures; k++) {
    const f = features[k]!;
    const nb = mapper.nBins[f]!;
    const base = mapper.histOffsets[f]! * 2;
    const cuts = mapper.cuts[f]!;
    // forward: missing right
    let gl = 0;
    let hl = 0;
    for (let b = 0; b < nb; b++) {
      const bg = hist[base + 2 * b]!;
      const bh = hist[base + 2 * b + 1]!;
      if (bg === 0 && bh === 0) continue;
      gl += bg;
      hl += bh;
      const gr = sumGrad - gl;
      const hr = sumHess - hl;
      if (hl > 0 && hr > 0 && hl >= mcw && hr >= mcw) {
        const chg = plain
          ? (gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - parentGain
          : nodeGain(p, gl, hl) + nodeGain(p, gr, hr) - parentGain;
        if (chg > best.lossChg) {
          best.feature = f;
          best.splitBin = b;
          best.threshold = cuts[b]!;
          best.defaultLeft = false;
          best.lossChg = chg;
          best.sumGradLeft = gl;
          best.sumHessLeft = hl;
          best.sumGradRight = gr;
          best.sumHessRight = hr;
        }
      }
    }
    const missG = hist[base + 2 * nb]!;
    const missH = hist[base + 2 * nb + 1]!;
    if (missG === 0 && missH === 0) continue;
    // backward: missing left
    let gr = 0;
    let hr = 0;
    for (let b = nb - 1; b >= 0; b--) {
      const bg = hist[base + 2 * b]!;
      const bh = hist[base + 2 * b + 1]!;
      if (bg === 0 && bh === 0) continue;
      gr += bg;
      hr += bh;
      const gl2 = sumGrad - gr;
      const hl2 = sumHess - hr;
      if (hl2 > 0 && hr > 0 && hl2 >= mcw && hr >= mcw) {
        const chg = plain
          ? (gl2 * gl2) / (hl2 + lambda) + (gr * gr) / (hr + lambda) - parentGain
          : nodeGain(p, gl2, hl2) + nodeGain(p, gr, hr) - parentGain;
        if (chg > best.lossChg) {
          best.feature = f;
          best.splitBin = b - 1;
          best.threshold = b === 0 ? mapper.minValues[f]! : cuts[b - 1]!;
          best.defaultLeft = true;
          best.lossChg = chg;
          best.sumGradLeft = gl2;
          best.sumHessLeft = hl2;
          best.sumGradRight = gr;
          best.sumHessRight = hr;
        }
      }
    }
  }
}
