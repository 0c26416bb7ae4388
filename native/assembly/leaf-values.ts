/**
 * Training margins after a tree (src/kernels/ts/loops.ts addLeafValues): every row of one leaf
 * window gets the leaf's value added, `margins[rows[i]] = float32(margins[rows[i]] + v)` for i in
 * [start, end), with the sum in f64 and one rounding, as the TS does (v is a double: the tree's
 * float32 leaf value, or LightGBM's double).
 *
 * Arguments are byte addresses: rows u32[], margins f32[nRows]. A row index >= nRows is not
 * written; the return value counts them (the caller throws on any).
 */
export function addLeafWindow(rows: usize, margins: usize, nRows: u32, start: u32, end: u32, v: f64): u32 {
  const stop = rows + (<usize>end << 2);
  let bad: u32 = 0;
  for (let p = rows + (<usize>start << 2); p < stop; p += 4) {
    const r = load<u32>(p);
    if (r >= nRows) {
      bad++;
      continue;
    }
    const at = margins + (<usize>r << 2);
    store<f32>(at, <f32>(<f64>load<f32>(at) + v));
  }
  return bad;
}
