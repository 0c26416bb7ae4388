/**
 * LightGBM 4.6's split scan with min_data_in_leaf: src/kernels/ts/lightgbm-scan.ts scanSplitsCounted
 * is the reference and states the rules (per-bin row estimates RoundInt(h * n / (H + 2 kEpsilon)),
 * the reverse pass, the forward pass for features with missing values, the one-value-bin case,
 * LightGBM's comparisons per pass and per feature, the flags, the record). This is the same
 * computation step for step in double arithmetic (every operation IEEE-rounded as in JavaScript,
 * in the same order), so the record, the flags and the result are the reference's bit for bit
 * (test/kernels/lightgbm-scan-wasm.test.ts).
 *
 * The scanned side's sums (g, h) are one f64x2 and the other side is total - scanned, lane-wise;
 * without max_delta_step both children's gains T(G)^2 / (H + l2) are computed as one f64x2 (the two
 * lanes are the two scalar computations, and their sum is commutative), with max_delta_step the
 * scalar LightGBM gain of each side.
 *
 * Blocks, without max_delta_step and with l1 >= 0 (same record, flags and result as scoring every
 * candidate): each run of BLOCK bins is first only accumulated (the same additions, counts and stops
 * in the same order), tracking the lane-wise range of its candidates' scanned sums; gainBound turns
 * that range into an upper bound on their gains, and the block is not scored when `prunable` says
 * none of them can matter (see there); otherwise it is scanned again from its start. A block
 * holding a NaN sum is always scored.
 *
 * Arguments are byte addresses: hist f64 pairs (slot s at 16 s), offsets u32[nFeatures + 1], nBins
 * u32[nFeatures] (slot nBins[f] is the missing bin), features i32[count], out f64[10] (the record:
 * f, bin, defaultLeft, lossChg, GL, HL, GR, HR, left output, right output, written when a feature's
 * loss change is strictly above the best so far, starting at bestChg), flags u8[count] (1 where the
 * feature had a valid candidate), nanFeatures u8[nFeatures] (1 where the training data has a
 * missing value of the feature) or 0 (then: where this node's missing slot is not empty).
 * @returns 1 when out was written, else 0.
 */
import { cornerMax } from './corner-bound';

/** LightGBM's kEpsilon (1e-15f) as a double. */
const EPS: f64 = <f64>(<f32>1e-15);

/** L1 soft threshold (src/kernels/ts/gain.ts thresholdL1). */
// @ts-ignore: decorator
@inline function soft(g: f64, l1: f64): f64 {
  if (g > l1) return g - l1;
  if (g < -l1) return g + l1;
  return 0;
}

/** LightGBM's GetLeafGain (lightgbm-scan.ts leafGain). */
// @ts-ignore: decorator
@inline function leafGain(g: f64, h: f64, l1: f64, l2: f64, mds: f64): f64 {
  const t = soft(g, l1);
  if (mds > 0) {
    const w = -t / (h + l2);
    if (Math.abs(w) > mds) {
      const c = w > 0 ? mds : -mds;
      return -(2 * t * c + (h + l2) * c * c);
    }
  }
  return (t * t) / (h + l2);
}

/** LightGBM's CalculateSplittedLeafOutput (lightgbm-scan.ts leafOutput). */
// @ts-ignore: decorator
@inline function leafOutput(g: f64, h: f64, l1: f64, l2: f64, mds: f64): f64 {
  const t = soft(g, l1);
  const w = -t / (h + l2);
  if (mds > 0 && Math.abs(w) > mds) return w > 0 ? mds : -mds;
  return w;
}

/**
 * The sum of both children's gains: `gs` = (g of one side, g of the other), `hs` likewise. Without
 * max_delta_step lane-wise: T(g)^2 / (h + l2) per lane (T: soft, as selects), then lane 0 + lane 1.
 */
// @ts-ignore: decorator
@inline function pairGain(gs: v128, hs: v128, l1: f64, l1v: v128, negL1v: v128, l2: f64, l2v: v128, mds: f64): f64 {
  if (mds > 0) {
    return leafGain(f64x2.extract_lane(gs, 0), f64x2.extract_lane(hs, 0), l1, l2, mds)
      + leafGain(f64x2.extract_lane(gs, 1), f64x2.extract_lane(hs, 1), l1, l2, mds);
  }
  const above = f64x2.gt(gs, l1v);
  const below = f64x2.lt(gs, negL1v);
  const t = v128.bitselect(f64x2.sub(gs, l1v), v128.bitselect(f64x2.add(gs, l1v), f64x2.splat(0), below), above);
  const q = f64x2.div(f64x2.mul(t, t), f64x2.add(hs, l2v));
  return f64x2.extract_lane(q, 0) + f64x2.extract_lane(q, 1);
}

/** Bins accumulated before their gains are bounded (see scanSplitsCounted). */
const BLOCK: usize = 16;

/**
 * An upper bound on pairGain (without max_delta_step) for every candidate whose scanned side lies
 * lane-wise in [lo, hi] ((g, h) lanes, as computed), the other side total - scanned: T(G)^2 <= G^2,
 * and S(g, h) = g^2 / (h + l2) + (G - g)^2 / (H - h + l2) is jointly convex where both denominators
 * are positive, so over the box it is largest at a corner; the computed gains lie within a few
 * roundings (relative 2^-53 each) of S, covered by the margin many times over. +Infinity (no
 * pruning) when a denominator is not clearly positive on the box.
 */
// @ts-ignore: decorator
@inline function gainBound(lo: v128, hi: v128, total: v128, l2: f64): f64 {
  return cornerMax(lo, hi, total, l2) * (1 + 1e-12) + 1e-300;
}

/**
 * Whether a block whose candidates' gains are all <= `u` can be left unscored: none passes the
 * parent (u <= shift); or, once the feature is flagged (so no flag can change), none is strictly
 * above the pass's best (u <= passGain), or none's loss change comes near the best record so far
 * (u - shift below `best` by a relative 1e-9: then neither this pass's outcome nor its comparison
 * with the other pass can change which record is written, whatever the roundings).
 */
// @ts-ignore: decorator
@inline function prunable(u: f64, shift: f64, flag: u8, passGain: f64, best: f64): bool {
  return u <= shift || (flag != 0 && (u <= passGain || (u - shift) + 1e-9 * (Math.abs(u) + Math.abs(shift)) <= best));
}

/** scanPass' results: the pass's first largest gain, its bin, its left side's sums; the feature's flag. */
let passGain: f64 = 0;
let passBin: f64 = 0;
let passLeft: v128 = v128.splat<i64>(0);
let passFlag: u8 = 0;

/**
 * One pass over a feature's bins (forward: bins 0 up; else from the top down to bin 1), as
 * lightgbm-scan.ts's pass loop, in blocks of BLOCK bins that are first only accumulated and left
 * unscored when `prune` and `prunable` allow (see the file comment). `flag` is the feature's flag
 * so far; results in passGain, passBin, passLeft, passFlag. Inlined at its two calls, where
 * `forward` is a constant (so each pass is its own loop, as if written twice).
 */
// @ts-ignore: decorator
@inline function scanPass(
  base: usize, nb: usize, forward: bool, flag: u8, best: f64, shift: f64, total: v128, cntFactor: f64, nodeRows: f64,
  minData: f64, mcw: f64, H: f64, l1: f64, l1v: v128, negL1v: v128, l2: f64, l2v: v128, mds: f64, prune: bool,
): void {
  const zero = f64x2.splat(0);
  const posInf = f64x2.splat(Infinity);
  const negInf = f64x2.splat(-Infinity);
  const steps = forward ? nb : nb - 1;
  let acc = f64x2(0, EPS);
  let sn: f64 = 0;
  let gainMax = -Infinity;
  let binMax: f64 = 0;
  let leftMax = zero;
  for (let i0: usize = 0; i0 < steps; i0 += BLOCK) {
    const i1 = min(i0 + BLOCK, steps);
    if (prune) {
      // accumulate the block only, as the scan below would, with the range of its candidates
      let acc2 = acc;
      let sn2 = sn;
      let lo = posInf;
      let hi = negInf;
      let cands = 0;
      let odd = false;
      let stop = false;
      for (let i = i0; i < i1; i++) {
        const b = forward ? i : nb - 1 - i;
        const bin = v128.load(base + (b << 4));
        if (!v128.any_true(f64x2.ne(bin, zero))) continue;
        acc2 = f64x2.add(acc2, bin);
        sn2 += Math.floor(f64x2.extract_lane(bin, 1) * cntFactor + 0.5);
        if (sn2 < minData || f64x2.extract_lane(acc2, 1) < mcw) continue;
        if (nodeRows - sn2 < minData || H - f64x2.extract_lane(acc2, 1) < mcw) {
          stop = true;
          break;
        }
        cands++;
        odd = odd || !v128.all_true<i64>(f64x2.eq(acc2, acc2));
        lo = v128.bitselect(acc2, lo, f64x2.lt(acc2, lo));
        hi = v128.bitselect(acc2, hi, f64x2.gt(acc2, hi));
      }
      if (cands == 0 || (!odd && prunable(gainBound(lo, hi, total, l2), shift, flag, gainMax, best))) {
        acc = acc2;
        sn = sn2;
        if (stop) break;
        continue;
      }
    }
    let stop = false;
    for (let i = i0; i < i1; i++) {
      const b = forward ? i : nb - 1 - i;
      const bin = v128.load(base + (b << 4));
      if (!v128.any_true(f64x2.ne(bin, zero))) continue;
      acc = f64x2.add(acc, bin);
      sn += Math.floor(f64x2.extract_lane(bin, 1) * cntFactor + 0.5);
      if (sn < minData || f64x2.extract_lane(acc, 1) < mcw) continue;
      if (nodeRows - sn < minData) {
        stop = true;
        break;
      }
      const other = f64x2.sub(total, acc);
      if (f64x2.extract_lane(other, 1) < mcw) {
        stop = true;
        break;
      }
      // (the two sides' gains are summed lane 0 + lane 1: the order of a sum of two does not matter)
      const gain = pairGain(v128.shuffle<f64>(acc, other, 0, 2), v128.shuffle<f64>(acc, other, 1, 3), l1, l1v, negL1v, l2, l2v, mds);
      if (gain <= shift) continue;
      flag = 1;
      if (gain > gainMax) {
        gainMax = gain;
        binMax = forward ? <f64>b : <f64>b - 1;
        leftMax = forward ? acc : other;
      }
    }
    if (stop) break;
  }
  passGain = gainMax;
  passBin = binMax;
  passLeft = leftMax;
  passFlag = flag;
}

export function scanSplitsCounted(
  hist: usize, offsets: usize, nBins: usize, features: usize, count: u32,
  l1: f64, l2: f64, mds: f64, minGainToSplit: f64, sumGrad: f64, sumHess: f64, mcw: f64, bestChg: f64,
  out: usize, nodeRows: f64, minData: f64, flags: usize, nanFeatures: usize,
): u32 {
  memory.fill(flags, 0, <usize>count);
  if (nodeRows < 2 * minData) return 0;
  const H = sumHess + 2 * EPS;
  const cntFactor = nodeRows / H;
  const shift = leafGain(sumGrad, H, l1, l2, mds) + minGainToSplit;
  const total = f64x2(sumGrad, H);
  const zero = f64x2.splat(0);
  const l1v = f64x2.splat(l1);
  const negL1v = f64x2.splat(-l1);
  const l2v = f64x2.splat(l2);
  // blocks are bounded (gainBound) only without max_delta_step and with l1 >= 0 (|T(G)| <= |G|)
  const prune = !(mds > 0) && l1 >= 0;
  let best = bestChg;
  let found: u32 = 0;
  for (let k: usize = 0; k < <usize>count; k++) {
    const f = <usize>load<i32>(features + (k << 2));
    const nb = <usize>load<u32>(nBins + (f << 2));
    const base = hist + (<usize>load<u32>(offsets + (f << 2)) << 4);
    const missSlot = v128.load(base + (nb << 4));
    const missing = nanFeatures === 0 ? v128.any_true(f64x2.ne(missSlot, zero)) : load<u8>(nanFeatures + f) == 1;
    let featChg = -Infinity;
    let featBin: f64 = 0;
    let featDl: f64 = 0;
    let featGl: f64 = 0;
    let featHl: f64 = 0;
    let flag: u8 = 0;
    if (missing && nb == 1) {
      // the one candidate: the value bin left, the missing slot (the scanned side) right
      const bg = f64x2.extract_lane(missSlot, 0);
      const bh = f64x2.extract_lane(missSlot, 1);
      const sh = EPS + bh;
      const sn = Math.floor(bh * cntFactor + 0.5);
      if (sn < minData || sh < mcw || nodeRows - sn < minData || H - sh < mcw) continue;
      const gain = leafGain(sumGrad - bg, H - sh, l1, l2, mds) + leafGain(bg, sh, l1, l2, mds);
      if (gain <= shift) continue;
      store<u8>(flags + k, 1);
      featChg = gain - shift;
      featGl = sumGrad - bg;
      featHl = H - sh;
    }
    // pass 0, reverse (always): the scanned side is the right one (bins nb-1 down to 1), missing
    // left, recorded as bin b - 1; pass 1, forward (features with missing values): the scanned side
    // is the left one (bins 0 up to nb-1), missing right, recorded as bin b
    if (nb > 1) {
      scanPass(base, nb, false, flag, best, shift, total, cntFactor, nodeRows, minData, mcw, H, l1, l1v, negL1v, l2, l2v, mds, prune);
      flag = passFlag;
      if (passGain > featChg + shift) {
        featChg = passGain - shift;
        featBin = passBin;
        featDl = missing ? 1 : 0;
        featGl = f64x2.extract_lane(passLeft, 0);
        featHl = f64x2.extract_lane(passLeft, 1);
      }
    }
    if (missing && nb > 1) {
      scanPass(base, nb, true, flag, best, shift, total, cntFactor, nodeRows, minData, mcw, H, l1, l1v, negL1v, l2, l2v, mds, prune);
      flag = passFlag;
      if (passGain > featChg + shift) {
        featChg = passGain - shift;
        featBin = passBin;
        featDl = 0;
        featGl = f64x2.extract_lane(passLeft, 0);
        featHl = f64x2.extract_lane(passLeft, 1);
      }
    }
    if (flag) store<u8>(flags + k, 1);
    if (featChg > best) {
      best = featChg;
      found = 1;
      const gr = sumGrad - featGl;
      const hr = H - featHl;
      store<f64>(out, <f64>f);
      store<f64>(out, featBin, 8);
      store<f64>(out, featDl, 16);
      store<f64>(out, featChg, 24);
      store<f64>(out, featGl, 32);
      store<f64>(out, featHl - EPS, 40);
      store<f64>(out, gr, 48);
      store<f64>(out, hr - EPS, 56);
      store<f64>(out, leafOutput(featGl, featHl, l1, l2, mds), 64);
      store<f64>(out, leafOutput(gr, hr, l1, l2, mds), 72);
    }
  }
  return found;
}
