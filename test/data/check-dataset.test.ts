/**
 * Datasets and rows given through the library API (check-dataset.ts, value-rules.ts): infinite
 * feature values in a Dataset built in memory and in array rows are refused everywhere a model
 * meets them (training, evaluation sets, batch and single-row prediction, SHAP, ranking), naming
 * the row (from 1) and the column, as the loaders do; so are duplicate feature names.
 */
import { describe, expect, it } from 'vitest';
import { Booster, train } from '../../src/booster/booster.js';
import type { Dataset } from '../../src/data/dataset.js';
import { DataError } from '../../src/errors.js';

function dataset(a: number[], b: number[], source = 'memory'): Dataset {
  const n = a.length;
  return {
    nRows: n,
    nFeatures: 2,
    featureNames: ['a', 'b'],
    hasFeatureNames: true,
    columns: [Float32Array.from(a), Float32Array.from(b)],
    label: Float32Array.from(a.map((_, i) => i % 3)),
    weight: null,
    queryOffsets: null,
    position: null,
    source,
  };
}

const finiteA = Array.from({ length: 40 }, (_, i) => i / 7);
const finiteB = Array.from({ length: 40 }, (_, i) => (i * 13) % 11);

function dataError(f: () => unknown, message: RegExp): void {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(DataError);
  expect((caught as Error).message).toMatch(message);
}

describe('infinite values through the API', () => {
  it('train refuses a Dataset (and an evaluation set) with an infinite value or one beyond float32', async () => {
    const bad = finiteB.slice();
    bad[6] = -Infinity;
    await expect(train({ num_round: 2 }, dataset(finiteA, bad))).rejects.toThrow(/^memory row 7 column "b": the value is infinite/);
    const big = finiteA.slice();
    big[0] = 1e39; // stored in a Float32Array: +Infinity
    await expect(train({ num_round: 2 }, dataset(big, finiteB))).rejects.toThrow(/^memory row 1 column "a": the value is infinite/);
    const evals = [{ name: 'valid', data: dataset(finiteA, bad, 'valid set') }];
    await expect(train({ num_round: 2 }, dataset(finiteA, finiteB), { evals })).rejects.toThrow(/^valid set row 7 column "b"/);
  });

  it('train refuses a Dataset whose feature names repeat (XGBoost: feature_names must be unique)', async () => {
    const d = { ...dataset(finiteA, finiteB), featureNames: ['a', 'a'] };
    await expect(train({ num_round: 2 }, d)).rejects.toThrow(/^memory column "a": feature name "a" is used twice \(feature 0 and feature 1\)/);
  });

  it('Booster.predict takes null (and undefined) as missing in array rows, typed so, as its doc says; allowMissingColumns names a real option', async () => {
    const booster = await train({ num_round: 3, max_depth: 2 }, dataset(finiteA, finiteB));
    const rows: (number | null)[][] = [[1, null], [null, 2], [null, null]];
    const withNaN = [[1, NaN], [NaN, 2], [NaN, NaN]];
    expect(booster.predict(rows)).toEqual(booster.predict(withNaN));
    expect(booster.predict(rows, { margin: true })).toEqual(booster.predict(withNaN, { margin: true }));
    expect(booster.predict(rows, { contrib: true })).toEqual(booster.predict(withNaN, { contrib: true }));
    expect(booster.predict([[1, undefined]])).toEqual(booster.predict([[1, NaN]]));
    // A short row: an error whose hint names the option, and the option works.
    expect(() => booster.predict([[1]])).toThrow(/the row has 1 values, the model expects 2 \(predict's option allowMissingColumns: true treats/);
    expect(booster.predict([[1]], { allowMissingColumns: true })).toEqual(booster.predict([[1, null]]));
    expect(booster.predict([[1]], { allowMissingColumns: true, contrib: true })).toEqual(booster.predict([[1, null]], { contrib: true }));
  });

  it('predict, predictRow, contrib and rank refuse infinite values in array rows, with 1-based rows', async () => {
    const booster = await train({ num_round: 3, max_depth: 2 }, dataset(finiteA, finiteB));
    const ok = booster.predict([[1, 2], [3, null]]);
    expect(ok.length).toBe(2);
    for (const v of [Infinity, -Infinity, 1e39, 3.5e38, -1e400]) {
      dataError(() => booster.predict([[1, 2], [v, 3]]), /^input rows row 2 column 0: the value .*(infinite|beyond the float32 range)/);
      dataError(() => booster.predict([[1, 2], [2, v]], { contrib: true }), /^input rows row 2 column 1: the value/);
      dataError(() => booster.getPredictor().predictRow([1, v]), /^input rows column 1: the value/);
      dataError(() => booster.getPredictor().predictRow(Float32Array.of(v, 1)), /^input rows column 0: the value/);
      dataError(() => booster.rank([[1, 2], [v, 1]]), /^row 2 column 0: the value/);
    }
    const bad = finiteB.slice();
    bad[3] = Infinity;
    dataError(() => booster.predict(dataset(finiteA, bad, 'user data')), /^user data row 4 column "b": the value is infinite/);
    dataError(() => booster.predict(dataset(finiteA, bad, 'user data'), { contrib: true }), /^user data row 4 column "b"/);
    // The largest float32 is a value.
    expect(booster.predict([[3.4028234663852886e38, 1]]).length).toBe(1);
    expect(Booster.fromJSON(booster.toJSON()).predict([[1, 2]])).toEqual(booster.predict([[1, 2]]));
  });
});
