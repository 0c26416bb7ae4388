/**
 * Histogram build: gather-add of float32 (g, h) pairs into float64 slot sums.
 *
 * Memory layout (all arguments are byte addresses in linear memory):
 * - bins: column-major codes of type T (u8 or u16), feature f of row r at element `f * nRows + r`;
 *   the missing code is just one more slot, so the loop has no branch.
 * - offsets: u32[nFeatures + 1], first slot of each feature.
 * - rows: u32 partition array; the node's rows are elements [rowStart, rowEnd).
 * - gh: f32 pairs, row r at bytes [8r, 8r + 8).
 * - hist: f64 pairs, slot s at bytes [16s, 16s + 16).
 *
 * Every slot's (g, h) is added as one f64x2 add, rows in the given order, so each float64 sum is
 * accumulated exactly as the scalar TypeScript kernel does (no reassociation). Features are
 * processed in blocks of four per pass over the rows: the row index and the promoted pair are
 * loaded once per block and the four independent read-modify-write chains overlap.
 */

/** Promotes the float32 pair of row `r` to an f64x2 (exact). */
// @ts-ignore: decorator
@inline function pairOf(gh: usize, r: usize): v128 {
  return f64x2.promote_low_f32x4(v128.load64_zero(gh + (r << 3)));
}

/** Adds `v` to the f64x2 slot at `slot`. */
// @ts-ignore: decorator
@inline function addTo(slot: usize, v: v128): void {
  v128.store(slot, f64x2.add(v128.load(slot), v));
}

/** Byte address of the first slot of feature f. */
// @ts-ignore: decorator
@inline function slotBase(hist: usize, offsets: usize, f: u32): usize {
  return hist + (<usize>load<u32>(offsets + (<usize>f << 2)) << 4);
}

/** Byte address of column f's first code. */
// @ts-ignore: decorator
@inline function column<T>(bins: usize, nRows: u32, f: u32): usize {
  return bins + ((<usize>f * <usize>nRows) << alignof<T>());
}

/** Slot address of code of row r in column `col`, for a feature whose slots start at `base`. */
// @ts-ignore: decorator
@inline function slotOf<T>(col: usize, base: usize, r: usize): usize {
  return base + (<usize>load<T>(col + (r << alignof<T>())) << 4);
}

// @ts-ignore: decorator
@inline export function buildHistogram<T>(
  bins: usize, nRows: u32, featStart: u32, featEnd: u32, offsets: usize,
  rows: usize, rowStart: u32, rowEnd: u32, gh: usize, hist: usize,
): void {
  const rowBegin = rows + (<usize>rowStart << 2);
  const rowStop = rows + (<usize>rowEnd << 2);
  let f = featStart;
  for (; f + 4 <= featEnd; f += 4) {
    const c0 = column<T>(bins, nRows, f);
    const c1 = column<T>(bins, nRows, f + 1);
    const c2 = column<T>(bins, nRows, f + 2);
    const c3 = column<T>(bins, nRows, f + 3);
    const b0 = slotBase(hist, offsets, f);
    const b1 = slotBase(hist, offsets, f + 1);
    const b2 = slotBase(hist, offsets, f + 2);
    const b3 = slotBase(hist, offsets, f + 3);
    for (let p = rowBegin; p < rowStop; p += 4) {
      const r = <usize>load<u32>(p);
      const v = pairOf(gh, r);
      addTo(slotOf<T>(c0, b0, r), v);
      addTo(slotOf<T>(c1, b1, r), v);
      addTo(slotOf<T>(c2, b2, r), v);
      addTo(slotOf<T>(c3, b3, r), v);
    }
  }
  if (f + 2 <= featEnd) {
    const c0 = column<T>(bins, nRows, f);
    const c1 = column<T>(bins, nRows, f + 1);
    const b0 = slotBase(hist, offsets, f);
    const b1 = slotBase(hist, offsets, f + 1);
    for (let p = rowBegin; p < rowStop; p += 4) {
      const r = <usize>load<u32>(p);
      const v = pairOf(gh, r);
      addTo(slotOf<T>(c0, b0, r), v);
      addTo(slotOf<T>(c1, b1, r), v);
    }
    f += 2;
  }
  if (f < featEnd) {
    const c0 = column<T>(bins, nRows, f);
    const b0 = slotBase(hist, offsets, f);
    for (let p = rowBegin; p < rowStop; p += 4) {
      const r = <usize>load<u32>(p);
      addTo(slotOf<T>(c0, b0, r), pairOf(gh, r));
    }
  }
}
