/**
 * Binning of feature values (src/binning/bin-mapper.ts binDataset): the code of a value is the index
 * of the first cut > v, clamped to the last bin (src/kernels/ts/quantile-cuts.ts binOf); NaN gets the
 * missing code.
 *
 * Branch-free binary search (Khuong and Morin, "Array layouts for comparison-based searching",
 * 2017): `count` = the number of the first nCuts - 1 cuts that are <= v, found in log2(nCuts) steps
 * whose comparison only selects the next base (`select`, a conditional move), so random values cost
 * no mispredicted branches. Invariant: every cut before `base` is <= v, the answer is in [base, base + n].
 *
 * Arguments are byte addresses: values f32[count], cuts f32[nCuts] (ascending, nCuts >= 1), out T
 * codes written at elements 0, outStride, 2 outStride, ... (T = u8 or u16).
 */
// @ts-ignore: decorator
@inline function cutAt(cuts: usize, i: usize): f32 {
  return load<f32>(cuts + (i << 2));
}

/** Code of one value (the search described above). */
// @ts-ignore: decorator
@inline function codeOf(v: f32, cuts: usize, nCuts: u32, missingCode: u32): u32 {
  if (v != v) return missingCode;
  let base: usize = 0;
  let n = <usize>nCuts - 1;
  while (n > 1) {
    const half = n >> 1;
    base = select<usize>(base + half, base, cutAt(cuts, base + half) <= v);
    n -= half;
  }
  return <u32>(base + <usize>(n == 1 && cutAt(cuts, base) <= v));
}

/**
 * Four values at a time: the step count depends only on nCuts, so four searches advance in lock
 * step and their loads (each step depends on the previous one) overlap. NaNs take the same path
 * (every comparison with NaN is false) and get the missing code at the end.
 */
// @ts-ignore: decorator
@inline function binValues<T>(values: usize, count: u32, cuts: usize, nCuts: u32, missingCode: u32, out: usize, outStride: u32): void {
  const step = <usize>outStride << alignof<T>();
  const c = <usize>count;
  let o = out;
  let i: usize = 0;
  for (; i + 4 <= c; i += 4) {
    const p = values + (i << 2);
    const v0 = load<f32>(p);
    const v1 = load<f32>(p, 4);
    const v2 = load<f32>(p, 8);
    const v3 = load<f32>(p, 12);
    let b0: usize = 0;
    let b1: usize = 0;
    let b2: usize = 0;
    let b3: usize = 0;
    let n = <usize>nCuts - 1;
    while (n > 1) {
      const half = n >> 1;
      b0 = select<usize>(b0 + half, b0, cutAt(cuts, b0 + half) <= v0);
      b1 = select<usize>(b1 + half, b1, cutAt(cuts, b1 + half) <= v1);
      b2 = select<usize>(b2 + half, b2, cutAt(cuts, b2 + half) <= v2);
      b3 = select<usize>(b3 + half, b3, cutAt(cuts, b3 + half) <= v3);
      n -= half;
    }
    if (n == 1) {
      b0 += <usize>(cutAt(cuts, b0) <= v0);
      b1 += <usize>(cutAt(cuts, b1) <= v1);
      b2 += <usize>(cutAt(cuts, b2) <= v2);
      b3 += <usize>(cutAt(cuts, b3) <= v3);
    }
    store<T>(o, <T>(v0 != v0 ? missingCode : <u32>b0));
    store<T>(o + step, <T>(v1 != v1 ? missingCode : <u32>b1));
    store<T>(o + 2 * step, <T>(v2 != v2 ? missingCode : <u32>b2));
    store<T>(o + 3 * step, <T>(v3 != v3 ? missingCode : <u32>b3));
    o += 4 * step;
  }
  for (; i < c; i++) {
    store<T>(o, <T>codeOf(load<f32>(values + (i << 2)), cuts, nCuts, missingCode));
    o += step;
  }
}

/** binValues with u8 codes. */
export function binValuesU8(values: usize, count: u32, cuts: usize, nCuts: u32, missingCode: u32, out: usize, outStride: u32): void {
  binValues<u8>(values, count, cuts, nCuts, missingCode, out, outStride);
}

/** binValues with u16 codes. */
export function binValuesU16(values: usize, count: u32, cuts: usize, nCuts: u32, missingCode: u32, out: usize, outStride: u32): void {
  binValues<u16>(values, count, cuts, nCuts, missingCode, out, outStride);
}
