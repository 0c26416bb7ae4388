/**
 * Ascending sort of float32 values by LSD radix sort on their bit patterns (3 passes of 11 bits),
 * O(n) instead of the comparison sort's O(n log n): the binning of every feature column sorts it
 * once. The order equals `Float32Array.prototype.sort` (numeric, -0 before +0) for NaN-free input.
 */

const BITS = 11;
const BUCKETS = 1 << BITS;
const MASK = BUCKETS - 1;

/**
 * Reusable scratch for `sortFloat32`, grown on demand. `keys` may be set to a view of the very
 * values being sorted (a Uint32Array over the same bytes): each pass reads its source before the
 * next pass writes it, so the sort then needs only `tmp` beside the values.
 */
export class RadixScratch {
  keys: Uint32Array<ArrayBufferLike> = new Uint32Array(0);
  tmp: Uint32Array<ArrayBufferLike> = new Uint32Array(0);
  readonly counts = new Uint32Array(3 * BUCKETS);

  ensure(n: number): void {
    if (this.keys.length < n) {
      this.keys = new Uint32Array(n);
      this.tmp = new Uint32Array(n);
    }
  }
}

/**
 * Sorts `values` (Float32Array, no NaN) ascending in place.
 * @param scratch reusable buffers (allocation-free once grown to values.length).
 */
export function sortFloat32(values: Float32Array, scratch: RadixScratch = new RadixScratch()): void {
  const n = values.length;
  if (n < 64) {
    values.sort();
    return;
  }
  scratch.ensure(n);
  const bits = new Uint32Array(values.buffer, values.byteOffset, n);
  let src = scratch.keys;
  let dst = scratch.tmp;
  const c = scratch.counts;
  c.fill(0);
  // Order-preserving key: flip all bits of negatives, the sign bit of non-negatives.
  for (let i = 0; i < n; i++) {
    const b = bits[i]!;
    const k = (b & 0x80000000) !== 0 ? ~b >>> 0 : (b | 0x80000000) >>> 0;
    src[i] = k;
    c[k & MASK]!++;
    c[BUCKETS + ((k >>> BITS) & MASK)]!++;
    c[2 * BUCKETS + (k >>> (2 * BITS))]!++;
  }
  for (let pass = 0; pass < 3; pass++) {
    const off = pass * BUCKETS;
    let sum = 0;
    for (let d = 0; d < BUCKETS; d++) {
      const t = c[off + d]!;
      c[off + d] = sum;
      sum += t;
    }
    const shift = pass * BITS;
    for (let i = 0; i < n; i++) {
      const k = src[i]!;
      const d = off + ((k >>> shift) & MASK);
      dst[c[d]!++] = k;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  for (let i = 0; i < n; i++) {
    const k = src[i]!;
    bits[i] = (k & 0x80000000) !== 0 ? (k & 0x7fffffff) >>> 0 : ~k >>> 0;
  }
}
