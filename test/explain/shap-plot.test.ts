/**
 * SHAP plots: the data behind the summary (beeswarm) and waterfall charts, and `lambdaboost shap`
 * end to end (table, SVG, Vega-Lite spec, bad flags).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Booster } from '../../src/booster/booster.js';
import { loadDataset } from '../../src/data/load.js';
import { sampleRows, shapSummary, shapWaterfall, swarmOffsets } from '../../src/explain/shap-plot-data.js';
import { DATA, runCli, tempDir } from '../cli/run-cli.js';
import { MODELS } from './reference.js';
import { byClass, parseXml } from './xml.js';

const BINARY_MODEL = join(MODELS, 'binary.model.json');
const BINARY_TEST = `${DATA}lightgbm-binary/binary.test`;

describe('shap plot data', () => {
  it('a waterfall walks from the bias to the margin, largest |SHAP| first, the rest summed', () => {
    const contrib = [0.5, -2, 0, 0.25, -0.125, 10]; // 5 features, bias 10
    const w = shapWaterfall(contrib, [1, 2, 3, NaN, 5], ['a', 'b', 'c', 'd', 'e'], 3);
    expect(w.base).toBe(10);
    expect(w.steps.map((s) => s.label)).toEqual(['b = 2', 'a = 1', '2 other features']);
    expect(w.steps.map((s) => s.shap)).toEqual([-2, 0.5, 0.125]);
    expect(w.steps[0]).toMatchObject({ start: 10, end: 8 });
    expect(w.steps[2]).toMatchObject({ start: 8.5, end: 8.625 });
    expect(w.margin).toBe(8.625);
    const all = shapWaterfall(contrib, [1, 2, 3, NaN, 5], ['a', 'b', 'c', 'd', 'e'], 10);
    expect(all.steps.map((s) => s.label)).toEqual(['b = 2', 'a = 1', 'd = missing', 'e = 5']); // c has no contribution
  });

  it('swarm offsets stay in [-1, 1] and separate equal values', () => {
    const v = [0, 0, 0, 0, 0, 1, 2, 2];
    const o = swarmOffsets(v);
    for (const x of o) expect(Math.abs(x)).toBeLessThanOrEqual(1);
    expect(new Set(Array.from(o.subarray(0, 5))).size).toBe(5);
    expect(o[5]).toBe(0);
    expect(swarmOffsets([3])[0]).toBe(0);
  });

  it('a summary orders features by mean |SHAP| and colours by the value\'s rank (missing: none)', () => {
    // 3 rows, 2 features: feature 1 matters more.
    const contrib = Float32Array.from([0.1, -1, 0, -0.2, 2, 0, 0.1, 3, 0]);
    const s = shapSummary(contrib, [Float32Array.from([5, NaN, 7]), Float32Array.from([1, 2, 3])], ['x', 'y'], 5, 10);
    expect(s.features.map((f) => f.name)).toEqual(['y', 'x']);
    expect(s.features[0]!.meanAbs).toBeCloseTo(2, 6);
    const x = s.points.filter((p) => p.feature === 'x');
    expect(x.map((p) => p.rank)).toEqual([0, null, 1]);
    expect(s.rowsTotal).toBe(10);
    expect(sampleRows(10, 4)).toEqual([0, 2, 5, 7]);
    expect(sampleRows(3, 4)).toEqual([0, 1, 2]);
  });
});

describe('lambdaboost shap', () => {
  it('--plot waterfall: the table ends at the row\'s margin; writes PREFIX.svg and PREFIX.vl.json', async () => {
    const dir = tempDir();
    const r = await runCli(['shap', '--plot', 'waterfall', '--row', '3', '--top', '6', '--model', BINARY_MODEL, '--data', BINARY_TEST, '--out', join(dir, 'w.svg')]);
    expect(r.stderr).not.toMatch(/lambdaboost:/);
    expect(r.status).toBe(0);
    const data = await loadDataset(BINARY_TEST);
    const booster = await Booster.load(BINARY_MODEL);
    const margin = booster.predict(data, { margin: true })[2]!;
    const last = r.stdout.trim().split('\n').pop()!;
    expect(last).toMatch(/^\s*f\(x\)\s+(\S+)$/);
    expect(Number(last.trim().split(/\s+/).pop())).toBeCloseTo(margin, 4);
    expect(r.stdout.trim().split('\n')).toHaveLength(1 + 1 + 6 + 1); // header, E[f(x)], 6 steps, f(x)
    expect(existsSync(join(dir, 'w.svg'))).toBe(true);
    expect(existsSync(join(dir, 'w.svg.svg'))).toBe(false);
    const spec = JSON.parse(readFileSync(join(dir, 'w.vl.json'), 'utf8')) as { data: { values: unknown[] } };
    expect(spec.data.values).toHaveLength(6);
    const svg = parseXml(readFileSync(join(dir, 'w.svg'), 'utf8'));
    expect(byClass(svg, 'mark-rect', 'role-mark')[0]!.children).toHaveLength(6);
  });

  it('--plot summary: mean |SHAP| table and one dot per row and feature drawn', async () => {
    const dir = tempDir();
    const r = await runCli(['shap', '--model', BINARY_MODEL, '--data', BINARY_TEST, '--top', '5', '--max-rows', '200', '--out', join(dir, 's'), '--quiet']);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^rank\s+feature\s+mean \|SHAP\| \(200 rows\)$/);
    const values = lines.slice(1, 6).map((l) => Number(l.trim().split(/\s+/).pop()));
    expect(values).toEqual([...values].sort((a, b) => b - a));
    const svg = parseXml(readFileSync(join(dir, 's.svg'), 'utf8'));
    expect(byClass(svg, 'mark-symbol', 'role-mark')[0]!.children).toHaveLength(5 * 200);
  });

  it('refuses bad flags with one line, exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['--plot', 'bars'], /--plot must be summary or waterfall/],
      [['--row', '2'], /--row is for --plot waterfall/],
      [['--plot', 'waterfall', '--row', '501'], /--row 501: .* has 500 rows/],
      [['--plot', 'waterfall', '--row', '0'], /--row must be a whole number >= 1/],
      [['--out', 'x.png'], /--out x.png: PNG is not written .* give a .svg name/],
      [['--out', 'no/such/dir/s.svg'], /--out no\/such\/dir\/s\.\S+: directory no\/such\/dir does not exist/],
    ];
    for (const [args, msg] of cases) {
      const r = await runCli(['shap', '--model', BINARY_MODEL, '--data', BINARY_TEST, ...args]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(msg);
    }
  });
});
