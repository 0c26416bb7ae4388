/**
 * Charts: the Vega-Lite specs render to well-formed SVG (parsed as XML) with axes, titles and
 * data marks; render time is measured.
 */
import { describe, expect, it } from 'vitest';
import { importanceSpec } from '../../src/explain/charts/importance-spec.js';
import { pdpSpec } from '../../src/explain/charts/pdp-spec.js';
import { renderSvg } from '../../src/explain/charts/render-svg.js';
import { estimateTextWidth } from '../../src/explain/charts/text-width.js';
import { featureImportance } from '../../src/explain/importance.js';
import { partialDependence } from '../../src/explain/partial-dependence.js';
import { allText, byClass, parseXml, type XmlElement } from './xml.js';
import { readReferenceModel, referenceData } from './reference.js';

/** The axis groups (Vega labels them "X-axis titled ..." / "Y-axis titled ..."). */
function axes(svg: XmlElement): { x: XmlElement[]; y: XmlElement[] } {
  const groups = byClass(svg, 'mark-group', 'role-axis').filter((g) => g.attrs['aria-label'] !== undefined);
  return {
    x: groups.filter((g) => g.attrs['aria-label']!.startsWith('X-axis')),
    y: groups.filter((g) => g.attrs['aria-label']!.startsWith('Y-axis')),
  };
}

function expectAxis(group: XmlElement[], title: string): void {
  expect(group).toHaveLength(1);
  const g = group[0]!;
  expect(allText(byClass(g, 'role-axis-title')[0]!)).toBe(title);
  expect(byClass(g, 'role-axis-label')[0]!.children.length).toBeGreaterThan(2); // tick labels
  expect(byClass(g, 'role-axis-tick')[0]!.children.length).toBeGreaterThan(2);
}

describe('charts', () => {
  it('1-D PDP: axes with the feature name, ICE and average lines, the decile rug, a legend', async () => {
    const model = await readReferenceModel('binary');
    const data = await referenceData('binary');
    const pd = partialDependence(model, data, { features: [25], gridResolution: 15, ice: 30 });
    const t0 = performance.now();
    const text = await renderSvg(pdpSpec(pd));
    const first = performance.now() - t0;
    const t1 = performance.now();
    const again = await renderSvg(pdpSpec(pd));
    const second = performance.now() - t1;
    console.info(`render 1-D PDP SVG: first ${first.toFixed(0)} ms (vega import included), then ${second.toFixed(0)} ms; ${text.length} bytes`);
    expect(again).toBe(text); // deterministic
    const svg = parseXml(text);
    expect(svg.name).toBe('svg');
    expect(svg.attrs['xmlns']).toBe('http://www.w3.org/2000/svg');
    const { x, y } = axes(svg);
    expectAxis(x, 'f25');
    expectAxis(y, 'predicted probability');
    const ice = byClass(svg, 'mark-line', 'layer_0_marks');
    expect(ice).toHaveLength(30);
    for (const path of ice) expect(path.children[0]?.attrs['d'] ?? path.attrs['d']).toMatch(/^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){14}$/);
    const average = byClass(svg, 'mark-line', 'role-mark').filter((e) => !ice.includes(e));
    expect(average).toHaveLength(1);
    const rug = byClass(svg, 'mark-rule', 'role-mark');
    expect(rug).toHaveLength(1);
    expect(rug[0]!.children).toHaveLength(9); // nine deciles
    expect(allText(byClass(svg, 'role-title-text')[0]!)).toBe('Partial dependence on f25');
    expect(byClass(svg, 'role-legend-label').map(allText)).toEqual(['partial dependence', 'ICE (30 rows)', 'data deciles']);
    const w = Number(svg.attrs['width']);
    expect(w).toBeGreaterThan(520);
    expect(w).toBeLessThan(700); // no runaway margins from text-width estimates
  });

  it('2-D PDP: a heatmap with one cell per grid point, both axes, a colour legend and rugs', async () => {
    const model = await readReferenceModel('regression');
    const data = await referenceData('regression');
    const pd = partialDependence(model, data, { features: [25, 27], gridResolution: 6 });
    const svg = parseXml(await renderSvg(pdpSpec(pd)));
    const { x, y } = axes(svg);
    expectAxis(x, 'f25');
    expectAxis(y, 'f27');
    const cells = byClass(svg, 'mark-rect', 'role-mark')[0]!.children;
    expect(cells).toHaveLength(36);
    for (const c of cells) expect(c.attrs['fill']).toMatch(/^(#[0-9a-f]{6}|rgb\()/);
    expect(new Set(cells.map((c) => c.attrs['fill'])).size).toBeGreaterThan(5);
    expect(byClass(svg, 'role-legend-gradient')).toHaveLength(1);
    expect(allText(byClass(svg, 'role-legend-title')[0]!)).toBe('prediction');
    expect(byClass(svg, 'mark-rule', 'role-mark').length).toBe(4); // two rugs, each white under black
  });

  it('importance: one bar and one value label per feature, in score order', async () => {
    const model = await readReferenceModel('casp');
    const scores = featureImportance(model, 'total_cover');
    const svg = parseXml(await renderSvg(importanceSpec(scores, 'total_cover', 5)));
    const bars = byClass(svg, 'mark-rect', 'role-mark')[0]!.children;
    expect(bars).toHaveLength(5);
    // Vega draws a bar as a path "M<x>,<y>h<width>v<height>h-<width>Z"
    const geometry = bars.map((b) => /^M([\d.]+),([\d.]+)h([\d.]+)v([\d.]+)/.exec(b.attrs['d'] ?? '')!);
    const tops = geometry.map((m) => Number(m[2]));
    const widths = geometry.map((m) => Number(m[3]));
    for (let i = 1; i < 5; i++) {
      expect(tops[i]!).toBeGreaterThan(tops[i - 1]!);
      expect(widths[i]!).toBeLessThanOrEqual(widths[i - 1]!);
    }
    const { x, y } = axes(svg);
    expect(x).toHaveLength(1);
    expect(allText(byClass(y[0]!, 'role-axis-label')[0]!).replace(/\s+/g, '')).toBe(scores.slice(0, 5).map((s) => s.name).join(''));
    expect(byClass(svg, 'mark-text', 'role-mark')[0]!.children).toHaveLength(5);
    expect(allText(byClass(svg, 'role-title-subtitle')[0]!)).toBe('top 5 of 9 features used in splits');
  });

  it('text widths: narrow and wide characters, bold', () => {
    expect(estimateTextWidth('iiii', 10)).toBeLessThan(estimateTextWidth('MMMM', 10) / 2);
    expect(estimateTextWidth('abc', 10, true)).toBeGreaterThan(estimateTextWidth('abc', 10));
    expect(estimateTextWidth('', 10)).toBe(0);
  });
});
