/**
 * Histogram build variants measured against the shipped kernel (bench/histogram-variants.js compiles
 * this file with asc next to native/assembly/histogram.ts and times both). Not shipped: each
 * variant is a candidate from issue #18 (LightGBM's histogram techniques), kept so the measurement
 * can be re-run. All take u16 row-major codes (`stride` codes per row), as the realistic data's
 * 256 bins + missing code need, and sum rows[rowStart..rowEnd) into f64 (g, h) slots in row order,
 * so each gives the shipped kernel's sums to the bit (the driver checks it).
 *
 * - constHess: squared error without weights: only the gradient (f32 per row) is read, the slot
 *   gets (g, 1.0) (the hessian sum is then the row count exactly, as in the shipped kernel).
 * - ordered: LightGBM's ordered_gradients: the node's pairs gathered first into a contiguous
 *   array (gatherPairs), the walk reads pair i instead of pair rows[i].
 * - colWise: LightGBM's col-wise layout: column-major codes, feature by feature over the node's
 *   rows, the pairs from the ordered array, codes touched 16 rows ahead.
 * - u8High: 1-byte codes plus one bit per feature at the end of each row (code = byte + bit, so
 *   the missing code 256 fits), rows padded to `stride` bytes.
 * - globalSlots: u16 codes with each feature's first slot already added (LightGBM's row-wise
 *   bins), so no offset is added per feature.
 */
export { buildHistogramU16 } from '../assembly/histogram';
import { add4, addAt } from '../assembly/histogram';

const TOUCH: usize = 16;

/** The u16 codes of one row (n features, n a multiple of 4 here) into their slots; offsets added unless `global`. */
// @ts-ignore: decorator
@inline function row16(row: usize, n: usize, off0: usize, histV: v128, v: v128, global: bool): void {
  let k: usize = 0;
  for (; k + 8 <= n; k += 8) {
    const c = v128.load(row + (k << 1));
    let a = i32x4.extend_low_i16x8_u(c);
    let b = i32x4.extend_high_i16x8_u(c);
    if (!global) {
      a = i32x4.add(a, v128.load(off0 + (k << 2)));
      b = i32x4.add(b, v128.load(off0 + (k << 2) + 16));
    }
    add4(i32x4.add(i32x4.shl(a, 4), histV), v);
    add4(i32x4.add(i32x4.shl(b, 4), histV), v);
  }
  for (; k < n; k += 4) {
    let a = i32x4.extend_low_i16x8_u(v128.load64_zero(row + (k << 1)));
    if (!global) a = i32x4.add(a, v128.load(off0 + (k << 2)));
    add4(i32x4.add(i32x4.shl(a, 4), histV), v);
  }
}

/** mode 0: pair of row r from gh; 1: (g[r], 1.0) from a gradient-only array; 2: pair i of an ordered array. */
// @ts-ignore: decorator
@inline function pairAt(mode: i32, gh: usize, r: usize, i: usize): v128 {
  if (mode == 1) return f64x2.replace_lane(f64x2.splat(1.0), 0, <f64>load<f32>(gh + (r << 2)));
  return f64x2.promote_low_f32x4(v128.load64_zero(gh + ((mode == 2 ? i : r) << 3)));
}

// @ts-ignore: decorator
@inline function walk16(
  mode: i32, global: bool, bins: usize, stride: u32, n: usize, offsets: usize,
  rows: usize, rowStart: u32, rowEnd: u32, gh: usize, hist: usize, TOUCH: usize = 16,
): u32 {
  const histV = i32x4.splat(<i32>hist);
  const rowBytes = <usize>stride << 1;
  const last = (n << 1) - 1;
  let touched: u32 = 0;
  let i = <usize>rowStart;
  const end = <usize>rowEnd;
  for (; i + TOUCH <= end; i += TOUCH) {
    for (let j: usize = 0; j < TOUCH; j++) {
      const r = <usize>load<u32>(rows + ((i + j) << 2));
      const row = bins + r * rowBytes;
      touched ^= <u32>load<u8>(row) ^ <u32>load<u8>(row + last);
      if (mode != 2) touched ^= load<u32>(gh + (r << (mode == 1 ? 2 : 3)));
    }
    for (let j: usize = 0; j < TOUCH; j++) {
      const r = <usize>load<u32>(rows + ((i + j) << 2));
      row16(bins + r * rowBytes, n, offsets, histV, pairAt(mode, gh, r, i + j - rowStart), global);
    }
  }
  for (; i < end; i++) {
    const r = <usize>load<u32>(rows + (i << 2));
    row16(bins + r * rowBytes, n, offsets, histV, pairAt(mode, gh, r, i - rowStart), global);
  }
  return touched;
}

/** constHess over all `n` features of u16 rows; `g`: f32 per row. */
export function constHess(bins: usize, stride: u32, n: u32, offsets: usize, rows: usize, rowStart: u32, rowEnd: u32, g: usize, hist: usize): u32 {
  return walk16(1, false, bins, stride, n, offsets, rows, rowStart, rowEnd, g, hist);
}

/** ordered: the walk over pairs `og` gathered by gatherPairs (pair i = row rows[rowStart + i]). */
export function ordered(bins: usize, stride: u32, n: u32, offsets: usize, rows: usize, rowStart: u32, rowEnd: u32, og: usize, hist: usize): u32 {
  return walk16(2, false, bins, stride, n, offsets, rows, rowStart, rowEnd, og, hist);
}

/** globalSlots: codes already offset by their feature's first slot. */
export function globalSlots(bins: usize, stride: u32, n: u32, offsets: usize, rows: usize, rowStart: u32, rowEnd: u32, gh: usize, hist: usize): u32 {
  return walk16(0, true, bins, stride, n, offsets, rows, rowStart, rowEnd, gh, hist);
}

/** og[i] = gh[rows[rowStart + i]] (8-byte pairs). */
export function gatherPairs(rows: usize, rowStart: u32, rowEnd: u32, gh: usize, og: usize): void {
  let o = og;
  for (let i = <usize>rowStart; i < <usize>rowEnd; i++, o += 8) {
    store<u64>(o, load<u64>(gh + (<usize>load<u32>(rows + (i << 2)) << 3)));
  }
}

/** colWise: column-major u16 codes (`cols + 2 * (f * nRows + r)`), feature by feature, ordered pairs `og`. */
export function colWise(cols: usize, nRows: u32, n: u32, offsets: usize, rows: usize, rowStart: u32, rowEnd: u32, og: usize, hist: usize): u32 {
  let touched: u32 = 0;
  const count = <usize>(rowEnd - rowStart);
  const rp = rows + (<usize>rowStart << 2);
  for (let f: usize = 0; f < <usize>n; f++) {
    const col = cols + ((f * <usize>nRows) << 1);
    const base = hist + (<usize>load<u32>(offsets + (f << 2)) << 4);
    for (let i: usize = 0; i < count; i++) {
      if (i + TOUCH < count) touched ^= <u32>load<u16>(col + (<usize>load<u32>(rp + ((i + TOUCH) << 2)) << 1));
      const b = <usize>load<u16>(col + (<usize>load<u32>(rp + (i << 2)) << 1));
      addAt(base + (b << 4), f64x2.promote_low_f32x4(v128.load64_zero(og + (i << 3))));
    }
  }
  return touched;
}

/** Four u8-coded features' slot addresses; lane j's code gets bit j of `nibble` added (255 + 1 = the missing slot 256). */
// @ts-ignore: decorator
@inline function slots4High(codes: v128, offp: usize, histV: v128, nibble: u32): v128 {
  const set = i32x4.ne(v128.and(i32x4.splat(<i32>nibble), i32x4(1, 2, 4, 8)), i32x4.splat(0));
  return i32x4.add(i32x4.shl(i32x4.sub(i32x4.add(codes, v128.load(offp)), set), 4), histV);
}

/** u8High over all `n` features (n a multiple of 4): row r at `bins + r * stride`, n code bytes, then the high bits at byte `maskAt`. */
export function u8High(bins: usize, stride: u32, n: u32, offsets: usize, rows: usize, rowStart: u32, rowEnd: u32, gh: usize, hist: usize, maskAt: u32): u32 {
  const histV = i32x4.splat(<i32>hist);
  const rowBytes = <usize>stride;
  const nn = <usize>n;
  let touched: u32 = 0;
  let i = <usize>rowStart;
  const end = <usize>rowEnd;
  for (; i < end; i++) {
    if (((i - rowStart) & (TOUCH - 1)) == 0) {
      for (let j: usize = 0; j < TOUCH && i + j < end; j++) {
        const r = <usize>load<u32>(rows + ((i + j) << 2));
        touched ^= <u32>load<u8>(bins + r * rowBytes) ^ <u32>load<u8>(bins + r * rowBytes + rowBytes - 1) ^ load<u32>(gh + (r << 3));
      }
    }
    const r = <usize>load<u32>(rows + (i << 2));
    const row = bins + r * rowBytes;
    const mask = row + <usize>maskAt;
    const v = f64x2.promote_low_f32x4(v128.load64_zero(gh + (r << 3)));
    let k: usize = 0;
    for (; k + 16 <= nn; k += 16) {
      const bits = load<u32>(mask + (k >> 3)) >> <u32>(k & 7);
      const c = v128.load(row + k);
      const lo = i16x8.extend_low_i8x16_u(c);
      const hi = i16x8.extend_high_i8x16_u(c);
      const o = offsets + (k << 2);
      add4(slots4High(i32x4.extend_low_i16x8_u(lo), o, histV, bits), v);
      add4(slots4High(i32x4.extend_high_i16x8_u(lo), o + 16, histV, bits >> 4), v);
      add4(slots4High(i32x4.extend_low_i16x8_u(hi), o + 32, histV, bits >> 8), v);
      add4(slots4High(i32x4.extend_high_i16x8_u(hi), o + 48, histV, bits >> 12), v);
    }
    for (; k < nn; k += 4) {
      const bits = load<u32>(mask + (k >> 3)) >> <u32>(k & 7);
      const c = i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(v128.load32_zero(row + k)));
      add4(slots4High(c, offsets + (k << 2), histV, bits), v);
    }
  }
  return touched;
}

/** The shipped walk with the touches `ahead` rows at a time (the shipped kernel: 16). */
export function touch32(bins: usize, stride: u32, n: u32, offsets: usize, rows: usize, rowStart: u32, rowEnd: u32, gh: usize, hist: usize): u32 {
  return walk16(0, false, bins, stride, n, offsets, rows, rowStart, rowEnd, gh, hist, 32);
}
export function touch64(bins: usize, stride: u32, n: u32, offsets: usize, rows: usize, rowStart: u32, rowEnd: u32, gh: usize, hist: usize): u32 {
  return walk16(0, false, bins, stride, n, offsets, rows, rowStart, rowEnd, gh, hist, 64);
}
