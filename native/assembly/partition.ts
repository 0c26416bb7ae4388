/**
 * Stable in-place row partition, the same semantics as the TypeScript kernel: rows whose code is <= splitBin go left, the missing code goes left iff defaultLeft; left rows first,
 * both sides keep their order. Branch-free: every row is written to both the left cursor in `rows`
 * (overwritten later if it went right) and the right cursor in `scratch`; only the cursors move
 * conditionally. Arguments are byte addresses (rows, scratch: u32; bins: T codes, the split
 * feature's code of row r at element `first + r * rowStride`: rowStride 1 for a column-major copy,
 * nFeatures for the row-major matrix).
 * @returns the number of rows that went left.
 */
// @ts-ignore: decorator
@inline export function partition<T>(
  bins: usize, rowStride: u32, first: u32, splitBin: i32, missingCode: u32, defaultLeft: bool,
  rows: usize, start: u32, end: u32, scratch: usize,
): u32 {
  const col = bins + (<usize>first << alignof<T>());
  const rowBytes = <usize>rowStride << alignof<T>();
  const dl = <usize>defaultLeft;
  const begin = rows + (<usize>start << 2);
  const stop = rows + (<usize>end << 2);
  let left = begin;
  let right = scratch;
  for (let p = begin; p < stop; p += 4) {
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
 * both sides keep their order. Branch-free as `partition`. Arguments are byte addresses.
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
  for (let p = begin; p < stop; p += 4) {
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
