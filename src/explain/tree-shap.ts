/**
 * SHAP values of tree ensembles: exact, path-dependent TreeSHAP (Lundberg, Erion, Lee,
 * "Consistent Individualized Feature Attribution for Tree Ensembles", 2018, Algorithm 2), in the
 * layout of XGBoost's `predict(pred_contribs=True)`: per row, one contribution per feature and a
 * last "bias" column holding the base margin plus each tree's expected value (node-means.ts).
 * Per row, the contributions and the bias add up to the margin (the local accuracy property).
 *
 * The algorithm follows every root-to-leaf path once per row, carrying the "unique path" of
 * features met so far: for each feature on it, the fraction of the "cold" data (cover) that
 * flows down the path without conditioning on it (`zero`), whether the row itself flows down it
 * (`one`, 0 or 1), and the weights `w` of the Shapley permutation sums for every subset size.
 * EXTEND adds a feature to the path; UNWIND removes one (a feature met a second time is unwound
 * and re-extended with the product of its fractions); at a leaf, each path feature receives
 *   sum(w of the path with it unwound) * (one - zero) * leaf value.
 * A missing value follows the split's default direction, a categorical value its set, as in
 * prediction (tree-route.ts). Arithmetic is float64; dart tree weights scale each tree's part,
 * as in XGBoost's CPU predictor.
 */
import type { Model } from '../model-io/model.js';
import type { FeatureMapOptions } from '../predict/feature-map.js';
import { ForestPredictor, outputGroupModels, type PredictInput } from '../predict/forest-predictor.js';
import { requireCovers } from './check-covers.js';
import { modelColumns } from './model-columns.js';
import { nodeMeans } from './node-means.js';
import { routeTree, type RouteFn } from './tree-route.js';

/** Options of shapValues. */
/** Options of shapValues: how a Dataset's columns are matched to the model (as in prediction). */
export type ShapOptions = FeatureMapOptions;

/**
 * One tree prepared for TreeSHAP, as flat node arrays of one length (node 0 the root): XGBoost's
 * trees as they are, LightGBM's laid out so (lightgbm-shap.ts).
 */
export interface ShapTree {
  /** Int32Array: left child of each node, -1 for a leaf. */
  readonly left: Int32Array;
  /** Int32Array: right child of each node. */
  readonly right: Int32Array;
  /** Int32Array: feature tested at each split node. */
  readonly splitIndex: Int32Array;
  /** Leaf value of each leaf node (read at leaves only). */
  readonly value: ArrayLike<number>;
  /** Cover of each node (XGBoost: hessian sum; LightGBM: training row count). */
  readonly cover: ArrayLike<number>;
  /** The child a feature value goes to at a split node. */
  readonly route: RouteFn;
  /** The tree's expected value (mean of its root), already multiplied by the tree weight. */
  readonly expected: number;
  /** Tree weight (1 for gbtree, dart's weight_drop otherwise). */
  readonly weight: number;
  /** Depth of the deepest leaf (0 for a single leaf). */
  readonly depth: number;
}

/**
 * The unique path storage: one segment per recursion level, each long enough for the deepest
 * path (depth + 1 entries: the root's dummy entry plus one per split).
 */
class PathStore {
  readonly feature: Int32Array;
  readonly zero: Float64Array;
  readonly one: Float64Array;
  readonly w: Float64Array;
  constructor(readonly stride: number) {
    const n = stride * stride;
    this.feature = new Int32Array(n);
    this.zero = new Float64Array(n);
    this.one = new Float64Array(n);
    this.w = new Float64Array(n);
  }
}

/**
 * SHAP values (feature contributions) of every row, as XGBoost's `pred_contribs`.
 * @param model a single-output model (checked as checkPredictable checks it) whose split nodes
 *   have covers.
 * @param input a Dataset (columns matched to the model as in prediction) or an array of rows in
 *   model order (NaN, null, undefined = missing).
 * @returns Float32Array of length nRows * (nFeatures + 1), row-major: row r's contribution of
 *   feature j at `r * (nFeatures + 1) + j`, its bias (base margin + sum of the trees' expected
 *   values) at `r * (nFeatures + 1) + nFeatures`. Each row sums to its margin (up to rounding).
 *   A K-class model gives K blocks a row (XGBoost's pred_contribs layout, nRows x K x (nFeatures + 1)):
 *   class k's values of row r at `(r * K + k) * (nFeatures + 1)`.
 * @throws ModelError for a model that cannot be predicted or lacks covers; DataError when the
 *   data's columns do not match the model.
 */
export function shapValues(model: Model, input: PredictInput, options: ShapOptions = {}): Float32Array {
  if (model.nOutputGroups > 1) return groupShapValues(model, input, options);
  const predictor = ForestPredictor.fromModel(model);
  requireCovers(model, 'SHAP values');
  const nF = model.nFeatures;
  const { nRows, columns } = modelColumns(model.featureNames, nF, input, options);
  const trees: ShapTree[] = model.trees.map((tree, t) => {
    const weight = model.treeWeights[t]!;
    const { left, right, splitIndex, splitCondition, sumHessian } = tree;
    return { left, right, splitIndex, value: splitCondition, cover: sumHessian, route: routeTree(tree), expected: nodeMeans(tree)[0]! * weight, weight, depth: treeDepth(tree) };
  });
  let bias = predictor.baseMargin;
  for (const t of trees) bias += t.expected;
  const out = new Float32Array(nRows * (nF + 1));
  treeShap(trees, bias, nF, nRows, columns, (o, phi) => {
    for (let j = 0; j <= nF; j++) out[o + j] = phi[j]!;
  });
  return out;
}

/**
 * TreeSHAP of every row over prepared trees.
 * @param bias the bias column's value (base margin plus the trees' expected values).
 * @param columns length nFeatures: feature j's value of row r at [j][r] (NaN = missing).
 * @param emit receives each row's offset r * (nFeatures + 1) and its values (Float64Array of
 *   length nFeatures + 1, the bias last), valid during the call.
 */
export function treeShap(
  trees: readonly ShapTree[],
  bias: number,
  nF: number,
  nRows: number,
  columns: readonly ArrayLike<number>[],
  emit: (offset: number, phi: Float64Array) => void,
): void {
  const maxDepth = trees.reduce((d, t) => Math.max(d, t.depth), 0);
  const store = new PathStore(maxDepth + 2);
  const stride = nF + 1;
  const phi = new Float64Array(stride);
  const x = new Float64Array(Math.max(1, nF));
  for (let r = 0; r < nRows; r++) {
    for (let j = 0; j < nF; j++) x[j] = columns[j]![r]!;
    phi.fill(0);
    for (const t of trees) {
      if (t.left[0] === -1) continue; // a single leaf: all in the bias
      recurse(t, x, phi, store, 0, 0, 0, 1, 1, -1);
    }
    phi[nF] = bias;
    emit(r * stride, phi);
  }
}

/** Depth of the deepest reachable leaf of node arrays (left -1 = leaf). */
export function treeDepth(tree: { readonly left: Int32Array; readonly right: Int32Array }): number {
  let max = 0;
  const stack: [number, number][] = [[0, 0]];
  while (stack.length > 0) {
    const [n, d] = stack.pop()!;
    if (tree.left[n] === -1) max = Math.max(max, d);
    else stack.push([tree.left[n]!, d + 1], [tree.right[n]!, d + 1]);
  }
  return max;
}

/**
 * RECURSE of Algorithm 2 at `node`: copies the parent's path (segment `level - 1`, `parentLen`
 * entries) into segment `level`, extends it with (zeroFraction, oneFraction, feature), then
 * either credits a leaf or descends to both children.
 */
function recurse(
  t: ShapTree,
  x: Float64Array,
  phi: Float64Array,
  m: PathStore,
  level: number,
  node: number,
  parentLen: number,
  zeroFraction: number,
  oneFraction: number,
  feature: number,
): void {
  const s = m.stride;
  const base = level * s;
  if (level > 0) {
    // Element loops: paths are short, and copyWithin's call overhead dominated at this size.
    const { feature: fe, zero: ze, one: on, w } = m;
    for (let i = 0, from = base - s; i < parentLen; i++) {
      fe[base + i] = fe[from + i]!;
      ze[base + i] = ze[from + i]!;
      on[base + i] = on[from + i]!;
      w[base + i] = w[from + i]!;
    }
  }
  let len = extend(m, base, parentLen, zeroFraction, oneFraction, feature);
  const left = t.left[node]!;
  if (left === -1) {
    const value = t.value[node]! * t.weight;
    for (let i = 1; i < len; i++) {
      const k = base + i;
      phi[m.feature[k]!]! += unwoundSum(m, base, len, i) * (m.one[k]! - m.zero[k]!) * value;
    }
    return;
  }
  const f = t.splitIndex[node]!;
  const hot = t.route(node, x[f]!);
  const right = t.right[node]!;
  const cold = hot === left ? right : left;
  let inZero = 1;
  let inOne = 1;
  for (let i = 1; i < len; i++) {
    if (m.feature[base + i] === f) {
      inZero = m.zero[base + i]!;
      inOne = m.one[base + i]!;
      len = unwind(m, base, len, i);
      break;
    }
  }
  const cover = t.cover[node]!;
  const hotZero = (inZero * t.cover[hot]!) / cover;
  const coldZero = (inZero * t.cover[cold]!) / cover;
  // A branch that neither the row nor any cover reaches adds nothing (all its weights are 0).
  if (hotZero !== 0 || inOne !== 0) recurse(t, x, phi, m, level + 1, hot, len, hotZero, inOne, f);
  if (coldZero !== 0) recurse(t, x, phi, m, level + 1, cold, len, coldZero, 0, f);
}

/**
 * EXTEND: appends (zeroFraction, oneFraction, feature) to the path of `len` entries at `base`
 * and updates the permutation weights: with l = len,
 *   w[l] = (l == 0 ? 1 : 0);  for i = l-1 .. 0:  w[i+1] += one * w[i] * (i+1) / (l+1),
 *                                                w[i]    = zero * w[i] * (l-i) / (l+1).
 * @returns the new length.
 */
function extend(m: PathStore, base: number, len: number, zeroFraction: number, oneFraction: number, feature: number): number {
  const w = m.w;
  m.feature[base + len] = feature;
  m.zero[base + len] = zeroFraction;
  m.one[base + len] = oneFraction;
  w[base + len] = len === 0 ? 1 : 0;
  const l1 = len + 1;
  for (let i = len - 1; i >= 0; i--) {
    w[base + i + 1]! += (oneFraction * w[base + i]! * (i + 1)) / l1;
    w[base + i] = (zeroFraction * w[base + i]! * (len - i)) / l1;
  }
  return l1;
}

/**
 * UNWIND: removes entry `idx` from the path of `len` entries, undoing its EXTEND on the weights
 * (the inverse of the recurrence above, run from the last weight down), and shifts the later
 * entries one place left.
 * @returns the new length.
 */
function unwind(m: PathStore, base: number, len: number, idx: number): number {
  const w = m.w;
  const one = m.one[base + idx]!;
  const zero = m.zero[base + idx]!;
  let next = w[base + len - 1]!;
  for (let j = len - 2; j >= 0; j--) {
    if (one !== 0) {
      const prev = w[base + j]!;
      w[base + j] = (next * len) / ((j + 1) * one);
      next = prev - (w[base + j]! * zero * (len - 1 - j)) / len;
    } else {
      w[base + j] = (w[base + j]! * len) / (zero * (len - 1 - j));
    }
  }
  for (let j = idx; j < len - 1; j++) {
    m.feature[base + j] = m.feature[base + j + 1]!;
    m.zero[base + j] = m.zero[base + j + 1]!;
    m.one[base + j] = m.one[base + j + 1]!;
  }
  return len - 1;
}

/** RECIPROCAL[k] = 1 / k, for the hot loops (multiplying is several times cheaper than dividing). */
const RECIPROCAL = Float64Array.from({ length: 130 }, (_, k) => (k === 0 ? 0 : 1 / k));

/**
 * The sum of the weights UNWIND(path, idx) would leave, without changing the path (the inner
 * loop of TreeSHAP, run for every path entry at every leaf): the recurrence of unwind() with
 * its divisions turned into multiplications by reciprocals.
 */
function unwoundSum(m: PathStore, base: number, len: number, idx: number): number {
  const w = m.w;
  const one = m.one[base + idx]!;
  const zero = m.zero[base + idx]!;
  const inv = len < RECIPROCAL.length ? RECIPROCAL : null;
  let total = 0;
  if (one !== 0) {
    const lenOverOne = len / one;
    const zeroOverLen = zero / len;
    let next = w[base + len - 1]!;
    for (let j = len - 2; j >= 0; j--) {
      const wj = inv !== null ? next * lenOverOne * inv[j + 1]! : (next * lenOverOne) / (j + 1);
      total += wj;
      next = w[base + j]! - wj * zeroOverLen * (len - 1 - j);
    }
  } else if (zero !== 0) {
    const lenOverZero = len / zero;
    for (let j = len - 2; j >= 0; j--) total += inv !== null ? w[base + j]! * lenOverZero * inv[len - 1 - j]! : (w[base + j]! * lenOverZero) / (len - 1 - j);
  }
  return total;
}

/** shapValues of a K-class model: each class's trees and base margin, in blocks (r, k). */
function groupShapValues(model: Model, input: PredictInput, options: ShapOptions): Float32Array {
  ForestPredictor.fromModel(model);
  const K = model.nOutputGroups;
  const stride = model.nFeatures + 1;
  const per = outputGroupModels(model).map((m) => shapValues(m, input, options));
  const nRows = per[0]!.length / stride;
  const out = new Float32Array(nRows * K * stride);
  per.forEach((phi, k) => {
    for (let r = 0; r < nRows; r++) out.set(phi.subarray(r * stride, (r + 1) * stride), (r * K + k) * stride);
  });
  return out;
}
