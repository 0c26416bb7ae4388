/**
 * The feature-importance chart as a Vega-Lite spec: horizontal bars, most important at the top,
 * each labelled with its score.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { FeatureScore, ImportanceType } from '../importance.js';
import { baseSpec, COLORS, PLOT_WIDTH } from './chart-style.js';

/** Axis titles of the importance types. */
const TYPE_TITLES: Record<ImportanceType, string> = {
  weight: 'weight (number of splits on the feature)',
  gain: 'gain (average loss change of its splits)',
  total_gain: 'total gain (sum of loss changes of its splits)',
  cover: 'cover (average hessian sum of its splits)',
  total_cover: 'total cover (sum of hessian sums of its splits)',
};

/**
 * The Vega-Lite spec of an importance ranking.
 * @param scores sorted scores (featureImportance); the first `top` are drawn.
 * @param top number of bars (default 20).
 * @returns a self-contained Vega-Lite 5 spec (inline data).
 */
export function importanceSpec(scores: readonly FeatureScore[], type: ImportanceType, top = 20): TopLevelSpec {
  const shown = scores.slice(0, Math.max(0, top));
  const values = shown.map((s) => ({ feature: s.name, score: s.score }));
  const y = { field: 'feature', type: 'nominal' as const, title: null, sort: shown.map((s) => s.name) };
  const x = { field: 'score', type: 'quantitative' as const, title: TYPE_TITLES[type] };
  const more = scores.length > shown.length ? `top ${shown.length} of ${scores.length} features used in splits` : `${scores.length} features used in splits`;
  return {
    ...baseSpec(),
    title: { text: `Feature importance (${type})`, subtitle: more },
    width: PLOT_WIDTH,
    height: { step: 20 },
    data: { values },
    // One shared encoding, so the bars and their labels use one y scale (and one sort).
    encoding: { y, x },
    layer: [
      { mark: { type: 'bar', color: COLORS.bar } },
      {
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 10, color: '#333333' },
        encoding: { text: { field: 'score', type: 'quantitative', format: type === 'weight' ? 'd' : '.4~g' } },
      },
    ],
  };
}
