/**
 * The best split found for a node.
 */
export interface SplitInfo {
  /** Feature index, or -1 when no valid split exists. */
  feature: number;
  /** Rows whose bin code is <= splitBin go left (missing follows defaultLeft). May be -1 (no present value left). */
  splitBin: number;
  /** Float32 threshold stored in the tree: `x < threshold` goes left. */
  threshold: number;
  defaultLeft: boolean;
  /**
   * A categorical split: the category codes that go right, ascending (the rest go left, missing
   * follows defaultLeft; `splitBin` is then unused), or null for a numerical split.
   */
  categories: number[] | null;
  /** Loss change gain(L) + gain(R) - gain(parent) (spec §2.6), -Infinity when invalid. */
  lossChg: number;
  sumGradLeft: number;
  sumHessLeft: number;
  sumGradRight: number;
  sumHessRight: number;
  /**
   * LightGBM's scan (kernels/ts/lightgbm-scan.ts) only: the children's leaf outputs in double, as
   * LightGBM computes them from the scan's sums (CalculateSplittedLeafOutput); NaN otherwise.
   */
  outLeft: number;
  outRight: number;
}

/** A fresh "no split" record. */
export function noSplit(): SplitInfo {
  return {
    feature: -1,
    splitBin: 0,
    threshold: 0,
    defaultLeft: false,
    categories: null,
    lossChg: -Infinity,
    sumGradLeft: 0,
    sumHessLeft: 0,
    sumGradRight: 0,
    sumHessRight: 0,
    outLeft: NaN,
    outRight: NaN,
  };
}
