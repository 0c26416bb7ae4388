/**
 * Adds one tree's leaf values to margins of raw (unbinned) column-major data, with XGBoost's float32
 * rules (xgboost-spec.md §3.2): `x < threshold` goes left, NaN follows default_left, margins
 * accumulate in float32. Used for validation sets during training (one new tree per round).
 */
import type { Tree } from './tree.js';

/**
 * @param columns in: Float32Array columns (length nRows each), indexed by the tree's feature ids.
 * @param margins in/out: Float32Array, length nRows.
 */
export function addTreeToMargins(tree: Tree, columns: readonly Float32Array[], margins: Float32Array, weight = 1): void {
  const { left, right, splitIndex, splitCondition, defaultLeft } = tree;
  const n = margins.length;
  for (let r = 0; r < n; r++) {
    let node = 0;
    while (left[node] !== -1) {
      const v = columns[splitIndex[node]!]![r]!;
      if (v !== v) node = defaultLeft[node] ? left[node]! : right[node]!;
      else node = v < splitCondition[node]! ? left[node]! : right[node]!;
    }
    margins[r] = Math.fround(margins[r]! + Math.fround(splitCondition[node]! * weight));
  }
}
