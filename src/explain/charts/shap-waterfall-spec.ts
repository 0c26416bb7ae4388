/**
 * The SHAP waterfall of one row as a Vega-Lite spec: from the expected margin E[f(x)] at the top,
 * one bar per feature (largest |SHAP| first) from the running total to the running total plus its
 * contribution, red when it pushes the margin up, blue when down, down to the row's margin f(x).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ShapWaterfall } from '../shap-plot-data.js';
import { baseSpec, PLOT_WIDTH } from './chart-style.js';
import { SHAP_COLORS } from './shap-summary-spec.js';

/**
 * @param w the waterfall (shapWaterfall).
 * @param rowLabel e.g. "row 3 of test.csv".
 * @param objective the model's objective, for the subtitle.
 * @returns a self-contained Vega-Lite 5 spec (inline data).
 */
export function shapWaterfallSpec(w: ShapWaterfall, rowLabel: string, objective: string): TopLevelSpec {
  const fmt = (v: number): string => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : Number(v.toPrecision(4)).toString());
  const values = w.steps.map((s, i) => ({
    step: i,
    label: s.label,
    start: s.start,
    end: s.end,
    lo: Math.min(s.start, s.end),
    hi: Math.max(s.start, s.end),
    sign: s.shap >= 0 ? 'up' : 'down',
    text: `${s.shap >= 0 ? '+' : '−'}${fmt(Math.abs(s.shap))}`,
  }));
  const order = w.steps.map((s) => s.label);
  // y on the bars and labels only: the two rules (E[f(x)], f(x)) span the whole height.
  const y = { field: 'label', type: 'nominal' as const, sort: order, title: null };
  return {
    ...baseSpec(),
    title: {
      text: `SHAP waterfall: ${rowLabel}`,
      subtitle: `${objective} · E[f(x)] = ${fmt(w.base)} → f(x) = ${fmt(w.margin)} (margin) · red raises it, blue lowers it`,
    },
    width: PLOT_WIDTH,
    height: { step: 24 },
    data: { values },
    layer: [
      {
        mark: { type: 'rule', color: '#888888', strokeDash: [4, 3] },
        encoding: { x: { datum: w.base, type: 'quantitative' } },
      },
      {
        mark: { type: 'rule', color: '#333333' },
        encoding: { x: { datum: w.margin, type: 'quantitative' } },
      },
      {
        mark: { type: 'bar', height: { band: 0.7 } },
        encoding: {
          y,
          x: { field: 'lo', type: 'quantitative', title: 'margin (raw score)', scale: { zero: false } },
          x2: { field: 'hi' },
          color: { field: 'sign', type: 'nominal', scale: { domain: ['up', 'down'], range: [SHAP_COLORS.high, SHAP_COLORS.low] }, legend: null },
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 10, color: '#333333' },
        encoding: { y, x: { field: 'hi', type: 'quantitative' }, text: { field: 'text', type: 'nominal' } },
      },
    ],
  };
}
