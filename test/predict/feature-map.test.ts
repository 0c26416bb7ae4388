import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import { isIdentityMap, mapFeatures, type ColumnSource } from '../../src/predict/feature-map.js';

const src = (names: string[], hasFeatureNames = true): ColumnSource => ({
  nFeatures: names.length,
  featureNames: names,
  hasFeatureNames,
  source: 'data.csv',
});
const generated = (n: number): ColumnSource => src(Array.from({ length: n }, (_, j) => `f${j}`), false);

describe('mapFeatures', () => {
  it('by name, whatever the order, ignoring extra columns', () => {
    expect(Array.from(mapFeatures(['a', 'b', 'c'], 3, src(['x', 'c', 'a', 'b'])))).toEqual([2, 3, 1]);
  });

  it('a model feature missing from named data is a DataError naming it', () => {
    expect(() => mapFeatures(['a', 'b'], 2, src(['a', 'z']))).toThrow(DataError);
    expect(() => mapFeatures(['a', 'b'], 2, src(['a', 'z']))).toThrow('data.csv column "b": the model\'s feature 1 ("b") is missing from the data');
    expect(Array.from(mapFeatures(['a', 'b'], 2, src(['a', 'z']), { allowMissingColumns: true }))).toEqual([0, -1]);
  });

  it('a duplicated data column name that the model needs is ambiguous', () => {
    expect(() => mapFeatures(['a', 'b'], 2, src(['a', 'b', 'a']))).toThrow(/column "a": the column name appears more than once/);
  });

  it('by position when either side has no names', () => {
    expect(Array.from(mapFeatures([], 3, src(['c', 'b', 'a'])))).toEqual([0, 1, 2]);
    expect(Array.from(mapFeatures(['a', 'b', 'c'], 3, generated(3)))).toEqual([0, 1, 2]);
  });

  it('positional: more columns than the model is an error saying the expected count', () => {
    expect(() => mapFeatures([], 2, generated(3))).toThrow('data.csv: the data has 3 feature columns, the model expects 2');
  });

  it('positional: fewer columns is an error unless allowMissingColumns (LibSVM-like data)', () => {
    expect(() => mapFeatures([], 4, generated(2))).toThrow(/the data has 2 feature columns, the model expects 4 \(predict's option allowMissingColumns: true treats/);
    const map = mapFeatures([], 4, generated(2), { allowMissingColumns: true });
    expect(Array.from(map)).toEqual([0, 1, -1, -1]);
    expect(isIdentityMap(map)).toBe(false);
    expect(isIdentityMap(mapFeatures([], 3, generated(3)))).toBe(true);
  });
});
