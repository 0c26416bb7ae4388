/**
 * The largest S(g, h) = g^2 / (h + lambda) + (G - g)^2 / (H - h + lambda) over a box of scanned
 * sums, shared by the pruned split scans (split-scan.ts: XGBoost's float32 gain, lightgbm-scan.ts:
 * LightGBM's double gain), each of which adds the margins its own roundings need.
 *
 * S is jointly convex in (g, h) where both denominators are positive, so over the box
 * [lo, hi] (lane-wise (g, h), as computed; the other side total - scanned) its maximum is at one of
 * the 4 corners. +Infinity when a denominator is not clearly positive (by a relative 1e-12) on the
 * box; NaN or +Infinity for an empty or infinite range (no comparison then prunes).
 */

// @ts-ignore: decorator
@inline export function cornerMax(lo: v128, hi: v128, total: v128, lambda: f64): f64 {
  const G = f64x2.extract_lane(total, 0);
  const H = f64x2.extract_lane(total, 1);
  const g0 = f64x2.extract_lane(lo, 0);
  const g1 = f64x2.extract_lane(hi, 0);
  const h0 = f64x2.extract_lane(lo, 1);
  const h1 = f64x2.extract_lane(hi, 1);
  const lam = f64x2.splat(lambda);
  // (g, G - g) and (h + lambda, H - h + lambda) at the corners
  const ga = f64x2(g0, G - g0);
  const gb = f64x2(g1, G - g1);
  const da = f64x2.add(f64x2(h0, H - h0), lam);
  const db = f64x2.add(f64x2(h1, H - h1), lam);
  // every denominator positive: the smallest of each side is at h0 (left) and h1 (right)
  const dMin = f64x2(f64x2.extract_lane(da, 0), f64x2.extract_lane(db, 1));
  // (positive by a relative margin, so no rounding of the two differences can hide a sign change)
  const tiny = (Math.abs(H) + Math.abs(h0) + Math.abs(h1) + Math.abs(lambda)) * 1e-12;
  if (!v128.all_true<i64>(f64x2.gt(dMin, f64x2.splat(tiny)))) return Infinity;
  const ga2 = f64x2.mul(ga, ga);
  const gb2 = f64x2.mul(gb, gb);
  const c0 = f64x2.div(ga2, da);
  const c1 = f64x2.div(ga2, db);
  const c2 = f64x2.div(gb2, da);
  const c3 = f64x2.div(gb2, db);
  const s0 = f64x2.extract_lane(c0, 0) + f64x2.extract_lane(c0, 1);
  const s1 = f64x2.extract_lane(c1, 0) + f64x2.extract_lane(c1, 1);
  const s2 = f64x2.extract_lane(c2, 0) + f64x2.extract_lane(c2, 1);
  const s3 = f64x2.extract_lane(c3, 0) + f64x2.extract_lane(c3, 1);
  return Math.max(Math.max(s0, s1), Math.max(s2, s3));
}
