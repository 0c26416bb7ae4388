/**
 * Whole training runs with kernel 'ts' and kernel 'wasm' give byte-identical models (decision 5):
 * same model JSON, same tree arrays to the bit, same evaluation history.
 */
import { describe, expect, it } from 'vitest';
import { trainModel } from '../../src/booster/train.js';
import type { Dataset } from '../../src/data/dataset.js';
import { modelToJSON } from '../../src/model-io/xgboost-json.js';
import type { Tree } from '../../src/tree/tree.js';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** A random dataset: continuous, integer-valued and sparse-ish columns, ~8% NaN, queries of 5-40 rows. */
function dataset(nRows: number, nFeatures: number, seed: number, kind: 'regression' | 'binary' | 'rank'): Dataset {
  const rnd = lcg(seed);
  const columns: Float32Array[] = [];
  for (let f = 0; f < nFeatures; f++) {
    const c = new Float32Array(nRows);
    for (let r = 0; r < nRows; r++) {
      const u = rnd();
      if (u < 0.08) c[r] = NaN;
      else if (f % 3 === 0) c[r] = Math.floor(rnd() * 7);
      else c[r] = (rnd() - 0.5) * 10 * (f + 1);
    }
    columns.push(c);
  }
  const label = new Float32Array(nRows);
  for (let r = 0; r < nRows; r++) {
    const x0 = Number.isNaN(columns[0]![r]!) ? 3 : columns[0]![r]!;
    const x1 = Number.isNaN(columns[1]![r]!) ? -1 : columns[1]![r]!;
    const y = 0.7 * x0 + 0.3 * x1 + Math.sin(columns[2]![r]! || 0) + (rnd() - 0.5) * 2;
    label[r] = kind === 'regression' ? y : kind === 'binary' ? (y > 2 ? 1 : 0) : Math.max(0, Math.min(4, Math.floor(y / 2)));
  }
  let queryOffsets: Uint32Array | null = null;
  if (kind === 'rank') {
    const offs = [0];
    while (offs[offs.length - 1]! < nRows) offs.push(Math.min(nRows, offs[offs.length - 1]! + 5 + Math.floor(rnd() * 36)));
    queryOffsets = Uint32Array.from(offs);
  }
  return {
    nRows,
    nFeatures,
    featureNames: columns.map((_, f) => `f${f}`),
    hasFeatureNames: false,
    columns,
    label,
    weight: null,
    queryOffsets,
    position: null,
    source: `random ${kind}`,
  };
}

function treeArrays(t: Tree): [string, ArrayLike<number>][] {
  return [
    ['left', t.left], ['right', t.right], ['parent', t.parent], ['splitIndex', t.splitIndex],
    ['splitCondition', t.splitCondition], ['defaultLeft', t.defaultLeft], ['baseWeight', t.baseWeight],
    ['lossChange', t.lossChange], ['sumHessian', t.sumHessian],
  ];
}

describe('training with kernel ts and kernel wasm', () => {
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
