/**
 * min_data_in_leaf (kernels/ts/lightgbm-scan.ts): LightGBM's row count estimated from the hessian, which is
 * the exact count under squared error (h = 1 per row), so every leaf must hold >= m rows; rows out
 * of the bag do not count.
 */
import { describe, expect, it } from 'vitest';
import { trainModel } from '../../src/booster/train.js';
import { dataset } from '../parallel/random-data.js';

async function leafCovers(over: Record<string, unknown>): Promise<number[]> {
  const data = dataset(3000, 6, 11, 'regression');
  const { model } = await trainModel({
    objective: 'reg:squarederror', num_round: 3, max_depth: 0, grow_policy: 'lossguide', max_leaves: 64,
    min_child_weight: 0, lambda: 0, nthread: 1, verbosity: 0, ...over,
  }, data);
  const covers: number[] = [];
  for (const t of model.trees) {
    for (let i = 0; i < t.left.length; i++) if (t.left[i] === -1) covers.push(t.sumHessian[i]!);
  }
  return covers;
}

describe('min_data_in_leaf', () => {
  it('squared error: every leaf has at least min_data_in_leaf rows; without it some have fewer', async () => {
    expect(Math.min(...await leafCovers({}))).toBeLessThan(40);
    expect(Math.min(...await leafCovers({ min_data_in_leaf: 40 }))).toBeGreaterThanOrEqual(40);
  });

  it('with bagging only bag rows count (h = 0 outside the bag)', async () => {
    const covers = await leafCovers({ min_data_in_leaf: 40, subsample: 0.5 });
    expect(Math.min(...covers)).toBeGreaterThanOrEqual(40);
  });
});
