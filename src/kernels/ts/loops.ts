/**
 * Small hot loops of training that are not Kernels methods with a WASM twin: plain TS, allocation
 * free, each with a naive reference in test/kernels/loops.test.ts.
 */
import type { RowIndexArray, SumArray } from '../../types.js';

/** `rows[i] = i` for every i in [start, end) (a root's window: HistogramJob.identity). */
export function fillIdentity(rows: RowIndexArray, start: number, end: number): void {
  for (let i = start; i < end; i++) rows[i] = i;
}

/** `hist[i] += partial[i]` for every double (the row halves' reduction, node = first + second). */
export function addPartial(hist: SumArray, partial: SumArray): void {
  for (let i = 0; i < hist.length; i++) hist[i] = hist[i]! + partial[i]!;
}

/**
 * Training margins after a tree, without re-predicting: every row of a leaf window gets the leaf's
 * value added (float32, as XGBoost's prediction cache does):
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
 * Draws one round's row bag (XGBoost's subsample, without replacement by Bernoulli draws): row r
 * is out of the bag (0) when the r-th draw of `rng` is >= `fraction`, else in (1). One draw per
 * row, in row order, so the bag depends only on the stream.
 * @param mask out: Uint8Array, length nRows.
 */
export function drawRowBag(mask: Uint8Array, fraction: number, rng: { nextFloat(): number }): void {
  for (let r = 0; r < mask.length; r++) mask[r] = rng.nextFloat() >= fraction ? 0 : 1;
}

/**
 * Zeroes g and h of the rows out of the bag (they then add nothing to any histogram).
 * @param gh in/out: Float32Array, length 2 * nRows. @param mask Uint8Array, length nRows (0 = out).
 */
export function zeroOutsideBag(gh: Float32Array, mask: Uint8Array): void {
  for (let r = 0; r < mask.length; r++) {
    if (mask[r] === 0) {
      gh[2 * r] = 0;
      gh[2 * r + 1] = 0;
    }
  }
}
