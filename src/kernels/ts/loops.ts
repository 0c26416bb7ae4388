/**
 * Small hot loops of training that are not Kernels methods with a WASM twin: plain TS, allocation
 * free, each with a naive reference in test/kernels/loops.test.ts.
 */
import type { BinArray, RowIndexArray, SumArray } from '../../types.js';

/** `rows[i] = i` for every i in [start, end) (a root's window: HistogramJob.identity). */
export function fillIdentity(rows: RowIndexArray, start: number, end: number): void {
  for (let i = start; i < end; i++) rows[i] = i;
}

/**
 * `hist[i] += partial[i]` for every double i in [start, end) (default: all): the row halves'
 * reduction, node = first + second.
 */
export function addPartial(hist: SumArray, partial: SumArray, start = 0, end = hist.length): void {
  for (let i = start; i < end; i++) hist[i] = hist[i]! + partial[i]!;
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

/**
 * Rows of `rows[start, end)` in the bag: the sum of `bag[rows[i]]` (the grower's in-bag row count
 * of a node window, for min_data_in_leaf).
 * @param bag Uint8Array, length nRows: 1 = in the bag, 0 = out.
 */
export function countInBag(rows: RowIndexArray, bag: Uint8Array, start: number, end: number): number {
  let c = 0;
  for (let i = start; i < end; i++) c += bag[rows[i]!]!;
  return c;
}

/**
 * Stable in-place partition of `rows[start..end)` by a code table (a categorical split): row r goes
 * left iff `table[tableAt + code]` is 1, code = `bins[first + r]` of the column-major copy (the
 * table has one entry per category code and one for the missing code, nBins[f] + 1 in all); left
 * rows first, both sides in their order (as Kernels.partition). Kernels.partitionByTable (this is its
 * TS kernel; the WASM one is native/assembly/partition.ts).
 * @param bins in: column-major bin codes (BinArray).
 * @param table in: Uint8Array, 1 = left, 0 = right (no other values), from `tableAt`.
 * @param scratch in/out: Uint32Array, length >= end - start.
 * @returns the number of rows that went left.
 */
export function partitionByTable(
  bins: BinArray, first: number, table: Uint8Array, tableAt: number, rows: RowIndexArray, start: number, end: number, scratch: RowIndexArray,
): number {
  let nl = start;
  let nr = 0;
  // Branch-free (a categorical split sends rows either way at random): every row is written to
  // both cursors and only the cursors move by the table's bit.
  for (let i = start; i < end; i++) {
    const r = rows[i]!;
    const left = table[tableAt + bins[first + r]!]! & 1;
    rows[nl] = r;
    scratch[nr] = r;
    nl += left;
    nr += left ^ 1;
  }
  for (let k = 0; k < nr; k++) rows[nl + k] = scratch[k]!;
  return nl - start;
}

/** Rows per block of transposeToRows (the strided writes of a block stay in cache). */
const TRANSPOSE_BLOCK_ROWS = 4096;

/** True on little-endian hosts, where a 32-bit word's first code is its low bits (transposeToRows). */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Writes rows [r0, r1) of column-major codes into a row-major matrix (the inverse of
 * columnMajorCopy, one row range at a time so that threads can share the work).
 * @param columns in: BinArray, length nRows * nFeatures, `columns[f * nRows + r]`.
 * @param rows out: BinArray of the same element type and length, `rows[r * nFeatures + f]`.
 */
export function transposeToRows(columns: BinArray, nRows: number, nFeatures: number, rows: BinArray, r0: number, r1: number): void {
  const n = nRows;
  const nF = nFeatures;
  // When every row starts on a 32-bit word, the codes go out a word (2 or 4 codes) at a time:
  // a quarter or half of the stores.
  if (LITTLE_ENDIAN && (nF * rows.BYTES_PER_ELEMENT) % 4 === 0 && rows.byteOffset % 4 === 0) {
    transposeWords(columns, n, nF, rows, r0, r1);
    return;
  }
  // Blocks of rows, feature by feature inside a block: each column is read sequentially and the
  // strided writes stay within a block that fits in cache.
  for (let b0 = r0; b0 < r1; b0 += TRANSPOSE_BLOCK_ROWS) {
    const b1 = Math.min(r1, b0 + TRANSPOSE_BLOCK_ROWS);
    for (let f = 0; f < nF; f++) {
      const off = f * n;
      for (let r = b0, at = b0 * nF + f; r < b1; r++, at += nF) rows[at] = columns[off + r]!;
    }
  }
}

/** transposeToRows by 32-bit words: rows of whole words, little-endian (the first code in the low bits). */
function transposeWords(columns: BinArray, n: number, nF: number, rows: BinArray, r0: number, r1: number): void {
  const perWord = 4 / rows.BYTES_PER_ELEMENT;
  const wordsPerRow = nF / perWord;
  const words = new Uint32Array(rows.buffer, rows.byteOffset, n * wordsPerRow);
  for (let b0 = r0; b0 < r1; b0 += TRANSPOSE_BLOCK_ROWS) {
    const b1 = Math.min(r1, b0 + TRANSPOSE_BLOCK_ROWS);
    for (let g = 0; g < wordsPerRow; g++) {
      const o0 = g * perWord * n;
      const o1 = o0 + n;
      if (perWord === 2) {
        for (let r = b0, at = b0 * wordsPerRow + g; r < b1; r++, at += wordsPerRow) words[at] = columns[o0 + r]! | (columns[o1 + r]! << 16);
      } else {
        const o2 = o1 + n;
        const o3 = o2 + n;
        for (let r = b0, at = b0 * wordsPerRow + g; r < b1; r++, at += wordsPerRow) {
          words[at] = columns[o0 + r]! | (columns[o1 + r]! << 8) | (columns[o2 + r]! << 16) | (columns[o3 + r]! << 24);
        }
      }
    }
  }
}

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
  /**
   * Categorical splits, absent when the tree has none: per node the start of its category set in
   * `categories` or -1 for a numerical split (Int32Array, length nNodes), the set's size, and the
   * sets (ascending codes; codes in the set go right, others left, NaN by defaultLeft).
   */
  readonly catBegin?: ArrayLike<number>;
  readonly catSize?: ArrayLike<number>;
  readonly categories?: ArrayLike<number>;
}

/** Whether code v is among `cats[begin .. begin + size)` (ascending): binary search. */
export function inCategorySet(cats: ArrayLike<number>, begin: number, size: number, v: number): boolean {
  let lo = begin;
  let hi = begin + size;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = cats[mid]!;
    if (c === v) return true;
    if (c < v) lo = mid + 1;
    else hi = mid;
  }
  return false;
}

/**
 * @param columns in: Float32Array columns (length nRows each), indexed by the tree's feature ids.
 * @param margins in/out: Float32Array, length nRows.
 * @param rowStart, rowEnd the rows to update (default all).
 */
export function addTreeToMargins(
  tree: TreeArrays, columns: readonly Float32Array[], margins: Float32Array, weight = 1, rowStart = 0, rowEnd = margins.length,
): void {
  const { left, right, splitIndex, splitCondition, defaultLeft, catBegin, catSize, categories } = tree;
  for (let r = rowStart; r < rowEnd; r++) {
    let node = 0;
    while (left[node] !== -1) {
      const v = columns[splitIndex[node]!]![r]!;
      if (v !== v) node = defaultLeft[node] ? left[node]! : right[node]!;
      else if (catBegin !== undefined && catBegin[node]! >= 0) {
        node = inCategorySet(categories!, catBegin[node]!, catSize![node]!, v) ? right[node]! : left[node]!;
      } else node = v < splitCondition[node]! ? left[node]! : right[node]!;
    }
    margins[r] = Math.fround(margins[r]! + Math.fround(splitCondition[node]! * weight));
  }
}
