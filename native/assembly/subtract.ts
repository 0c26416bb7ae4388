/**
 * Histogram subtraction: `out[i] = parent[i] - child[i]` for f64 elements i in [start, end).
 * Arguments are byte addresses of element 0 of each f64 array. Lane-wise f64x2 subtraction gives
 * exactly the scalar results; an odd tail element is done in scalar.
 */
export function subtractHistogram(parent: usize, child: usize, out: usize, start: u32, end: u32): void {
  let i = <usize>start << 3;
  const stop = <usize>end << 3;
  if (i >= stop) return;
  for (; i + 32 <= stop; i += 32) {
    const a0 = v128.load(parent + i);
    const a1 = v128.load(parent + i, 16);
    const b0 = v128.load(child + i);
    const b1 = v128.load(child + i, 16);
    v128.store(out + i, f64x2.sub(a0, b0));
    v128.store(out + i, f64x2.sub(a1, b1), 16);
  }
  for (; i + 16 <= stop; i += 16) {
    v128.store(out + i, f64x2.sub(v128.load(parent + i), v128.load(child + i)));
  }
  if (i < stop) store<f64>(out + i, load<f64>(parent + i) - load<f64>(child + i));
}
