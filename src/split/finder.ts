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
 * WASM SIMD, bit-identical); the general gain runs the scalar loop below, written with nodeGain.
 */
import type { BinMapper } from '../binning/bin-mapper.js';
import type { Kernels } from '../kernels/kernels.js';
import { tsKernels } from '../kernels/ts/ts-kernels.js';
import type { SumArray } from '../types.js';
import { nodeGain, type GainParams } from './gain.js';
import type { SplitInfo } from './split-info.js';

/**
 * Updates `best` with the best split of the features listed in `features[0..nFeatures)`.
 * @param hist in: the node's histogram (layout in src/kernels/kernels.ts).
 * @param features in: Int32Array of candidate feature indices, ascending.
 * @param sumGrad, sumHess the node's totals (including rows with missing values).
 */
/** The scan kernel's result record (see Kernels.scanSplits), one per thread. */
const candidate = new Float64Array(8);

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
): void {
  const parentGain = nodeGain(p, sumGrad, sumHess);
  if (p.alpha === 0 && p.maxDeltaStep === 0) {
    const found = kernels.scanSplits(
      hist, mapper.histOffsets, mapper.nBins, features, nFeatures, sumGrad, sumHess, p.lambda, p.minChildWeight,
      parentGain, best.lossChg, candidate,
    );
    if (found) applyCandidate(mapper, candidate, 0, best);
    return;
  }
  generalScan(p, mapper, hist, features, nFeatures, sumGrad, sumHess, parentGain, best);
}

/**
 * Copies a `scanSplits` record into `best`, with the float32 threshold of its bin: cut[splitBin],
 * or the feature's min value when splitBin = -1 (every present value goes right).
 * @param rec in: Float64Array holding the record (Kernels.scanSplits layout, 8 doubles) at `at`.
 */
export function applyCandidate(mapper: BinMapper, rec: Float64Array, at: number, best: SplitInfo): void {
  const f = rec[at]!;
  const bin = rec[at + 1]!;
  best.feature = f;
  best.splitBin = bin;
  best.threshold = bin < 0 ? mapper.minValues[f]! : mapper.cuts[f]![bin]!;
  best.defaultLeft = rec[at + 2] === 1;
  best.lossChg = rec[at + 3]!;
  best.sumGradLeft = rec[at + 4]!;
  best.sumHessLeft = rec[at + 5]!;
  best.sumGradRight = rec[at + 6]!;
  best.sumHessRight = rec[at + 7]!;
}

/** The scan with L1 and/or max_delta_step: the same candidates, scored with nodeGain. */
function generalScan(
  p: GainParams,
  mapper: BinMapper,
  hist: SumArray,
  features: Int32Array,
  nFeatures: number,
  sumGrad: number,
  sumHess: number,
  parentGain: number,
  best: SplitInfo,
): void {
  const mcw = p.minChildWeight;
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
        const chg = nodeGain(p, gl, hl) + nodeGain(p, gr, hr) - parentGain;
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
        const chg = nodeGain(p, gl2, hl2) + nodeGain(p, gr, hr) - parentGain;
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
