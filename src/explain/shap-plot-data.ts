/**
 * What the SHAP plots draw, computed from SHAP values (tree-shap.ts, XGBoost's pred_contribs
 * layout): the summary (beeswarm) of a data set and the waterfall of one row, in the form the
 * charts (charts/shap-summary-spec.ts, charts/shap-waterfall-spec.ts) and the CLI's tables take.
 */

/** One point of the beeswarm: a row's SHAP value for a feature. */
export interface SwarmPoint {
  readonly feature: string;
  /** The SHAP value (margin units). */
  readonly shap: number;
  /** Vertical offset within the feature's band, in [-1, 1] (the swarm's stacking). */
  readonly offset: number;
  /** The feature's value in this row (null when missing). */
  readonly value: number | null;
  /**
   * The value's rank among the feature's non-missing values drawn, in [0, 1] (0 lowest), the
   * colour; null when missing.
   */
  readonly rank: number | null;
}

/** The summary plot of a data set. */
export interface ShapSummary {
  /** Features drawn, most important (largest mean |SHAP|) first. */
  readonly features: readonly { readonly name: string; readonly meanAbs: number }[];
  /** Features not drawn (beyond `top`). */
  readonly hiddenFeatures: number;
  readonly points: readonly SwarmPoint[];
  /** Rows drawn (after sampling) and rows in the data. */
  readonly rowsDrawn: number;
  readonly rowsTotal: number;
}

/** One step of a waterfall: a feature's contribution, from `start` to `end` (margin units). */
export interface WaterfallStep {
  /** e.g. `f3 = 0.52`, `f7 = missing` or `12 other features`. */
  readonly label: string;
  readonly shap: number;
  readonly start: number;
  readonly end: number;
}

/** The waterfall of one row. */
export interface ShapWaterfall {
  /** The expected margin (the SHAP bias: base margin plus the trees' expected values). */
  readonly base: number;
  /** The row's margin (base plus every contribution). */
  readonly margin: number;
  /** Steps from base to margin, largest |SHAP| first; the last may aggregate the rest. */
  readonly steps: readonly WaterfallStep[];
}

/** Rows of the swarm's stacking grid across the x range (as shap's beeswarm quantises). */
const SWARM_BINS = 100;

/**
 * Stacking offsets of a beeswarm row: values falling in the same of SWARM_BINS bins across
 * [min, max] alternate above and below the centre line, nearer first.
 * @returns Float64Array of length values.length in [-1, 1].
 */
export function swarmOffsets(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    lo = Math.min(lo, values[i]!);
    hi = Math.max(hi, values[i]!);
  }
  const width = hi - lo || 1;
  const bins = new Int32Array(n);
  const counts = new Int32Array(SWARM_BINS + 1);
  for (let i = 0; i < n; i++) counts[(bins[i] = Math.floor(((values[i]! - lo) / width) * SWARM_BINS))]!++;
  let most = 1;
  for (const c of counts) most = Math.max(most, c);
  const seen = new Int32Array(SWARM_BINS + 1);
  for (let i = 0; i < n; i++) {
    const k = seen[bins[i]!]!++;
    // 0, +1, -1, +2, -2, ... layers, scaled so the fullest bin spans [-1, 1].
    const layer = k === 0 ? 0 : Math.ceil(k / 2) * (k % 2 === 1 ? 1 : -1);
    out[i] = most > 1 ? layer / Math.ceil((most - 1) / 2 || 1) : 0;
  }
  return out;
}

/**
 * Rows to draw of a data set of nRows: all of them, or maxRows evenly spaced.
 * @returns 0-based row indices, increasing.
 */
export function sampleRows(nRows: number, maxRows: number): number[] {
  const step = nRows > maxRows ? nRows / maxRows : 1;
  const rows: number[] = [];
  for (let k = 0; k < Math.min(nRows, maxRows); k++) rows.push(Math.floor(k * step));
  return rows;
}

/**
 * The summary of SHAP values over the rows drawn (feature order by their mean |SHAP|).
 * @param contrib nRows * (nFeatures + 1) SHAP values of the rows drawn (bias last in each row).
 * @param columns those rows' feature values in model order: nFeatures arrays of length nRows.
 * @param names the feature names, length nFeatures.
 * @param top features drawn (the rest are counted in hiddenFeatures).
 * @param rowsTotal rows of the data set the rows drawn were sampled from.
 */
export function shapSummary(contrib: Float32Array, columns: readonly ArrayLike<number>[], names: readonly string[], top: number, rowsTotal: number): ShapSummary {
  const nF = names.length;
  const stride = nF + 1;
  const nRows = contrib.length / stride;
  const rows = Array.from({ length: nRows }, (_, r) => r);
  const meanAbs = new Float64Array(nF);
  for (let r = 0; r < nRows; r++) for (let j = 0; j < nF; j++) meanAbs[j]! += Math.abs(contrib[r * stride + j]!);
  const order = Array.from({ length: nF }, (_, j) => j)
    .filter((j) => meanAbs[j]! > 0)
    .sort((a, b) => meanAbs[b]! - meanAbs[a]! || a - b);
  const shown = order.slice(0, Math.max(0, top));
  const points: SwarmPoint[] = [];
  for (const j of shown) {
    const shap = rows.map((r) => contrib[r * stride + j]!);
    const offsets = swarmOffsets(shap);
    const vals = rows.map((r) => columns[j]![r]!);
    const present = vals.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
    const rankOf = (v: number): number => {
      // Mid-rank of v among the present values, scaled to [0, 1].
      let lo = 0;
      let hi = present.length;
      while (lo < hi) {
        const m = (lo + hi) >>> 1;
        if (present[m]! < v) lo = m + 1;
        else hi = m;
      }
      let end = lo;
      while (end < present.length && present[end] === v) end++;
      return present.length > 1 ? (lo + end - 1) / 2 / (present.length - 1) : 0.5;
    };
    rows.forEach((_, i) => {
      const v = vals[i]!;
      const missing = Number.isNaN(v);
      points.push({ feature: names[j]!, shap: shap[i]!, offset: offsets[i]!, value: missing ? null : v, rank: missing ? null : rankOf(v) });
    });
  }
  return {
    features: shown.map((j) => ({ name: names[j]!, meanAbs: meanAbs[j]! / nRows })),
    hiddenFeatures: order.length - shown.length,
    points,
    rowsDrawn: nRows,
    rowsTotal,
  };
}

/**
 * The waterfall of one row.
 * @param contrib the row's nFeatures + 1 SHAP values (bias last).
 * @param values the row's feature values, length nFeatures (NaN = missing).
 * @param names the feature names, length nFeatures.
 * @param top steps shown; the remaining non-zero contributions are summed into one last step.
 * @param formatValue how a feature value is written in a label.
 */
export function shapWaterfall(
  contrib: ArrayLike<number>, values: ArrayLike<number>, names: readonly string[], top: number,
  formatValue: (v: number) => string = (v) => String(v),
): ShapWaterfall {
  const nF = names.length;
  const base = contrib[nF]!;
  const order = Array.from({ length: nF }, (_, j) => j)
    .filter((j) => contrib[j] !== 0)
    .sort((a, b) => Math.abs(contrib[b]!) - Math.abs(contrib[a]!) || a - b);
  const steps: WaterfallStep[] = [];
  let at = base;
  const push = (label: string, shap: number): void => {
    steps.push({ label, shap, start: at, end: at + shap });
    at += shap;
  };
  const shown = order.length > top ? order.slice(0, Math.max(0, top - 1)) : order;
  for (const j of shown) {
    const v = values[j]!;
    push(`${names[j]} = ${Number.isNaN(v) ? 'missing' : formatValue(v)}`, contrib[j]!);
  }
  const rest = order.slice(shown.length);
  if (rest.length > 0) push(`${rest.length} other features`, rest.reduce((s, j) => s + contrib[j]!, 0));
  return { base, margin: at, steps };
}
