/**
 * Stable descending argsort of one query's scores or labels, into caller-owned buffers.
 *
 * XGBoost orders each query by a stable descending sort of the scores, so tied scores keep their
 * input order (xgboost-spec.md §1.3, §1.8); the IDCG sort of labels and the `mean` pair sampler's
 * label buckets are stable too. Both the ranking metrics and the LambdaMART objective sort through
 * this one function, so they agree on every tie.
 *
 * Bottom-up merge sort over index buffers; insertion sort for short runs. No allocation.
 */

/** Keys that can be sorted: one query's slice is `keys[begin .. begin + n)`. */
export type SortKeys = Float32Array | Float64Array;

/** Length of the runs sorted by insertion before merging. */
const RUN = 16;

/**
 * True when the key at `a` must come strictly before the key at `b` in descending order.
 * NaN sorts after every number (a deterministic choice; XGBoost's order for NaN is undefined).
 */
function before(ka: number, kb: number): boolean {
  return ka > kb || (kb !== kb && ka === ka);
}

/**
 * Writes into `out[0 .. n)` the local indices 0 .. n-1 ordered by `keys[begin + i]` descending;
 * equal keys keep ascending index order (stable).
 * @param keys in: Float32Array or Float64Array holding the query's keys at `begin .. begin + n`.
 * @param begin in: offset of the query's first key.
 * @param n in: number of keys.
 * @param out out: Uint32Array, length >= n; receives the order.
 * @param tmp scratch: Uint32Array, length >= n.
 */
export function argsortDesc(keys: SortKeys, begin: number, n: number, out: Uint32Array, tmp: Uint32Array): void {
  for (let i = 0; i < n; i++) out[i] = i;
  if (n < 2) return;

  // Insertion sort on runs of RUN elements.
  for (let lo = 0; lo < n; lo += RUN) {
    const hi = Math.min(lo + RUN, n);
    for (let i = lo + 1; i < hi; i++) {
      const v = out[i];
      const kv = keys[begin + v];
      let j = i - 1;
      while (j >= lo && before(kv, keys[begin + out[j]])) {
        out[j + 1] = out[j];
        j--;
      }
      out[j + 1] = v;
    }
  }
  if (n <= RUN) return;

  // Merge runs, ping-ponging between `out` and `tmp`.
  let src = out;
  let dst = tmp;
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let o = lo;
      while (i < mid && j < hi) {
        // Take from the right run only when strictly before: keeps equal keys in order.
        if (before(keys[begin + src[j]], keys[begin + src[i]])) dst[o++] = src[j++];
        else dst[o++] = src[i++];
      }
      while (i < mid) dst[o++] = src[i++];
      while (j < hi) dst[o++] = src[j++];
    }
    const t = src;
    src = dst;
    dst = t;
  }
  if (src !== out) for (let i = 0; i < n; i++) out[i] = src[i];
}

/**
 * The same order as `argsortDesc` (keys descending, NaN last, equal keys by ascending index),
 * re-sorted from a previous order of the same indices: `order[at .. at + n)` holds a permutation of
 * 0 .. n-1 (say, last round's rank list) and is sorted in place. That order is a strict total order,
 * so the result does not depend on the starting permutation; insertion sort from an almost sorted
 * list costs O(n + inversions). When the inversions pass ~2 n log2 n, it falls back to
 * `argsortDesc` from scratch (same result).
 * @param keys in: the query's keys at begin .. begin + n.
 * @param order in/out: Uint32Array holding the permutation at `at`.
 * @param tmp scratch: Uint32Array, length >= n (the fallback's buffer).
 * @param out scratch: Uint32Array, length >= n (the fallback's result).
 */
export function resortDesc(keys: SortKeys, begin: number, n: number, order: Uint32Array, at: number, tmp: Uint32Array, out: Uint32Array): void {
  let budget = 2 * n * Math.ceil(Math.log2(n + 1)) + n;
  for (let i = at + 1; i < at + n; i++) {
    const v = order[i]!;
    const kv = keys[begin + v]!;
    let j = i - 1;
    for (; j >= at; j--) {
      const w = order[j]!;
      const kw = keys[begin + w]!;
      // v goes before w: a larger key, or an equal key (NaN counts as equal to NaN) and a smaller index.
      if (!(before(kv, kw) || (!before(kw, kv) && v < w))) break;
      order[j + 1] = w;
    }
    order[j + 1] = v;
    budget -= i - 1 - j;
    if (budget < 0) {
      argsortDesc(keys, begin, n, out, tmp);
      order.set(out.subarray(0, n), at);
      return;
    }
  }
}
