/**
 * Adds one tree's leaf values to margins of raw (unbinned) column-major data, with XGBoost's float32
 * rules (xgboost-spec.md §3.2): `x < threshold` goes left, NaN follows default_left, margins
 * accumulate in float32. Used for validation sets during training (one new tree per round).
 */

/** The node arrays the walk reads (a Tree, or the same arrays sent to a worker). */
export interface TreeArrays {
  readonly left: ArrayLike<number>;
  readonly right: ArrayLike<number>;
  readonly splitIndex: ArrayLike<number>;
  readonly splitCondition: ArrayLike<number>;
  readonly defaultLeft: ArrayLike<number>;
}

/**
 * @param columns in: Float32Array columns (length nRows each), indexed by the tree's feature ids.
 * @param margins in/out: Float32Array, length nRows.
 * @param rowStart, rowEnd the rows to update (default all).
 */
export function addTreeToMargins(
  tree: TreeArrays, columns: readonly Float32Array[], margins: Float32Array, weight = 1, rowStart = 0, rowEnd = margins.length,
): void {
  const { left, right, splitIndex, splitCondition, defaultLeft } = tree;
  for (let r = rowStart; r < rowEnd; r++) {
    let node = 0;
    while (left[node] !== -1) {
      const v = columns[splitIndex[node]!]![r]!;
      if (v !== v) node = defaultLeft[node] ? left[node]! : right[node]!;
      else node = v < splitCondition[node]! ? left[node]! : right[node]!;
    }
    margins[r] = Math.fround(margins[r]! + Math.fround(splitCondition[node]! * weight));
  }
}
