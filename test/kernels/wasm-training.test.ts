/**
 * Whole training runs with kernel 'ts' and kernel 'wasm' give byte-identical models (decision 5):
 * same model JSON, same tree arrays to the bit, same evaluation history.
 */
import { needsWasm, WASM } from '../wasm-available.js';
import { describe, expect, it } from 'vitest';
import { trainModel } from '../../src/booster/train.js';
import { modelToJSON } from '../../src/model-io/xgboost-json.js';
import type { Tree } from '../../src/tree/tree.js';
import { dataset } from '../parallel/random-data.js';

function treeArrays(t: Tree): [string, ArrayLike<number>][] {
  return [
    ['left', t.left], ['right', t.right], ['parent', t.parent], ['splitIndex', t.splitIndex],
    ['splitCondition', t.splitCondition], ['defaultLeft', t.defaultLeft], ['baseWeight', t.baseWeight],
    ['lossChange', t.lossChange], ['sumHessian', t.sumHessian],
  ];
}

describe.skipIf(!WASM)(needsWasm('training with kernel ts and kernel wasm'), () => {
  it.each([
    ['reg:squarederror, depthwise, uint8 bins', 'regression', { objective: 'reg:squarederror', max_depth: 6, num_round: 12 }],
    ['binary:logistic, lossguide, uint16 bins, row and column sampling', 'binary',
      { objective: 'binary:logistic', grow_policy: 'lossguide', max_leaves: 24, max_depth: 0, max_bin: 1024,
        subsample: 0.8, colsample_bytree: 0.8, colsample_bynode: 0.7, num_round: 10, seed: 7 }],
    ['rank:ndcg', 'rank', { objective: 'rank:ndcg', max_depth: 5, eta: 0.2, num_round: 10, min_child_weight: 0.1 }],
  ] as const)('%s: byte-identical model', async (_name, kind, params) => {
    const data = dataset(4000, 9, 1234, kind);
    const evals = [{ name: 'valid', data: dataset(800, 9, 99, kind) }];
    const ts = await trainModel({ ...params, kernel: 'ts' }, data, { evals });
    const wa = await trainModel({ ...params, kernel: 'wasm' }, data, { evals });
    expect(ts.model.trees.length).toBe(params.num_round);
    expect(ts.model.trees.some((t) => t.left.length > 1)).toBe(true);
    expect(wa.model.trees.length).toBe(ts.model.trees.length);
    ts.model.trees.forEach((t, i) => {
      const w = treeArrays(wa.model.trees[i]!);
      treeArrays(t).forEach(([name, a], j) => {
        const b = w[j]![1];
        expect(b.length, `tree ${i} ${name}`).toBe(a.length);
        for (let x = 0; x < a.length; x++) expect(Object.is(a[x], b[x]), `tree ${i} ${name}[${x}]`).toBe(true);
      });
    });
    expect(modelToJSON(wa.model)).toBe(modelToJSON(ts.model));
    expect(wa.history).toEqual(ts.history);
  });
});
