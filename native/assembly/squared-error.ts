/**
 * reg:squarederror's gradient pairs (src/kernels/ts/pointwise-gradients.ts, XGBoost's
 * LinearSquareLoss with RegLossObj's row weight): for row r, ww = w (times scale_pos_weight for
 * label 1), g = float32(float32(s - y) * ww), h = ww, written interleaved at gh[2r], gh[2r + 1].
 *
 * The TS formula rounds every double operation to float32; for sums and products of two float32
 * values that is exactly the float32 operation (a double holds their exact result to within one
 * rounding that float32 rounding cannot see: 53 >= 2 * 24 + 2), so the lane-wise f32x4 arithmetic
 * gives the same bits. The weight times scale_pos_weight is the one product of a float32 and a
 * double (the parameter): it is computed in f64 and rounded once, as the TS does.
 *
 * Arguments are byte addresses: margins, labels f32[nRows], weights f32[nRows] or 0 (unit
 * weights), gh f32[2 nRows]; rows [start, end).
 */
export function squaredErrorGradients(margins: usize, labels: usize, weights: usize, scalePosWeight: f64, gh: usize, start: u32, end: u32): void {
  let r = <usize>start;
  const e = <usize>end;
  const one = f32x4.splat(1.0);
  if (weights == 0) {
    // ww = scale_pos_weight (float32(1 * spw)) for label 1, else 1.
    const spw = <f32>scalePosWeight;
    const vspw = f32x4.splat(spw);
    for (; r + 4 <= e; r += 4) {
      const s = v128.load(margins + (r << 2));
      const y = v128.load(labels + (r << 2));
      const ww = v128.bitselect(vspw, one, f32x4.eq(y, one));
      const g = f32x4.mul(f32x4.sub(s, y), ww);
      v128.store(gh + (r << 3), i32x4.shuffle(g, ww, 0, 4, 1, 5));
      v128.store(gh + (r << 3), i32x4.shuffle(g, ww, 2, 6, 3, 7), 16);
    }
    for (; r < e; r++) {
      const y = load<f32>(labels + (r << 2));
      const ww: f32 = y == 1 ? spw : 1;
      store<f32>(gh + (r << 3), (load<f32>(margins + (r << 2)) - y) * ww);
      store<f32>(gh + (r << 3), ww, 4);
    }
    return;
  }
  if (scalePosWeight == 1) {
    // ww = float32(w * 1) = w for every row.
    for (; r + 4 <= e; r += 4) {
      const s = v128.load(margins + (r << 2));
      const y = v128.load(labels + (r << 2));
      const ww = v128.load(weights + (r << 2));
      const g = f32x4.mul(f32x4.sub(s, y), ww);
      v128.store(gh + (r << 3), i32x4.shuffle(g, ww, 0, 4, 1, 5));
      v128.store(gh + (r << 3), i32x4.shuffle(g, ww, 2, 6, 3, 7), 16);
    }
  }
  for (; r < e; r++) {
    const y = load<f32>(labels + (r << 2));
    const w = load<f32>(weights + (r << 2));
    const ww: f32 = y == 1 ? <f32>(<f64>w * scalePosWeight) : w;
    store<f32>(gh + (r << 3), (load<f32>(margins + (r << 2)) - y) * ww);
    store<f32>(gh + (r << 3), ww, 4);
  }
}
