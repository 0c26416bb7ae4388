/**
 * Shuffle masks that pack the u32 lanes of a 4-bit mask to the front: entry m (16 bytes) lists the
 * bytes of lanes j with bit j of m set, in lane order; the rest are 0x80 (zero bytes).
 */
const PACK: usize = memory.data<u64>([
  0x8080808080808080, 0x8080808080808080, 0x8080808003020100, 0x8080808080808080,
  0x8080808007060504, 0x8080808080808080, 0x0706050403020100, 0x8080808080808080,
  0x808080800b0a0908, 0x8080808080808080, 0x0b0a090803020100, 0x8080808080808080,
  0x0b0a090807060504, 0x8080808080808080, 0x0706050403020100, 0x808080800b0a0908,
  0x808080800f0e0d0c, 0x8080808080808080, 0x0f0e0d0c03020100, 0x8080808080808080,
  0x0f0e0d0c07060504, 0x8080808080808080, 0x0706050403020100, 0x808080800f0e0d0c,
  0x0f0e0d0c0b0a0908, 0x8080808080808080, 0x0b0a090803020100, 0x808080800f0e0d0c,
  0x0b0a090807060504, 0x808080800f0e0d0c, 0x0706050403020100, 0x0f0e0d0c0b0a0908,
], 16);

/** The four rows at `p` (u32 row indices) stored packed: those of mask bit 1 at `left`, the others at `right`. */
// @ts-ignore: decorator
@inline function storePacked(p: usize, bits: usize, left: usize, right: usize): void {
  const rv = v128.load(p);
  v128.store(left, i8x16.swizzle(rv, v128.load(PACK + (bits << 4))));
  v128.store(right, i8x16.swizzle(rv, v128.load(PACK + ((bits ^ 15) << 4))));
}

/**
 * Stable in-place row partition, the same semantics as the TypeScript kernel: rows whose code is <= splitBin go left, the missing code goes left iff defaultLeft; left rows first,
 * both sides keep their order. Branch-free: every row is written to both the left cursor in `rows`
 * (overwritten later if it went right) and the right cursor in `scratch`, and only the cursors move
 * (by the count that went each way); a column-major copy goes four rows a step in SIMD lanes, the
 * row-major matrix (and a window's last rows) one row a step. Arguments are byte addresses (rows, scratch: u32; bins: T codes, the split feature's code of row r at element
 * `first + r * rowStride`: rowStride 1 for a column-major copy, nFeatures for the row-major matrix).
 * @returns the number of rows that went left.
 */
// @ts-ignore: decorator
@inline export function partition<T>(
  bins: usize, rowStride: u32, first: u32, splitBin: i32, missingCode: u32, defaultLeft: bool,
  rows: usize, start: u32, end: u32, scratch: usize,
): u32 {
  const col = bins + (<usize>first << alignof<T>());
  const dl = <usize>defaultLeft;
  const begin = rows + (<usize>start << 2);
  const stop = rows + (<usize>end << 2);
  let left = begin;
  let right = scratch;
  let p = begin;
  if (rowStride == 1) {
    // Four rows a step: their codes gathered into the lanes of a vector, compared lane-wise (the
    // missing code by defaultLeft), and the four row indices stored packed at both cursors (16
    // bytes each: the lanes past a cursor's count land on rows already read, or in scratch past
    // its rights, and are overwritten later or never copied).
    const sbv = i32x4.splat(splitBin);
    const mcv = i32x4.splat(<i32>missingCode);
    const dlv = i32x4.splat(defaultLeft ? -1 : 0);
    for (; p + 16 <= stop; p += 16) {
      let cv = i32x4.splat(0);
      if (sizeof<T>() == 1) {
        cv = v128.load8_lane(col + <usize>load<u32>(p), cv, 0);
        cv = v128.load8_lane(col + <usize>load<u32>(p, 4), cv, 4);
        cv = v128.load8_lane(col + <usize>load<u32>(p, 8), cv, 8);
        cv = v128.load8_lane(col + <usize>load<u32>(p, 12), cv, 12);
      } else {
        cv = v128.load16_lane(col + (<usize>load<u32>(p) << 1), cv, 0);
        cv = v128.load16_lane(col + (<usize>load<u32>(p, 4) << 1), cv, 2);
        cv = v128.load16_lane(col + (<usize>load<u32>(p, 8) << 1), cv, 4);
        cv = v128.load16_lane(col + (<usize>load<u32>(p, 12) << 1), cv, 6);
      }
      const le = i32x4.le_s(cv, sbv);
      const eq = i32x4.eq(cv, mcv);
      const bits = <usize>i32x4.bitmask(v128.bitselect(v128.or(le, eq), v128.andnot(le, eq), dlv));
      storePacked(p, bits, left, right);
      const nl = <usize>popcnt<u32>(<u32>bits);
      left += nl << 2;
      right += (4 - nl) << 2;
    }
  }
  const rowBytes = <usize>rowStride << alignof<T>();
  for (; p < stop; p += 4) {
    const r = load<u32>(p);
    const b = <u32>load<T>(col + <usize>r * rowBytes);
    const goLeft = select<usize>(dl, <usize>(<i32>b <= splitBin), b == missingCode);
    store<u32>(left, r);
    store<u32>(right, r);
    left += goLeft << 2;
    right += (goLeft ^ 1) << 2;
  }
  const nLeft = <u32>((left - begin) >> 2);
  memory.copy(left, scratch, right - scratch);
  return nLeft;
}

/**
 * Stable in-place row partition by a code table (a categorical split), the same semantics as the
 * TypeScript kernel (src/kernels/ts/loops.ts partitionByTable): row r goes left iff the u8 at
 * `table + code` is 1, code = the T at element `first + r` of a column-major copy; left rows first,
 * both sides keep their order. Branch-free, four rows a step stored packed, as `partition`. Arguments are byte addresses.
 * @returns the number of rows that went left.
 */
// @ts-ignore: decorator
@inline export function partitionByTable<T>(
  bins: usize, first: u32, table: usize, rows: usize, start: u32, end: u32, scratch: usize,
): u32 {
  const col = bins + (<usize>first << alignof<T>());
  const begin = rows + (<usize>start << 2);
  const stop = rows + (<usize>end << 2);
  let left = begin;
  let right = scratch;
  let p = begin;
  // Four rows a step, their go-left flags as a 4-bit mask, the rows stored packed as `partition` does.
  for (; p + 16 <= stop; p += 16) {
    const g0 = <usize>(load<u8>(table + <usize>load<T>(col + (<usize>load<u32>(p) << alignof<T>()))) & 1);
    const g1 = <usize>(load<u8>(table + <usize>load<T>(col + (<usize>load<u32>(p, 4) << alignof<T>()))) & 1);
    const g2 = <usize>(load<u8>(table + <usize>load<T>(col + (<usize>load<u32>(p, 8) << alignof<T>()))) & 1);
    const g3 = <usize>(load<u8>(table + <usize>load<T>(col + (<usize>load<u32>(p, 12) << alignof<T>()))) & 1);
    const bits = g0 | (g1 << 1) | (g2 << 2) | (g3 << 3);
    storePacked(p, bits, left, right);
    const nl = g0 + g1 + g2 + g3;
    left += nl << 2;
    right += (4 - nl) << 2;
  }
  for (; p < stop; p += 4) {
    const r = load<u32>(p);
    const goLeft = <usize>(load<u8>(table + <usize>load<T>(col + (<usize>r << alignof<T>()))) & 1);
    store<u32>(left, r);
    store<u32>(right, r);
    left += goLeft << 2;
    right += (goLeft ^ 1) << 2;
  }
  const nLeft = <u32>((left - begin) >> 2);
  memory.copy(left, scratch, right - scratch);
  return nLeft;
}
