import { describe, expect, it } from 'vitest';
import { Booster, train } from '../../src/booster/booster.js';
import type { Dataset } from '../../src/data/dataset.js';
import { DataError } from '../../src/errors.js';
import { readModelFile } from '../../src/model-io/model-file.js';
import { Predictor } from '../../src/predict/predictor.js';
import { rankOrder } from '../../src/serve/rank-order.js';
import { Ranker } from '../../src/serve/ranker.js';
import { loadRanker } from '../../src/serve/load-ranker.js';
import { UnknownFeatureError } from '../../src/serve/unknown-feature-error.js';
import { makeModel, stump } from '../model-io/tiny-model.js';
import { BINARY_MODEL, RANK_MODEL, rankMargins, rankRows } from './helpers.js';

/** Reference order: indices by descending score, ties by index (a plain stable sort). */
function naiveOrder(scores: ArrayLike<number>): number[] {
  return Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => {
    const sa = scores[a]!;
    const sb = scores[b]!;
    if (Number.isNaN(sa) || Number.isNaN(sb)) return Number.isNaN(sa) === Number.isNaN(sb) ? a - b : Number.isNaN(sa) ? 1 : -1;
    return sb - sa || a - b;
  });
}

describe('rankOrder', () => {
  it('orders best first, ties and NaNs in input order, short and long lists', () => {
    let seed = 12345;
    const rnd = (): number => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    for (const n of [0, 1, 2, 5, 31, 32, 33, 100, 257, 1000]) {
      // Few distinct values, so there are many ties, and some NaNs.
      const scores = Float32Array.from({ length: n }, () => (rnd() < 0.1 ? NaN : Math.floor(rnd() * 7) - 3));
      expect(Array.from(rankOrder(scores))).toEqual(naiveOrder(scores));
    }
  });

  it('writes into a given array', () => {
    const out = new Int32Array(5);
    const order = rankOrder([1, 3, 2], out);
    expect(Array.from(order)).toEqual([1, 2, 0]);
    expect(order.buffer).toBe(out.buffer);
  });
});

describe('Ranker on XGBoost 1.7.4 rank:ndcg', async () => {
  const ranker = await loadRanker(RANK_MODEL);
  const predictor = Predictor.fromModel(await readModelFile(RANK_MODEL));
  const rows = rankRows(0, 100);
  const want = rankMargins(0, 100);

  it('scores equal XGBoost margins and Predictor.predict, bit for bit', () => {
    const scores = ranker.scoreRows(rows);
    expect(Array.from(scores)).toEqual(Array.from(want));
    const asNumbers = rows.map((r) => r.map((v) => (v === null ? NaN : v)));
    expect(Array.from(scores)).toEqual(Array.from(predictor.predict(asNumbers)));
    expect(Array.from(scores)).toEqual(Array.from(predictor.predictMargin(asNumbers)));
    rows.slice(0, 10).forEach((r, i) => expect(ranker.scoreRow(r)).toBe(want[i]));
  });

  it('rank: scores in input order, order best first', () => {
    const { order, scores } = ranker.rank(rows);
    expect(scores).toBeInstanceOf(Float32Array);
    expect(order).toBeInstanceOf(Int32Array);
    expect(Array.from(scores)).toEqual(Array.from(want));
    expect(Array.from(order)).toEqual(naiveOrder(want));
  });

  it('Float32Array, Float64Array, undefined and NaN rows score the same as null-for-missing arrays', () => {
    const r = rows[3]!;
    const f32 = Float32Array.from(r, (v) => (v === null ? NaN : v));
    const f64 = Float64Array.from(r, (v) => (v === null ? NaN : v));
    const und = r.map((v) => (v === null ? undefined : v));
    expect(ranker.scoreRow(f32)).toBe(want[3]);
    expect(ranker.scoreRow(f64)).toBe(want[3]);
    expect(ranker.scoreRow(und)).toBe(want[3]);
    expect(Array.from(ranker.scoreRows([f32, f64, und]))).toEqual([want[3], want[3], want[3]]);
  });

  it('objects keyed by XGBoost default names f0..f300 when the model has none; absent names are missing', () => {
    const named = rows.slice(0, 20).map((r) => {
      const o: Record<string, number | null> = {};
      r.forEach((v, i) => {
        if (v !== null) o[`f${i}`] = v;
        else if (i % 2 === 0) o[`f${i}`] = null;
      });
      return o;
    });
    expect(Array.from(ranker.scoreRows(named))).toEqual(Array.from(want.subarray(0, 20)));
  });

  it('bad rows: typed errors naming the row and the column', () => {
    const bad = rows.slice(0, 3).map((r) => r.slice());
    bad[2]![7] = 'x' as unknown as number;
    expect(() => ranker.scoreRows(bad)).toThrow(/^row 3 column 7: "x" is not a number/);
    expect(() => ranker.scoreRows([rows[0]!, rows[1]!.slice(1)])).toThrow(/^row 2: the row has 300 values, the model expects 301$/);
    expect(() => ranker.scoreRow(new Float32Array(3))).toThrow(DataError);
    expect(() => ranker.scoreRows([null as unknown as number[]])).toThrow(/row 1: null is not a row/);
    const e = (() => {
      try {
        ranker.scoreRows([{ f1: 1 }, { f1: 2, height: 3 }]);
      } catch (err) {
        return err;
      }
      return null;
    })();
    expect(e).toBeInstanceOf(UnknownFeatureError);
    expect(e).toBeInstanceOf(DataError);
    expect((e as UnknownFeatureError).feature).toBe('height');
    expect((e as Error).message).toBe('row 2: unknown feature name "height" (the model has no feature names; use f0 to f300)');
  });

  it('scoreMatrix: row-major float32 rows, the same matrix rewritten, another matrix, more rows than it caches', () => {
    const nF = ranker.nFeatures;
    const fill = (m: Float32Array, first: number, n: number): void => {
      for (let r = 0; r < n; r++) m.set(rows[(first + r) % 100]!.map((v) => (v === null ? NaN : v)), r * nF);
    };
    const m = new Float32Array(10 * nF);
    fill(m, 0, 10);
    expect(Array.from(ranker.scoreMatrix(m, 10))).toEqual(Array.from(want.subarray(0, 10)));
    fill(m, 20, 10);
    expect(Array.from(ranker.scoreMatrix(m, 10))).toEqual(Array.from(want.subarray(20, 30)));
    const m2 = new Float32Array(3 * nF);
    fill(m2, 50, 3);
    expect(Array.from(ranker.scoreMatrix(m2, 3))).toEqual(Array.from(want.subarray(50, 53)));
    const big = new Float32Array(5000 * nF);
    fill(big, 0, 5000);
    const scores = ranker.scoreMatrix(big, 5000);
    expect(scores[4999]).toBe(want[99]);
    expect(() => ranker.scoreMatrix(m2, 4)).toThrow(/need 1204 values, got 903/);
  });

  it('Booster.rank delegates to the Ranker: same scores and order', async () => {
    const booster = await Booster.load(RANK_MODEL);
    const a = booster.rank(rows);
    const b = ranker.rank(rows);
    expect(Array.from(a.scores)).toEqual(Array.from(b.scores));
    expect(Array.from(a.order)).toEqual(Array.from(b.order));
  });
});

describe('Ranker on a model with feature names', () => {
  // y = -1 below 0.5 on "b", +1 above; "a" and "c" unused. Missing goes left (-1).
  const model = makeModel({ nFeatures: 3, baseScore: 0, featureNames: ['a', 'b', 'c'], objective: 'rank:ndcg', trees: [stump(1, 0.5, -1, 1)] });
  const ranker = Ranker.fromModel(model);

  it('objects keyed by name in any order, absent names and null are missing', () => {
    expect(Array.from(ranker.scoreRows([{ c: 0, b: 0.7 }, { b: 0.2 }, {}, { a: 1, b: null }]))).toEqual([1, -1, -1, -1]);
  });

  it('ties keep input order', () => {
    const rows = [{ b: 0 }, { b: 1 }, { b: 0.1 }, { b: 2 }, [null, 0.9, null], { b: 0.3 }];
    const { order, scores } = ranker.rank(rows);
    expect(Array.from(scores)).toEqual([-1, 1, -1, 1, 1, -1]);
    expect(Array.from(order)).toEqual([1, 3, 4, 0, 2, 5]);
  });

  it('unknown names list the model features', () => {
    expect(() => ranker.scoreRow({ d: 1 })).toThrow('row: unknown feature name "d" (the model\'s features are "a", "b", "c")');
    expect(() => ranker.scoreRow({ f0: 1 })).toThrow(UnknownFeatureError);
  });
});

describe('output space', async () => {
  const ranker = await loadRanker(BINARY_MODEL);
  const predictor = Predictor.fromModel(await readModelFile(BINARY_MODEL));
  const rows = [Array.from({ length: ranker.nFeatures }, (_, i) => (i % 3) * 0.7), Array.from({ length: ranker.nFeatures }, () => null)];
  const asNumbers = rows.map((r) => r.map((v) => (v === null ? NaN : v)));

  it('margins by default, probabilities with margin: false, as Predictor', () => {
    expect(Array.from(ranker.scoreRows(rows))).toEqual(Array.from(predictor.predictMargin(asNumbers)));
    expect(Array.from(ranker.scoreRows(rows, undefined, { margin: false }))).toEqual(Array.from(predictor.predict(asNumbers)));
    expect(ranker.scoreRow(rows[0]!, { margin: false })).toBe(predictor.predictRow(asNumbers[0]!));
    const r = ranker.rank(rows, { margin: false });
    expect(Array.from(r.scores)).toEqual(Array.from(predictor.predict(asNumbers)));
  });
});

describe('a model trained here', () => {
  it('Booster.rank agrees with predict', async () => {
    const n = 60;
    const x = Float32Array.from({ length: n }, (_, i) => (i * 7) % 11);
    const y = Float32Array.from(x, (v) => (v > 5 ? 2 : v > 2 ? 1 : 0));
    const data: Dataset = {
      nRows: n,
      nFeatures: 1,
      featureNames: ['x'],
      hasFeatureNames: true,
      columns: [x],
      label: y,
      weight: null,
      queryOffsets: Uint32Array.from([0, 20, 40, 60]),
      position: null,
      source: 'test',
    };
    const booster = await train({ objective: 'rank:ndcg', num_round: 5, max_depth: 2, verbosity: 0, nthread: 1 }, data);
    const rows = Array.from(x.subarray(0, 20), (v) => ({ x: v }));
    const { order, scores } = booster.rank(rows);
    expect(Array.from(scores)).toEqual(Array.from(booster.predict(Array.from(x.subarray(0, 20), (v) => [v]))));
    expect(Array.from(order)).toEqual(naiveOrder(scores));
    expect(scores[order[0]!]! >= scores[order[19]!]!).toBe(true);
  });
});
