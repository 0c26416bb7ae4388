/**
 * Split-finding scan over one node's histogram (the hot part of src/split/finder.ts, for the plain
 * gain without L1 and max_delta_step, xgboost-spec.md §2.6, in XGBoost 3.4.1's float32 steps).
 *
 * Per candidate feature, the forward scan (missing goes right) accumulates bins 0, 1, ... into the
 * left sums; when the feature's missing slot is not empty, the backward scan (missing goes left)
 * accumulates bins nb-1, nb-2, ... into the right sums (XGBoost's EnumerateSplit, spec §2.5). The
 * other side is always total - accumulated. A bin with g = h = 0 is skipped: it repeats the
 * previous candidate, which can never be strictly better.
 *
 * The (g, h) pair of a slot is one f64x2; the running sums and the other side are f64x2 adds and
 * subtracts, and the two children's scores (XGBoost 3.4.1's float32 weight and score, lossChange
 * below) are computed lane-wise. Lane-wise IEEE arithmetic with the same f32 roundings as the
 * TypeScript kernel gives exactly its values, so the chosen split is the same bit for bit.
 *
 * Arguments are byte addresses: hist f64 pairs (slot s at 16 s), offsets u32[nFeatures + 1] (first
 * slot of each feature), nBins u32[nFeatures] (bins per feature; slot nBins[f] is the missing bin),
 * features i32[count] (candidates, ascending), out f64[8]:
 *   [feature, splitBin, defaultLeft (0/1), lossChg, sumGradLeft, sumHessLeft, sumGradRight, sumHessRight]
 * written only when a candidate's loss change is strictly larger than `bestChg` (the last such
 * candidate wins, scanning features in list order, forward before backward, lower bins first).
 * splitBin is b for the forward scan and b - 1 for the backward one (-1: every present value goes
 * right).
 * @returns 1 when out was written, else 0.
 */

/** Writes the candidate to out. */
// @ts-ignore: decorator
@inline function store8(out: usize, f: f64, bin: f64, dl: f64, chg: f64, left: v128, right: v128): void {
  store<f64>(out, f);
  store<f64>(out, bin, 8);
  store<f64>(out, dl, 16);
  store<f64>(out, chg, 24);
  v128.store(out, left, 32);
  v128.store(out, right, 48);
}

/**
 * The float32 loss change of the children (gl, gr) / (hl, hr) (XGBoost 3.4.1, src/kernels/ts/gain.ts):
 * per lane, w = f32(-G / (H + lambda)) and score = f32(-(2 G w + (H + lambda) f32(w * w) + 0)) in
 * f64; then f32(f32(score_l + score_r) - parent).
 */
// @ts-ignore: decorator
@inline function lossChange(gs: v128, hs: v128, lam: v128, parent: f32): f64 {
  const d = f64x2.add(hs, lam);
  const w32 = f32x4.demote_f64x2_zero(f64x2.div(f64x2.neg(gs), d));
  const w = f64x2.promote_low_f32x4(w32);
  const ww = f64x2.promote_low_f32x4(f32x4.mul(w32, w32));
  const g2 = f64x2.add(gs, gs);
  const inner = f64x2.add(f64x2.add(f64x2.mul(g2, w), f64x2.mul(d, ww)), f64x2.splat(0));
  const sc = f32x4.demote_f64x2_zero(f64x2.neg(inner));
  const sum: f32 = f32x4.extract_lane(sc, 0) + f32x4.extract_lane(sc, 1);
  return <f64>(sum - parent);
}

export function scanSplits(
  hist: usize, offsets: usize, nBins: usize, features: usize, count: u32,
  sumGrad: f64, sumHess: f64, lambda: f64, minChildWeight: f64, parentGain: f64, bestChg: f64, out: usize,
): u32 {
  const total = f64x2(sumGrad, sumHess);
  const zero = f64x2.splat(0);
  const lam = f64x2.splat(lambda);
  const mcw = f64x2.splat(minChildWeight);
  const parent32 = <f32>parentGain;
  let best = bestChg;
  let found: u32 = 0;
  for (let k: usize = 0; k < <usize>count; k++) {
    const f = <usize>load<i32>(features + (k << 2));
    const nb = <usize>load<u32>(nBins + (f << 2));
    const base = hist + (<usize>load<u32>(offsets + (f << 2)) << 4);
    // forward: left = bins 0..b, missing right
    let left = zero;
    for (let b: usize = 0; b < nb; b++) {
      const bin = v128.load(base + (b << 4));
      if (!v128.any_true(f64x2.ne(bin, zero))) continue;
      left = f64x2.add(left, bin);
      const right = f64x2.sub(total, left);
      const hs = v128.shuffle<f64>(left, right, 1, 3); // (hl, hr)
      // hl > 0 && hr > 0 && hl >= mcw && hr >= mcw
      if (!v128.all_true<i64>(v128.and(f64x2.gt(hs, zero), f64x2.ge(hs, mcw)))) continue;
      const gs = v128.shuffle<f64>(left, right, 0, 2); // (gl, gr)
      const chg = lossChange(gs, hs, lam, parent32);
      if (chg > best) {
        best = chg;
        found = 1;
        store8(out, <f64>f, <f64>b, 0, chg, left, right);
      }
    }
    const miss = v128.load(base + (nb << 4));
    if (!v128.any_true(f64x2.ne(miss, zero))) continue;
    // backward: right = bins b..nb-1, missing left
    let right = zero;
    for (let b = <isize>nb - 1; b >= 0; b--) {
      const bin = v128.load(base + (<usize>b << 4));
      if (!v128.any_true(f64x2.ne(bin, zero))) continue;
      right = f64x2.add(right, bin);
      const left = f64x2.sub(total, right);
      const hs = v128.shuffle<f64>(left, right, 1, 3);
      if (!v128.all_true<i64>(v128.and(f64x2.gt(hs, zero), f64x2.ge(hs, mcw)))) continue;
      const gs = v128.shuffle<f64>(left, right, 0, 2);
      const chg = lossChange(gs, hs, lam, parent32);
      if (chg > best) {
        best = chg;
        found = 1;
        store8(out, <f64>f, <f64>(b - 1), 1, chg, left, right);
      }
    }
  }
  return found;
}
