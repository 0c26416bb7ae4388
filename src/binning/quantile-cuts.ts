/**
 * Cut values of one feature from its weighted values, following XGBoost's hist rules
 * (xgboost-spec.md §2.3):
 * - at most max_bin distinct values: every distinct value except the smallest is a cut;
 * - otherwise max_bin - 1 interior cuts at weighted ranks i * W / max_bin (i = 1 .. max_bin-1),
 *   each the data value whose rank interval midpoint is nearest, kept strictly increasing;
 * - in both cases a final sentinel max + |max| + 1e-5; an empty column gets the single cut 1e-5.
 * A value v falls in bin b = the index of the first cut strictly greater than v (clamped to the
 * last bin), so bin b holds [cut[b-1], cut[b]).
 *
 * XGBoost uses a GK-style sketch with eps = 1/(8 max_bin); the quantiles here are exact (a sort of
 * the column), which is what the sketch approximates.
 */

/** Result of cutting one feature. */
export interface FeatureCuts {
  /** Float32Array of cut values, strictly increasing, length = number of bins (>= 1). */
  cuts: Float32Array;
  /** The feature's smallest value minus (|min| + 1e-5) (XGBoost's min_vals), float32; 0 for an empty column. */
  minValue: number;
}

/**
 * Cuts for one feature.
 * @param sorted in: the feature's non-missing values sorted ascending (Float32Array or Float64Array, length n).
 * @param weights in: weights aligned with `sorted` (same length), or null for unit weights.
 * @param maxBin maximum number of bins (>= 2).
 */
export function quantileCuts(sorted: Float32Array | Float64Array, weights: Float64Array | null, maxBin: number): FeatureCuts {
  const n = sorted.length;
  if (n === 0) return { cuts: Float32Array.of(1e-5), minValue: 0 };
  // Distinct values with their weights.
  const vals: number[] = [];
  const wts: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = sorted[i]!;
    const w = weights ? weights[i]! : 1;
    if (vals.length > 0 && vals[vals.length - 1] === v) wts[wts.length - 1] += w;
    else {
      vals.push(v);
      wts.push(w);
    }
  }
  const d = vals.length;
  const max = vals[d - 1]!;
  const min = vals[0]!;
  const out: number[] = [];
  if (d <= maxBin) {
    for (let i = 1; i < d; i++) out.push(vals[i]!);
  } else {
    // rmin/rmax of each distinct value: cumulative weight before / including it.
    const rmin = new Float64Array(d);
    const rmax = new Float64Array(d);
    let acc = 0;
    for (let i = 0; i < d; i++) {
      rmin[i] = acc;
      acc += wts[i]!;
      rmax[i] = acc;
    }
    const total = acc;
    let k = 0;
    for (let i = 1; i < maxBin; i++) {
      const target2 = (2 * i * total) / maxBin; // compare 2*rank with rmin + rmax (midpoint * 2)
      while (k + 1 < d && rmin[k + 1]! + rmax[k + 1]! <= target2) k++;
      // k is the last value with midpoint <= target; k+1 the first above. Take the nearer.
      let pick = k;
      if (k + 1 < d) {
        const below = target2 - (rmin[k]! + rmax[k]!);
        const above = rmin[k + 1]! + rmax[k + 1]! - target2;
        if (above < below) pick = k + 1;
      }
      const v = vals[pick]!;
      if (pick > 0 && (out.length === 0 || v > out[out.length - 1]!)) out.push(v);
    }
  }
  const sentinel = Math.fround(max + Math.abs(max) + 1e-5);
  if (out.length === 0 || sentinel > out[out.length - 1]!) out.push(sentinel);
  return { cuts: Float32Array.from(out), minValue: Math.fround(min - (Math.abs(min) + 1e-5)) };
}

/** Bin of value v: the index of the first cut > v, clamped to the last bin (binary search). */
export function binOf(cuts: Float32Array, v: number): number {
  let lo = 0;
  let hi = cuts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cuts[mid]! > v) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
