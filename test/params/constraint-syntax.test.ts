import { describe, expect, it } from 'vitest';
import { ParamError } from '../../src/errors.js';
import { parseInteractionConstraints, parseMonotoneConstraints } from '../../src/params/constraint-syntax.js';

const names = ['price', 'age', 'size'];

describe('parseMonotoneConstraints', () => {
  it('reads XGBoost\'s tuple, JSON, LightGBM\'s bare list and an API array to the same directions', () => {
    for (const input of ['(1,-1,0)', ' ( 1, -1, 0 ) ', '[1,-1,0]', '1,-1,0', [1, -1, 0]]) {
      expect(Array.from(parseMonotoneConstraints(input, names, 3))).toEqual([1, -1, 0]);
    }
  });

  it('reads directions by feature name; unnamed features are unconstrained', () => {
    expect(Array.from(parseMonotoneConstraints('{"size": -1}', names, 3))).toEqual([0, 0, -1]);
    expect(Array.from(parseMonotoneConstraints({ price: 1, size: 1 }, names, 3))).toEqual([1, 0, 1]);
  });

  it('refuses unknown names, wrong lengths, values outside -1/0/1 and unreadable text, naming the problem', () => {
    expect(() => parseMonotoneConstraints('{"weight": 1}', names, 3)).toThrow(/unknown feature "weight" \(features are price, age, size\)/);
    expect(() => parseMonotoneConstraints('{"price": 1}', undefined, 3)).toThrow(/no feature names/);
    expect(() => parseMonotoneConstraints('(1,-1)', names, 3)).toThrow(/2 values for 3 features/);
    expect(() => parseMonotoneConstraints('1,0,0,1', names, 3)).toThrow(/4 values for 3 features/);
    expect(() => parseMonotoneConstraints('(1,2,0)', names, 3)).toThrow(/value 2 is 2; each value must be -1, 0 or 1/);
    expect(() => parseMonotoneConstraints('{"age": 0.5}', names, 3)).toThrow(/"age" is 0.5/);
    expect(() => parseMonotoneConstraints('(1,x,0)', names, 3)).toThrow(/cannot read/);
    expect(() => parseMonotoneConstraints('"up"', names, 3)).toThrow(ParamError);
  });
});

describe('parseInteractionConstraints', () => {
  it('reads groups by index or by name, text or array, sorted without duplicates', () => {
    const want = [[0, 1], [2]];
    expect(parseInteractionConstraints('[[1,0],[2]]', names, 3).map((g) => Array.from(g))).toEqual(want);
    expect(parseInteractionConstraints('[["age","price","age"],["size"]]', names, 3).map((g) => Array.from(g))).toEqual(want);
    expect(parseInteractionConstraints([['price', 1], [2]], names, 3).map((g) => Array.from(g))).toEqual(want);
  });

  it('refuses out-of-range indices, unknown names, empty groups and non-lists', () => {
    expect(() => parseInteractionConstraints('[[0,3]]', names, 3)).toThrow(/feature index 3 is not in 0..2/);
    expect(() => parseInteractionConstraints('[[0,-1]]', names, 3)).toThrow(/feature index -1/);
    expect(() => parseInteractionConstraints('[["price","colour"]]', names, 3)).toThrow(/unknown feature "colour"/);
    expect(() => parseInteractionConstraints('[[0],[]]', names, 3)).toThrow(/group 2 must be a non-empty list/);
    expect(() => parseInteractionConstraints('[0,1]', names, 3)).toThrow(/group 1 must be/);
    expect(() => parseInteractionConstraints('[[0, true]]', names, 3)).toThrow(/holds true/);
    expect(() => parseInteractionConstraints('{"a": 1}', names, 3)).toThrow(ParamError);
  });
});
