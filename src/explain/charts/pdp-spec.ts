/**
 * The partial-dependence chart as a Vega-Lite spec (data inline), the same chart that
 * render-svg.ts draws into PREFIX.svg and that is saved as PREFIX.vl.json.
 *
 * One feature: the ICE curves (thin, light), the partial-dependence curve (thick, with points)
 * and a rug of the feature's deciles along the bottom, as scikit-learn's PartialDependenceDisplay
 * draws them; x = the feature, y = the prediction on the result's scale.
 * A categorical feature: a bar per category (in the order of its codes) of the average
 * prediction with that category set in every row, as scikit-learn draws categorical features;
 * ICE values as ticks on each bar; no rug. Several outputs: grouped bars, one colour per output.
 * Two features: a heatmap of the average prediction over the grid (cells span halfway to the
 * neighbouring grid values), with decile rugs along the bottom (first feature) and the left
 * (second feature).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { PartialDependence } from '../partial-dependence.js';
import { baseSpec, COLORS, PLOT_HEIGHT, PLOT_WIDTH, SERIES_COLORS } from './chart-style.js';

/** One layer of a layered Vega-Lite chart. */
type Layer = NonNullable<Extract<TopLevelSpec, { layer: unknown }>['layer']>[number];
/** The encoding of a single-mark layer. */
type UnitEncoding = Extract<Layer, { mark: unknown }>['encoding'];

/** Length of a rug tick in pixels. */
const RUG = 10;

/** What the y axis (or colour) shows, e.g. "predicted probability" or "margin (raw score)". */
export function predictionLabel(pd: Pick<PartialDependence, 'scale' | 'objective'>): string {
  if (pd.scale === 'margin') return 'margin (raw score)';
  if (pd.objective === 'multi:softprob' || pd.objective === 'multi:softmax') return 'predicted class probability';
  if (pd.objective.startsWith('binary:logistic')) return 'predicted probability';
  if (pd.objective === 'count:poisson') return 'predicted count';
  if (pd.objective.startsWith('rank:')) return 'ranking score';
  return 'prediction';
}

function subtitle(pd: PartialDependence): string {
  const how = pd.method === 'tree' ? 'tree walk (training covers)' : `average over ${pd.nRows} rows`;
  const ice = pd.ice ? `, ${pd.ice.rows.length} ICE curves` : '';
  const output = pd.output ? ` · ${pd.output.label}` : '';
  return `${pd.objective}${output} · ${how}${ice} · rug: deciles of the data`;
}

/**
 * The chart of several outputs of one model on one feature (partialDependenceByOutput: every
 * class of a multi-class model, every quantile): one partial-dependence curve per output,
 * coloured by its label, and the decile rug.
 * @param pds one-feature results of the same feature and grid, one per output.
 */
export function pdpOutputsSpec(pds: readonly PartialDependence[]): TopLevelSpec {
  const first = pds[0]!;
  if (first.features.length !== 1) throw new Error('pdpOutputsSpec draws one feature');
  const f = first.features[0]!;
  const labels = pds.map((pd, i) => pd.output?.label ?? `output ${i}`);
  if (f.categories !== undefined) return groupedBarSpec(pds, labels);
  const rug = 'data deciles';
  const color = {
    field: 'series', type: 'nominal' as const,
    scale: { domain: [...labels, rug], range: [...labels.map((_, i) => SERIES_COLORS[i % SERIES_COLORS.length]!), COLORS.rug] },
    legend: { title: null, orient: 'bottom' as const, symbolType: 'stroke', symbolStrokeWidth: 3, symbolOpacity: 1, labelLimit: 400, columnPadding: 16 },
  };
  const x = { field: 'x', type: 'quantitative' as const, title: f.name, scale: { zero: false, nice: false } };
  const y = { field: 'y', type: 'quantitative' as const, title: predictionLabel(first), scale: { zero: false } };
  const values = pds.flatMap((pd, k) => Array.from(f.grid, (v, i) => ({ x: v, y: pd.average[i]!, series: labels[k]! })));
  const how = first.method === 'tree' ? 'tree walk (training covers)' : `average over ${first.nRows} rows`;
  return {
    ...baseSpec(),
    title: { text: `Partial dependence on ${f.name}`, subtitle: `${first.objective} · ${pds.length} outputs, one curve each · ${how} · rug: deciles of the data` },
    width: PLOT_WIDTH,
    height: PLOT_HEIGHT,
    layer: [
      { data: { values }, mark: { type: 'line', strokeWidth: 2.5, point: { filled: true, size: 20 } }, encoding: { x, y, color, detail: { field: 'series', type: 'nominal' } } },
      {
        data: { values: Array.from(f.deciles, (d) => ({ x: d, series: rug })) },
        mark: { type: 'rule', strokeWidth: 1.5 },
        encoding: { x, y: { value: PLOT_HEIGHT }, y2: { value: PLOT_HEIGHT - RUG }, color },
      },
    ],
  };
}

/**
 * The Vega-Lite spec of a partial-dependence result (one or two features).
 * @returns a self-contained Vega-Lite 5 spec (inline data), JSON-serialisable.
 */
export function pdpSpec(pd: PartialDependence): TopLevelSpec {
  if (pd.features.length !== 1) return heatmapSpec(pd);
  return pd.features[0]!.categories !== undefined ? barSpec(pd) : curveSpec(pd);
}

/** The x axis of a categorical feature: its category names, in code order. */
function categoryAxis(f: PartialDependence['features'][0]): { field: 'category'; type: 'nominal'; title: string; sort: string[]; axis: { labelAngle: number; labelLimit: number } } {
  const names = f.categories!.slice();
  return { field: 'category', type: 'nominal', title: f.name, sort: names, axis: { labelAngle: names.length > 8 ? -45 : 0, labelLimit: 120 } };
}

function barSpec(pd: PartialDependence): TopLevelSpec {
  const f = pd.features[0]!;
  const names = f.categories!;
  const G = names.length;
  const series = { average: 'partial dependence', ice: `ICE (${pd.ice?.rows.length ?? 0} rows)` };
  const domain = pd.ice ? [series.average, series.ice] : [series.average];
  const range = pd.ice ? [COLORS.bar, COLORS.ice] : [COLORS.bar];
  const color = { field: 'series', type: 'nominal' as const, scale: { domain, range }, legend: { title: null, orient: 'bottom' as const, labelLimit: 400, columnPadding: 24 } };
  const x = categoryAxis(f);
  const y = { field: 'y', type: 'quantitative' as const, title: predictionLabel(pd) };
  const layers: Layer[] = [
    {
      data: { values: names.map((c, i) => ({ category: c, y: pd.average[i]!, series: series.average })) },
      mark: { type: 'bar' },
      encoding: { x, y, color, tooltip: [{ field: 'category', type: 'nominal', title: f.name }, { field: 'y', type: 'quantitative', title: predictionLabel(pd) }] },
    },
  ];
  if (pd.ice) {
    const ice = pd.ice;
    const values: { category: string; y: number; row: number; series: string }[] = [];
    ice.rows.forEach((row, k) => {
      for (let i = 0; i < G; i++) values.push({ category: names[i]!, y: ice.values[k * G + i]!, row, series: series.ice });
    });
    layers.push({ data: { values }, mark: { type: 'tick', thickness: 1.5, opacity: 0.8, size: 12 }, encoding: { x, y, color } });
  }
  return {
    ...baseSpec(),
    title: { text: `Partial dependence on ${f.name}`, subtitle: subtitle(pd).replace(' · rug: deciles of the data', ` · ${G} categories`) },
    width: PLOT_WIDTH,
    height: PLOT_HEIGHT,
    layer: layers,
  };
}

/** Several outputs over a categorical feature: grouped bars, one colour per output. */
function groupedBarSpec(pds: readonly PartialDependence[], labels: readonly string[]): TopLevelSpec {
  const first = pds[0]!;
  const f = first.features[0]!;
  const names = f.categories!;
  const color = {
    field: 'series', type: 'nominal' as const,
    scale: { domain: labels.slice(), range: labels.map((_, i) => SERIES_COLORS[i % SERIES_COLORS.length]!) },
    legend: { title: null, orient: 'bottom' as const, labelLimit: 400, columnPadding: 16 },
  };
  const values = pds.flatMap((pd, k) => names.map((c, i) => ({ category: c, y: pd.average[i]!, series: labels[k]! })));
  const how = first.method === 'tree' ? 'tree walk (training covers)' : `average over ${first.nRows} rows`;
  return {
    ...baseSpec(),
    title: { text: `Partial dependence on ${f.name}`, subtitle: `${first.objective} · ${pds.length} outputs, one bar each · ${how} · ${names.length} categories` },
    width: PLOT_WIDTH,
    height: PLOT_HEIGHT,
    layer: [
      {
        data: { values },
        mark: { type: 'bar' },
        encoding: { x: categoryAxis(f), xOffset: { field: 'series', type: 'nominal', sort: labels.slice() }, y: { field: 'y', type: 'quantitative', title: predictionLabel(first) }, color },
      },
    ],
  };
}

function curveSpec(pd: PartialDependence): TopLevelSpec {
  const f = pd.features[0]!;
  const G = f.grid.length;
  const yTitle = predictionLabel(pd);
  // Short labels: without a canvas, Vega estimates text widths generously.
  const series = {
    average: 'partial dependence',
    ice: `ICE (${pd.ice?.rows.length ?? 0} rows)`,
    rug: 'data deciles',
  };
  const domain = pd.ice ? [series.average, series.ice, series.rug] : [series.average, series.rug];
  const range = pd.ice ? [COLORS.average, COLORS.ice, COLORS.rug] : [COLORS.average, COLORS.rug];
  const color = { field: 'series', type: 'nominal' as const, scale: { domain, range }, legend: { title: null, orient: 'bottom' as const, symbolType: 'stroke', symbolStrokeWidth: 3, symbolOpacity: 1, labelLimit: 400, columnPadding: 24 } };
  const x = { field: 'x', type: 'quantitative' as const, title: f.name, scale: { zero: false, nice: false } };
  const y = { field: 'y', type: 'quantitative' as const, title: yTitle, scale: { zero: false } };
  const average = Array.from(f.grid, (v, i) => ({ x: v, y: pd.average[i]!, series: series.average }));
  const layers: Layer[] = [];
  if (pd.ice) {
    const ice = pd.ice;
    const values: { x: number; y: number; row: number; series: string }[] = [];
    ice.rows.forEach((row, k) => {
      for (let i = 0; i < G; i++) values.push({ x: f.grid[i]!, y: ice.values[k * G + i]!, row, series: series.ice });
    });
    layers.push({
      data: { values },
      mark: { type: 'line', strokeWidth: 1, opacity: 0.45, interpolate: 'linear' },
      encoding: { x, y, detail: { field: 'row', type: 'nominal' }, color },
    });
  }
  layers.push({
    data: { values: average },
    mark: { type: 'line', strokeWidth: 3, point: { filled: true, size: 28 } },
    encoding: { x, y, color },
  });
  layers.push({
    data: { values: Array.from(f.deciles, (d) => ({ x: d, series: series.rug })) },
    mark: { type: 'rule', strokeWidth: 1.5 },
    encoding: { x, y: { value: PLOT_HEIGHT }, y2: { value: PLOT_HEIGHT - RUG }, color },
  });
  return {
    ...baseSpec(),
    title: { text: `Partial dependence on ${f.name}`, subtitle: subtitle(pd) },
    width: PLOT_WIDTH,
    height: PLOT_HEIGHT,
    layer: layers,
  };
}

/** Cell edges around sorted grid values: midpoints, the ends extended by half a step. */
function edges(grid: Float64Array): Float64Array {
  const n = grid.length;
  const e = new Float64Array(n + 1);
  if (n === 1) {
    e[0] = grid[0]! - 0.5;
    e[1] = grid[0]! + 0.5;
    return e;
  }
  for (let i = 1; i < n; i++) e[i] = (grid[i - 1]! + grid[i]!) / 2;
  e[0] = grid[0]! - (e[1]! - grid[0]!);
  e[n] = grid[n - 1]! + (grid[n - 1]! - e[n - 1]!);
  return e;
}

function heatmapSpec(pd: PartialDependence): TopLevelSpec {
  const [a, b] = pd.features as [PartialDependence['features'][0], PartialDependence['features'][0]];
  const ea = edges(a.grid);
  const eb = edges(b.grid);
  const Gb = b.grid.length;
  const cells: { x: number; x2: number; y: number; y2: number; a: number; b: number; value: number }[] = [];
  for (let i = 0; i < a.grid.length; i++) {
    for (let k = 0; k < Gb; k++) {
      cells.push({ x: ea[i]!, x2: ea[i + 1]!, y: eb[k]!, y2: eb[k + 1]!, a: a.grid[i]!, b: b.grid[k]!, value: pd.average[i * Gb + k]! });
    }
  }
  const x = { field: 'x', type: 'quantitative' as const, title: a.name, scale: { zero: false, nice: false } };
  const y = { field: 'y', type: 'quantitative' as const, title: b.name, scale: { zero: false, nice: false } };
  return {
    ...baseSpec(),
    title: { text: `Partial dependence on ${a.name} and ${b.name}`, subtitle: subtitle(pd) },
    width: PLOT_WIDTH,
    height: PLOT_HEIGHT,
    layer: [
      {
        data: { values: cells },
        mark: { type: 'rect' },
        encoding: {
          x,
          x2: { field: 'x2' },
          y,
          y2: { field: 'y2' },
          color: {
            field: 'value',
            type: 'quantitative',
            title: predictionLabel(pd),
            scale: { scheme: 'viridis' },
            legend: { orient: 'right', gradientLength: PLOT_HEIGHT - 40, titleLimit: 300 },
          },
          tooltip: [
            { field: 'a', type: 'quantitative', title: a.name },
            { field: 'b', type: 'quantitative', title: b.name },
            { field: 'value', type: 'quantitative', title: predictionLabel(pd) },
          ],
        },
      },
      ...rugLayers(Array.from(a.deciles, (d) => ({ x: d })), { x, y: { value: PLOT_HEIGHT }, y2: { value: PLOT_HEIGHT - RUG } }),
      ...rugLayers(Array.from(b.deciles, (d) => ({ y: d })), { y, x: { value: 0 }, x2: { value: RUG } }),
    ],
  };
}

/** A rug over the heatmap: white ticks under black ones, visible on light and dark cells. */
function rugLayers(values: Record<string, number>[], encoding: UnitEncoding): Layer[] {
  return [
    { data: { values }, mark: { type: 'rule', strokeWidth: 3.5, color: 'white' }, encoding },
    { data: { values }, mark: { type: 'rule', strokeWidth: 1.5, color: COLORS.rug }, encoding },
  ];
}
