/**
 * Renders a Vega-Lite spec to SVG text in Node, without a browser or canvas: Vega-Lite compiles
 * the spec to Vega, Vega parses it into a headless View (renderer 'none') and serialises the
 * scenegraph with toSVG(). Text widths are estimated (no canvas to measure fonts), which only
 * affects label truncation and layout padding; text-width.ts installs a better estimate than
 * Vega's own fallback.
 *
 * vega and vega-lite are loaded on first use: importing them costs far more than a render
 * (bench/RESULTS.md, "Design measurements"), which commands that draw nothing should not pay.
 */
import type { TopLevelSpec } from 'vega-lite';
import { vegaTextWidth } from './text-width.js';

/** The modules, loaded once. */
let modules: Promise<[typeof import('vega'), typeof import('vega-lite')]> | null = null;

function load(): Promise<[typeof import('vega'), typeof import('vega-lite')]> {
  modules ??= Promise.all([import('vega'), import('vega-lite')]).then((m) => {
    installTextWidth(m[0]);
    return m;
  });
  return modules;
}

/**
 * Sets Vega's `textMetrics.width` (exported by vega-scenegraph, absent from vega's typings) to
 * the estimate of text-width.ts. Without the hook Vega still renders, with its coarser estimate.
 */
function installTextWidth(vega: unknown): void {
  const metrics: unknown = typeof vega === 'object' && vega !== null ? (vega as Record<string, unknown>)['textMetrics'] : undefined;
  if (typeof metrics === 'object' && metrics !== null && 'width' in metrics) {
    (metrics as { width: unknown }).width = vegaTextWidth;
  }
}

/**
 * The SVG document of a chart.
 * @param spec a Vega-Lite 5 spec with its data inline (nothing is fetched).
 * @returns SVG text (UTF-8, one `<svg>` root element).
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, vl] = await load();
  const compiled = vl.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
