/**
 * A feature's bins as LightGBM 4.6 builds them (src/io/bin.cpp: BinMapper::FindBin,
 * FindBinWithZeroAsOneBin, GreedyFindBin, NeedFilter), restated, as cuts in this engine's form:
 * - values with |v| <= kZeroThreshold (1e-35f) count as zeros, NaN as missing; the distinct values
 *   (zero included where it falls) and their counts feed the greedy bin finder, negative values,
 *   zero and positive values binned apart (zero is one bin of its own);
 * - with at most max_bin distinct values, a bin closes once it holds min_data_in_bin rows; beyond,
 *   bins of about equal counts with the values holding a bin's worth kept alone;
 * - a bin's upper bound is the double just above the midpoint of the two distinct values it
 *   separates, and a value goes left of a split when v <= bound;
 * - with missing values one bin is kept for them (max_bin - 1 for the values);
 * - a feature left with one bin, or (min_data_in_leaf > 0, LightGBM's feature_pre_filter) whose
 *   bins cannot leave min_data_in_leaf rows on both sides of any split, is not split on.
 * Here a bin b holds [cut[b-1], cut[b]) (quantile-cuts.ts binOf), so each bound becomes the smallest
 * float32 above it: for float32 values `v <= bound` is exactly `v < cut`. The last cut is the
 * sentinel above the largest value that XGBoost's cuts end with.
 * Not LightGBM's: all rows are binned (LightGBM bins a sample of bin_construct_sample_cnt = 200,000
 * rows when there are more; below that it bins them all, as here).
 */
import type { FeatureCuts } from './quantile-cuts.js';
import { RadixScratch, sortFloat32 } from '../radix-sort.js';

const f = Math.fround;
/** LightGBM's kZeroThreshold (1e-35f). */
const ZERO = f(1e-35);
const EPS5 = f(1e-5);
const buf = new Float64Array(1);
const bits = new BigInt64Array(buf.buffer);

/** std::nextafter(a, +inf) for a finite double. */
function nextUp(a: number): number {
  if (a === 0) return Number.MIN_VALUE;
  buf[0] = a;
  bits[0] = a > 0 ? bits[0]! + 1n : bits[0]! - 1n;
  return buf[0]!;
}

/** The smallest float32 strictly above the double `x`. */
function float32Above(x: number): number {
  let c = f(x);
  if (c <= x) {
    // step one float32 up
    const one = new Float32Array([c]);
    const u = new Int32Array(one.buffer);
    if (c === 0) u[0] = 1;
    else if (c > 0) u[0] = u[0]! + 1;
    else u[0] = u[0]! - 1;
    c = one[0]!;
  }
  return c;
}

/**
 * LightGBM's GreedyFindBin: upper bounds of at most `maxBin` bins over distinct values
 * `values[from..from+n)` (ascending) with counts `counts[...]`, the last bound +Infinity.
 */
export function greedyFindBin(values: Float64Array, counts: Int32Array, from: number, n: number, maxBin: number, totalCnt: number, minDataInBin: number): number[] {
  const ub: number[] = [];
  const v = (i: number): number => values[from + i]!;
  const c = (i: number): number => counts[from + i]!;
  if (n <= maxBin) {
    let cur = 0;
    for (let i = 0; i < n - 1; i++) {
      cur += c(i);
      if (cur >= minDataInBin) {
        const val = nextUp((v(i) + v(i + 1)) / 2);
        if (ub.length === 0 || !(val <= nextUp(ub[ub.length - 1]!))) {
          ub.push(val);
          cur = 0;
        }
      }
    }
    ub.push(Infinity);
    return ub;
  }
  if (minDataInBin > 0) {
    maxBin = Math.min(maxBin, Math.trunc(totalCnt / minDataInBin));
    maxBin = Math.max(maxBin, 1);
  }
  let meanBinSize = totalCnt / maxBin;
  let restBinCnt = maxBin;
  let restSampleCnt = totalCnt;
  const big = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (c(i) >= meanBinSize) {
      big[i] = 1;
      restBinCnt--;
      restSampleCnt -= c(i);
    }
  }
  meanBinSize = restSampleCnt / restBinCnt;
  const upper = new Float64Array(maxBin).fill(Infinity);
  const lower = new Float64Array(maxBin).fill(Infinity);
  let binCnt = 0;
  lower[0] = v(0);
  let cur = 0;
  for (let i = 0; i < n - 1; i++) {
    if (!big[i]) restSampleCnt -= c(i);
    cur += c(i);
    if (big[i] || cur >= meanBinSize || (big[i + 1] && cur >= Math.max(1, meanBinSize * 0.5))) {
      upper[binCnt] = v(i);
      binCnt++;
      lower[binCnt] = v(i + 1);
      if (binCnt >= maxBin - 1) break;
      cur = 0;
      if (!big[i]) {
        restBinCnt--;
        meanBinSize = restSampleCnt / restBinCnt;
      }
    }
  }
  binCnt++;
  for (let i = 0; i < binCnt - 1; i++) {
    const val = nextUp((upper[i]! + lower[i + 1]!) / 2);
    if (ub.length === 0 || !(val <= nextUp(ub[ub.length - 1]!))) ub.push(val);
  }
  ub.push(Infinity);
  return ub;
}

/** LightGBM's FindBinWithZeroAsOneBin (no forced bins): the upper bounds, the last +Infinity. */
function findBinZeroAsOne(values: Float64Array, counts: Int32Array, n: number, maxBin: number, totalCnt: number, minDataInBin: number): number[] {
  let leftData = 0;
  let zeroData = 0;
  let rightData = 0;
  for (let i = 0; i < n; i++) {
    if (values[i]! <= -ZERO) leftData += counts[i]!;
    else if (values[i]! > ZERO) rightData += counts[i]!;
    else zeroData += counts[i]!;
  }
  let leftCnt = -1;
  for (let i = 0; i < n; i++) {
    if (values[i]! > -ZERO) {
      leftCnt = i;
      break;
    }
  }
  if (leftCnt < 0) leftCnt = n;
  let ub: number[] = [];
  if (leftCnt > 0 && maxBin > 1) {
    const leftMax = Math.max(1, Math.trunc(leftData / (totalCnt - zeroData) * (maxBin - 1)));
    ub = greedyFindBin(values, counts, 0, leftCnt, leftMax, leftData, minDataInBin);
    if (ub.length > 0) ub[ub.length - 1] = -ZERO;
  }
  let rightStart = -1;
  for (let i = leftCnt; i < n; i++) {
    if (values[i]! > ZERO) {
      rightStart = i;
      break;
    }
  }
  const rightMax = maxBin - 1 - ub.length;
  if (rightStart >= 0 && rightMax > 0) {
    const right = greedyFindBin(values, counts, rightStart, n - rightStart, rightMax, rightData, minDataInBin);
    ub.push(ZERO, ...right);
  } else ub.push(Infinity);
  return ub;
}

/** A feature's distinct values (ascending, as doubles) and the rows of each (distinctValues). */
export interface DistinctValues {
  readonly values: Float64Array;
  readonly counts: Int32Array;
}

/** Reused by distinctValues (the calling thread's: lightgbmCuts runs on it only). */
const radix = new RadixScratch();

/**
 * LightGBM's distinct values of a feature and their counts (bin.cpp FindBin): the values with
 * |v| > kZeroThreshold sorted, a value equal to the previous one (std::nextafter test: `v <=
 * nextafter(prev, +inf)`) counted with it, and zero inserted once with the count of the rows with
 * |v| <= kZeroThreshold where it falls: first or last when some rows are zero, between the negatives
 * and the positives always (then possibly with count 0), alone when every value is zero or missing.
 * NaN rows are left out.
 * For float32 values no float32 lies in (a, nextafter(a)], so the test is `v === prev`, except after
 * +Infinity, whose nextafter here is NaN (every +Infinity is then a value of its own, as the double
 * test gives); the sort is a radix sort of the float32 values (their order is their doubles' order).
 * @param values in: Float32Array, the feature's values (NaN = missing).
 * @param nz the number of values with |v| > kZeroThreshold. @param zeroCnt the rows with |v| <= kZeroThreshold.
 */
export function distinctValues(values: Float32Array, nz: number, zeroCnt: number): DistinctValues {
  const sample = new Float32Array(nz);
  for (let r = 0, k = 0; r < values.length; r++) {
    const v = values[r]!;
    if (Math.abs(v) > ZERO) sample[k++] = v;
  }
  sortFloat32(sample, radix);
  const out = new Float64Array(nz + 1);
  const counts = new Int32Array(nz + 1);
  let d = -1;
  if (nz === 0 || (sample[0]! > 0 && zeroCnt > 0)) {
    d = 0;
    counts[0] = zeroCnt;
  }
  for (let i = 0; i < nz; i++) {
    const v = sample[i]!;
    if (i === 0 || v !== sample[i - 1] || sample[i - 1] === Infinity) {
      if (i > 0 && sample[i - 1]! < 0 && v > 0) counts[++d] = zeroCnt;
      out[++d] = v;
    }
    counts[d]!++;
  }
  if (nz > 0 && sample[nz - 1]! < 0 && zeroCnt > 0) counts[++d] = zeroCnt;
  return { values: out.subarray(0, d + 1), counts: counts.subarray(0, d + 1) };
}


/**
 * LightGBM's bins of one feature as cuts (see the file comment).
 * @param values in: Float32Array, the feature's values (NaN = missing), length nRows.
 * @param maxBin max_bin (>= 2). @param minDataInBin min_data_in_bin.
 * @param minSplitData min_data_in_leaf (0: no pre-filter).
 */
export function lightgbmCuts(values: Float32Array, maxBin: number, minDataInBin: number, minSplitData: number): FeatureCuts {
  const nRows = values.length;
  let na = 0;
  let nz = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let r = 0; r < nRows; r++) {
    const v = values[r]!;
    if (v !== v) na++;
    else {
      if (Math.abs(v) > ZERO) nz++;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  const { values: distinct, counts } = distinctValues(values, nz, nRows - nz - na);
  const ub = na > 0
    ? findBinZeroAsOne(distinct, counts, distinct.length, maxBin - 1, nRows - na, minDataInBin)
    : findBinZeroAsOne(distinct, counts, distinct.length, maxBin, nRows, minDataInBin);
  // rows per bin (the value bins; missing rows are in their own slot here)
  const cnt = new Array<number>(ub.length).fill(0);
  for (let i = 0, b = 0; i < distinct.length; i++) {
    while (distinct[i]! > ub[b]! && b < ub.length - 1) b++;
    cnt[b] += counts[i]!;
  }
  const top = present(min) ? f(max + f(Math.abs(max) + EPS5)) : EPS5;
  const minValue = present(min) ? f(min - f(Math.abs(min) + EPS5)) : 0;
  const nBins = ub.length + (na > 0 ? 1 : 0);
  if (nBins <= 1 || (minSplitData > 0 && needFilter(na > 0 ? [...cnt, na] : cnt, nRows, minSplitData))) {
    return { cuts: Float32Array.of(top), minValue };
  }
  const cuts = new Float32Array(ub.length);
  for (let b = 0; b < ub.length - 1; b++) cuts[b] = float32Above(ub[b]!);
  cuts[ub.length - 1] = Math.max(top, cuts.length > 1 ? float32Above(cuts[ub.length - 2]!) : top);
  return { cuts, minValue };
}

function present(min: number): boolean {
  return min !== Infinity;
}

/** LightGBM's NeedFilter (numerical): no bin boundary leaves `filter` rows on both sides. */
function needFilter(cntInBin: readonly number[], total: number, filter: number): boolean {
  let left = 0;
  for (let i = 0; i < cntInBin.length - 1; i++) {
    left += cntInBin[i]!;
    if (left >= filter && total - left >= filter) return false;
  }
  return true;
}
