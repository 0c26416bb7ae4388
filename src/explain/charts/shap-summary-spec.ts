/**
 * The SHAP summary plot (beeswarm) as a Vega-Lite spec: one row per feature, most important at
 * the top; each dot a data row at its SHAP value, stacked where dots crowd, coloured by the
 * feature's value in that row (low blue, high red, missing grey), as the shap package draws it.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ShapSummary } from '../shap-plot-data.js';
import { baseSpec, PLOT_WIDTH } from './chart-style.js';

/** Low and high ends of the value colour scale, and the colour of a missing value. */
export const SHAP_COLORS = { low: '#1e88e5', high: '#ff0d57', missing: '#b0b0b0' } as const;

/** Height of one feature's band, in pixels. */
const BAND = 26;

/**
 * @param s the summary (shapSummary).
 * @param objective the model's objective, for the subtitle.
 * @returns a self-contained Vega-Lite 5 spec (inline data).
 */
export function shapSummarySpec(s: ShapSummary, objective: string): TopLevelSpec {
  const order = s.features.map((f) => f.name);
  const sampled = s.rowsDrawn < s.rowsTotal ? `${s.rowsDrawn} of ${s.rowsTotal} rows (evenly spaced)` : `${s.rowsTotal} rows`;
  const hidden = s.hiddenFeatures > 0 ? ` · ${s.hiddenFeatures} more features not shown` : '';
  const values = s.points.map((p) => ({ feature: p.feature, shap: p.shap, offset: p.offset, value: p.value, rank: p.rank }));
  return {
    ...baseSpec(),
    title: { text: 'SHAP summary', subtitle: `${objective} · ${sampled}${hidden} · colour: the feature's value in the row` },
    width: PLOT_WIDTH,
    height: { step: BAND },
    data: { values },
    layer: [
      {
        mark: { type: 'rule', color: '#999999', strokeWidth: 1 },
        encoding: { x: { datum: 0, type: 'quantitative' } },
      },
      {
        mark: { type: 'circle', size: 14, opacity: 0.85 },
        encoding: {
          y: { field: 'feature', type: 'nominal', sort: order, title: null, axis: { grid: true, gridColor: '#f0f0f0' } },
          yOffset: { field: 'offset', type: 'quantitative', scale: { domain: [-1.15, 1.15] } },
          x: { field: 'shap', type: 'quantitative', title: 'SHAP value (impact on the margin)' },
          color: {
            condition: { test: 'datum.rank === null', value: SHAP_COLORS.missing },
            field: 'rank',
            type: 'quantitative',
            scale: { domain: [0, 1], range: [SHAP_COLORS.low, SHAP_COLORS.high] },
            legend: { title: 'feature value', values: [0, 1], labelExpr: "datum.value === 0 ? 'low' : 'high'", gradientLength: 120, orient: 'right' },
          },
          tooltip: [
            { field: 'feature', type: 'nominal' },
            { field: 'value', type: 'quantitative' },
            { field: 'shap', type: 'quantitative', format: '.4g' },
          ],
        },
      },
    ],
  };
}
