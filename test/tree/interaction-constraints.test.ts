import { describe, expect, it } from 'vitest';
import { InteractionConstraints } from '../../src/tree/interaction-constraints.js';

const on = (a: Uint8Array): number[] => Array.from(a).flatMap((v, i) => (v === 1 ? [i] : []));

describe('InteractionConstraints (XGBoost 3.4.1 FeatureInteractionConstraintHost)', () => {
  // Overlapping groups {0,1,2} and {2,3}; feature 4 in no group.
  const ic = new InteractionConstraints([Int32Array.from([0, 1, 2]), Int32Array.from([2, 3])], 5);

  it('below a split on a feature of one group: that group', () => {
    const c = ic.child(null, 0);
    expect(on(c.used)).toEqual([0]);
    expect(on(c.allowed)).toEqual([0, 1, 2]);
  });

  it('below a feature in two groups: both groups; then a feature of one narrows to it', () => {
    const c = ic.child(null, 2);
    expect(on(c.allowed)).toEqual([0, 1, 2, 3]);
    const d = ic.child(c.used, 3);
    expect(on(d.used)).toEqual([2, 3]);
    expect(on(d.allowed)).toEqual([2, 3]);
    expect(on(c.used), 'the parent\'s path is not modified').toEqual([2]);
  });

  it('a feature in no group is used alone (only itself below it)', () => {
    const c = ic.child(null, 4);
    expect(on(c.allowed)).toEqual([4]);
    expect(on(ic.child(c.used, 4).allowed)).toEqual([4]);
  });

  it('no groups at all: every path uses one feature', () => {
    const none = new InteractionConstraints([], 3);
    expect(on(none.child(null, 1).allowed)).toEqual([1]);
  });
});
