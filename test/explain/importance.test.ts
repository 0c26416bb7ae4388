/**
 * Feature importance: equal to XGBoost 1.7.4's get_score for every type on the reference models
 * (float32 values printed with 9 digits, so equality is exact), plus a hand-made model.
 */
import { describe, expect, it } from 'vitest';
import { featureImportance, IMPORTANCE_TYPES } from '../../src/explain/importance.js';
import { ParamError } from '../../src/errors.js';
import { makeModel } from '../model-io/tiny-model.js';
import { readFixture, readReferenceModel, REFERENCE_MODELS } from './reference.js';

describe('feature importance', () => {
  for (const name of REFERENCE_MODELS) {
    it(`${name}: every type equals XGBoost's get_score`, async () => {
      const model = await readReferenceModel(name);
      const fx = readFixture(name);
      for (const type of IMPORTANCE_TYPES) {
        const got = featureImportance(model, type);
        const want = fx.importance[type]!;
        expect(got.map((s) => s.name).sort()).toEqual(Object.keys(want).sort());
        for (const s of got) expect(s.score, `${type} ${s.name}`).toBe(Math.fround(want[s.name]!));
        for (let i = 1; i < got.length; i++) expect(got[i - 1]!.score).toBeGreaterThanOrEqual(got[i]!.score);
      }
    });
  }

  it('counts, sums and averages the split statistics by hand; unused features are left out', () => {
    const model = makeModel({
      nFeatures: 3,
      featureNames: ['a', 'b', 'c'],
      trees: [
        [{ f: 0, t: 1, left: 1, right: 2, gain: 4, cover: 10 }, { f: 2, t: 1, left: 3, right: 4, gain: 1, cover: 6 }, { leaf: 1 }, { leaf: 0 }, { leaf: 2 }],
        [{ f: 0, t: 2, left: 1, right: 2, gain: 2, cover: 8 }, { leaf: 1 }, { leaf: 2 }],
      ],
    });
    const s = (type: (typeof IMPORTANCE_TYPES)[number]) => featureImportance(model, type).map((x) => [x.name, x.score]);
    expect(s('weight')).toEqual([['a', 2], ['c', 1]]);
    expect(s('total_gain')).toEqual([['a', 6], ['c', 1]]);
    expect(s('gain')).toEqual([['a', 3], ['c', 1]]);
    expect(s('total_cover')).toEqual([['a', 18], ['c', 6]]);
    expect(s('cover')).toEqual([['a', 9], ['c', 6]]);
    expect(featureImportance(model)).toEqual([{ feature: 0, name: 'a', score: 3 }, { feature: 2, name: 'c', score: 1 }]);
    expect(() => featureImportance(model, 'entropy' as 'gain')).toThrow(ParamError);
  });
});
