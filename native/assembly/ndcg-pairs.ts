/**
 * The topk pairs of one rank:ndcg query without position debiasing (Kernels.ndcgPairs; the
 * TypeScript kernel src/kernels/ts/ndcg-pairs.ts is the reference, xgboost-spec.md §1.4-1.5): for
 * i < top and i < j < n with y[i] != y[j], high = the larger label,
 *   diff = f32(s_high - s_low), p = f32(1 / f32(expf(min(-diff, 88.7f)) + 1)),
 *   delta = |(g_i d_i + g_j d_j - (g_i d_j + g_j d_i)) invIdcg| [/ (|diff| + 0.01)],
 *   lambda = f32((p - 1) delta), hess = f32(max(p (1 - p), 1e-16) delta 2),
 * g_high += lambda, g_low -= lambda, h_i += hess, h_j += hess in float32, S += -2 lambda in f64,
 * every sum in the reference's order (i ascending, then j ascending).
 *
 * Four partners j..j + 3 per step: the float32 steps as f32x4 lanes, the double steps as two f64x2
 * halves, with the reference's roundings lane by lane:
 * - float32 steps: an f32 sub, add or div of float32 values is the correctly rounded result, which
 *   is what the reference's double operation followed by Math.fround gives (a double carries more
 *   than 2 x 24 + 2 bits, so rounding twice equals rounding once for + - x /).
 * - sign by label: f32(s_j - s_i) = -f32(s_i - s_j) (rounding is symmetric), so diff and the
 *   lambda added to row i are the i-first values with the sign bit flipped where j's label is
 *   higher; delta does not depend on which is high (the two sums are the same sums, commuted).
 * - expf: glibc's (src/util/expf.ts restates it): k and r from 32/ln2 x with the rounding error of
 *   the product added back; the integer k is read from the low bits of x 32/ln2 + 1.5 x 2^52 (the
 *   shift trick's sum) instead of a float-to-int conversion; 2^(k/32) = table[k mod 32] x 2^(k >> 5)
 *   with the power of two built in the exponent field (k >> 5 >= -152 is a normal double). Below
 *   log(2^-150) the result is 0 (the argument is clamped first so the index stays in range).
 * - min / max: pmin / pmax, equal to Math.min / Math.max here (no NaN: the caller takes queries
 *   with a non-finite score to the reference; no zero against zero: the bounds are 88.7 and 1e-16).
 * - row i's f32 sums and S take the lanes in order; a lane with equal labels adds -0 to them, which
 *   leaves any sum as it is (x + -0 = x, also for x = +0). Row j's sums take the lane's result only
 *   where the labels differ (bitselect), so they are the reference's to the bit.
 * The last partners (fewer than four) are done in scalar with the same operations.
 *
 * Arguments are byte addresses: y, s f32[n] (labels and scores in rank order, scores finite), gain
 * f64[n] (DCG gains in rank order), disc f64[>= n] (1/log2(r + 2)), gR, hR f32[n] (in/out sums in
 * rank order), gd f64[n] (scratch: gain x disc per rank).
 * @returns S, the sum of -2 lambda over the pairs (added to no previous value).
 */

/** 2^(i/32), i = 0..31: glibc's exp2f_data.c table (the same doubles as src/util/expf.ts). */
const TABLE: usize = memory.data<u64>([
  0x3ff0000000000000, 0x3ff059b0d3158574, 0x3ff0b5586cf9890f, 0x3ff11301d0125b51,
  0x3ff172b83c7d517b, 0x3ff1d4873168b9aa, 0x3ff2387a6e756238, 0x3ff29e9df51fdee1,
  0x3ff306fe0a31b715, 0x3ff371a7373aa9cb, 0x3ff3dea64c123422, 0x3ff44e086061892d,
  0x3ff4bfdad5362a27, 0x3ff5342b569d4f82, 0x3ff5ab07dd485429, 0x3ff6247eb03a5585,
  0x3ff6a09e667f3bcd, 0x3ff71f75e8ec5f74, 0x3ff7a11473eb0187, 0x3ff82589994cce13,
  0x3ff8ace5422aa0db, 0x3ff93737b0cdc5e5, 0x3ff9c49182a3f090, 0x3ffa5503b23e255d,
  0x3ffae89f995ad3ad, 0x3ffb7f76f2fb5e47, 0x3ffc199bdd85529c, 0x3ffcb720dcef9069,
  0x3ffd5818dcfba487, 0x3ffdfc97337b9b5f, 0x3ffea4afa2a490da, 0x3fff50765b6e4540,
], 16);

const INV_LN2_32: f64 = 46.16624130844683;
const INV_HI: f64 = 46.16624164581299;
const INV_LO: f64 = -3.3736615989710117e-7;
const SHIFT: f64 = 6755399441055744;
/** The bits of SHIFT: x 32/ln2 + SHIFT holds k in its low bits above these. */
const SHIFT_BITS: i64 = 0x4338000000000000;
const C0: f64 = 1.6938359250920212e-6;
const C1: f64 = 0.00023459809789509004;
const C2: f64 = 0.021660849396613134;
const UNDERFLOW: f64 = -103.97207641601562;
/** float32 88.7 (SIGMOID_CLAMP). */
const CLAMP: f64 = <f64><f32>88.7;
const SCORE_GAP_EPS: f64 = 0.01;
const HESS_EPS: f64 = 1e-16;

// @ts-ignore: decorator
@inline function f32r(x: f64): f64 {
  return <f64><f32>x;
}

/** glibc's expf of a float32 value x <= 88.7 (scalar). */
// @ts-ignore: decorator
@inline function expfScalar(x: f64): f64 {
  if (x < UNDERFLOW) return 0;
  const z = INV_LN2_32 * x;
  const zs = z + SHIFT;
  let kd = zs - SHIFT;
  let ki = reinterpret<i64>(zs) - SHIFT_BITS;
  let r = z - kd + (INV_HI * x - z + INV_LO * x);
  if (r > 0.5) {
    ki += 1;
    r -= 1;
  } else if (r < -0.5) {
    ki -= 1;
    r += 1;
  }
  const s = load<f64>(TABLE + (<usize>(ki & 31) << 3)) * reinterpret<f64>(((ki >> 5) + 1023) << 52);
  const p = C0 * r + C1;
  const r2 = r * r;
  let y = C2 * r + 1;
  y = p * r2 + y;
  return f32r(y * s);
}

/** expfScalar lane-wise: the two float32 results in f32 lanes 0 and 1. */
// @ts-ignore: decorator
@inline function expf2(x: v128): v128 {
  const under = f64x2.lt(x, f64x2.splat(UNDERFLOW));
  const xc = f64x2.pmax(f64x2.splat(UNDERFLOW), x);
  const z = f64x2.mul(f64x2.splat(INV_LN2_32), xc);
  const zs = f64x2.add(z, f64x2.splat(SHIFT));
  const kd = f64x2.sub(zs, f64x2.splat(SHIFT));
  let r = f64x2.add(f64x2.sub(z, kd), f64x2.add(f64x2.sub(f64x2.mul(f64x2.splat(INV_HI), xc), z), f64x2.mul(f64x2.splat(INV_LO), xc)));
  const one = f64x2.splat(1);
  const up = f64x2.gt(r, f64x2.splat(0.5));
  const down = f64x2.lt(r, f64x2.splat(-0.5));
  r = f64x2.add(f64x2.sub(r, v128.and(up, one)), v128.and(down, one));
  // masks are -1 where set: k + 1 where up, k - 1 where down
  const k = i64x2.sub(i64x2.add(i64x2.sub(zs, up), down), i64x2.splat(SHIFT_BITS));
  const t0 = load<f64>(TABLE + (<usize>(i64x2.extract_lane(k, 0) & 31) << 3));
  const t1 = load<f64>(TABLE + (<usize>(i64x2.extract_lane(k, 1) & 31) << 3));
  const pow2 = i64x2.shl(i64x2.add(i64x2.shr_s(k, 5), i64x2.splat(1023)), 52);
  const s = f64x2.mul(f64x2.replace_lane(f64x2.splat(t0), 1, t1), pow2);
  const p = f64x2.add(f64x2.mul(f64x2.splat(C0), r), f64x2.splat(C1));
  const r2 = f64x2.mul(r, r);
  let y = f64x2.add(f64x2.mul(f64x2.splat(C2), r), one);
  y = f64x2.add(f64x2.mul(p, r2), y);
  return f32x4.demote_f64x2_zero(v128.andnot(f64x2.mul(y, s), under));
}

export function ndcgPairs(
  y: usize, sc: usize, gain: usize, disc: usize, gR: usize, hR: usize, gd: usize,
  n: u32, top: u32, invIdcg: f64, normByDiff: u32,
): f64 {
  for (let r: usize = 0; r < <usize>n; r++) {
    store<f64>(gd + (r << 3), load<f64>(gain + (r << 3)) * load<f64>(disc + (r << 3)));
  }
  const inv2 = f64x2.splat(invIdcg);
  const one = f64x2.splat(1);
  const negZero32 = f32x4.splat(-0.0);
  const one32 = f32x4.splat(1);
  const clamp32 = f32x4.splat(<f32>CLAMP);
  const eps2 = f64x2.splat(SCORE_GAP_EPS);
  const heps = f64x2.splat(HESS_EPS);
  const two = f64x2.splat(2);
  let sumLambda: f64 = 0;
  for (let i: usize = 0; i < <usize>top; i++) {
    const yi = <f64>load<f32>(y + (i << 2));
    const si = <f64>load<f32>(sc + (i << 2));
    const gi = load<f64>(gain + (i << 3));
    const di = load<f64>(disc + (i << 3));
    const gdi = load<f64>(gd + (i << 3));
    let gAcc = load<f32>(gR + (i << 2));
    let hAcc = load<f32>(hR + (i << 2));
    const gi2 = f64x2.splat(gi);
    const di2 = f64x2.splat(di);
    const gdi2 = f64x2.splat(gdi);
    let j = i + 1;
    const yi4 = f32x4.splat(<f32>yi);
    const si4 = f32x4.splat(<f32>si);
    for (; j + 3 < <usize>n; j += 4) {
      const yj = v128.load(y + (j << 2));
      const live = f32x4.ne(yi4, yj);
      if (!v128.any_true(live)) continue;
      // sign bit where j's label is higher
      const flip = v128.andnot(negZero32, f32x4.gt(yi4, yj));
      const diff = v128.xor(f32x4.sub(si4, v128.load(sc + (j << 2))), flip);
      const x = f32x4.pmin(clamp32, f32x4.neg(diff));
      const eLo = expf2(f64x2.promote_low_f32x4(x));
      const eHi = expf2(f64x2.promote_low_f32x4(i32x4.shuffle(x, x, 2, 3, 2, 3)));
      const e = i32x4.shuffle(eLo, eHi, 0, 1, 4, 5);
      const p = f32x4.div(one32, f32x4.add(e, one32));
      const gap = f32x4.abs(diff);
      const pLo = f64x2.promote_low_f32x4(p);
      const pHi = f64x2.promote_low_f32x4(i32x4.shuffle(p, p, 2, 3, 2, 3));
      let dLo = f64x2.abs(f64x2.mul(f64x2.sub(f64x2.add(gdi2, v128.load(gd + (j << 3))),
        f64x2.add(f64x2.mul(gi2, v128.load(disc + (j << 3))), f64x2.mul(v128.load(gain + (j << 3)), di2))), inv2));
      let dHi = f64x2.abs(f64x2.mul(f64x2.sub(f64x2.add(gdi2, v128.load(gd + (j << 3), 16)),
        f64x2.add(f64x2.mul(gi2, v128.load(disc + (j << 3), 16)), f64x2.mul(v128.load(gain + (j << 3), 16), di2))), inv2));
      if (normByDiff) {
        dLo = f64x2.div(dLo, f64x2.add(f64x2.promote_low_f32x4(gap), eps2));
        dHi = f64x2.div(dHi, f64x2.add(f64x2.promote_low_f32x4(i32x4.shuffle(gap, gap, 2, 3, 2, 3)), eps2));
      }
      const lambda = i32x4.shuffle(
        f32x4.demote_f64x2_zero(f64x2.mul(f64x2.sub(pLo, one), dLo)),
        f32x4.demote_f64x2_zero(f64x2.mul(f64x2.sub(pHi, one), dHi)), 0, 1, 4, 5);
      const hess = i32x4.shuffle(
        f32x4.demote_f64x2_zero(f64x2.mul(f64x2.mul(f64x2.pmax(f64x2.mul(pLo, f64x2.sub(one, pLo)), heps), dLo), two)),
        f32x4.demote_f64x2_zero(f64x2.mul(f64x2.mul(f64x2.pmax(f64x2.mul(pHi, f64x2.sub(one, pHi)), heps), dHi), two)), 0, 1, 4, 5);
      // rows j..j + 3, only where the labels differ; masked lanes add -0 to row i (x + -0 = x)
      const toI = v128.bitselect(v128.xor(lambda, flip), negZero32, live);
      const h = v128.bitselect(hess, negZero32, live);
      const gOld = v128.load(gR + (j << 2));
      const hOld = v128.load(hR + (j << 2));
      v128.store(gR + (j << 2), v128.bitselect(f32x4.sub(gOld, toI), gOld, live));
      v128.store(hR + (j << 2), v128.bitselect(f32x4.add(hOld, h), hOld, live));
      // row i and S in lane order; S adds -2 x (+0) = -0 for a masked lane
      const lam = v128.and(lambda, live);
      gAcc = gAcc + f32x4.extract_lane(toI, 0);
      gAcc = gAcc + f32x4.extract_lane(toI, 1);
      gAcc = gAcc + f32x4.extract_lane(toI, 2);
      gAcc = gAcc + f32x4.extract_lane(toI, 3);
      hAcc = hAcc + f32x4.extract_lane(h, 0);
      hAcc = hAcc + f32x4.extract_lane(h, 1);
      hAcc = hAcc + f32x4.extract_lane(h, 2);
      hAcc = hAcc + f32x4.extract_lane(h, 3);
      sumLambda += -2 * <f64>f32x4.extract_lane(lam, 0);
      sumLambda += -2 * <f64>f32x4.extract_lane(lam, 1);
      sumLambda += -2 * <f64>f32x4.extract_lane(lam, 2);
      sumLambda += -2 * <f64>f32x4.extract_lane(lam, 3);
    }
    for (; j < <usize>n; j++) {
      const yj = <f64>load<f32>(y + (j << 2));
      if (yi == yj) continue;
      const iHigh = yi > yj;
      const d = f32r(si - <f64>load<f32>(sc + (j << 2)));
      const diff = iHigh ? d : -d;
      const p = f32r(1 / f32r(expfScalar(min(-diff, CLAMP)) + 1));
      const gj = load<f64>(gain + (j << 3));
      const dj = load<f64>(disc + (j << 3));
      let delta = abs((gdi + load<f64>(gd + (j << 3)) - (gi * dj + gj * di)) * invIdcg);
      if (normByDiff) delta /= abs(diff) + SCORE_GAP_EPS;
      const lambda = f32r((p - 1) * delta);
      const hess = <f32>(max(p * (1 - p), HESS_EPS) * delta * 2);
      const toI = <f32>(iHigh ? lambda : -lambda);
      gAcc = gAcc + toI;
      store<f32>(gR + (j << 2), load<f32>(gR + (j << 2)) - toI);
      hAcc = hAcc + hess;
      store<f32>(hR + (j << 2), load<f32>(hR + (j << 2)) + hess);
      sumLambda += -2 * lambda;
    }
    store<f32>(gR + (i << 2), gAcc);
    store<f32>(hR + (i << 2), hAcc);
  }
  return sumLambda;
}
