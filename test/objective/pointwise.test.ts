import { describe, expect, it } from 'vitest';
import { train } from '../../src/booster/booster.js';
import type { Dataset } from '../../src/data/dataset.js';
import { DataError } from '../../src/errors.js';
import { createMetric } from '../../src/metric/registry.js';
import { createPointwiseObjective } from '../../src/objective/pointwise.js';
import type { ObjectiveData } from '../../src/objective/objective.js';

const f = Math.fround;
const opts = { huberSlope: 1, scalePosWeight: 1, poissonMaxDeltaStep: 0.7, tweedieVariancePower: 1.5, quantileAlpha: 0.5 };

function od(label: number[], weight?: number[]): ObjectiveData {
  return { label: Float32Array.from(label), weight: weight ? Float32Array.from(weight) : null, queryOffsets: null, position: null, nRows: label.length, source: 't' };
}

function grads(name: string, margins: number[], label: number[], weight?: number[]): Float32Array {
  const o = createPointwiseObjective(name, opts)!;
  o.init(od(label, weight));
  const gh = new Float32Array(2 * label.length);
  o.gradients(Float32Array.from(margins), gh, 0);
  return gh;
}

describe('mphe', () => {
  it('slope^2 (sqrt(1 + (z/slope)^2) - 1), weighted mean', () => {
    const m = createMetric('mphe', { ndcgExpGain: true, huberSlope: 2 });
    const v = m.evaluate(Float32Array.of(0, 0), { label: Float32Array.of(2, 0), weight: null, queryOffsets: null });
    expect(v).toBeCloseTo((4 * (Math.sqrt(2) - 1)) / 2, 12);
  });
});

describe('pointwise objectives (xgboost-spec §2.1)', () => {
  it('squared error: g = (s - y) w, h = w', () => {
    expect(Array.from(grads('reg:squarederror', [1, 2], [3, 0.5], [2, 1]))).toEqual([-4, 2, 1.5, 1]);
  });

  it('logistic: g = sigmoid(s) - y, h = p(1-p), in float32', () => {
    const gh = grads('binary:logistic', [0, 2], [1, 0]);
    expect(gh[0]).toBe(f(0.5 - 1));
    expect(gh[1]).toBe(0.25);
    const p = f(1 / f(f(Math.exp(-2)) + 1 + 1e-16));
    expect(gh[2]).toBe(p);
    expect(gh[3]).toBe(f(p * f(1 - p)));
  });

  it('absolute error: g = sign(s - y) w, h = w', () => {
    expect(Array.from(grads('reg:absoluteerror', [1, 2, 3], [3, 2, 1]))).toEqual([-1, 1, 0, 1, 1, 1]);
  });

  it('pseudo-Huber with slope 1: g = z / sqrt(1 + z^2)', () => {
    const gh = grads('reg:pseudohubererror', [3], [0]);
    expect(gh[0]).toBeCloseTo(3 / Math.sqrt(10), 6);
    expect(gh[1]).toBeCloseTo(1 / (10 * Math.sqrt(10)), 6);
  });

  it('poisson: g = exp(s) - y, h = exp(s + 0.7)', () => {
    const gh = grads('count:poisson', [0], [2]);
    expect(gh[0]).toBe(-1);
    expect(gh[1]).toBeCloseTo(Math.exp(0.7), 6);
  });

  it('base score: squared error -> weighted label mean; logistic -> sigmoid(4 (ybar - 0.5)); absolute error -> median', () => {
    const sq = createPointwiseObjective('reg:squarederror', opts)!;
    expect(sq.initBaseScore(od([1, 2, 6], [1, 1, 2]))).toBeCloseTo(15 / 4, 6);
    const lg = createPointwiseObjective('binary:logistic', opts)!;
    expect(lg.initBaseScore(od([1, 1, 1, 0]))).toBeCloseTo(1 / (1 + Math.exp(-4 * 0.25)), 6);
    const ae = createPointwiseObjective('reg:absoluteerror', opts)!;
    expect(ae.initBaseScore(od([5, 1, 100, 2, 3]))).toBe(3);
  });

  it('label checks name the row', () => {
    const lg = createPointwiseObjective('binary:logistic', opts)!;
    expect(() => lg.init(od([0, 1, 1.5]))).toThrow(DataError);
    expect(() => lg.init(od([0, 1, 1.5]))).toThrow(/row 3.*outside \[0, 1\]/);
    const po = createPointwiseObjective('count:poisson', opts)!;
    expect(() => po.init(od([1, -2]))).toThrow(/row 2.*negative/);
  });

  it('absolute error uses adaptive leaves: each leaf holds eta * the median residual of its rows', async () => {
    // One feature with two groups; labels skewed within each group (median != mean).
    const n = 200;
    const x = Float32Array.from({ length: n }, (_, i) => (i < 100 ? 0 : 1));
    const y = Float32Array.from({ length: n }, (_, i) => (i < 100 ? (i % 10 === 0 ? 100 : 1) : i % 10 === 0 ? -50 : 5));
    const data: Dataset = { nRows: n, nFeatures: 1, featureNames: ['x'], hasFeatureNames: false, columns: [x], label: y, weight: null, queryOffsets: null, position: null, source: 't' };
    const b = await train({ objective: 'reg:absoluteerror', eta: 1, max_depth: 1, num_round: 1, base_score: 0 }, data);
    const p = b.predict([[0], [1]]);
    expect(p[0]).toBe(1); // median of the left group's labels
    expect(p[1]).toBe(5);
  });
});

describe('intercepts that stay finite on extreme labels', () => {
  it('count:poisson starts from the label mean (XGBoost 3.x), also for mean labels above 180', async () => {
    const po = createPointwiseObjective('count:poisson', opts)!;
    expect(po.initBaseScore(od([200, 400, 300]))).toBe(Math.fround(300));
    const x = Float32Array.from({ length: 50 }, (_, i) => i);
    const y = Float32Array.from({ length: 50 }, (_, i) => 1000 + 10 * i);
    const data: Dataset = { nRows: 50, nFeatures: 1, featureNames: ['x'], hasFeatureNames: false, columns: [x], label: y, weight: null, queryOffsets: null, position: null, source: 't' };
    const p = (await train({ objective: 'count:poisson', num_round: 20 }, data)).predict(data);
    for (const v of p) expect(v).toBeGreaterThan(900);
    for (const v of p) expect(v).toBeLessThan(1600);
  });

  it('reg:pseudohubererror starts from the label median, so labels of 1e9 predict near 1e9', async () => {
    const x = Float32Array.from({ length: 60 }, (_, i) => i);
    const y = Float32Array.from({ length: 60 }, (_, i) => 1e9 + i);
    const data: Dataset = { nRows: 60, nFeatures: 1, featureNames: ['x'], hasFeatureNames: false, columns: [x], label: y, weight: null, queryOffsets: null, position: null, source: 't' };
    const p = (await train({ objective: 'reg:pseudohubererror', num_round: 5 }, data)).predict(data);
    for (const v of p) expect(Math.abs(v - 1e9)).toBeLessThan(1e3);
  });
});
