/**
 * Shared look of lambdaboost's charts (Vega-Lite config and colours), so the PDP and importance
 * charts match.
 */
import type { TopLevelSpec } from 'vega-lite';

/** Vega-Lite schema URL written into every spec. */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/** Plot area width in pixels (without axes, title and legend). */
export const PLOT_WIDTH = 520;
/** Plot area height in pixels. */
export const PLOT_HEIGHT = 320;

/** Colours: the average curve, ICE curves, data rug, bars. */
export const COLORS = {
  average: '#c0392b',
  ice: '#7fb2d9',
  rug: '#222222',
  bar: '#3a77b5',
} as const;

/** Colours of the series of a chart with one per output (the classes or quantiles of a K-output model), in order, repeating. */
export const SERIES_COLORS: readonly string[] = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

/** Top-level properties every chart shares: schema, white background, padding, fonts. */
export function baseSpec(): Pick<TopLevelSpec, '$schema' | 'background' | 'padding' | 'config'> {
  return {
    $schema: VEGA_LITE_SCHEMA,
    background: 'white',
    padding: 12,
    config: {
      font: 'Helvetica, Arial, "Liberation Sans", "DejaVu Sans", sans-serif',
      title: { fontSize: 15, subtitleFontSize: 11, subtitleColor: '#555555', anchor: 'start', offset: 10 },
      axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#e6e6e6' },
      legend: { labelFontSize: 11, titleFontSize: 11 },
      view: { stroke: '#bbbbbb' },
    },
  };
}
