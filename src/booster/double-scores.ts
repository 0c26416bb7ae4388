/**
 * LightGBM's objectives train on double scores with double leaf values (LightGBM's arithmetic,
 * session.ts), while a tree of the model holds its leaves rounded to float32 (the XGBoost JSON
 * layout, and what every predictor here sums: a saved model and the trained one predict alike).
 * The model keeps the double values beside the trees, under `lambdaboost.leaf_values` (one array
 * per tree: its leaves' values in node-id order), so continued training rebuilds the exact
 * training scores: N + M rounds give the bytes of N + M in one go.
 */
import { ModelError } from '../errors.js';
import type { Tree } from '../tree/tree.js';

/** Each tree's leaf values as doubles: the saved ones, or a tree's float32 leaves where none were saved. */
export function leafDoubles(trees: readonly Tree[], saved: unknown, source: string): Float64Array[] {
  const parsed = saved === undefined ? null : parseLeafValues(saved, trees, source);
  return trees.map((t, k) => parsed?.[k] ?? Float64Array.from(leafNodes(t), (n) => t.splitCondition[n]!));
}

/** The model file's `leaf_values`: one array of numbers per tree. */
export function leafValuesJSON(values: readonly Float64Array[]): number[][] {
  return values.map((v) => Array.from(v));
}

/**
 * Training scores of `nRows` rows: `start` plus each tree's double leaf value, in tree order.
 * @param leaves in: Int32Array, nRows * nTrees, row-major: the leaf node id each row reaches
 *   (Predictor.predictLeaf).
 * @returns Float64Array, length nRows.
 */
export function scoresFromLeaves(trees: readonly Tree[], values: readonly Float64Array[], leaves: Int32Array, nRows: number, start: number): Float64Array {
  const nTrees = trees.length;
  // node id -> index among the tree's leaves
  const slot = trees.map((t) => {
    const s = new Int32Array(t.nNodes).fill(-1);
    leafNodes(t).forEach((n, i) => { s[n] = i; });
    return s;
  });
  const out = new Float64Array(nRows).fill(start);
  for (let t = 0; t < nTrees; t++) {
    const v = values[t]!;
    const s = slot[t]!;
    for (let r = 0; r < nRows; r++) out[r] = out[r]! + v[s[leaves[r * nTrees + t]!]!]!;
  }
  return out;
}

/** The leaf node ids of a tree, ascending. */
function leafNodes(t: Tree): number[] {
  const ids: number[] = [];
  for (let n = 0; n < t.nNodes; n++) if (t.left[n] === -1) ids.push(n);
  return ids;
}

/**
 * @throws ModelError unless `json` is one array of finite numbers per tree, each as long as its
 *   tree's leaves, each number rounding to the tree's float32 leaf.
 */
function parseLeafValues(json: unknown, trees: readonly Tree[], source: string): Float64Array[] {
  if (!Array.isArray(json) || json.length !== trees.length) {
    throw new ModelError(source, `leaf_values must hold one array per tree (${trees.length})`);
  }
  return trees.map((t, k) => {
    const ids = leafNodes(t);
    const a: unknown = json[k];
    if (!Array.isArray(a) || a.length !== ids.length || !a.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      throw new ModelError(source, `leaf_values[${k}] must hold ${ids.length} finite numbers (the tree's leaves)`);
    }
    const v = Float64Array.from(a as number[]);
    const j = ids.findIndex((n, i) => Math.fround(v[i]!) !== t.splitCondition[n]);
    if (j >= 0) throw new ModelError(source, `leaf_values[${k}][${j}] = ${v[j]} is not tree ${k}'s leaf ${t.splitCondition[ids[j]!]} (the trees and their double values disagree)`);
    return v;
  });
}
