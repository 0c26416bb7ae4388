/**
 * The values a partial-dependence curve is evaluated at, chosen as scikit-learn chooses them
 * (sklearn.inspection._partial_dependence._grid_from_X, 1.x): the feature's unique values when
 * there are fewer than the grid resolution; otherwise `resolution` equally spaced points from the
 * low to the high percentile of the feature (numpy.linspace between scipy's mquantiles).
 * Missing values (NaN) are left out. Grid values are rounded to float32, the precision the trees
 * compare in, so each value is exactly what prediction sees.
 */
import { ParamError } from '../errors.js';

/** Default number of grid points per feature. */
export const DEFAULT_GRID_RESOLUTION = 20;
/** Default percentiles bounding the grid (scikit-learn's). */
export const DEFAULT_PERCENTILES: readonly [number, number] = [0.05, 0.95];
/** The deciles drawn as the rug under a partial-dependence chart (as scikit-learn's display). */
export const DECILE_PROBS: readonly number[] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

/**
 * Sample quantiles as scipy.stats.mstats.mquantiles computes them with its default plotting
 * positions alphap = betap = 0.4 (Hyndman and Fan 1996, "Sample quantiles in statistical
 * packages"): for sorted x of length n and probability p, with m = alphap + p (1 - alphap - betap),
 * aleph = n p + m, k = floor(clip(aleph, 1, n - 1)), gamma = clip(aleph - k, 0, 1):
 *   q = (1 - gamma) x[k - 1] + gamma x[k]      (x 0-based).
 * @param sorted ascending values without NaN (length >= 1).
 * @param probs probabilities in [0, 1].
 * @returns Float64Array of length probs.length.
 */
export function mquantiles(sorted: ArrayLike<number>, probs: readonly number[], alphap = 0.4, betap = 0.4): Float64Array {
  const n = sorted.length;
  const out = new Float64Array(probs.length);
  probs.forEach((p, i) => {
    if (n === 1) {
      out[i] = sorted[0]!;
      return;
    }
    const aleph = n * p + alphap + p * (1 - alphap - betap);
    const k = Math.floor(Math.min(Math.max(aleph, 1), n - 1));
    const gamma = Math.min(Math.max(aleph - k, 0), 1);
    out[i] = (1 - gamma) * sorted[k - 1]! + gamma * sorted[k]!;
  });
  return out;
}

/** The non-missing values of a column, sorted ascending (Float64Array). */
export function sortedValues(column: ArrayLike<number>): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < column.length; i++) {
    const v = column[i]!;
    if (v === v) out.push(v);
  }
  return Float64Array.from(out).sort();
}

/** Checks the grid options, throwing ParamError with a one-line message. */
export function checkGridOptions(resolution: number, percentiles: readonly number[]): void {
  if (!Number.isInteger(resolution) || resolution < 2) throw new ParamError(`the grid resolution must be an integer >= 2, got ${resolution}`);
  const [lo, hi] = percentiles;
  if (percentiles.length !== 2 || !(lo! >= 0 && hi! <= 1 && lo! < hi!)) {
    throw new ParamError(`percentiles must be two numbers 0 <= low < high <= 1, got ${percentiles.join(',')}`);
  }
}

/**
 * The grid of one feature.
 * @param sorted the feature's non-missing values, ascending (see sortedValues).
 * @param name the feature's name, for messages.
 * @returns Float64Array of float32 values, ascending: the unique values (fewer than
 *   `resolution`) or `resolution` equally spaced points between the percentiles.
 * @throws ParamError when the feature has no non-missing value or the percentiles coincide.
 */
export function featureGrid(
  sorted: Float64Array,
  name: string,
  resolution: number = DEFAULT_GRID_RESOLUTION,
  percentiles: readonly number[] = DEFAULT_PERCENTILES,
): Float64Array {
  checkGridOptions(resolution, percentiles);
  if (sorted.length === 0) throw new ParamError(`feature ${JSON.stringify(name)} has no non-missing values in the data`);
  const uniques: number[] = [];
  for (let i = 0; i < sorted.length && uniques.length < resolution; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) uniques.push(sorted[i]!);
  }
  if (uniques.length < resolution) return Float64Array.from(uniques, Math.fround);
  const q = mquantiles(sorted, percentiles);
  const lo = q[0]!;
  const hi = q[1]!;
  // numpy.allclose(lo, hi): |lo - hi| <= 1e-8 + 1e-5 |hi|
  if (Math.abs(lo - hi) <= 1e-8 + 1e-5 * Math.abs(hi)) {
    throw new ParamError(
      `the ${percentiles[0]} and ${percentiles[1]} percentiles of feature ${JSON.stringify(name)} are too close (${lo}, ${hi}) to build a grid; choose percentiles further apart`,
    );
  }
  // numpy.linspace(lo, hi, resolution): lo + i * step, the last point exactly hi.
  const step = (hi - lo) / (resolution - 1);
  const grid = new Float64Array(resolution);
  for (let i = 0; i < resolution; i++) grid[i] = Math.fround(i === resolution - 1 ? hi : lo + i * step);
  return grid;
}
