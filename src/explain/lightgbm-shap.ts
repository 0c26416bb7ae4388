/**
 * SHAP values of a LightGBM model (LightGBM's `predict_contrib`): the same path-dependent
 * TreeSHAP as tree-shap.ts, on LightGBM's trees laid out as flat nodes (split nodes 0..n-2 as
 * LightGBM numbers them, leaf i at n - 1 + i), with training row counts as covers, LightGBM's
 * decision rules for the hot path, and each tree's expected value as LightGBM's ExpectedValue
 * (src/io/tree.cpp): sum over leaves of leaf_count / internal_count[root] * leaf_value (a
 * one-leaf tree: its value). Arithmetic is double throughout.
 */
import { ModelError } from '../errors.js';
import type { LightGBMModel, LightGBMTree } from '../model-io/lightgbm-text.js';
import type { FeatureMapOptions } from '../predict/feature-map.js';
import { lightgbmColumns, lightgbmDecision, type LightGBMInput } from '../predict/lightgbm-predictor.js';
import { treeDepth, treeShap, type ShapTree } from './tree-shap.js';

/** A LightGBM tree as flat nodes for TreeSHAP. */
function shapTree(tree: LightGBMTree, source: string, t: number): ShapTree {
  const nSplit = tree.numLeaves - 1;
  const n = nSplit + tree.numLeaves;
  const left = new Int32Array(n).fill(-1);
  const right = new Int32Array(n).fill(-1);
  const splitIndex = new Int32Array(n);
  const value = new Float64Array(n);
  const cover = new Float64Array(n);
  const node = (child: number): number => (child >= 0 ? child : nSplit + ~child);
  for (let i = 0; i < nSplit; i++) {
    left[i] = node(tree.left[i]!);
    right[i] = node(tree.right[i]!);
    splitIndex[i] = tree.splitFeature[i]!;
    cover[i] = tree.internalCount[i]!;
    if (!(cover[i]! > 0)) throw new ModelError(source, `LightGBM model: Tree=${t} has no internal_count for node ${i}; SHAP values need the training counts`);
  }
  for (let l = 0; l < tree.numLeaves; l++) {
    value[nSplit + l] = tree.leafValue[l]!;
    cover[nSplit + l] = tree.leafCount[l]!;
  }
  let expected: number;
  if (tree.numLeaves === 1) expected = tree.leafValue[0]!;
  else {
    expected = 0;
    const total = tree.internalCount[0]!;
    for (let l = 0; l < tree.numLeaves; l++) expected += (tree.leafCount[l]! / total) * tree.leafValue[l]!;
  }
  const route = (i: number, v: number): number => node(lightgbmDecision(tree, i, v));
  return { left, right, splitIndex, value, cover, route, expected, weight: 1, depth: treeDepth({ left, right }) };
}

/**
 * SHAP values of every row.
 * @returns Float64Array of length nRows * (nFeatures + 1), row-major, each row's bias (the sum of
 *   the trees' expected values) last; each row sums to its raw score (up to rounding).
 * @throws ModelError when the model lacks training counts; DataError when the data does not match.
 */
export function lightgbmShapValues(model: LightGBMModel, input: LightGBMInput, options: FeatureMapOptions = {}, source = 'model'): Float64Array {
  const trees = model.trees.map((tree, t) => shapTree(tree, source, t));
  let bias = 0;
  for (const t of trees) bias += t.expected;
  const nF = model.nFeatures;
  const { nRows, columns } = lightgbmColumns(model, input, options);
  const out = new Float64Array(nRows * (nF + 1));
  treeShap(trees, bias, nF, nRows, columns, (o, phi) => out.set(phi, o));
  return out;
}
