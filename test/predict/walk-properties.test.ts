/**
 * The compiled walk (renumbered nodes, self-looping leaves, four trees in lockstep) against a
 * naive walk written straight from xgboost-spec.md §3.2 over the Model's own trees, on random
 * trees and rows (NaN, infinities, exact thresholds, unbalanced and single-leaf trees, shuffled
 * node ids with unreachable nodes, categorical sets).
 */
import { describe, expect, it } from 'vitest';
import { Predictor } from '../../src/predict/predictor.js';
import { makeModel } from '../model-io/tiny-model.js';
import { naiveLeaf, naiveMargin, randomRow, randomTree, rng, shuffleIds } from './random-model.js';

describe('compiled walk equals the naive walk', () => {
  const configs = [
    { name: 'balanced numeric', chain: false, cats: false, shuffle: false, weights: false },
    { name: 'unbalanced (chains) numeric', chain: true, cats: false, shuffle: false, weights: false },
    { name: 'shuffled node ids with unreachable nodes', chain: false, cats: false, shuffle: true, weights: true },
    { name: 'categorical', chain: false, cats: true, shuffle: true, weights: false },
  ];
  for (const c of configs) {
    it(c.name, () => {
      const r = rng(c.name.length * 7919 + 17);
      for (let trial = 0; trial < 8; trial++) {
        const nFeatures = 1 + Math.floor(r() * 6);
        const nTrees = Math.floor(r() * 15);
        const trees = Array.from({ length: nTrees }, () => {
          const t = r() < 0.1 ? [{ leaf: Math.fround(r()) }] : randomTree(r, nFeatures, 3 + Math.floor(r() * 60), c.chain, c.cats);
          return c.shuffle ? shuffleIds(r, t) : t;
        });
        const model = makeModel({
          nFeatures,
          trees,
          baseScore: Math.fround(r()),
          weights: c.weights ? trees.map(() => Math.fround(0.2 + r())) : undefined,
        });
        const p = Predictor.fromModel(model);
        const rows = Array.from({ length: 60 }, () => randomRow(r, nFeatures));
        const batch = p.predictMargin(rows);
        const leaves = p.predictLeaf(rows);
        rows.forEach((row, i) => {
          const x = Float32Array.from(row);
          expect(batch[i], `trial ${trial} row ${i}`).toBe(naiveMargin(model, x));
          expect(p.predictRowMargin(x)).toBe(batch[i]);
          model.trees.forEach((tree, t) => expect(leaves[i * nTrees + t]).toBe(naiveLeaf(tree, x)));
        });
        // First k trees, for every k.
        for (let k = 0; k <= nTrees; k++) {
          const sub = { ...model, trees: model.trees.slice(0, k), treeWeights: model.treeWeights.slice(0, k), treeInfo: model.treeInfo.slice(0, k) };
          expect(p.predictRowMargin(rows[0]!, k)).toBe(naiveMargin(sub, Float32Array.from(rows[0]!)));
        }
      }
    });
  }

  it('a numeric split with a NaN threshold sends every non-missing value right (v < NaN is false)', () => {
    const model = makeModel({ nFeatures: 1, baseScore: 0, trees: [[{ f: 0, t: NaN, left: 1, right: 2, dl: true }, { leaf: -1 }, { leaf: 1 }]] });
    const p = Predictor.fromModel(model);
    expect([-3.4028234663852886e38, -5, 0, 5, 3.4028234663852886e38, NaN].map((v) => p.predictRowMargin([v]))).toEqual([1, 1, 1, 1, 1, -1]);
  });
});
