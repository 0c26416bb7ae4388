/**
 * Training margins after a tree, without re-predicting: the grower leaves each leaf's rows in two
 * windows of the partition array (src/tree/node-rows.ts), so every row of a leaf gets the leaf's
 * value added (float32, as XGBoost's prediction cache does). Windows are disjoint, so any split
 * of the leaves between threads gives the same margins.
 */
import { leafAddUnits } from '../kernels/units/leaf-add.js';
import type { Executor } from '../parallel/executor.js';
import type { RowIndexArray } from '../types.js';
import { segmentStart } from '../tree/node-rows.js';
export { addLeafValues } from '../kernels/ts/loops.js';

/**
 * addLeafValues over every window, on the executor: the windows in the rows array's order, cut into
 * one run per thread of about equal row counts; with two threads, cut where the array's second
 * segment starts (node-rows.ts). A segment's windows hold only the rows of its half of the row
 * range, so each thread then writes its own half of `margins`: runs of whole leaves (a window of
 * each segment) would have both threads writing to the same cache lines of margins.
 * @param rows in: Uint32Array partition array after growth (the kernels' memory), length nRows.
 * @param margins in/out: Float32Array (the kernels' memory), length nRows.
 * @param windows in: triples (start, end, leaf value), disjoint, in any order.
 */
export async function addLeafWindows(executor: Executor, rows: RowIndexArray, margins: Float32Array, windows: readonly number[]): Promise<void> {
  const T = executor.threads;
  const nWindows = windows.length / 3;
  const order = Array.from({ length: nWindows }, (_, k) => k).sort((a, b) => windows[3 * a]! - windows[3 * b]!);
  const sorted: number[] = [];
  let total = 0;
  for (const k of order) {
    sorted.push(windows[3 * k]!, windows[3 * k + 1]!, windows[3 * k + 2]!);
    total += windows[3 * k + 1]! - windows[3 * k]!;
  }
  const runs: number[] = [0];
  if (T === 2) {
    const mid = segmentStart(rows.length);
    let k = 0;
    while (k < nWindows && sorted[3 * k]! < mid) k++;
    runs.push(k);
  } else {
    // Run boundaries: window k starts run floor(T * rowsBefore(k) / total).
    let before = 0;
    for (let k = 0; k < nWindows; k++) {
      while (runs.length < T && before * T >= runs.length * total) runs.push(k);
      before += sorted[3 * k + 1]! - sorted[3 * k]!;
    }
    while (runs.length < T) runs.push(nWindows);
  }
  runs.push(nWindows);
  await executor.run(leafAddUnits, { rows, margins, windows: sorted, runs }, T, total);
}

/**
 * LightGBM's score update (ScoreUpdater::AddScore, in double) for its objectives: every row of a
 * leaf gets the leaf's double value added to its double score, and its float32 margin (what the
 * metrics read) becomes that score rounded. On the calling thread: one pass over the rows per tree.
 * @param rows in: Uint32Array partition array after growth, length nRows.
 * @param scores in/out: Float64Array, length nRows. @param margins out: Float32Array, length nRows.
 * @param windows in: triples (start, end, leaf value).
 */
export function addLeafScores(rows: RowIndexArray, scores: Float64Array, margins: Float32Array, windows: readonly number[]): void {
  for (let k = 0; k < windows.length; k += 3) {
    const v = windows[k + 2]!;
    for (let i = windows[k]!; i < windows[k + 1]!; i++) {
      const r = rows[i]!;
      const s = scores[r]! + v;
      scores[r] = s;
      margins[r] = s;
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
