/**
 * Naive reference versions of the kernels, written for clarity, not speed: tests compare every
 * implementation against these. Not used in training.
 */
import type { BinArray, SumArray } from '../types.js';
import type { SplitInfo } from '../split/split-info.js';
import { leafWeight, lossChange, nodeGain, type GainParams } from './ts/gain.js';
import type { CategoricalParams, CategoricalSplit } from './ts/categorical-split.js';

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
 * `lossChange(nodeGain(GL, HL), nodeGain(GR, HR), parentGain)` (src/kernels/ts/gain.ts), and the first
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

/**
 * The categorical split search written plainly (the search as it first shipped: a closure per
 * candidate, an array sort by comparator), the reference for bestCategoricalSplit
 * (kernels/ts/categorical-split.ts states the rules).
 */
export function naiveCategoricalSplit(
  p: GainParams, cp: CategoricalParams, hist: SumArray, histOffsets: Uint32Array, nBins: Uint32Array,
  feature: number, sumGrad: number, sumHess: number,
): CategoricalSplit {
  const nb = nBins[feature]!;
  const base = histOffsets[feature]! * 2;
  const parentGain = nodeGain(p, sumGrad, sumHess);
  const mcw = Math.fround(p.minChildWeight);
  const best: CategoricalSplit = {
    lossChg: -Infinity, defaultLeft: false, categories: [], sumGradLeft: 0, sumHessLeft: 0, sumGradRight: 0, sumHessRight: 0,
  };
  const offer = (gl: number, hl: number, gr: number, hr: number, defaultLeft: boolean): boolean => {
    if (!(hl > 0 && hr > 0 && hl >= mcw && hr >= mcw)) return false;
    const chg = lossChange(nodeGain(p, gl, hl), nodeGain(p, gr, hr), parentGain);
    if (!Number.isFinite(chg) || !(chg > best.lossChg)) return false;
    best.lossChg = chg;
    best.defaultLeft = defaultLeft;
    best.sumGradLeft = gl;
    best.sumHessLeft = hl;
    best.sumGradRight = gr;
    best.sumHessRight = hr;
    return true;
  };
  if (nb < cp.maxCatToOnehot) {
    let fg = 0;
    let fh = 0;
    for (let b = 0; b < nb; b++) {
      fg += hist[base + 2 * b]!;
      fh += hist[base + 2 * b + 1]!;
    }
    const mg = sumGrad - fg;
    const mh = sumHess - fh;
    let chosen = -1;
    for (let b = 0; b < nb; b++) {
      const rg = hist[base + 2 * b]!;
      const rh = hist[base + 2 * b + 1]!;
      if (offer(sumGrad - rg, sumHess - rh, rg, rh, true)) chosen = b;
      const rg2 = rg + mg;
      const rh2 = rh + mh;
      if (offer(sumGrad - rg2, sumHess - rh2, rg2, rh2, false)) chosen = b;
    }
    if (chosen >= 0) best.categories = [chosen];
    return best;
  }
  const order = Array.from({ length: nb }, (_, b) => b);
  const weight = new Float32Array(nb);
  for (let b = 0; b < nb; b++) weight[b] = leafWeight(p, hist[base + 2 * b]!, hist[base + 2 * b + 1]!);
  order.sort((a, b) => (weight[a]! < weight[b]! ? -1 : weight[b]! < weight[a]! ? 1 : 0));
  const m = Math.min(cp.maxCatThreshold, nb);
  let size = 0;
  let rg = 0;
  let rh = 0;
  for (let j = 0; j < m - 1; j++) {
    rg += hist[base + 2 * order[j]!]!;
    rh += hist[base + 2 * order[j]! + 1]!;
    if (offer(sumGrad - rg, sumHess - rh, rg, rh, true)) size = j + 1;
  }
  let lg = 0;
  let lh = 0;
  for (let j = nb - 1; j > nb - m; j--) {
    lg += hist[base + 2 * order[j]!]!;
    lh += hist[base + 2 * order[j]! + 1]!;
    if (offer(lg, lh, sumGrad - lg, sumHess - lh, false)) size = j;
  }
  if (size > 0) best.categories = order.slice(0, size).sort((a, b) => a - b);
  return best;
}
