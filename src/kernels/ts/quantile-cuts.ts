/**
 * Cut values of one feature, as XGBoost 3.4.1's hist builds them from a DMatrix
 * (HostSketchContainer::PushRowPage, MakeCuts, WQSummary::QueryCutValues; xgboost-spec.md §2.3):
 * - the feature's present values are pushed in row order, with their sample weights (ranking: the
 *   query's weight on each of its rows), into a WQuantileSketch (quantile-sketch.ts) sized for the
 *   column's entry count; its summary is pruned to SketchSummaryBudget(max_bin, non-zero-weight
 *   entries);
 * - a summary of at most max_bin entries gives every retained value except the smallest as a cut;
 *   a larger one gives max_bin - 1 rank queries at i x total / max_bin (the nearer of two entries by
 *   their rank bounds, in double), forced strictly increasing by stepping to the next retained value;
 * - in both cases a final sentinel max + (|max| + 1e-5) in float32; an empty column gets the single
 *   cut 1e-5.
 * With at most max_bin distinct values every distinct value but the smallest is a cut.
 * A value v falls in bin b = the index of the first cut strictly greater than v (clamped to the
 * last bin), so bin b holds [cut[b-1], cut[b]).
 */
import { QuantileSketch, summaryBudget, type Summary } from './quantile-sketch.js';

/** Result of cutting one feature. */
export interface FeatureCuts {
  /** Float32Array of cut values, strictly increasing, length = number of bins (>= 1). */
  cuts: Float32Array;
  /** The feature's smallest value minus (|min| + 1e-5) (XGBoost's min_vals), float32; 0 for an empty column. */
  minValue: number;
}

const f = Math.fround;
const EPS5 = f(1e-5);

/**
 * Cuts for one feature.
 * @param values in: Float32Array, the feature's values in row order (NaN = missing, not sketched), length n.
 * @param weights in: Float32Array of row weights (length n), or null for unit weights.
 * @param maxBin maximum number of bins (>= 2).
 */
export function sketchCuts(values: Float32Array, weights: Float32Array | null, maxBin: number): FeatureCuts {
  const present = presentCount(values);
  const min = present === 0 ? 0 : presentMin(values);
  const sketch = new QuantileSketch(present, maxBin);
  pushPresent(sketch, values, weights);
  const summary = sketch.finish(summaryBudget(maxBin, sketch.numElements));
  const cuts = queryCutValues(summary, Math.min(summary.size, maxBin));
  return { cuts, minValue: present === 0 ? 0 : f(min - f(Math.abs(min) + EPS5)) };
}

/*
 * sketchCuts' loops, each a function of its own with nothing after its loop: V8 compiles a long
 * loop on stack replacement and reuses that code on later calls, so code after the loop in the
 * same function (not yet run when it was compiled) would leave it on every feature.
 */

/** Number of values that are not NaN. */
function presentCount(values: Float32Array): number {
  let present = 0;
  for (let r = 0; r < values.length; r++) if (values[r] === values[r]) present++;
  return present;
}

/** Smallest value that is not NaN (Infinity when all are NaN). */
function presentMin(values: Float32Array): number {
  let min = Infinity;
  for (let r = 0; r < values.length; r++) if (values[r]! < min) min = values[r]!;
  return min;
}

/** Pushes every present value in row order with its weight (1 without weights). */
function pushPresent(sketch: QuantileSketch, values: Float32Array, weights: Float32Array | null): void {
  for (let r = 0; r < values.length; r++) {
    const v = values[r]!;
    if (v === v) sketch.push(v, weights ? weights[r]! : 1);
  }
}

/** WQSummary::QueryCutValues: the cut values of a summary for `maxBin` bins. */
export function queryCutValues(s: Summary, maxBin: number): Float32Array {
  const m = s.size;
  if (m === 0) return Float32Array.of(EPS5);
  const value = s.value;
  const out: number[] = [];
  const nextDistinct = (cursor: number, v: number): number => {
    while (cursor < m && value[cursor]! <= v) cursor++;
    return cursor;
  };
  let last = value[0]!;
  let next = nextDistinct(1, last);
  if (m <= maxBin) {
    while (next < m) {
      last = value[next]!;
      out.push(last);
      next = nextDistinct(next + 1, last);
    }
  } else {
    const { rmin, rmax, wmin } = s;
    const total = rmax[m - 1]!;
    let q = 0;
    for (let i = 1; i < maxBin; i++) {
      const rank2 = 2 * ((i * total) / maxBin);
      while (q < m - 2 && rank2 >= f(rmin[q + 1]! + rmax[q + 1]!)) q++;
      const split = f(f(rmin[q]! + wmin[q]!) + f(rmax[q + 1]! - wmin[q + 1]!));
      let cpt = rank2 < split ? value[q]! : value[q + 1]!;
      if (cpt <= last) {
        next = nextDistinct(next, last);
        if (next === m) break;
        cpt = value[next]!;
      } else if (next < m && value[next]! <= cpt) {
        next = nextDistinct(next + 1, cpt);
      }
      out.push(cpt);
      last = cpt;
    }
  }
  const top = value[m - 1]!;
  out.push(f(top + f(Math.abs(top) + EPS5)));
  return Float32Array.from(out);
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
