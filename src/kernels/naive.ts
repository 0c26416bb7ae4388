/**
 * Naive reference versions of the kernels, written for clarity, not speed: tests compare every
 * implementation against these. Not used in training.
 */
import type { BinArray } from '../types.js';
import type { SplitInfo } from '../split/split-info.js';
import { lossChange, nodeGain } from '../split/gain.js';

/**
 * Histogram of the given rows, built slot by slot from scratch (Float64Array, length
 * 2 * histOffsets[nFeatures]) from row-major bins (`bins[r * nFeatures + f]`, length nRows * nFeatures).
 */
export function naiveHistogram(
  bins: BinArray,
  nRows: number,
  nFeatures: number,
  histOffsets: Uint32Array,
  rowList: readonly number[],
  gh: Float32Array,
): Float64Array {
  if (bins.length < nRows * nFeatures) throw new RangeError(`naiveHistogram: bins shorter than ${nRows} x ${nFeatures}`);
  const hist = new Float64Array(2 * histOffsets[nFeatures]!);
  for (let f = 0; f < nFeatures; f++) {
    for (const r of rowList) {
      const slot = histOffsets[f]! + bins[r * nFeatures + f]!;
      hist[2 * slot] += gh[2 * r]!;
      hist[2 * slot + 1] += gh[2 * r + 1]!;
    }
  }
  return hist;
}

/** Stable partition by filter on the code `bins[first + r * rowStride]` of each row r: [left rows, right rows]. */
export function naivePartition(
  bins: BinArray,
  rowStride: number,
  first: number,
  splitBin: number,
  missingCode: number,
  defaultLeft: boolean,
  rowList: readonly number[],
): [number[], number[]] {
  const goesLeft = (r: number): boolean => {
    const b = bins[first + r * rowStride]!;
    return b === missingCode ? defaultLeft : b <= splitBin;
  };
  return [rowList.filter(goesLeft), rowList.filter((r) => !goesLeft(r))];
}

/** A split candidate of naiveScanSplits: a SplitInfo without the threshold (the scan knows bins, not cut values). */
export type NaiveSplit = Omit<SplitInfo, 'threshold' | 'categories' | 'outLeft' | 'outRight'>;

/**
 * The split scan of Kernels.scanSplits written as a literal enumeration: every candidate in the
 * kernel's order (features in list order; forward bins 0..nb-1, then, when the missing slot is not
 * empty, backward bins nb-1..0), each candidate's side sums recomputed from scratch over its bins
 * (in the same order a running sum adds them), its loss change XGBoost's float32
 * `lossChange(nodeGain(GL, HL), nodeGain(GR, HR), parentGain)` (src/split/gain.ts), and the first
 * strictly largest kept. Empty bins (g = h = 0) are not candidates.
 * @param hist in: Float64Array histogram (layout in kernels.ts).
 * @returns the best candidate better than `bestChg`, or null.
 */
export function naiveScanSplits(
  hist: Float64Array,
  histOffsets: Uint32Array,
  nBins: Uint32Array,
  features: readonly number[],
  sumGrad: number,
  sumHess: number,
  lambda: number,
  minChildWeight: number,
  parentGain: number,
  bestChg: number,
): NaiveSplit | null {
  let best: NaiveSplit | null = null;
  let bestValue = bestChg;
  const gp = { lambda, alpha: 0, maxDeltaStep: 0, minChildWeight };
  const g = (f: number, b: number): number => hist[2 * (histOffsets[f]! + b)]!;
  const h = (f: number, b: number): number => hist[2 * (histOffsets[f]! + b) + 1]!;
  const consider = (f: number, splitBin: number, defaultLeft: boolean, binsAcc: number[], accLeft: boolean): void => {
    let ga = 0;
    let ha = 0;
    for (const b of binsAcc) {
      ga += g(f, b);
      ha += h(f, b);
    }
    const gl = accLeft ? ga : sumGrad - ga;
    const hl = accLeft ? ha : sumHess - ha;
    const gr = accLeft ? sumGrad - ga : ga;
    const hr = accLeft ? sumHess - ha : ha;
    if (!(hl > 0 && hr > 0 && hl >= minChildWeight && hr >= minChildWeight)) return;
    const chg = lossChange(nodeGain(gp, gl, hl), nodeGain(gp, gr, hr), parentGain);
    if (chg > bestValue) {
      bestValue = chg;
      best = { feature: f, splitBin, defaultLeft, lossChg: chg, sumGradLeft: gl, sumHessLeft: hl, sumGradRight: gr, sumHessRight: hr };
    }
  };
  for (const f of features) {
    const nb = nBins[f]!;
    const nonEmpty = (b: number): boolean => g(f, b) !== 0 || h(f, b) !== 0;
    for (let b = 0; b < nb; b++) {
      if (!nonEmpty(b)) continue;
      const acc: number[] = [];
      for (let i = 0; i <= b; i++) if (nonEmpty(i)) acc.push(i);
      consider(f, b, false, acc, true);
    }
    if (!nonEmpty(nb)) continue;
    for (let b = nb - 1; b >= 0; b--) {
      if (!nonEmpty(b)) continue;
      const acc: number[] = [];
      for (let i = nb - 1; i >= b; i--) if (nonEmpty(i)) acc.push(i);
      consider(f, b - 1, true, acc, false);
    }
  }
  return best;
}
