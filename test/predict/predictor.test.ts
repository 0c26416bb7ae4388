import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/dataset.js';
import { DataError, ParamError } from '../../src/errors.js';
import { Predictor } from '../../src/predict/predictor.js';
import { baseMargin } from '../../src/predict/transform.js';
import { sigmoid32 } from '../../src/kernels/ts/sigmoid.js';
import { makeModel, stump } from '../model-io/tiny-model.js';

const f = Math.fround;

/** A Dataset over column arrays (numbers are cast to float32 as a loader does). */
function dataset(columns: number[][], names?: string[]): Dataset {
  const nRows = columns[0]?.length ?? 0;
  return {
    nRows,
    nFeatures: columns.length,
    featureNames: names ?? columns.map((_, j) => `f${j}`),
    hasFeatureNames: names !== undefined,
    columns: columns.map((c) => Float32Array.from(c)),
    label: null,
    weight: null,
    queryOffsets: null,
    position: null,
    source: 'test.csv',
  };
}

/** One float64 ulp below x (x > 0). */
const below64 = (x: number): number => {
  const b = new Float64Array([x]);
  const u = new BigInt64Array(b.buffer);
  u[0] = u[0]! - 1n;
  return b[0]!;
};
/** The next float32 below x (x > 0). */
const below32 = (x: number): number => {
  const b = new Float32Array([x]);
  const u = new Int32Array(b.buffer);
  u[0] = u[0]! - 1;
  return b[0]!;
};

describe('numeric splits (xgboost-spec.md §3.2, §3.3)', () => {
  const t = f(0.1); // 0.100000001490116...: a float32 threshold that is not a short double
  const model = makeModel({ nFeatures: 1, baseScore: 0, trees: [stump(0, t, -1, 1, true)] });
  const p = Predictor.fromModel(model);

  it('x < threshold goes left, equality goes right', () => {
    expect(p.predictRowMargin([below32(t)])).toBe(-1);
    expect(p.predictRowMargin([t])).toBe(1);
    expect(p.predictRowMargin([1])).toBe(1);
  });

  it('casts inputs to float32 first: doubles just below a float32 threshold round onto it and go right', () => {
    const x = below64(t);
    expect(x < t).toBe(true); // a float64 compare would go left
    expect(p.predictRowMargin([x])).toBe(1);
    expect(p.predictMargin([[x]])[0]).toBe(1);
    // 0.1 as a double is below the float32 0.1 but rounds to it.
    expect(0.1 < t).toBe(true);
    expect(p.predictRowMargin([0.1])).toBe(1);
  });

  it('NaN follows default_left; the float32 extremes compare as values; infinities are refused (value-rules.ts)', () => {
    expect(p.predictRowMargin([NaN])).toBe(-1);
    const right = Predictor.fromModel(makeModel({ nFeatures: 1, baseScore: 0, trees: [stump(0, t, -1, 1, false)] }));
    expect(right.predictRowMargin([NaN])).toBe(1);
    expect(p.predictRowMargin([3.4028234663852886e38])).toBe(1);
    expect(p.predictRowMargin([-3.4028234663852886e38])).toBe(-1);
    expect(() => p.predictRowMargin([Infinity])).toThrow(/column 0: the value is infinite/);
    expect(() => p.predictMargin([[-Infinity]])).toThrow(/row 1 column 0: the value is infinite/);
  });

  it('null and undefined in plain rows are missing', () => {
    expect(p.predictRowMargin([null])).toBe(-1);
    expect(Array.from(p.predictMargin([[null], [undefined], [5]]))).toEqual([-1, -1, 1]);
  });
});

describe('categorical splits', () => {
  const model = makeModel({
    nFeatures: 2,
    baseScore: 0,
    trees: [[{ f: 1, cats: [7, 2, 30], left: 1, right: 2, dl: false }, { leaf: -1 }, { leaf: 1 }]],
  });
  const p = Predictor.fromModel(model);
  it('categories in the set go right, others left', () => {
    expect([2, 7, 30].map((c) => p.predictRowMargin([0, c]))).toEqual([1, 1, 1]);
    expect([0, 1, 3, 29, 31, 1000].map((c) => p.predictRowMargin([0, c]))).toEqual([-1, -1, -1, -1, -1, -1]);
  });
  it('non-integer values truncate toward zero; negative and >= 2^24 values are invalid and go left', () => {
    expect(p.predictRowMargin([0, 2.9])).toBe(1);
    expect(p.predictRowMargin([0, 7.5])).toBe(1);
    expect(p.predictRowMargin([0, -2])).toBe(-1);
    expect(p.predictRowMargin([0, -0.5])).toBe(-1);
    expect(p.predictRowMargin([0, 2 ** 24 + 2])).toBe(-1);
    expect(p.predictRowMargin([0, 3.4e38])).toBe(-1);
  });
  it('missing follows default_left', () => {
    expect(p.predictRowMargin([0, NaN])).toBe(1);
  });
});

describe('accumulation and transforms', () => {
  it('accumulates in float32 in tree order (a float64 sum would round differently)', () => {
    const eps = 1e-8; // below half a float32 ulp of 0.5 (2.98e-8)
    const model = makeModel({ nFeatures: 1, baseScore: 0.5, trees: [0, 1, 2].map(() => stump(0, 0, eps, eps)) });
    const p = Predictor.fromModel(model);
    expect(p.predictRowMargin([1])).toBe(0.5);
    expect(f(0.5 + 3 * f(eps))).not.toBe(0.5);
  });

  it('dart tree weights scale each leaf in float32 before it is added', () => {
    const model = makeModel({ nFeatures: 1, baseScore: 0.25, trees: [stump(0, 0, 0.3, 0.7), stump(0, 0, 0.11, 0.13)], weights: [0.6, 0.9] });
    const p = Predictor.fromModel(model);
    const want = f(f(f(0.25) + f(f(0.7) * f(0.6))) + f(f(0.13) * f(0.9)));
    expect(p.predictRowMargin([1])).toBe(want);
  });

  it('binary:logistic starts from the float32 logit of base_score and outputs the float sigmoid', () => {
    const model = makeModel({ nFeatures: 1, objective: 'binary:logistic', baseScore: 0.3, trees: [stump(0, 0, -0.5, 0.5)] });
    const p = Predictor.fromModel(model);
    const m0 = f(-Math.log(f(f(1 / f(0.3)) - 1)));
    expect(p.baseMargin).toBe(m0);
    expect(baseMargin(0.5, 'logit', [1, 7, 4])).toBe(-0); // -logf(1) in XGBoost too
    const margin = f(m0 + 0.5);
    expect(p.predictRowMargin([1])).toBe(margin);
    expect(p.predictRow([1])).toBe(f(1 / f(f(Math.exp(-margin)) + 1)));
    expect(p.predict([[1]])[0]).toBe(p.predictRow([1]));
    // The clamp keeps tiny probabilities positive (and finite margins finite).
    expect(sigmoid32(-100)).toBeGreaterThan(0);
    expect(sigmoid32(100)).toBe(1);
  });

  it('count:poisson starts from log(base_score) and outputs exp(margin)', () => {
    const model = makeModel({ nFeatures: 1, objective: 'count:poisson', baseScore: 0.5, trees: [stump(0, 0, 0.25, 0.25)] });
    const p = Predictor.fromModel(model);
    expect(p.baseMargin).toBe(f(Math.log(0.5)));
    expect(p.predictRow([0])).toBe(f(Math.exp(f(f(Math.log(0.5)) + 0.25))));
  });

  it('identity objectives: ranking and regression outputs are the margins', () => {
    for (const objective of ['rank:ndcg', 'rank:pairwise', 'rank:map', 'reg:squarederror', 'reg:absoluteerror', 'reg:pseudohubererror', 'reg:linear', 'binary:logitraw']) {
      const model = makeModel({ nFeatures: 1, objective, baseScore: 0.5, trees: [stump(0, 0, -1, 1)] });
      const p = Predictor.fromModel(model);
      expect(p.predictRow([1]), objective).toBe(p.predictRowMargin([1]));
    }
  });
});

describe('API', () => {
  // Tree 0 on feature 0, tree 1 on feature 2; node ids 0..2.
  const model = makeModel({ nFeatures: 3, baseScore: 0, trees: [stump(0, 0, 1, 2), stump(2, 0, 10, 20), stump(1, 0, 100, 200)] });
  const p = Predictor.fromModel(model);
  const data = dataset([
    [-1, 1, NaN],
    [0, 0, 0],
    [1, -1, 1],
  ]);

  it('predictMargin over a Dataset, into an optional output array', () => {
    expect(Array.from(p.predictMargin(data))).toEqual([1 + 200 + 20, 2 + 200 + 10, 1 + 200 + 20]);
    const out = new Float32Array(5).fill(-7);
    const view = p.predictMargin(data, out);
    expect(view.length).toBe(3);
    expect(Array.from(out)).toEqual([221, 212, 221, -7, -7]);
    expect(() => p.predictMargin(data, new Float32Array(2))).toThrow(ParamError);
  });

  it('nTrees limits prediction to the first trees', () => {
    expect(Array.from(p.predictMargin(data, undefined, { nTrees: 1 }))).toEqual([1, 2, 1]);
    expect(Array.from(p.predictMargin(data, undefined, { nTrees: 0 }))).toEqual([0, 0, 0]);
    expect(p.predictRowMargin([1, 1, 1], 2)).toBe(22);
    expect(() => p.predictMargin(data, undefined, { nTrees: 4 })).toThrow(/nTrees must be an integer in \[0, 3\], got 4/);
    expect(() => p.predictRowMargin([1, 1, 1], 1.5)).toThrow(ParamError);
  });

  it('predictLeaf gives node ids within each tree, row-major', () => {
    expect(Array.from(p.predictLeaf(data))).toEqual([1, 2, 2, 2, 1, 2, 1, 2, 2]);
    expect(Array.from(p.predictLeaf(data, { nTrees: 2 }))).toEqual([1, 2, 2, 1, 1, 2]);
  });

  it('predictRowMargin reads a Float32Array in place, checks the length and allocates per call nothing observable', () => {
    const row = new Float32Array([1, -1, 1]);
    expect(p.predictRowMargin(row)).toBe(122);
    expect(p.predictRowMargin([0, 0, 0])).toBe(222);
    expect(p.predictRowMargin(row)).toBe(122);
    expect(() => p.predictRowMargin([1, 2])).toThrow(DataError);
    expect(() => p.predictRowMargin(new Float32Array(4))).toThrow(/the row has 4 values, the model expects 3/);
  });

  it('array-of-rows input: too long is an error, too short unless allowMissingColumns', () => {
    expect(() => p.predictMargin([[1, 1, 1, 1]])).toThrow(/input rows row 1: the row has 4 values, the model expects 3/);
    expect(() => p.predictMargin([[1, 1, 1], [1]])).toThrow(/input rows row 2: the row has 1 values, the model expects 3/);
    expect(Array.from(p.predictMargin([[1]], undefined, { allowMissingColumns: true }))).toEqual([2 + 100 + 10]);
  });

  it('Dataset columns are matched by name when both sides have names', () => {
    const named = makeModel({ nFeatures: 3, baseScore: 0, trees: [stump(0, 0, 1, 2), stump(2, 0, 10, 20), stump(1, 0, 100, 200)], featureNames: ['a', 'b', 'c'] });
    const q = Predictor.fromModel(named);
    // Columns in another order plus an extra one.
    const shuffled = dataset(
      [
        [1, 1, 1],
        [-1, 0, 1],
        [9, 9, 9],
        [1, 0, -1],
      ],
      ['c', 'a', 'extra', 'b'],
    );
    expect(Array.from(q.predictMargin(shuffled))).toEqual([1 + 20 + 200, 2 + 20 + 200, 2 + 20 + 100]);
    const missing = dataset([[1], [1]], ['a', 'x']);
    expect(() => q.predictMargin(missing)).toThrow(/test\.csv column "b": the model's feature 1 \("b"\) is missing from the data/);
  });

  it('many rows (more than one internal block) and empty input', () => {
    const n = 1000;
    const cols = [0, 1, 2].map((j) => Array.from({ length: n }, (_, i) => ((i * (j + 3)) % 7) - 3));
    const out = p.predictMargin(dataset(cols));
    for (let i = 0; i < n; i++) expect(out[i]).toBe(p.predictRowMargin([cols[0]![i]!, cols[1]![i]!, cols[2]![i]!]));
    expect(p.predictMargin(dataset([[], [], []])).length).toBe(0);
    expect(p.predictMargin([]).length).toBe(0);
    expect(p.predictLeaf([]).length).toBe(0);
  });

  it('a model without trees predicts the base margin', () => {
    const empty = Predictor.fromModel(makeModel({ nFeatures: 2, baseScore: 0.75, trees: [] }));
    expect(Array.from(empty.predictMargin([[1, 2]]))).toEqual([0.75]);
  });
});
