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
 *
 * Pruning (same record as the unpruned scan, bit for bit): once a candidate has been found, each
 * run of BLOCK bins is first only accumulated, tracking the lane-wise range of the running sums
 * (exactly the values the candidates would see). chgBound turns that range into an upper bound on
 * any of the run's loss changes; when it is <= the best so far, none of them could replace it
 * (the comparison is strict), so the run's gains are not computed. Otherwise the run is scanned
 * again from its start with the same additions in the same order.
 * @returns 1 when out was written, else 0.
 */
import { cornerMax } from './corner-bound';

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

/** Bins accumulated before their loss changes are bounded (see scanSplits). */
const BLOCK: usize = 16;
/** 2^-62: a side's score per unit of |G| when its float32 weight is below 2^-63 (chgBound). */
const TINY_WEIGHT_SCORE: f64 = 2.168404344971009e-19;

/**
 * An upper bound on lossChange for every candidate whose accumulated side (left in the forward
 * scan, right in the backward one) lies lane-wise in [lo, hi] ((g, h) lanes, as computed), the
 * other side being total - accumulated (each difference correctly rounded: relative 2^-53).
 * A side's score -(2 G w + (H + lambda) f32(w * w)) is at most -2 G w; when f32(w * w) is normal
 * (|w| >= 2^-63) it is at most G^2 / (H + lambda) up to the float32 roundings of the weight, its
 * square and the score (each relative 2^-24, xgboost-spec.md §2.6), and with |w| < 2^-63 below
 * 2^-62 |G|. S(g, h) = g^2 / (h + lambda) + (G - g)^2 / (H - h + lambda) is jointly convex where
 * both denominators are positive, so over the box its largest value is at one of the 4 corners.
 * The margins cover the roundings many times over. +Infinity (no pruning) when a denominator is
 * not clearly positive everywhere on the box, or when the range is empty or infinite (the bound is
 * then not finite, or NaN, and no comparison prunes).
 */
// @ts-ignore: decorator
@inline function chgBound(lo: v128, hi: v128, total: v128, lam: v128, parent: f64): f64 {
  const sMax = cornerMax(lo, hi, total, f64x2.extract_lane(lam, 0));
  if (sMax == Infinity) return Infinity;
  const G = f64x2.extract_lane(total, 0);
  const g0 = f64x2.extract_lane(lo, 0);
  const g1 = f64x2.extract_lane(hi, 0);
  const gAbs = Math.max(Math.abs(g0), Math.abs(g1)) + Math.max(Math.abs(G - g0), Math.abs(G - g1));
  const u = sMax * (1 + 1e-5) + gAbs * TINY_WEIGHT_SCORE * 1.01 + 1e-30;
  const d = u - parent;
  return d + Math.abs(d) * 1e-6 + 1e-30;
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
  const parent64 = <f64>parent32;
  const posInf = f64x2.splat(Infinity);
  const negInf = f64x2.splat(-Infinity);
  let best = bestChg;
  let found: u32 = 0;
  for (let k: usize = 0; k < <usize>count; k++) {
    const f = <usize>load<i32>(features + (k << 2));
    const nb = <usize>load<u32>(nBins + (f << 2));
    const base = hist + (<usize>load<u32>(offsets + (f << 2)) << 4);
    // forward: left = bins 0..b, missing right
    let left = zero;
    for (let b0: usize = 0; b0 < nb; b0 += BLOCK) {
      const b1 = min(b0 + BLOCK, nb);
      if (best != -Infinity) {
        let acc = left;
        let lo = posInf;
        let hi = negInf;
        for (let b = b0; b < b1; b++) {
          const bin = v128.load(base + (b << 4));
          if (!v128.any_true(f64x2.ne(bin, zero))) continue;
          acc = f64x2.add(acc, bin);
          // compare and select (a NaN sum is left out: its candidates' loss changes are NaN, never chosen)
          lo = v128.bitselect(acc, lo, f64x2.lt(acc, lo));
          hi = v128.bitselect(acc, hi, f64x2.gt(acc, hi));
        }
        if (chgBound(lo, hi, total, lam, parent64) <= best) {
          left = acc;
          continue;
        }
      }
      for (let b = b0; b < b1; b++) {
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
    }
    const miss = v128.load(base + (nb << 4));
    if (!v128.any_true(f64x2.ne(miss, zero))) continue;
    // backward: right = bins b..nb-1, missing left
    let right = zero;
    for (let e1 = <isize>nb; e1 > 0; e1 -= <isize>BLOCK) {
      const e0 = max(e1 - <isize>BLOCK, 0);
      if (best != -Infinity) {
        let acc = right;
        let lo = posInf;
        let hi = negInf;
        for (let b = e1 - 1; b >= e0; b--) {
          const bin = v128.load(base + (<usize>b << 4));
          if (!v128.any_true(f64x2.ne(bin, zero))) continue;
          acc = f64x2.add(acc, bin);
          // compare and select (a NaN sum is left out: its candidates' loss changes are NaN, never chosen)
          lo = v128.bitselect(acc, lo, f64x2.lt(acc, lo));
          hi = v128.bitselect(acc, hi, f64x2.gt(acc, hi));
        }
        if (chgBound(lo, hi, total, lam, parent64) <= best) {
          right = acc;
          continue;
        }
      }
      for (let b = e1 - 1; b >= e0; b--) {
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
  }
  return found;
}
