/**
 * Cross-validation curves as a Vega-Lite spec: boosting round on x, the mean over folds of each
 * (set, metric) series as a line and mean +- one population std as a band around it.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { CvResult } from '../../booster/cv.js';
import { baseSpec, PLOT_HEIGHT, PLOT_WIDTH } from './chart-style.js';

/** Colours of the series, in the order they appear (train first, then test, per metric). */
const SERIES_COLORS = ['#3a77b5', '#c0392b', '#2e8b57', '#8e44ad', '#d68910', '#555555'];

/** The chart of `result` (`nfold` folds) as a Vega-Lite spec. */
export function cvChartSpec(result: CvResult, nfold: number): TopLevelSpec {
  const names = result.rounds[0]?.values.map((v) => `${v.data}-${v.metric}`) ?? [];
  const values = result.rounds.flatMap((r) => r.values.map((v) => ({
    round: r.iteration, series: `${v.data}-${v.metric}`, mean: v.mean, low: v.mean - v.std, high: v.mean + v.std,
  })));
  const color = {
    field: 'series', type: 'nominal' as const, title: null,
    scale: { domain: names, range: names.map((_, i) => SERIES_COLORS[i % SERIES_COLORS.length]!) },
    legend: { orient: 'bottom' as const, direction: 'horizontal' as const },
  };
  const x = { field: 'round', type: 'quantitative' as const, title: 'boosting round', axis: { tickMinStep: 1, format: 'd' }, scale: { nice: false } };
  return {
    ...baseSpec(),
    title: { text: 'Cross-validation', subtitle: `mean over ${nfold} folds, band = mean +- std; best round ${result.bestIteration}` },
    width: PLOT_WIDTH,
    height: PLOT_HEIGHT,
    data: { values },
    layer: [
      { mark: { type: 'area', opacity: 0.2 }, encoding: { x, y: { field: 'low', type: 'quantitative', title: 'metric', scale: { zero: false } }, y2: { field: 'high' }, color } },
      { mark: { type: 'line' }, encoding: { x, y: { field: 'mean', type: 'quantitative' }, color } },
    ],
  };
}
