/**
 * The explain commands end to end: `importance`, `pdp`, `predict --contrib`, and the library's
 * Booster.predict(rows, { contrib: true }).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Booster } from '../../src/booster/booster.js';
import { loadDataset } from '../../src/data/load.js';
import { featureImportance } from '../../src/explain/importance.js';
import { partialDependence } from '../../src/explain/partial-dependence.js';
import { shapValues } from '../../src/explain/tree-shap.js';
import { DATA, runCli, tempDir } from '../cli/run-cli.js';
import { byClass, parseXml } from './xml.js';
import { MODELS } from './reference.js';

const RANK_MODEL = join(MODELS, 'rank-ndcg.model.json');
const BINARY_MODEL = join(MODELS, 'binary.model.json');
const RANK_TEST = `${DATA}lightgbm-rank/rank.test`;
const BINARY_TEST = `${DATA}lightgbm-binary/binary.test`;

describe('lambdaboost importance', () => {
  it('prints a sorted table, JSON, and draws the chart', async () => {
    const t = await runCli(['importance', '--model', RANK_MODEL, '--type', 'total_gain', '--top', '3']);
    expect(t.status).toBe(0);
    const lines = t.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^rank\s+feature\s+total_gain$/);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^1\s+f100\s+129\.04276$/);

    const j = await runCli(['importance', '--model', BINARY_MODEL, '--json']);
    const obj = JSON.parse(j.stdout) as Record<string, number>;
    const want = featureImportance(Booster.fromJSON(readFileSync(BINARY_MODEL, 'utf8')).model, 'gain');
    expect(Object.keys(obj)).toEqual(want.map((s) => s.name));
    expect(Object.values(obj).map(Math.fround)).toEqual(want.map((s) => s.score));

    const dir = tempDir();
    mkdirSync(join(dir, 'charts'));
    const svgPath = join(dir, 'charts', 'imp.svg');
    const c = await runCli(['importance', '--model', RANK_MODEL, '--out', svgPath]);
    expect(c.status).toBe(0);
    expect(c.stderr).toContain(`wrote ${svgPath}`);
    const svg = parseXml(readFileSync(svgPath, 'utf8'));
    expect(byClass(svg, 'mark-rect', 'role-mark')[0]!.children).toHaveLength(20);
    const spec = join(dir, 'imp.vl.json');
    expect((await runCli(['importance', '--model', RANK_MODEL, '--out', spec, '--quiet'])).status).toBe(0);
    expect((JSON.parse(readFileSync(spec, 'utf8')) as { $schema: string }).$schema).toMatch(/vega-lite\/v5/);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a bad type or --top is one line and exit 2', async () => {
    const r = await runCli(['importance', '--model', RANK_MODEL, '--type', 'entropy']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('lambdaboost: --type must be one of weight, gain, total_gain, cover, total_cover, not "entropy"\n');
    expect((await runCli(['importance', '--model', RANK_MODEL, '--top', '0'])).status).toBe(2);
  });
});

describe('lambdaboost pdp', () => {
  it('writes PREFIX.csv, .json, .svg and .vl.json that agree with the library', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'out'));
    const prefix = join(dir, 'out', 'pdp-f100');
    const r = await runCli(['pdp', '--model', RANK_MODEL, '--data', RANK_TEST, '--feature', 'f100', '--grid', '8', '--ice', '5', '--out', prefix]);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.status).toBe(0);
    for (const ext of ['csv', 'json', 'svg', 'vl.json']) expect(r.stderr).toContain(`wrote ${prefix}.${ext}`);

    const data = await loadDataset(RANK_TEST, { nFeatures: 301 });
    const model = Booster.fromJSON(readFileSync(RANK_MODEL, 'utf8')).model;
    const pd = partialDependence(model, data, { features: ['f100'], gridResolution: 8, ice: 5 });
    const csv = readFileSync(`${prefix}.csv`, 'utf8').trim().split('\n').map((l) => l.split(','));
    expect(csv[0]).toEqual(['f100', 'average', ...Array.from(pd.ice!.rows, (k) => `ice_row${k}`)]);
    expect(csv).toHaveLength(9);
    csv.slice(1).forEach((cells, i) => {
      expect(Number(cells[0])).toBe(pd.features[0]!.grid[i]);
      expect(Number(cells[1])).toBe(pd.average[i]);
      expect(cells).toHaveLength(7);
    });
    const doc = JSON.parse(readFileSync(`${prefix}.json`, 'utf8')) as { features: { name: string; index: number }[]; average: number[]; scale: string };
    expect(doc.features[0]).toMatchObject({ name: 'f100', index: 100 });
    expect(doc.average).toEqual(Array.from(pd.average));
    expect(doc.scale).toBe('output');
    const svg = parseXml(readFileSync(`${prefix}.svg`, 'utf8'));
    expect(byClass(svg, 'mark-line', 'role-mark')).toHaveLength(6);
    const vl = JSON.parse(readFileSync(`${prefix}.vl.json`, 'utf8')) as { $schema: string; layer: unknown[] };
    expect(vl.$schema).toMatch(/vega-lite\/v5/);
    expect(vl.layer).toHaveLength(3);
  });

  it('two features by tree walk (squared error: margins are the predictions); a CSV header names the features', async () => {
    const dir = tempDir();
    const prefix = join(dir, 'surface');
    const r = await runCli([
      'pdp', '--model', join(MODELS, 'casp.model.json'), '--data', `${DATA}uci-casp-protein/CASP.csv`, '--label', 'RMSD',
      '--feature', 'F3', '--feature2', '4', '--grid', '4', '--method', 'tree', '--out', prefix, '--quiet',
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const csv = readFileSync(`${prefix}.csv`, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('F3,F5,average');
    expect(csv).toHaveLength(17);
    expect(byClass(parseXml(readFileSync(`${prefix}.svg`, 'utf8')), 'mark-rect', 'role-mark')[0]!.children).toHaveLength(16);
  });

  it('bad input is one line and exit 2, and writes nothing', async () => {
    const dir = tempDir();
    const prefix = join(dir, 'x');
    const unknown = await runCli(['pdp', '--model', BINARY_MODEL, '--data', BINARY_TEST, '--feature', 'nope', '--out', prefix]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^lambdaboost: unknown feature "nope"; the model's features are: f0, f1, f2, .*, f27\n$/);
    const tree = await runCli(['pdp', '--model', BINARY_MODEL, '--data', BINARY_TEST, '--feature', '3', '--method', 'tree', '--out', prefix]);
    expect(tree.status).toBe(2);
    expect(tree.stderr).toMatch(/binary:logistic transforms them/);
    for (const bad of [['--grid', '1'], ['--percentiles', '0.9,0.1'], ['--ice', 'x'], ['--method', 'fast']]) {
      const b = await runCli(['pdp', '--model', BINARY_MODEL, '--data', BINARY_TEST, '--feature', '3', '--out', prefix, ...bad]);
      expect(b.status, bad.join(' ')).toBe(2);
      expect(b.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(existsSync(`${prefix}.csv`)).toBe(false);
  });
});

describe('SHAP values from predict --contrib and Booster.predict', () => {
  it('one line per row: nFeatures + 1 values summing to the margin; the library agrees', async () => {
    const file = join(tempDir(), 'head.tsv');
    writeFileSync(file, readFileSync(BINARY_TEST, 'utf8').split('\n').slice(0, 80).join('\n') + '\n');
    const r = await runCli(['predict', '--model', BINARY_MODEL, '--data', file, '--contrib']);
    expect(r.status).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => l.split('\t').map(Number));
    expect(rows).toHaveLength(80);
    const booster = Booster.fromJSON(readFileSync(BINARY_MODEL, 'utf8'));
    const data = await loadDataset(file);
    const margins = booster.predict(data, { margin: true });
    const phi = booster.predict(data, { contrib: true });
    expect(phi).toEqual(shapValues(booster.model, data));
    rows.forEach((row, i) => {
      expect(row).toHaveLength(29);
      expect(Float32Array.from(row)).toEqual(phi.subarray(i * 29, (i + 1) * 29));
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(margins[i]!, 5);
    });
    // the other outputs are unchanged
    expect(booster.predict(data)).toEqual(booster.getPredictor().predict(data));
    const both = await runCli(['predict', '--model', BINARY_MODEL, '--data', file, '--contrib', '--leaf']);
    expect(both.status).toBe(2);
    expect(both.stderr).toBe('lambdaboost: --leaf and --contrib cannot be combined\n');
  });
});
