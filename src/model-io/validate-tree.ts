/**
 * Structural checks of one Tree, so that a tree walk over it always ends at a leaf and reads
 * only columns the model has: array lengths, child ranges, no node reached twice (no cycles),
 * split features in range, categorical sets well formed. Unreachable nodes (XGBoost's deleted
 * nodes, xgboost-spec.md §3.1) are not checked beyond their ranges.
 */
import type { Tree } from '../tree/tree.js';

/** XGBoost's split index of a deleted node (with default_left set, its sindex is all ones). */
export const DELETED_SPLIT_INDEX = 2147483647;

/**
 * Checks `tree`; on the first problem calls `report(detail)`, which must throw.
 * @param nFeatures the model's number of features; reachable split features must be below it.
 */
export function checkTree(tree: Tree, nFeatures: number, report: (detail: string) => never): void {
  const n = tree.nNodes;
  if (!Number.isInteger(n) || n < 1) report(`a tree needs at least one node, found num_nodes ${n}`);
  const arrays: [string, ArrayLike<number>][] = [
    ['left_children', tree.left],
    ['right_children', tree.right],
    ['parents', tree.parent],
    ['split_indices', tree.splitIndex],
    ['split_conditions', tree.splitCondition],
    ['default_left', tree.defaultLeft],
    ['split_type', tree.splitType],
    ['base_weights', tree.baseWeight],
    ['loss_changes', tree.lossChange],
    ['sum_hessian', tree.sumHessian],
  ];
  for (const [name, a] of arrays) {
    if (a.length !== n) report(`${name} has ${a.length} entries, expected num_nodes = ${n}`);
  }
  const { left, right } = tree;
  for (let i = 0; i < n; i++) {
    const l = left[i]!;
    const r = right[i]!;
    if (l < -1 || l >= n) report(`node ${i}: left child ${l} is out of range [-1, ${n - 1}]`);
    if (r < -1 || r >= n) report(`node ${i}: right child ${r} is out of range [-1, ${n - 1}]`);
    if ((l === -1) !== (r === -1)) report(`node ${i}: has only one child (left ${l}, right ${r})`);
  }
  const catOf = checkCategories(tree, report);
  // Depth-first walk from the root: every reachable node is visited exactly once.
  const seen = new Uint8Array(n);
  const stack = [0];
  seen[0] = 1;
  while (stack.length > 0) {
    const i = stack.pop()!;
    const l = left[i]!;
    if (l === -1) continue;
    const f = tree.splitIndex[i]!;
    if (f < 0 || f >= nFeatures) report(`node ${i}: split feature ${f} is out of range [0, ${nFeatures - 1}]`);
    const cat = tree.splitType[i]!;
    if (cat !== 0 && cat !== 1) report(`node ${i}: split_type ${cat} is neither 0 (numeric) nor 1 (categorical)`);
    if (cat === 1 && catOf[i] === -1) report(`node ${i}: categorical split without an entry in categories_nodes`);
    for (const c of [l, right[i]!]) {
      if (seen[c]) report(`node ${c} is reached twice (a cycle or a shared child, via node ${i})`);
      seen[c] = 1;
      stack.push(c);
    }
  }
}

/**
 * Checks the categorical tables; returns, per node, the index of its entry in catNodes or -1
 * (Int32Array, length nNodes).
 */
function checkCategories(tree: Tree, report: (detail: string) => never): Int32Array {
  const n = tree.nNodes;
  const k = tree.catNodes.length;
  if (tree.catSegments.length !== k || tree.catSizes.length !== k) {
    report(
      `categories_nodes, categories_segments and categories_sizes differ in length (${k}, ${tree.catSegments.length}, ${tree.catSizes.length})`,
    );
  }
  const catOf = new Int32Array(n).fill(-1);
  const nCats = tree.categories.length;
  for (let j = 0; j < k; j++) {
    const node = tree.catNodes[j]!;
    if (node < 0 || node >= n) report(`categories_nodes[${j}] = ${node} is out of range [0, ${n - 1}]`);
    if (catOf[node] !== -1) report(`node ${node} appears twice in categories_nodes`);
    if (tree.splitType[node] !== 1) report(`categories_nodes[${j}] = ${node} is not a categorical split (split_type 0)`);
    catOf[node] = j;
    const seg = tree.catSegments[j]!;
    const size = tree.catSizes[j]!;
    if (seg < 0 || size < 0 || seg + size > nCats) {
      report(`categories_segments[${j}] = ${seg}, categories_sizes[${j}] = ${size} exceed categories (${nCats} entries)`);
    }
  }
  // The sets must not share entries (XGBoost writes them one after another): consumers size
  // their tables by categories.length. Overlapping segments made compileForest write past the
  // end of its category table (a RangeError at predict time; found by test/fuzz).
  let total = 0;
  for (let j = 0; j < k; j++) total += tree.catSizes[j]!;
  if (total > nCats) {
    report(`categories_sizes add up to ${total}, but categories has ${nCats} entries (the category sets overlap)`);
  }
  for (let j = 0; j < nCats; j++) {
    if (tree.categories[j]! < 0) report(`categories[${j}] = ${tree.categories[j]} is negative`);
  }
  return catOf;
}
