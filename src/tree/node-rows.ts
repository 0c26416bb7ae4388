/**
 * Where a node's rows are in the partition array. The array is cut once, at `segmentStart(nRows)`,
 * into two segments partitioned independently: a node owns one window of each, and its rows are the
 * first window's then the second's. The root's windows are [0, mid) and [mid, n) of the identity,
 * and every partition is stable, so in that order a node's rows are ascending, exactly as if the
 * array were one segment: sums over them round the same. Two segments let two threads partition
 * every node, the root included, each its own window, with no join.
 */

/** Windows [aStart, aEnd) and [bStart, bEnd) of the partition array (either may be empty). */
export interface NodeRows {
  readonly aStart: number;
  readonly aEnd: number;
  readonly bStart: number;
  readonly bEnd: number;
}

/** First position of the second segment for a partition array of `nRows` rows. */
export function segmentStart(nRows: number): number {
  return nRows >>> 1;
}

/** The root's windows: the whole array in its two segments. */
export function rootRows(nRows: number): NodeRows {
  const mid = segmentStart(nRows);
  return { aStart: 0, aEnd: mid, bStart: mid, bEnd: nRows };
}

/** Rows of a node. */
export function rowCount(w: NodeRows): number {
  return w.aEnd - w.aStart + (w.bEnd - w.bStart);
}

/**
 * Appends to `out` the (start, end) windows of the partition array that hold positions [v0, v1)
 * of the node's rows in order (at most two windows; empty ones are left out).
 */
export function rowRange(w: NodeRows, v0: number, v1: number, out: number[]): void {
  if (v1 <= v0) return;
  const lenA = w.aEnd - w.aStart;
  if (v0 < lenA) out.push(w.aStart + v0, w.aStart + Math.min(v1, lenA));
  if (v1 > lenA) out.push(w.bStart + Math.max(v0 - lenA, 0), w.bStart + (v1 - lenA));
}

/** All of the node's windows in order (empty ones left out), appended to `out` as (start, end) pairs. */
export function allRows(w: NodeRows, out: number[]): void {
  rowRange(w, 0, rowCount(w), out);
}
