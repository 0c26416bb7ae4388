/**
 * Partial dependence and ICE: brute force against the definition (set the feature in every
 * row, predict row by row, average), the tree walk against brute force where they must agree
 * (training data with the target independent of the rest, unit hessians) and measured on real
 * data, and the option checks.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { train } from '../../src/booster/booster.js';
import type { Dataset } from '../../src/data/dataset.js';
import { loadDataset } from '../../src/data/load.js';
import { partialDependence } from '../../src/explain/partial-dependence.js';
import { ParamError, UserError } from '../../src/errors.js';
import type { Model } from '../../src/model-io/model.js';
import { Predictor } from '../../src/predict/predictor.js';
import { makeModel } from '../model-io/tiny-model.js';
import { DATASETS, readReferenceModel, referenceData } from './reference.js';

/** The definition: for each grid value, every row with the feature(s) set, predicted one by one. */
function definition(model: Model, data: Dataset, features: number[], points: number[][], margin: boolean): { avg: number[]; rows: number[][] } {
  const p = Predictor.fromModel(model);
  const row = new Float32Array(data.nFeatures);
  const rows: number[][] = [];
  const avg = points.map((pt) => {
    let sum = 0;
    const preds: number[] = [];
    for (let r = 0; r < data.nRows; r++) {
      for (let j = 0; j < data.nFeatures; j++) row[j] = data.columns[j]![r]!;
      features.forEach((f, k) => (row[f] = pt[k]!));
      const y = margin ? p.predictRowMargin(row) : p.predictRow(row);
      preds.push(y);
      sum += y;
    }
    rows.push(preds);
    return sum / data.nRows;
  });
  return { avg, rows };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('partial dependence, brute force', () => {
  it('binary:logistic, probabilities and margins, with ICE: equal to the definition to 1e-6', async () => {
    const model = await readReferenceModel('binary');
    const data = await referenceData('binary');
    for (const margin of [false, true]) {
      const pd = partialDependence(model, data, { features: ['f25'], gridResolution: 12, ice: 500, margin });
      expect(pd.scale).toBe(margin ? 'margin' : 'output');
      const grid = Array.from(pd.features[0]!.grid);
      expect(grid).toHaveLength(12);
      const want = definition(model, data, [25], grid.map((v) => [v]), margin);
      expect(maxAbsDiff(pd.average, want.avg)).toBeLessThanOrEqual(1e-6);
      // ICE of every row (500 asked, 500 rows): each curve is that row's predictions
      expect(Array.from(pd.ice!.rows)).toEqual(Array.from({ length: 500 }, (_, i) => i));
      for (let k = 0; k < 500; k += 37) {
        expect(Array.from(pd.ice!.values.subarray(k * 12, (k + 1) * 12))).toEqual(grid.map((_, g) => Math.fround(want.rows[g]![k]!)));
      }
      if (!margin) for (const v of pd.average) expect(v > 0 && v < 1).toBe(true);
    }
  });

  it('two features (rank:ndcg on LibSVM data): the surface equals the definition to 1e-6', async () => {
    const model = await readReferenceModel('rank-ndcg');
    const data = await referenceData('rank-ndcg');
    const pd = partialDependence(model, data, { features: [8, 'f104'], gridResolution: 4 });
    const [a, b] = pd.features;
    expect([a!.index, b!.index]).toEqual([8, 104]);
    const points = Array.from(a!.grid).flatMap((u) => Array.from(b!.grid, (v) => [u, v]));
    expect(pd.average).toHaveLength(points.length);
    expect(maxAbsDiff(pd.average, definition(model, data, [8, 104], points, false).avg)).toBeLessThanOrEqual(1e-6);
    expect(pd.ice).toBeNull();
  });

  it('ICE rows are spread evenly through the data; deciles are those of the feature', async () => {
    const model = await readReferenceModel('regression');
    const data = await referenceData('regression');
    const t0 = performance.now();
    const pd = partialDependence(model, data, { features: [3], ice: 4, gridResolution: 10 });
    console.info(`pdp brute force, ${data.nRows} rows x 10 grid points x 100 trees: ${(performance.now() - t0).toFixed(0)} ms`);
    expect(pd.features[0]!.name).toBe('f3');
    expect(Array.from(pd.ice!.rows)).toEqual([0, 125, 250, 375]);
    const sorted = Float64Array.from(data.columns[3]!).sort();
    expect(pd.features[0]!.deciles[4]).toBeCloseTo((sorted[249]! + sorted[250]!) / 2, 6); // the median
    expect(pd.nRows).toBe(500);
  });
});

describe('partial dependence by tree walk', () => {
  it('equals brute force on its training data when the targets are independent of the rest (squared error)', async () => {
    // Full factorial design: every x0 value with every x1 value with every x2 value, so any
    // subset of the features is independent of the others in the data.
    const v0 = [0, 1, 2, 3, 4, 5, 6, 7];
    const v1 = [0.1, 0.7, 1.3, 2.2, 2.9, 3.5];
    const v2 = [NaN, 0.05, 0.2, 0.45, 0.5, 0.8, 0.95];
    const n = v0.length * v1.length * v2.length;
    const cols = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
    const label = new Float32Array(n);
    let r = 0;
    for (const a of v0) {
      for (const b of v1) {
        for (const c of v2) {
          cols[0]![r] = a;
          cols[1]![r] = b;
          cols[2]![r] = c;
          label[r] = Math.sin(a) * b + (c > 0.3 ? a : 0) + (Number.isNaN(c) ? 1 : 0) + ((r * 7919) % 13) / 26;
          r++;
        }
      }
    }
    const data: Dataset = {
      nRows: n, nFeatures: 3, featureNames: ['x0', 'x1', 'x2'], hasFeatureNames: true, columns: cols, label,
      weight: null, queryOffsets: null, position: null, source: 'factorial',
    };
    const booster = await train({ objective: 'reg:squarederror', eta: 0.3, max_depth: 5, num_round: 30, min_child_weight: 0, nthread: 1, verbosity: 0 }, data);
    for (const features of [['x0'], ['x2'], ['x0', 'x1'], ['x1', 'x2']]) {
      const brute = partialDependence(booster.model, data, { features, gridResolution: 10 });
      const tree = partialDependence(booster.model, data, { features, gridResolution: 10, method: 'tree' });
      expect(Array.from(tree.features[0]!.grid)).toEqual(Array.from(brute.features[0]!.grid));
      const d = maxAbsDiff(tree.average, brute.average);
      console.info(`pdp tree vs brute on factorial training data (${features.join(',')}): max |diff| ${d.toExponential(2)}`);
      expect(d).toBeLessThanOrEqual(1e-5);
    }
  });

  it('approximates brute force on real training data (XGBoost regression model, its training file)', async () => {
    const model = await readReferenceModel('regression');
    const trainData = await loadDataset(join(DATASETS, 'lightgbm-binary/binary.train'), { format: 'tsv', label: 0 });
    let worst = 0;
    for (const f of [22, 25]) {
      const brute = partialDependence(model, trainData, { features: [f], margin: true, gridResolution: 8 });
      const tree = partialDependence(model, trainData, { features: [f], margin: true, gridResolution: 8, method: 'tree' });
      worst = Math.max(worst, maxAbsDiff(tree.average, brute.average));
    }
    console.info(`pdp tree vs brute, regression model on binary.train, features 22,25, grid 8: max |diff| ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(0.05);
  });
});

describe('partial dependence options', () => {
  const model = makeModel({
    nFeatures: 2, featureNames: ['a', 'b'], objective: 'binary:logistic',
    trees: [[{ f: 0, t: 0.5, left: 1, right: 2, cover: 2 }, { leaf: -1, cover: 1 }, { leaf: 1, cover: 1 }]],
  });
  const rows = [[0, 0], [1, 1], [0.2, 0.3]];
  it('bad options are one-line errors', () => {
    expect(() => partialDependence(model, rows, { features: ['c'] })).toThrow(UserError);
    expect(() => partialDependence(model, rows, { features: ['c'] })).toThrow(/unknown feature "c"; the model's features are: a, b$/);
    expect(() => partialDependence(model, rows, { features: [2] })).toThrow(/out of range/);
    expect(() => partialDependence(model, rows, { features: ['a', 0] })).toThrow(/the same/);
    expect(() => partialDependence(model, rows, { features: ['a', 'b'], ice: 3 })).toThrow(ParamError);
    expect(() => partialDependence(model, rows, { features: ['a'], method: 'tree' })).toThrow(/ask for margins/);
    expect(() => partialDependence(model, rows, { features: ['a'], method: 'tree', margin: true, ice: 2 })).toThrow(/brute-force/);
    expect(() => partialDependence(model, rows, { features: [] })).toThrow(ParamError);
  });
  it('features by name, index or f<index>; rows as arrays', () => {
    const byName = partialDependence(model, rows, { features: ['b'], margin: true });
    expect(byName.features[0]!.index).toBe(1);
    expect(partialDependence(model, rows, { features: ['f0'] }).features[0]!.name).toBe('a');
    const pd = partialDependence(model, rows, { features: [0], margin: true, method: 'tree' });
    expect(Array.from(pd.average)).toEqual([-1, -1, 1]); // base margin 0 (base_score 0.5); grid 0, 0.2, 1
  });
});
