/**
 * Random models and rows for the prediction tests, and the naive walk written straight from
 * xgboost-spec.md §3.2 over the Model's own trees (the reference every batch kernel is held to).
 */
import type { Model } from '../../src/model-io/model.js';
import type { Tree } from '../../src/tree/tree.js';
import { makeModel, type NodeSpec } from '../model-io/tiny-model.js';

/** Park-Miller minimal standard generator, deterministic. */
export function rng(seed: number): () => number {
  let s = seed % 2147483647;
  if (s <= 0) s += 2147483646;
  return () => {
    s = (s * 48271) % 2147483647;
    return (s - 1) / 2147483646;
  };
}

/** The reference walk: one tree, one row of float32 values. Returns the leaf's node id. */
export function naiveLeaf(tree: Tree, x: Float32Array): number {
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

/** The reference margin of one row: float32 sums in tree order from base_score (identity link). */
export function naiveMargin(model: Model, x: Float32Array): number {
  let m = Math.fround(model.baseScore);
  model.trees.forEach((tree, t) => {
    m = Math.fround(m + Math.fround(tree.splitCondition[naiveLeaf(tree, x)]! * model.treeWeights[t]!));
  });
  return m;
}

/** A random tree over nFeatures features; `chain` biases towards chains (unbalanced trees). */
export function randomTree(r: () => number, nFeatures: number, maxNodes: number, chain: boolean, cats: boolean): NodeSpec[] {
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
export function shuffleIds(r: () => number, nodes: NodeSpec[]): NodeSpec[] {
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

/** A random row: 40% special values (NaN, the float32 extremes, signed zeros, exact thresholds, 2^24), else uniform in (-3, 3). */
export function randomRow(r: () => number, nFeatures: number): number[] {
  // (Infinities are refused by the predictor's input checks, value-rules.ts; the float32 extremes take their place.)
  const special = [NaN, 3.4028234663852886e38, -3.4028234663852886e38, 0, -0, 0.5, 0.25, 1, 2, -1, 3, 4, 7, 2 ** 24, -3, 2.5];
  return Array.from({ length: nFeatures }, () => (r() < 0.4 ? special[Math.floor(r() * special.length)]! : (r() - 0.5) * 6));
}

/** Shape of randomModel's trees. */
export interface RandomModelShape {
  nFeatures: number;
  nTrees: number;
  /** Upper bound on nodes per tree (at least 3). */
  maxNodes: number;
  chain?: boolean;
  cats?: boolean;
  shuffle?: boolean;
  /** Random dart-like tree weights instead of 1. */
  weights?: boolean;
}

/** A random model (about 10% single-leaf trees), base_score random in [0, 1). */
export function randomModel(r: () => number, s: RandomModelShape): Model {
  const trees = Array.from({ length: s.nTrees }, () => {
    const t = r() < 0.1 ? [{ leaf: Math.fround(r()) }] : randomTree(r, s.nFeatures, 3 + Math.floor(r() * (s.maxNodes - 2)), s.chain === true, s.cats === true);
    return s.shuffle ? shuffleIds(r, t) : t;
  });
  return makeModel({
    nFeatures: s.nFeatures,
    trees,
    baseScore: Math.fround(r()),
    weights: s.weights ? trees.map(() => Math.fround(0.2 + r())) : undefined,
  });
}
