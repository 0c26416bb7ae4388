/**
 * Hand-made models for tests: trees written node by node, wrapped in a Model.
 */
import type { Model } from '../../src/model-io/model.js';
import { ROOT_PARENT, type Tree } from '../../src/tree/tree.js';

/** A node: a leaf value, or a split (numeric `x[f] < t` goes left, or categorical `cats` go right). */
export type NodeSpec =
  | { leaf: number; cover?: number }
  | {
      f: number;
      t?: number;
      left: number;
      right: number;
      /** Missing goes left (default true). */
      dl?: boolean;
      /** Categorical split: these categories go right. */
      cats?: number[];
      gain?: number;
      cover?: number;
    };

/** Builds a Tree from node specs (index = node id; node 0 is the root). */
export function makeTree(nodes: NodeSpec[]): Tree {
  const n = nodes.length;
  const tree = {
    nNodes: n,
    left: new Int32Array(n).fill(-1),
    right: new Int32Array(n).fill(-1),
    parent: new Int32Array(n).fill(ROOT_PARENT),
    splitIndex: new Int32Array(n),
    splitCondition: new Float32Array(n),
    defaultLeft: new Uint8Array(n),
    splitType: new Uint8Array(n),
    baseWeight: new Float32Array(n),
    lossChange: new Float32Array(n),
    sumHessian: new Float32Array(n),
    catNodes: new Int32Array(0),
    catSegments: new Int32Array(0),
    catSizes: new Int32Array(0),
    categories: new Int32Array(0),
  };
  const catNodes: number[] = [];
  const catSegments: number[] = [];
  const catSizes: number[] = [];
  const categories: number[] = [];
  nodes.forEach((s, i) => {
    tree.sumHessian[i] = s.cover ?? 0;
    if ('leaf' in s) {
      tree.splitCondition[i] = s.leaf;
      tree.baseWeight[i] = s.leaf;
      return;
    }
    tree.left[i] = s.left;
    tree.right[i] = s.right;
    tree.parent[s.left] = i;
    tree.parent[s.right] = i;
    tree.splitIndex[i] = s.f;
    tree.splitCondition[i] = s.cats ? NaN : s.t!;
    tree.defaultLeft[i] = s.dl === false ? 0 : 1;
    tree.lossChange[i] = s.gain ?? 0;
    if (s.cats) {
      tree.splitType[i] = 1;
      catNodes.push(i);
      catSegments.push(categories.length);
      catSizes.push(s.cats.length);
      categories.push(...s.cats);
    }
  });
  tree.catNodes = Int32Array.from(catNodes);
  tree.catSegments = Int32Array.from(catSegments);
  tree.catSizes = Int32Array.from(catSizes);
  tree.categories = Int32Array.from(categories);
  return tree;
}

export interface ModelSpec {
  trees: NodeSpec[][];
  nFeatures: number;
  objective?: string;
  baseScore?: number;
  weights?: number[];
  featureNames?: string[];
  featureTypes?: string[];
  extra?: Record<string, unknown>;
}

/** A single-output Model over hand-made trees. */
export function makeModel(spec: ModelSpec): Model {
  const trees = spec.trees.map(makeTree);
  const objective = spec.objective ?? 'reg:squarederror';
  const model: Model = {
    version: [1, 7, 4],
    objective: { name: objective, json: { name: objective } },
    baseScore: Math.fround(spec.baseScore ?? 0.5),
    nFeatures: spec.nFeatures,
    featureNames: spec.featureNames ?? [],
    featureTypes: spec.featureTypes ?? [],
    trees,
    treeInfo: new Int32Array(trees.length),
    nOutputGroups: 1,
    treeWeights: spec.weights ? Float32Array.from(spec.weights) : new Float32Array(trees.length).fill(1),
    attributes: {},
    extra: spec.extra ?? {},
  };
  if (spec.weights) model.booster = 'dart';
  return model;
}

/** One split on feature `f` at `t`: leaves `lo` (left) and `hi` (right). */
export function stump(f: number, t: number, lo: number, hi: number, dl = true): NodeSpec[] {
  return [{ f, t, left: 1, right: 2, dl }, { leaf: lo }, { leaf: hi }];
}

/** Test-only JSON surgery: the value at `path` inside parsed JSON (undefined when absent). */
export function jget(json: unknown, ...path: (string | number)[]): unknown {
  let v: unknown = json;
  for (const k of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string | number, unknown>)[k];
  }
  return v;
}

/** Sets the value at `path` (the parent must exist). */
export function jset(json: unknown, path: (string | number)[], value: unknown): void {
  const parent = jget(json, ...path.slice(0, -1)) as Record<string | number, unknown>;
  parent[path[path.length - 1]!] = value;
}

/** Deletes the key at `path`. */
export function jdel(json: unknown, path: (string | number)[]): void {
  const parent = jget(json, ...path.slice(0, -1)) as Record<string | number, unknown>;
  delete parent[path[path.length - 1]!];
}
