/**
 * The tree walk over a CompiledForest (xgboost-spec.md §3.2), on one row of float32 features.
 * Rules: a missing value (NaN) follows default_left; a numeric split sends `v < threshold`
 * (float32 compare) left and everything else, equality included, right; a categorical split
 * sends a category in the node's set right, and other categories, negative values and values
 * >= 2^24 left. Margins accumulate in float32, in tree order: `m = fround(m + leaf * weight)`.
 *
 * Hot loops: no allocation, arrays read into locals once per call.
 */
import { FLAG_CATEGORICAL, FLAG_DEFAULT_LEFT, type CompiledForest } from './compiled-forest.js';

/** Categories at or above this are invalid (XGBoost's OutOfRangeCat, 2^24) and go left. */
const MAX_CATEGORY = 16777216;

/**
 * The global id of the leaf that row `x[off .. off + nFeatures)` reaches in the tree rooted at
 * global node `root`.
 * @param x in: Float32Array holding the row's features (NaN = missing) from `off`.
 */
export function findLeaf(f: CompiledForest, x: Float32Array, off: number, root: number): number {
  const left = f.left;
  const right = f.right;
  const feature = f.feature;
  const value = f.value;
  const flags = f.flags;
  let n = root;
  if (!f.hasCategorical) {
    for (let l = left[n]!; l >= 0; l = left[n]!) {
      const v = x[off + feature[n]!]!;
      const t = value[n]!;
      if (v < t) n = l;
      else if (v >= t) n = right[n]!;
      else n = (flags[n]! & FLAG_DEFAULT_LEFT) !== 0 ? l : right[n]!;
    }
    return n;
  }
  for (let l = left[n]!; l >= 0; l = left[n]!) {
    const v = x[off + feature[n]!]!;
    const fl = flags[n]!;
    if (v !== v) n = (fl & FLAG_DEFAULT_LEFT) !== 0 ? l : right[n]!;
    else if ((fl & FLAG_CATEGORICAL) !== 0) n = inCategorySet(f, n, v) ? right[n]! : l;
    else n = v < value[n]! ? l : right[n]!;
  }
  return n;
}

/** Whether the (non-missing) value v is a valid category in node n's set. */
function inCategorySet(f: CompiledForest, n: number, v: number): boolean {
  if (v < 0 || v >= MAX_CATEGORY) return false;
  const c = Math.trunc(v);
  const cats = f.categories;
  let lo = f.catStart[n]!;
  let hi = f.catEnd[n]!;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const m = cats[mid]!;
    if (m === c) return true;
    if (m < c) lo = mid + 1;
    else hi = mid;
  }
  return false;
}

/**
 * The float32 margin of one row over trees [0, nTrees): `margin0` plus each tree's leaf
 * contribution, rounded to float32 after every addition.
 * @param x in: Float32Array holding the row's features from `off`.
 * @param margin0 the starting margin (float32), ProbToMargin(base_score).
 */
export function sumTrees(f: CompiledForest, x: Float32Array, off: number, nTrees: number, margin0: number): number {
  const roots = f.roots;
  const value = f.value;
  let m = margin0;
  if (!f.hasCategorical) {
    // The numeric walk inlined: the common case, and the per-row cost of prediction.
    const left = f.left;
    const right = f.right;
    const feature = f.feature;
    const flags = f.flags;
    for (let t = 0; t < nTrees; t++) {
      let n = roots[t]!;
      for (let l = left[n]!; l >= 0; l = left[n]!) {
        const v = x[off + feature[n]!]!;
        const th = value[n]!;
        if (v < th) n = l;
        else if (v >= th) n = right[n]!;
        else n = (flags[n]! & FLAG_DEFAULT_LEFT) !== 0 ? l : right[n]!;
      }
      m = Math.fround(m + value[n]!);
    }
    return m;
  }
  for (let t = 0; t < nTrees; t++) m = Math.fround(m + value[findLeaf(f, x, off, roots[t]!)]!);
  return m;
}
