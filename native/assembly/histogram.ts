/**
 * Histogram build over row-major bin codes: gather-add of float32 (g, h) pairs into float64 slot sums.
 *
 * Memory layout (all arguments are byte addresses in linear memory):
 * - bins: row-major codes of type T (u8 or u16), feature f of row r at element `r * stride + f`
 *   (stride = features per row); the missing code is just one more slot, so the loop has no branch.
 * - offsets: u32[nFeatures + 1], first slot of each feature.
 * - rows: u32 partition array; the node's rows are elements [rowStart, rowEnd).
 * - gh: f32 pairs, row r at bytes [8r, 8r + 8).
 * - hist: f64 pairs, slot s at bytes [16s, 16s + 16).
 *
 * The node's rows are walked in the given order, once per block of up to FEATURE_BLOCK features:
 * each row's pair is loaded and promoted once per pass, and its codes for the block are one
 * contiguous byte range (one or two cache lines), read 16 (u8) or 8 (u16) at a time into SIMD lanes, widened, offset and turned into slot
 * addresses four at a time. Every slot's (g, h) is added as one f64x2 add, rows in the given order,
 * so each float64 sum is accumulated exactly as the scalar TypeScript kernel does (no reassociation;
 * within one row every feature has its own slot).
 *
 * Rows of a deep node are scattered: each row is a cache miss, and one row's work (a read-modify-write
 * per feature) fills the out-of-order window, so misses would not overlap. Rows are therefore taken
 * in chunks of TOUCH_ROWS: first one load from each end of every row of the chunk and from its pair
 * (independent loads whose misses overlap; WASM has no prefetch instruction), then the chunk's rows
 * from cache. The touched bytes are folded into the return value only to keep those loads alive.
 * Rows close together (a root, a shallow node: on average at most TOUCH_GAP_BYTES of codes from one
 * row to the next, judged from the window's first and last row) are walked without the touches:
 * the hardware prefetcher has their lines already, and the touches only cost (bench/RESULTS.md).
 */

/** Rows whose lines are touched ahead of their processing (8 and 16 measured alike). */
// @ts-ignore: decorator
@inline const TOUCH_ROWS: usize = 16;

/**
 * Mean code bytes from one row of a window to the next up to which rows are walked without the
 * touch-ahead: windows holding at least ~1/3.4 of the rows they span with 28 u16 codes a row
 * (56 bytes; 1/3 is faster without, 1/4 with), ~1/6.9 with 28 u8 codes (28 bytes; 1/5 faster
 * without, 1/6 about even, 1/8 faster with). bench/histogram-density.js.
 */
// @ts-ignore: decorator
@inline const TOUCH_GAP_BYTES: u64 = 192;

/** Promotes the float32 pair of row `r` to an f64x2 (exact). */
// @ts-ignore: decorator
@inline function pairOf(gh: usize, r: usize): v128 {
  return f64x2.promote_low_f32x4(v128.load64_zero(gh + (r << 3)));
}

/** Adds `v` to the f64x2 slot at byte address `at`. */
// @ts-ignore: decorator
@inline export function addAt(at: usize, v: v128): void {
  v128.store(at, f64x2.add(v128.load(at), v));
}

/** Slot byte addresses of four features: hist + (offsets[f..f+4) + codes) * 16, as i32x4. */
// @ts-ignore: decorator
@inline function slots4(codes: v128, offp: usize, histV: v128): v128 {
  return i32x4.add(i32x4.shl(i32x4.add(codes, v128.load(offp)), 4), histV);
}

/** Adds `v` to the four slots whose addresses are the lanes of `a`. */
// @ts-ignore: decorator
@inline export function add4(a: v128, v: v128): void {
  addAt(<usize>i32x4.extract_lane(a, 0), v);
  addAt(<usize>i32x4.extract_lane(a, 1), v);
  addAt(<usize>i32x4.extract_lane(a, 2), v);
  addAt(<usize>i32x4.extract_lane(a, 3), v);
}

/** Adds pair `v` into the slots of the n u8 codes at `row` (offsets from `off0`). */
// @ts-ignore: decorator
@inline function rowU8(row: usize, n: usize, off0: usize, hist: usize, histV: v128, v: v128): void {
  const n16 = n & ~(<usize>15);
  const n4 = n & ~(<usize>3);
  let k: usize = 0;
  for (; k < n16; k += 16) {
    const c = v128.load(row + k);
    const lo = i16x8.extend_low_i8x16_u(c);
    const hi = i16x8.extend_high_i8x16_u(c);
    const o = off0 + (k << 2);
    add4(slots4(i32x4.extend_low_i16x8_u(lo), o, histV), v);
    add4(slots4(i32x4.extend_high_i16x8_u(lo), o + 16, histV), v);
    add4(slots4(i32x4.extend_low_i16x8_u(hi), o + 32, histV), v);
    add4(slots4(i32x4.extend_high_i16x8_u(hi), o + 48, histV), v);
  }
  for (; k < n4; k += 4) {
    const c = i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(v128.load32_zero(row + k)));
    add4(slots4(c, off0 + (k << 2), histV), v);
  }
  for (; k < n; k++) {
    addAt(hist + ((<usize>load<u32>(off0 + (k << 2)) + <usize>load<u8>(row + k)) << 4), v);
  }
}

/** Adds pair `v` into the slots of the n u16 codes at `row` (offsets from `off0`). */
// @ts-ignore: decorator
@inline function rowU16(row: usize, n: usize, off0: usize, hist: usize, histV: v128, v: v128): void {
  const n8 = n & ~(<usize>7);
  const n4 = n & ~(<usize>3);
  let k: usize = 0;
  for (; k < n8; k += 8) {
    const c = v128.load(row + (k << 1));
    const o = off0 + (k << 2);
    add4(slots4(i32x4.extend_low_i16x8_u(c), o, histV), v);
    add4(slots4(i32x4.extend_high_i16x8_u(c), o + 16, histV), v);
  }
  for (; k < n4; k += 4) {
    const c = i32x4.extend_low_i16x8_u(v128.load64_zero(row + (k << 1)));
    add4(slots4(c, off0 + (k << 2), histV), v);
  }
  for (; k < n; k++) {
    addAt(hist + ((<usize>load<u32>(off0 + (k << 2)) + <usize>load<u16>(row + (k << 1))) << 4), v);
  }
}

/** The chunked row walk over features [featStart, featEnd) shared by both code widths (T = u8 or u16). */
// @ts-ignore: decorator
@inline function buildBlock<T>(
  bins: usize, stride: u32, featStart: u32, featEnd: u32, offsets: usize,
  rows: usize, rowStart: u32, rowEnd: u32, gh: usize, hist: usize, touch: bool,
): u32 {
  const histV = i32x4.splat(<i32>hist);
  const n = <usize>(featEnd - featStart);
  if (n == 0) return 0;
  const shift = alignof<T>();
  const rowBytes = <usize>stride << shift;
  const first = bins + (<usize>featStart << shift);
  const lastByte = (n << shift) - 1;
  const off0 = offsets + (<usize>featStart << 2);
  const rowStop = rows + (<usize>rowEnd << 2);
  let touched: u32 = 0;
  let p = rows + (<usize>rowStart << 2);
  if (touch) for (; p + (TOUCH_ROWS << 2) <= rowStop; p += TOUCH_ROWS << 2) {
    for (let j: usize = 0; j < TOUCH_ROWS; j++) {
      const r = <usize>load<u32>(p + (j << 2));
      const row = first + r * rowBytes;
      touched ^= <u32>load<u8>(row) ^ <u32>load<u8>(row + lastByte) ^ load<u32>(gh + (r << 3));
    }
    for (let j: usize = 0; j < TOUCH_ROWS; j++) {
      const r = <usize>load<u32>(p + (j << 2));
      if (shift == 0) rowU8(first + r * rowBytes, n, off0, hist, histV, pairOf(gh, r));
      else rowU16(first + r * rowBytes, n, off0, hist, histV, pairOf(gh, r));
    }
  }
  for (; p < rowStop; p += 4) {
    const r = <usize>load<u32>(p);
    if (shift == 0) rowU8(first + r * rowBytes, n, off0, hist, histV, pairOf(gh, r));
    else rowU16(first + r * rowBytes, n, off0, hist, histV, pairOf(gh, r));
  }
  return touched;
}

/**
 * Features per pass over the node's rows. The slots one pass updates stay cache-resident (32
 * features of 257 slots: 128 KiB); a pass over all 137 features of the ranking data would spread
 * every row's read-modify-writes over 550 KiB. Each pass still reads the block's contiguous codes.
 */
// @ts-ignore: decorator
@inline const FEATURE_BLOCK: u32 = 32;

/** All feature blocks of [featStart, featEnd), one pass over the rows each. */
// @ts-ignore: decorator
@inline function build<T>(
  bins: usize, stride: u32, featStart: u32, featEnd: u32, offsets: usize,
  rows: usize, rowStart: u32, rowEnd: u32, gh: usize, hist: usize,
): u32 {
  let touched: u32 = 0;
  if (rowEnd <= rowStart) return 0;
  const a = load<u32>(rows + (<usize>rowStart << 2));
  const b = load<u32>(rows + (<usize>(rowEnd - 1) << 2));
  const span = <u64>(a > b ? a - b : b - a) + 1;
  const touch = span * (<u64>stride << alignof<T>()) > TOUCH_GAP_BYTES * <u64>(rowEnd - rowStart);
  for (let f0 = featStart; f0 < featEnd; f0 += FEATURE_BLOCK) {
    const f1 = featEnd - f0 > FEATURE_BLOCK ? f0 + FEATURE_BLOCK : featEnd;
    touched ^= buildBlock<T>(bins, stride, f0, f1, offsets, rows, rowStart, rowEnd, gh, hist, touch);
  }
  return touched;
}

/** buildHistogram over u8 codes (see the file comment). @returns a value of no meaning (see above). */
export function buildHistogramU8(
  bins: usize, stride: u32, featStart: u32, featEnd: u32, offsets: usize,
  rows: usize, rowStart: u32, rowEnd: u32, gh: usize, hist: usize,
): u32 {
  return build<u8>(bins, stride, featStart, featEnd, offsets, rows, rowStart, rowEnd, gh, hist);
}

/** buildHistogram over u16 codes (see the file comment). @returns a value of no meaning (see above). */
export function buildHistogramU16(
  bins: usize, stride: u32, featStart: u32, featEnd: u32, offsets: usize,
  rows: usize, rowStart: u32, rowEnd: u32, gh: usize, hist: usize,
): u32 {
  return build<u16>(bins, stride, featStart, featEnd, offsets, rows, rowStart, rowEnd, gh, hist);
}
