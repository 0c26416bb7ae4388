/**
 * The compiled walk (renumbered nodes, self-looping leaves, four trees in lockstep) against a
 * naive walk written straight from xgboost-spec.md §3.2 over the Model's own trees, on random
 * trees and rows (NaN, infinities, exact thresholds, unbalanced and single-leaf trees, shuffled
 * node ids with unreachable nodes, categorical sets).
 */
import { describe, expect, it } from 'vitest';
import type { Model } from '../../src/model-io/model.js';
import { Predictor } from '../../src/predict/predictor.js';
import type { Tree } from '../../src/tree/tree.js';
import { makeModel, type NodeSpec } from '../model-io/tiny-model.js';

/** Park-Miller minimal standard generator, deterministic. */
function rng(seed: number): () => number {
  let s = seed % 2147483647;
  if (s <= 0) s += 2147483646;
  return () => {
    s = (s * 48271) % 2147483647;
    return (s - 1) / 2147483646;
  };
}

/** The reference walk: one tree, one row of float32 values. Returns the leaf's node id. */
function naiveLeaf(tree: Tree, x: Float32Array): number {
  let n = 0;
  while (tree.left[n] !== -1) {
    const v = x[tree.splitIndex[n]!]!;
    let left: boolean;
    if (Number.isNaN(v)) left = tree.defaultLeft[n] === 1;
    else if (tree.splitType[n] === 1) {
      let k = 0;
      while (tree.catNodes[k] !== n) k++;
      const set = Array.from(tree.categories.subarray(tree.catSegments[k]!, tree.catSegments[k]! + tree.catSizes[k]!));
      left = v < 0 || v >= 2 ** 24 || !set.includes(Math.trunc(v));
    } else left = v < tree.splitCondition[n]!;
    n = left ? tree.left[n]! : tree.right[n]!;
  }
  return n;
}

function naiveMargin(model: Model, x: Float32Array): number {
  let m = Math.fround(model.baseScore);
  model.trees.forEach((tree, t) => {
    m = Math.fround(m + Math.fround(tree.splitCondition[naiveLeaf(tree, x)]! * model.treeWeights[t]!));
  });
  return m;
}

/** A random tree over nFeatures features; `shape` biases towards chains (unbalanced trees). */
function randomTree(r: () => number, nFeatures: number, maxNodes: number, chain: boolean, cats: boolean): NodeSpec[] {
  const nodes: NodeSpec[] = [{ leaf: 0 }];
  const open = [0];
  const thresholds = [-1, -0.5, 0, 0.25, 0.5, 1, 2];
  while (open.length > 0 && nodes.length + 2 <= maxNodes) {
    const i = chain ? open.pop()! : open.splice(Math.floor(r() * open.length), 1)[0]!;
    if (r() < 0.15 && i !== 0) continue; // stays a leaf
    const l = nodes.length;
    nodes.push({ leaf: 0 }, { leaf: 0 });
    const f = Math.floor(r() * nFeatures);
    const dl = r() < 0.5;
    if (cats && r() < 0.3) nodes[i] = { f, cats: [0, 1, 2, 3, 4].filter(() => r() < 0.5), left: l, right: l + 1, dl };
    else nodes[i] = { f, t: r() < 0.05 ? NaN : thresholds[Math.floor(r() * thresholds.length)]!, left: l, right: l + 1, dl };
    if (chain) open.push(r() < 0.5 ? l : l + 1);
    else open.push(l, l + 1);
  }
  for (const s of nodes) if ('leaf' in s) s.leaf = Math.fround((r() - 0.5) * 2);
  return nodes;
}

/** Renumbers a tree's nodes by a random permutation (root stays 0) and adds unreachable nodes. */
function shuffleIds(r: () => number, nodes: NodeSpec[]): NodeSpec[] {
  const n = nodes.length;
  const perm = [0, ...Array.from({ length: n - 1 }, (_, i) => i + 1).sort(() => r() - 0.5)];
  const out: NodeSpec[] = new Array<NodeSpec>(n + 2);
  nodes.forEach((s, i) => {
    out[perm[i]!] = 'leaf' in s ? s : { ...s, left: perm[s.left]!, right: perm[s.right]! };
  });
  out[n] = { leaf: 123 }; // unreachable, as XGBoost's deleted nodes
  out[n + 1] = { leaf: -123 };
  return out;
}

function randomRow(r: () => number, nFeatures: number): number[] {
  const special = [NaN, Infinity, -Infinity, 0, -0, 0.5, 0.25, 1, 2, -1, 3, 4, 7, 2 ** 24, -3, 2.5];
  return Array.from({ length: nFeatures }, () => (r() < 0.4 ? special[Math.floor(r() * special.length)]! : (r() - 0.5) * 6));
}

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
    expect([-Infinity, -5, 0, 5, Infinity, NaN].map((v) => p.predictRowMargin([v]))).toEqual([1, 1, 1, 1, 1, -1]);
  });
});
