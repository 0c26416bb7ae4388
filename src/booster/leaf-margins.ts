/**
 * Training margins after a tree, without re-predicting: the grower leaves each leaf's rows in one
 * window of the partition array, so every row of a leaf gets the leaf's value added (float32, as
 * XGBoost's prediction cache does). Windows are disjoint, so any split of the leaves between
 * threads gives the same margins.
 */
import type { RowIndexArray } from '../types.js';

/**
 * `margins[rows[i]] = fround(margins[rows[i]] + v)` for i in [start, end), for the window triples
 * (start, end, v) k = kBegin .. kEnd - 1 of `windows`.
 * @param rows in: Uint32Array partition array, length nRows.
 * @param margins in/out: Float32Array, length nRows.
 * @param windows in: triples (start, end, leaf value), length >= 3 * kEnd.
 */
export function addLeafValues(rows: RowIndexArray, margins: Float32Array, windows: ArrayLike<number>, kBegin: number, kEnd: number): void {
  for (let k = kBegin; k < kEnd; k++) {
    const v = windows[3 * k + 2]!;
    const end = windows[3 * k + 1]!;
    for (let i = windows[3 * k]!; i < end; i++) {
      const r = rows[i]!;
      margins[r] = margins[r]! + v;
    }
  }
}
