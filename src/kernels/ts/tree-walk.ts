/**
 * The tree walk over a CompiledForest (xgboost-spec.md §3.2), on one row of float32 features.
 * Rules: a missing value (NaN) follows default_left; a numeric split sends `v < threshold`
 * (float32 compare) left and everything else, equality included, right; a categorical split
 * sends a category in the node's set right, and other categories, negative values and values
 * >= 2^24 left. Margins accumulate in float32, in tree order: `m = fround(m + leaf * weight)`.
 *
 * Speed (numeric forests): a step is branch-free, `next = left + goesRight`, and a leaf steps to
 * itself, so four trees are walked together for as many steps as the shallowest of their
 * depths, interleaving four independent chains of loads; each then finishes alone. Their leaf
 * values are added in tree order. Hot loops allocate nothing.
 */
import { FLAG_CATEGORICAL, FLAG_MISSING_RIGHT, NODE_STRIDE, type CompiledForest } from './forest-layout.js';

/** Categories at or above this are invalid (XGBoost's OutOfRangeCat, 2^24) and go left. */
const MAX_CATEGORY = 16777216;

/**
 * 1 when a numeric split sends v right, else 0: `v >= t`, or v missing and the node's missing
 * direction is right. At a leaf (t = NaN, flags 0) it is 0 for every v. Booleans are used as
 * 0/1 integers by `|` and `&` (the casts only tell TypeScript so).
 */
function goesRight(v: number, t: number, flags: number): number {
  return ((v >= t) as unknown as number) | (((v !== v) as unknown as number) & flags);
}

/**
 * The global index of the leaf that the row `x[off .. off + nFeatures)` reaches in the tree whose
 * root is global node `root`.
 * @param x in: Float32Array holding the row's features (NaN = missing) from `off`.
 */
export function findLeaf(f: CompiledForest, x: Float32Array, off: number, root: number): number {
  const I = f.nodeInt;
  const F = f.nodeFloat;
  let n = root;
  if (!f.hasCategorical) {
    let s = n * NODE_STRIDE;
    while (I[s] !== n) {
      n = I[s]! + goesRight(x[off + I[s + 1]!]!, F[s + 2]!, I[s + 3]!);
      s = n * NODE_STRIDE;
    }
    return n;
  }
  for (let l = I[n * NODE_STRIDE]!; l !== n; l = I[n * NODE_STRIDE]!) {
    const s = n * NODE_STRIDE;
    const v = x[off + I[s + 1]!]!;
    const flags = I[s + 3]!;
    if (v !== v) n = l + (flags & FLAG_MISSING_RIGHT);
    else if ((flags & FLAG_CATEGORICAL) !== 0) n = inCategorySet(f, n, v) ? l + 1 : l;
    else n = v < F[s + 2]! ? l : l + 1;
  }
  return n;
}

/** Whether the (non-missing) value v is a valid category in node n's set. */
export function inCategorySet(f: CompiledForest, n: number, v: number): boolean {
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
 * contribution, rounded to float32 after every addition, in tree order. Written to
 * `out[outIdx]` rather than returned: a double returned from a call that V8 does not inline is
 * boxed (an allocation per row).
 * @param x in: Float32Array holding the row's features from `off`.
 * @param margin0 the starting margin (float32), ProbToMargin(base_score).
 * @param out out: Float32Array receiving the margin at `outIdx`.
 */
export function sumTrees(
  f: CompiledForest,
  x: Float32Array,
  off: number,
  nTrees: number,
  margin0: number,
  out: Float32Array,
  outIdx: number,
): void {
  const roots = f.roots;
  const leafValue = f.leafValue;
  // Math.fround makes V8 keep m an unboxed double through the loops (starting from the tagged
  // parameter it boxed m once per group of trees: ~400 bytes of garbage per row).
  let m = Math.fround(margin0);
  if (f.hasCategorical) {
    for (let t = 0; t < nTrees; t++) m = Math.fround(m + leafValue[findLeaf(f, x, off, roots[t]!)]!);
    out[outIdx] = m;
    return;
  }
  const I = f.nodeInt;
  const F = f.nodeFloat;
  const depth = f.depth;
  let t = 0;
  for (; t + 4 <= nTrees; t += 4) {
    // Node offsets (node index * NODE_STRIDE) of four trees walked in lockstep.
    let s0 = roots[t]! * NODE_STRIDE;
    let s1 = roots[t + 1]! * NODE_STRIDE;
    let s2 = roots[t + 2]! * NODE_STRIDE;
    let s3 = roots[t + 3]! * NODE_STRIDE;
    for (let d = Math.min(depth[t]!, depth[t + 1]!, depth[t + 2]!, depth[t + 3]!); d > 0; d--) {
      s0 = (I[s0]! + goesRight(x[off + I[s0 + 1]!]!, F[s0 + 2]!, I[s0 + 3]!)) * NODE_STRIDE;
      s1 = (I[s1]! + goesRight(x[off + I[s1 + 1]!]!, F[s1 + 2]!, I[s1 + 3]!)) * NODE_STRIDE;
      s2 = (I[s2]! + goesRight(x[off + I[s2 + 1]!]!, F[s2 + 2]!, I[s2 + 3]!)) * NODE_STRIDE;
      s3 = (I[s3]! + goesRight(x[off + I[s3 + 1]!]!, F[s3 + 2]!, I[s3 + 3]!)) * NODE_STRIDE;
    }
    while (I[s0]! * NODE_STRIDE !== s0) s0 = (I[s0]! + goesRight(x[off + I[s0 + 1]!]!, F[s0 + 2]!, I[s0 + 3]!)) * NODE_STRIDE;
    while (I[s1]! * NODE_STRIDE !== s1) s1 = (I[s1]! + goesRight(x[off + I[s1 + 1]!]!, F[s1 + 2]!, I[s1 + 3]!)) * NODE_STRIDE;
    while (I[s2]! * NODE_STRIDE !== s2) s2 = (I[s2]! + goesRight(x[off + I[s2 + 1]!]!, F[s2 + 2]!, I[s2 + 3]!)) * NODE_STRIDE;
    while (I[s3]! * NODE_STRIDE !== s3) s3 = (I[s3]! + goesRight(x[off + I[s3 + 1]!]!, F[s3 + 2]!, I[s3 + 3]!)) * NODE_STRIDE;
    m = Math.fround(m + leafValue[s0 / NODE_STRIDE]!);
    m = Math.fround(m + leafValue[s1 / NODE_STRIDE]!);
    m = Math.fround(m + leafValue[s2 / NODE_STRIDE]!);
    m = Math.fround(m + leafValue[s3 / NODE_STRIDE]!);
  }
  for (; t < nTrees; t++) m = Math.fround(m + leafValue[findLeaf(f, x, off, roots[t]!)]!);
  out[outIdx] = m;
}
