/**
 * Learned position biases as a Vega-Lite spec: displayed position on x, one line per series on y.
 * For Unbiased LambdaMART the series are t+ (examination of clicked documents) and t- (of unclicked
 * ones), relative to the top position (Hu et al. 2019, eq. 30-31); for LightGBM's method the one
 * additive bias factor per position id. A position without an estimate has no point (a gap), never 0.
 */
import type { TopLevelSpec } from 'vega-lite';
import { baseSpec, PLOT_HEIGHT, PLOT_WIDTH } from './chart-style.js';

/** One line of the chart. */
export interface BiasSeries {
  readonly name: string;
  readonly color: string;
  /** One entry per position; null = no estimate (not drawn). */
  readonly values: readonly (number | null)[];
}

/** How the chart is labelled. */
export interface BiasChartText {
  readonly title: string;
  readonly subtitle: string;
  readonly yTitle: string;
  /** Displayed position of the first value (0 or 1 ...). */
  readonly base: number;
  /** Whether y starts at 0 (ratios) or not (additive factors). */
  readonly zero: boolean;
}

/** The chart of `series` (all of one length). */
export function biasChartSpec(series: readonly BiasSeries[], text: BiasChartText): TopLevelSpec {
  const values = series.flatMap((s) => s.values.flatMap((v, i) => (v === null ? [] : [{ position: text.base + i, bias: v, series: s.name }])));
  return {
    ...baseSpec(),
    title: { text: text.title, subtitle: text.subtitle },
    width: PLOT_WIDTH,
    height: PLOT_HEIGHT,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'position', type: 'quantitative', title: `displayed position (${text.base} = top)`, axis: { tickMinStep: 1, format: 'd' }, scale: { nice: false } },
      y: { field: 'bias', type: 'quantitative', title: text.yTitle, scale: { zero: text.zero } },
      color: {
        field: 'series', type: 'nominal', title: null,
        scale: { domain: series.map((s) => s.name), range: series.map((s) => s.color) },
        legend: { orient: 'bottom', direction: 'horizontal' },
      },
    },
  };
}

/**
 * Unbiased LambdaMART's t+ / t- (t[0] = 1; null = no estimate), positions from `base`.
 * @param tPlus length K. @param tMinus length K.
 */
export function positionBiasSpec(tPlus: readonly (number | null)[], tMinus: readonly (number | null)[], subtitle = '', base = 0): TopLevelSpec {
  return biasChartSpec([
    { name: 't+ (clicked)', color: '#c0392b', values: tPlus },
    { name: 't- (not clicked)', color: '#3a77b5', values: tMinus },
  ], {
    title: 'Learned position biases (Unbiased LambdaMART)',
    subtitle: subtitle || `${tPlus.length} tracked positions, relative to position ${base}`,
    yTitle: `bias relative to position ${base}`,
    base,
    zero: true,
  });
}

/**
 * LightGBM's method: one additive bias factor per position id (lambdarank with positions).
 * @param ids the position ids, ascending (Int32 values). @param factors one per id.
 */
export function positionFactorSpec(ids: readonly number[], factors: readonly number[], subtitle = ''): TopLevelSpec {
  const base = ids[0] ?? 0;
  const values: (number | null)[] = new Array<number | null>(ids.length > 0 ? ids[ids.length - 1]! - base + 1 : 0).fill(null);
  ids.forEach((id, i) => { values[id - base] = factors[i]!; });
  return biasChartSpec([{ name: 'bias factor', color: '#c0392b', values }], {
    title: 'Learned position bias factors (lambdarank, LightGBM\'s method)',
    subtitle: subtitle || `${ids.length} position ids, added to the score while training`,
    yTitle: 'additive bias factor',
    base,
    zero: false,
  });
}
