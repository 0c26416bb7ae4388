/**
 * The split scan with `min_data_in_leaf`, as LightGBM 4.6 makes it (feature_histogram.hpp,
 * FindBestThresholdSequentially), restated: LightGBM's histograms hold no row counts, so each
 * bin's rows are estimated from its hessian, RoundInt(h_bin * n / (H + 2e-15)) (n the node's rows,
 * H its hessian sum, RoundInt(x) = trunc(x + 0.5)), and summed bin by bin along the scan: the
 * scanned side's count is that sum, the other side's is n minus it. Both must be >= min_data_in_leaf
 * (and both hessians >= min_child_weight, LightGBM's min_sum_hessian_in_leaf).
 * - reverse scan (always, first): right = bins >= b, b from the top down to 1, missing left; among
 *   equal loss changes the first (highest threshold) stays, so across bins empty in the node the
 *   threshold sits just below the right side's lowest bin, as LightGBM places it;
 * - forward scan (only for a feature with missing values in the training data, LightGBM's
 *   missing_type NaN, whether or not this node holds any): left = bins <= b, missing right;
 * - such a feature with one value bin (LightGBM's num_bin 2) has one candidate instead, the value
 *   bin left and the missing rows right, its count that of the missing rows (LightGBM's reverse scan
 *   from its NaN bin), default right.
 * The loss change is LightGBM's, in double: GetLeafGain of both sides minus the node's, where a
 * side's gain is T(G)^2 / (H + l2) (T the L1 soft threshold) or, with max_delta_step, the gain given
 * its clipped output w = clamp(-T(G) / (H + l2), +-max_delta_step): -(2 T(G) w + (H + l2) w^2)
 * (feature_histogram.hpp: GetLeafGain, CalculateSplittedLeafOutput, GetLeafGainGivenOutput).
 * Without missing values the split's default direction is right
 * (as the forward scan's), so unseen missing values go where they went before this scan.
 * Each scanned feature's flag says whether any of its candidates passed (LightGBM's is_splittable_):
 * LightGBM scans no feature in a node's subtree once the node found none (serial_tree_learner.cpp,
 * FindBestSplits), and the grower does the same (tree/grower.ts).
 * Plain TS, allocation free; test/kernels/lightgbm-scan.test.ts compares it with a naive count.
 */
import type { SumArray } from '../../types.js';
import { thresholdL1 } from './gain.js';

/** LightGBM's kEpsilon (1e-15f): 2 of them are added to a node's hessian, one to each side's. */
const EPS = Math.fround(1e-15);

/**
 * LightGBM's GetLeafGain: T(G)^2 / (H + l2), T the L1 soft threshold; with max_delta_step > 0 and
 * the output -T(G) / (H + l2) beyond it, the gain of the clipped output instead.
 */
function leafGain(g: number, h: number, l1: number, l2: number, maxDeltaStep: number): number {
  const t = thresholdL1(g, l1);
  if (maxDeltaStep > 0) {
    const w = -t / (h + l2);
    if (Math.abs(w) > maxDeltaStep) {
      const c = w > 0 ? maxDeltaStep : -maxDeltaStep;
      return -(2 * t * c + (h + l2) * c * c);
    }
  }
  return (t * t) / (h + l2);
}

/**
 * LightGBM's CalculateSplittedLeafOutput (no smoothing, no constraints): -T(G) / (H + l2), clipped
 * to +-max_delta_step when that is > 0.
 */
function leafOutput(g: number, h: number, l1: number, l2: number, maxDeltaStep: number): number {
  const t = thresholdL1(g, l1);
  const w = -t / (h + l2);
  if (maxDeltaStep > 0 && Math.abs(w) > maxDeltaStep) return w > 0 ? maxDeltaStep : -maxDeltaStep;
  return w;
}

/** LightGBM's RoundInt for a non-negative x: trunc(x + 0.5f). */
function roundInt(x: number): number {
  return Math.floor(x + 0.5);
}

/**
 * Updates the Kernels.scanSplits record `out` (f, bin, defaultLeft, lossChg, GL, HL, GR, HR, then the
 * two children's leaf outputs) with the best split of `features[0..count)` whose loss change is
 * strictly above `bestChg`. As LightGBM records a split: the right side's sums are the node's less
 * the left's (GR = G - GL), each side's hessian less one kEpsilon, and the outputs are taken from
 * the sums with their kEpsilon.
 * @param hist in: the node's histogram (Kernels layout: per feature nBins (g, h) pairs, then missing).
 * @param nodeRows the node's rows (in the bag). @param minData min_data_in_leaf (>= 1).
 * @param out out: Float64Array, length >= 10.
 * @param flags out: `flags[flagAt + k]` = 1 when feature features[k] had a valid candidate, else 0.
 * @param nanFeatures in: Uint8Array, length nFeatures, 1 where the training data has a missing value
 *   of the feature (LightGBM's missing_type NaN); null: where this node's missing slot is not empty.
 * @returns true when a better split was found.
 */
export function scanSplitsCounted(
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
  nanFeatures: Uint8Array | null = null,
): boolean {
  flags.fill(0, flagAt, flagAt + count);
  if (nodeRows < 2 * minData) return false; // no split leaves minData rows on each side
  const mcw = minChildWeight;
  const H = sumHess + 2 * EPS;
  const cntFactor = nodeRows / H;
  const shift = leafGain(sumGrad, H, l1, l2, maxDeltaStep) + minGainToSplit;
  let best = bestChg;
  let found = false;
  for (let k = 0; k < count; k++) {
    const f = features[k]!;
    const nb = nBins[f]!;
    const base = histOffsets[f]! * 2;
    const missing = nanFeatures === null ? hist[base + 2 * nb] !== 0 || hist[base + 2 * nb + 1] !== 0 : nanFeatures[f] === 1;
    // Pass 0, reverse: the scanned side is the right one (bins >= b, b = nb-1 down to 1), missing
    // left, recorded as bin b - 1. Pass 1, forward, only with missing values: the scanned side is
    // the left one (bins <= b, b = 0 up to nb-1), missing right, recorded as bin b. One value bin
    // with missing values: the one candidate, the scanned side the missing slot (right), bin 0.
    // LightGBM's comparisons: within a pass the first largest gain; a pass replaces the feature's
    // split when its gain > the feature's loss change + shift; a feature replaces the best when
    // its loss change is larger (the first of equal ones stays).
    let featChg = -Infinity;
    let featBin = 0;
    let featDl = 0;
    let featGl = 0;
    let featHl = 0;
    if (missing && nb === 1) {
      const bg = hist[base + 2]!;
      const bh = hist[base + 3]!;
      const sh = EPS + bh;
      const sn = roundInt(bh * cntFactor);
      if (sn < minData || sh < mcw || nodeRows - sn < minData || H - sh < mcw) continue;
      const gain = leafGain(sumGrad - bg, H - sh, l1, l2, maxDeltaStep) + leafGain(bg, sh, l1, l2, maxDeltaStep);
      if (gain <= shift) continue;
      flags[flagAt + k] = 1;
      featChg = gain - shift;
      featGl = sumGrad - bg;
      featHl = H - sh;
    }
    for (let pass = 0; pass < (missing && nb > 1 ? 2 : nb > 1 ? 1 : 0); pass++) {
      const forward = pass === 1;
      const steps = forward ? nb : nb - 1;
      let sg = 0;
      let sh = EPS;
      let sn = 0;
      let passGain = -Infinity;
      let passBin = 0;
      let passGl = 0;
      let passHl = 0;
      for (let i = 0; i < steps; i++) {
        const b = forward ? i : nb - 1 - i;
        const bg = hist[base + 2 * b]!;
        const bh = hist[base + 2 * b + 1]!;
        if (bg === 0 && bh === 0) continue;
        sg += bg;
        sh += bh;
        sn += roundInt(bh * cntFactor);
        if (sn < minData || sh < mcw) continue;
        if (nodeRows - sn < minData) break;
        const oh = H - sh;
        if (oh < mcw) break;
        const og = sumGrad - sg;
        const gl = forward ? sg : og;
        const hl = forward ? sh : oh;
        const gain = leafGain(gl, hl, l1, l2, maxDeltaStep) + leafGain(forward ? og : sg, forward ? oh : sh, l1, l2, maxDeltaStep);
        if (gain <= shift) continue;
        flags[flagAt + k] = 1;
        if (gain > passGain) {
          passGain = gain;
          passBin = forward ? b : b - 1;
          passGl = gl;
          passHl = hl;
        }
      }
      if (passGain > featChg + shift) {
        featChg = passGain - shift;
        featBin = passBin;
        featDl = !forward && missing ? 1 : 0;
        featGl = passGl;
        featHl = passHl;
      }
    }
    if (featChg > best) {
      best = featChg;
      found = true;
      write(out, f, featBin, featDl, featChg, featGl, featHl, sumGrad, H, l1, l2, maxDeltaStep);
    }
  }
  return found;
}

/** The record of a split whose left side has sums gl, hl (hl with its kEpsilon) in a node of G, H (H with 2 kEpsilon). */
function write(
  out: Float64Array, f: number, bin: number, dl: number, chg: number, gl: number, hl: number, G: number, H: number,
  l1: number, l2: number, maxDeltaStep: number,
): void {
  const gr = G - gl;
  const hr = H - hl;
  out[0] = f;
  out[1] = bin;
  out[2] = dl;
  out[3] = chg;
  out[4] = gl;
  out[5] = hl - EPS;
  out[6] = gr;
  out[7] = hr - EPS;
  out[8] = leafOutput(gl, hl, l1, l2, maxDeltaStep);
  out[9] = leafOutput(gr, hr, l1, l2, maxDeltaStep);
}
