/**
 * Partial dependence by walking the trees (Friedman 2001, "Greedy function approximation: a
 * gradient boosting machine", §8.1; scikit-learn's method='recursion'): at a split on a target
 * feature follow the branch its grid value takes; at any other split go both ways, weighting
 * each child by its share of the node's cover (child cover / node cover, as node-means.ts).
 * The sum of leaf values times their weights is the tree's average prediction over the data the
 * trees were grown on, with the target features fixed.
 *
 * This equals brute force (set the feature, predict every row, average) when the averaging data
 * is the training data, each row's hessian is 1 (cover = row count: squared error), and the
 * target features are independent of the others in that data; otherwise it is an approximation
 * that needs no data. Margins only: it averages margins, not transformed outputs.
 */
import type { Model } from '../model-io/model.js';
import type { Tree } from '../tree/tree.js';
import { requireCovers } from './check-covers.js';
import { routeTree, type RouteFn } from './tree-route.js';

/**
 * Average margin at each grid point, by tree walk.
 * @param baseMargin the model's starting margin (Predictor.baseMargin).
 * @param features the target features' model indices (1 or 2).
 * @param points the grid points: points[k] holds one float32 value per target feature, in the
 *   order of `features`.
 * @returns Float64Array of length points.length.
 * @throws ModelError when a split node lacks a cover.
 */
export function treePartialDependence(model: Model, baseMargin: number, features: readonly number[], points: readonly Float64Array[]): Float64Array {
  requireCovers(model, 'partial dependence by tree walk');
  const out = new Float64Array(points.length).fill(baseMargin);
  model.trees.forEach((tree, t) => {
    const route = routeTree(tree);
    const weight = model.treeWeights[t]!;
    points.forEach((p, k) => {
      out[k]! += weight * expectation(tree, route, features, p, 0);
    });
  });
  return out;
}

/** The cover-weighted mean of the leaves below `node` that the target values can reach. */
function expectation(tree: Tree, route: RouteFn, features: readonly number[], values: Float64Array, node: number): number {
  const l = tree.left[node]!;
  if (l === -1) return tree.splitCondition[node]!;
  const k = features.indexOf(tree.splitIndex[node]!);
  if (k >= 0) return expectation(tree, route, features, values, route(node, values[k]!));
  const r = tree.right[node]!;
  const h = tree.sumHessian;
  return (expectation(tree, route, features, values, l) * h[l]! + expectation(tree, route, features, values, r) * h[r]!) / h[node]!;
}
