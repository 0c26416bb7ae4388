/**
 * Ranking metrics (xgboost-spec.md §1.8) on hand-built cases. Expected values are written as
 * closed forms from the definitions, not computed by the code under test.
 */
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import type { MetricData } from '../../src/metric/metric.js';
import { createMetric } from '../../src/metric/registry.js';

const EXP = { ndcgExpGain: true };
const LIN = { ndcgExpGain: false };

function data(label: number[], groups: number[] | null, weight?: number[]): MetricData {
  let offsets: Uint32Array | null = null;
  if (groups !== null) {
    offsets = new Uint32Array(groups.length + 1);
    for (let i = 0; i < groups.length; i++) offsets[i + 1] = offsets[i]! + groups[i]!;
  }
  return { label: Float32Array.from(label), weight: weight ? Float32Array.from(weight) : null, queryOffsets: offsets };
}

function evalMetric(name: string, preds: number[], d: MetricData, opts = EXP): number {
  return createMetric(name, opts).evaluate(Float32Array.from(preds), d);
}

const L2 = Math.log2;

describe('the spec check (3 queries x 5 docs, one all-zero)', () => {
  // Query 1 ranks to labels (2, 0, 1, 0, 3); query 2 to (1, 0, 1, 0, 0); query 3 is all zero.
  // Rows are deliberately not in rank order.
  const graded = [3, 0, 2, 1, 0, /**/ 0, 1, 0, 1, 0, /**/ 0, 0, 0, 0, 0];
  const binary = graded.map((y) => (y > 0 ? 1 : 0));
  const preds = [0.1, 0.8, 0.9, 0.7, 0.6, /**/ 0.2, 0.5, 0.4, 0.3, 0.1, /**/ 0.5, 0.4, 0.3, 0.2, 0.1];
  const groups = [5, 5, 5];

  // Closed forms: query 1 DCG@3 = 3/1 + 0 + 1/2; IDCG@3 over gains (7, 3, 1) = 7 + 3/log2(3) + 1/2.
  const q1Ndcg3 = 3.5 / (7 + 3 / L2(3) + 0.5);
  const q1Ndcg = (3 + 1 / L2(4) + 7 / L2(6)) / (7 + 3 / L2(3) + 1 / L2(4));
  const q2Ndcg3 = (1 + 1 / L2(4)) / (1 + 1 / L2(3));
  const q2Ndcg = q2Ndcg3;

  it('matches the spec numbers (6 digits) and the closed forms (1e-12)', () => {
    const d = data(graded, groups);
    const cases: [string, number, number][] = [
      ['ndcg@3', 0.764116, (q1Ndcg3 + q2Ndcg3 + 1) / 3],
      ['ndcg@3-', 0.430782, (q1Ndcg3 + q2Ndcg3 + 0) / 3],
      ['ndcg', 0.860217, (q1Ndcg + q2Ndcg + 1) / 3],
      ['ndcg-', 0.526883, (q1Ndcg + q2Ndcg + 0) / 3],
    ];
    for (const [name, spec, exact] of cases) {
      const v = evalMetric(name, preds, d);
      expect(v, name).toBeCloseTo(spec, 6);
      expect(Math.abs(v - exact), name).toBeLessThan(1e-12);
    }
  });

  it('MAP on the binarised labels (XGBoost 1.7.4 treated every non-zero label as relevant)', () => {
    const d = data(binary, groups);
    // Query 1 ranks to (1, 0, 1, 0, 1): AP@3 = (1 + 2/3) / min(3, 3), AP = (1 + 2/3 + 3/5) / 3.
    // Query 2 ranks to (1, 0, 1, 0, 0): AP@3 = AP = (1 + 2/3) / 2.
    expect(evalMetric('map@3', preds, d)).toBeCloseTo(0.796296, 6);
    expect(Math.abs(evalMetric('map@3', preds, d) - 43 / 54)).toBeLessThan(1e-12);
    expect(Math.abs(evalMetric('map@3-', preds, d) - (5 / 9 + 5 / 6) / 3)).toBeLessThan(1e-12);
    expect(evalMetric('map@3-', preds, d)).toBeCloseTo(0.462963, 6);
    expect(Math.abs(evalMetric('map', preds, d) - 233 / 270)).toBeLessThan(1e-12);
    expect(evalMetric('map', preds, d)).toBeCloseTo(0.862963, 6);
  });
});

describe('ndcg', () => {
  it('ties in predictions keep input order (stable sort)', () => {
    // All tied: the rank list is the input order (0, 2, 1) -> DCG = 0 + 3/log2(3) + 1/2.
    expect(evalMetric('ndcg', [0.5, 0.5, 0.5], data([0, 2, 1], null)))
      .toBeCloseTo((3 / L2(3) + 0.5) / (3 + 1 / L2(3)), 12);
    // Partial ties: preds (0.3, 0.7, 0.3, 0.7) rank rows 1, 3, 0, 2 -> labels (0, 1, 2, 0).
    const v = evalMetric('ndcg', [0.3, 0.7, 0.3, 0.7], data([2, 0, 0, 1], null));
    expect(v).toBeCloseTo((1 / L2(3) + 3 / L2(4)) / (3 + 1 / L2(3)), 12);
  });

  it('single-document queries: 1 whether or not the document is relevant (0 for ndcg- when not)', () => {
    const d = data([1, 0], [1, 1]);
    expect(evalMetric('ndcg', [0.2, 0.1], d)).toBe(1);
    expect(evalMetric('ndcg@5', [0.2, 0.1], d)).toBe(1);
    expect(evalMetric('ndcg-', [0.2, 0.1], d)).toBe(0.5);
  });

  it('queries without relevant documents score 1, or 0 with "-"', () => {
    const d = data([0, 0, 0, 1, 0], [3, 2]);
    // Query 2 ranks (1, 0): NDCG 1.
    expect(evalMetric('ndcg@2', [1, 2, 3, 0.9, 0.1], d)).toBe(1);
    expect(evalMetric('ndcg@2-', [1, 2, 3, 0.9, 0.1], d)).toBe(0.5);
    // Query 2 ranks (0, 1): NDCG = (1/log2 3) / 1.
    expect(evalMetric('ndcg@2-', [1, 2, 3, 0.1, 0.9], d)).toBeCloseTo(1 / L2(3) / 2, 12);
  });

  it('k larger than the query is the whole list', () => {
    const d = data([0, 1, 3, 2], null);
    const p = [0.4, 0.3, 0.2, 0.1];
    expect(evalMetric('ndcg@100', p, d)).toBe(evalMetric('ndcg', p, d));
    expect(evalMetric('ndcg@4', p, d)).toBe(evalMetric('ndcg', p, d));
  });

  it('weights: the weight of each query is its first row weight', () => {
    // Query 1 ranks (0, 1): NDCG = 1/log2(3); query 2 perfect: 1.
    const d = data([0, 1, 1, 0], [2, 2], [3, 99, 1, 99]);
    const v = evalMetric('ndcg', [0.9, 0.1, 0.9, 0.1], d);
    expect(v).toBeCloseTo((3 / L2(3) + 1) / 4, 12);
  });

  it('linear gain with ndcg_exp_gain=false (non-integer labels allowed)', () => {
    const d = data([0.5, 2.5, 0], null);
    const v = evalMetric('ndcg@2', [0.3, 0.2, 0.1], d, LIN);
    expect(v).toBeCloseTo((0.5 + 2.5 / L2(3)) / (2.5 + 0.5 / L2(3)), 12);
  });

  it('without query groups the whole set is one query', () => {
    expect(evalMetric('ndcg', [0.1, 0.9], data([1, 0], null))).toBeCloseTo(1 / L2(3), 12);
  });

  it('a perfect ranking scores 1 and the result never exceeds 1', () => {
    const labels: number[] = [];
    const preds: number[] = [];
    const groups: number[] = [];
    for (let q = 0; q < 50; q++) {
      const n = 1 + (q % 7);
      groups.push(n);
      for (let i = 0; i < n; i++) {
        labels.push((q * 7 + i * 3) % 5);
        preds.push((q * 7 + i * 3) % 5); // predictions = labels: a perfect ranking
      }
    }
    const v = evalMetric('ndcg@3', preds, data(labels, groups, labels.map((_, i) => 0.1 + (i % 3))));
    expect(v).toBeLessThanOrEqual(1);
    expect(v).toBeCloseTo(1, 12);
  });

  it('rejects labels exponential gain cannot use, naming the row', () => {
    const m = createMetric('ndcg@3', EXP);
    const bad: [number[], RegExp][] = [
      [[1, 2.5], /row 2.*not an integer/],
      [[40, 1], /row 1.*larger than 31/],
      [[0, -1], /row 2.*negative/],
      [[0, NaN], /row 2.*not a finite/],
    ];
    for (const [labels, re] of bad) {
      const f = (): number => m.evaluate(Float32Array.of(0.1, 0.2), data(labels, null));
      expect(f).toThrow(DataError);
      expect(f).toThrow(re);
    }
    // Linear gain accepts them (but not negative ones).
    expect(() => evalMetric('ndcg', [0.1, 0.2], data([40, 2.5], null), LIN)).not.toThrow();
    expect(() => evalMetric('ndcg', [0.1, 0.2], data([-1, 2.5], null), LIN)).toThrow(/negative/);
  });
});

describe('map', () => {
  it('divides by min(N_rel, k) (XGBoost 2.x); 1.7.x divided by N_rel', () => {
    // Ranked (1, 0, 1, 1, 1): AP@2 = (1/1) / min(4, 2) = 0.5 (1.7.x: 1/4).
    const d = data([1, 0, 1, 1, 1], null);
    expect(evalMetric('map@2', [5, 4, 3, 2, 1], d)).toBe(0.5);
    // Full list: (1 + 2/3 + 3/4 + 4/5) / 4.
    expect(evalMetric('map', [5, 4, 3, 2, 1], d)).toBeCloseTo((1 + 2 / 3 + 3 / 4 + 4 / 5) / 4, 12);
  });

  it('ties, single documents, no relevant documents, k > n, weights', () => {
    // Tied predictions keep input order: (0, 1) -> AP = 1/2.
    expect(evalMetric('map', [1, 1], data([0, 1], null))).toBe(0.5);
    // Single relevant doc -> 1; single irrelevant -> 1 (0 with "-").
    expect(evalMetric('map@10', [1, 2], data([1, 0], [1, 1]))).toBe(1);
    expect(evalMetric('map@10-', [1, 2], data([1, 0], [1, 1]))).toBe(0.5);
    // k > n: same as the whole list.
    expect(evalMetric('map@50', [3, 2, 1], data([0, 1, 1], null))).toBeCloseTo((1 / 2 + 2 / 3) / 2, 12);
    // Weights 2 and 1: query APs 1/2 and 1.
    expect(evalMetric('map', [2, 1, 2, 1], data([0, 1, 1, 0], [2, 2], [2, 7, 1, 7]))).toBeCloseTo((2 * 0.5 + 1) / 3, 12);
  });

  it('treats labels > 0 as relevant (graded labels as in XGBoost 1.7 and LightGBM) and rejects negative ones', () => {
    // graded [2, 0, 3] ranked [0, 1, 2]: relevant at ranks 0 and 2 -> AP = (1/1 + 2/3) / 2
    expect(evalMetric('map', [3, 2, 1], data([2, 0, 3], null))).toBeCloseTo((1 + 2 / 3) / 2, 12);
    expect(evalMetric('map', [3, 2, 1], data([2, 0, 3], null))).toBe(evalMetric('map', [3, 2, 1], data([1, 0, 1], null)));
    expect(() => evalMetric('map', [1, 2], data([-1, 0], null))).toThrow(/row 1.*negative/);
  });
});

describe('pre@k', () => {
  it('hits in the top min(k, n) over min(k, n)', () => {
    const d = data([1, 0, 1, 0, 1], null);
    expect(evalMetric('pre@2', [5, 4, 3, 2, 1], d)).toBe(0.5);
    expect(evalMetric('pre@3', [5, 4, 3, 2, 1], d)).toBeCloseTo(2 / 3, 12);
    expect(evalMetric('pre@10', [5, 4, 3, 2, 1], d)).toBeCloseTo(3 / 5, 12);
    expect(evalMetric('pre', [5, 4, 3, 2, 1], d)).toBeCloseTo(3 / 5, 12);
  });

  it('ties, single documents, weights', () => {
    expect(evalMetric('pre@1', [1, 1], data([0, 1], null))).toBe(0);
    expect(evalMetric('pre@1', [1, 1], data([1, 0], null))).toBe(1);
    expect(evalMetric('pre@5', [1, 1], data([1, 0], [1, 1], [3, 1]))).toBe(0.75);
  });

  it('treats labels > 0 as relevant and rejects negative ones', () => {
    expect(evalMetric('pre@2', [2, 1, 0], data([0, 3, 4], null))).toBe(0.5);
    expect(() => evalMetric('pre@2', [1, 2], data([0, -3], null))).toThrow(DataError);
  });
});

it('ranking metrics are higher-is-better and keep their names', () => {
  for (const n of ['ndcg', 'ndcg@10', 'ndcg-', 'ndcg@10-', 'map', 'map@5', 'map-', 'map@5-', 'pre', 'pre@5']) {
    const m = createMetric(n, EXP);
    expect(m.name).toBe(n);
    expect(m.higherIsBetter).toBe(true);
  }
});

it('caches per label array but revalidates new labels', () => {
  const m = createMetric('ndcg', EXP);
  const d1 = data([1, 0], null);
  expect(m.evaluate(Float32Array.of(1, 0), d1)).toBe(1);
  expect(m.evaluate(Float32Array.of(0, 1), d1)).toBeCloseTo(1 / L2(3), 12);
  expect(() => m.evaluate(Float32Array.of(0, 1), data([1, 40], null))).toThrow(DataError);
});
