/**
 * Training margins after a tree, without re-predicting: the grower leaves each leaf's rows in two
 * windows of the partition array (src/tree/node-rows.ts), so every row of a leaf gets the leaf's
 * value added (float32, as XGBoost's prediction cache does). Windows are disjoint, so any split
 * of the leaves between threads gives the same margins.
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

/**
 * One leaf's rows as a single window, for code that takes one (adaptive leaf values): the leaf's
 * own window when the other is empty, else a copy of both windows' rows in order.
 * @param rows in: Uint32Array partition array after growth.
 * @param leafWindows in: Uint32Array, 4 per leaf (GrownTree.leafWindows).
 * @returns [array, start, end]: the leaf's rows are array[start..end).
 */
export function leafRows(rows: RowIndexArray, leafWindows: Uint32Array, leaf: number): [Uint32Array, number, number] {
  const aStart = leafWindows[4 * leaf]!;
  const aEnd = leafWindows[4 * leaf + 1]!;
  const bStart = leafWindows[4 * leaf + 2]!;
  const bEnd = leafWindows[4 * leaf + 3]!;
  if (bEnd === bStart) return [rows, aStart, aEnd];
  if (aEnd === aStart) return [rows, bStart, bEnd];
  const both = new Uint32Array(aEnd - aStart + (bEnd - bStart));
  both.set(rows.subarray(aStart, aEnd));
  both.set(rows.subarray(bStart, bEnd), aEnd - aStart);
  return [both, 0, both.length];
}
