/**
 * Stable in-place row partition, the same semantics as the TypeScript kernel: rows whose code is <= splitBin go left, the missing code goes left iff defaultLeft; left rows first,
 * both sides keep their order. Branch-free: every row is written to both the left cursor in `rows`
 * (overwritten later if it went right) and the right cursor in `scratch`; only the left cursor moves
 * conditionally (the right one is the rows seen so far minus the left ones). Arguments are byte
 * addresses (rows, scratch: u32; bins: T codes, the split feature's code of row r at element
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
  let p = begin;
  if (rowStride == 1) {
    // Four rows at a time, their four codes loaded before any store: the loads do not wait on the
    // stores' addresses (which depend on the codes), so the code reads of a sparse window overlap.
    // The right row goes to scratch + (rows seen - rows gone left) bytes.
    for (; p + 16 <= stop; p += 16) {
      const r0 = load<u32>(p);
      const r1 = load<u32>(p, 4);
      const r2 = load<u32>(p, 8);
      const r3 = load<u32>(p, 12);
      const b0 = <u32>load<T>(col + (<usize>r0 << alignof<T>()));
      const b1 = <u32>load<T>(col + (<usize>r1 << alignof<T>()));
      const b2 = <u32>load<T>(col + (<usize>r2 << alignof<T>()));
      const b3 = <u32>load<T>(col + (<usize>r3 << alignof<T>()));
      const s = scratch + p;
      store<u32>(left, r0);
      store<u32>(s - left, r0);
      left += select<usize>(dl, <usize>(<i32>b0 <= splitBin), b0 == missingCode) << 2;
      store<u32>(left, r1);
      store<u32>(s - left, r1, 4);
      left += select<usize>(dl, <usize>(<i32>b1 <= splitBin), b1 == missingCode) << 2;
      store<u32>(left, r2);
      store<u32>(s - left, r2, 8);
      left += select<usize>(dl, <usize>(<i32>b2 <= splitBin), b2 == missingCode) << 2;
      store<u32>(left, r3);
      store<u32>(s - left, r3, 12);
      left += select<usize>(dl, <usize>(<i32>b3 <= splitBin), b3 == missingCode) << 2;
    }
  }
  const rowBytes = <usize>rowStride << alignof<T>();
  let right = scratch + (p - left);
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
 * both sides keep their order. Branch-free, four rows at a time, as `partition`. Arguments are byte addresses.
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
  let p = begin;
  // Four rows at a time, as `partition` does.
  for (; p + 16 <= stop; p += 16) {
    const r0 = load<u32>(p);
    const r1 = load<u32>(p, 4);
    const r2 = load<u32>(p, 8);
    const r3 = load<u32>(p, 12);
    const g0 = <usize>(load<u8>(table + <usize>load<T>(col + (<usize>r0 << alignof<T>()))) & 1);
    const g1 = <usize>(load<u8>(table + <usize>load<T>(col + (<usize>r1 << alignof<T>()))) & 1);
    const g2 = <usize>(load<u8>(table + <usize>load<T>(col + (<usize>r2 << alignof<T>()))) & 1);
    const g3 = <usize>(load<u8>(table + <usize>load<T>(col + (<usize>r3 << alignof<T>()))) & 1);
    const s = scratch + p;
    store<u32>(left, r0);
    store<u32>(s - left, r0);
    left += g0 << 2;
    store<u32>(left, r1);
    store<u32>(s - left, r1, 4);
    left += g1 << 2;
    store<u32>(left, r2);
    store<u32>(s - left, r2, 8);
    left += g2 << 2;
    store<u32>(left, r3);
    store<u32>(s - left, r3, 12);
    left += g3 << 2;
  }
  let right = scratch + (p - left);
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
