/**
 * The learned position biases of Unbiased LambdaMART as a Vega-Lite spec: displayed position on
 * x, t+ (examination of clicked documents) and t- (of unclicked ones) on y, one line each, so the
 * estimated examination curve can be seen (Hu et al. 2019, eq. 30-31; normalised to position 0).
 */
import type { TopLevelSpec } from 'vega-lite';
import { baseSpec, PLOT_HEIGHT, PLOT_WIDTH } from './chart-style.js';

/**
 * @param tPlus t+ per position (t+[0] = 1), length K.
 * @param tMinus t- per position (t-[0] = 1), length K.
 */
export function positionBiasSpec(tPlus: readonly number[], tMinus: readonly number[], subtitle = ''): TopLevelSpec {
  const values = [
    ...tPlus.map((t, position) => ({ position, bias: t, series: 't+ (clicked)' })),
    ...tMinus.map((t, position) => ({ position, bias: t, series: 't- (not clicked)' })),
  ];
  return {
    ...baseSpec(),
    title: { text: 'Learned position biases (Unbiased LambdaMART)', subtitle: subtitle || `${tPlus.length} tracked positions, relative to position 0` },
    width: PLOT_WIDTH,
    height: PLOT_HEIGHT,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'position', type: 'quantitative', title: 'displayed position (0 = top)', axis: { tickMinStep: 1, format: 'd' }, scale: { nice: false } },
      y: { field: 'bias', type: 'quantitative', title: 'bias relative to position 0', scale: { zero: true } },
      color: {
        field: 'series', type: 'nominal', title: null,
        scale: { domain: ['t+ (clicked)', 't- (not clicked)'], range: ['#c0392b', '#3a77b5'] },
        legend: { orient: 'bottom', direction: 'horizontal' },
      },
    },
  };
}
