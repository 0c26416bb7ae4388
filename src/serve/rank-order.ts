/**
 * The ranking order of a query's scores: indices best (highest score) first, ties in input order.
 */

/**
 * Sorts document indices by descending score. Stable: equal scores keep their input order;
 * NaN scores come last (in input order).
 * @param scores in: Float32Array (or number[]) of length n, one score per document.
 * @param out optional Int32Array of length >= n to write into.
 * @returns Int32Array of length n (a view of `out` when given): `order[k]` is the index of the
 * document ranked k-th.
 */
export function rankOrder(scores: ArrayLike<number>, out?: Int32Array): Int32Array {
  const n = scores.length;
  const order = out === undefined ? new Int32Array(n) : out.length === n ? out : out.subarray(0, n);
  if (order.length < n) throw new RangeError(`rankOrder: the output array has ${order.length} entries, ${n} are needed`);
  for (let i = 0; i < n; i++) order[i] = i;
  // Insertion sort for short lists (a query's candidates), merge sort otherwise; both stable,
  // and the comparison breaks ties by index anyway.
  if (n <= 32) insertionSort(order, scores, 0, n);
  else mergeSort(order, scores, n);
  return order;
}

/** True when document a ranks before document b. */
function before(scores: ArrayLike<number>, a: number, b: number): boolean {
  const sa = scores[a]!;
  const sb = scores[b]!;
  if (sa > sb) return true;
  if (sa < sb) return false;
  if (sa === sb) return a < b;
  // At least one NaN: numbers before NaN, NaNs in index order.
  if (sa !== sa) return sb !== sb && a < b;
  return true;
}

function insertionSort(order: Int32Array, scores: ArrayLike<number>, lo: number, hi: number): void {
  for (let i = lo + 1; i < hi; i++) {
    const v = order[i]!;
    let j = i - 1;
    while (j >= lo && before(scores, v, order[j]!)) {
      order[j + 1] = order[j]!;
      j--;
    }
    order[j + 1] = v;
  }
}

/** Bottom-up merge sort: runs of 32 by insertion sort, then merges. */
function mergeSort(order: Int32Array, scores: ArrayLike<number>, n: number): void {
  const RUN = 32;
  for (let lo = 0; lo < n; lo += RUN) insertionSort(order, scores, lo, Math.min(n, lo + RUN));
  let src: Int32Array = order;
  let dst: Int32Array = new Int32Array(n);
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(n, lo + width);
      const hi = Math.min(n, lo + 2 * width);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) dst[k++] = before(scores, src[j]!, src[i]!) ? src[j++]! : src[i++]!;
      while (i < mid) dst[k++] = src[i++]!;
      while (j < hi) dst[k++] = src[j++]!;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  if (src !== order) order.set(src);
}
