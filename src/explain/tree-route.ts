/**
 * Which child of a split node a feature value goes to, on a Tree in the model layout (not the
 * compiled forest), with the rules of the tree walk (xgboost-spec.md §3.2, src/kernels/ts/tree-walk.ts):
 * a missing value (NaN) follows default_left; a numeric split sends `v < threshold` left and
 * everything else, equality included, right; a categorical split sends a category in the node's
 * set right, and other categories, negative values and values >= 2^24 left.
 *
 * The explainers (TreeSHAP, tree-walk partial dependence) follow one branch for some features
 * and both for others, so they walk the Tree themselves and ask this for the branch.
 */
import type { Tree } from '../tree/tree.js';

/** Categories at or above this go left (XGBoost's OutOfRangeCat, 2^24). */
const MAX_CATEGORY = 16777216;

/**
 * The child taken at a split node.
 * @param node a split node of the tree (left[node] !== -1).
 * @param v the feature value, a float32 (NaN = missing).
 * @returns the node id of the left or right child.
 */
export type RouteFn = (node: number, v: number) => number;

/**
 * Builds the routing function of one tree (indexes its categorical sets once).
 * @param tree a well-formed tree (checked by checkTree, as Predictor.fromModel does).
 */
export function routeTree(tree: Tree): RouteFn {
  const { left, right, splitCondition, defaultLeft, splitType } = tree;
  let sets: Map<number, Set<number>> | null = null;
  if (tree.catNodes.length > 0) {
    sets = new Map();
    for (let k = 0; k < tree.catNodes.length; k++) {
      const start = tree.catSegments[k]!;
      sets.set(tree.catNodes[k]!, new Set(tree.categories.subarray(start, start + tree.catSizes[k]!)));
    }
  }
  return (node: number, v: number): number => {
    if (v !== v) return defaultLeft[node] === 1 ? left[node]! : right[node]!;
    if (splitType[node] === 1) {
      const set = sets?.get(node);
      const inSet = set !== undefined && v >= 0 && v < MAX_CATEGORY && set.has(Math.trunc(v));
      return inSet ? right[node]! : left[node]!;
    }
    return v < splitCondition[node]! ? left[node]! : right[node]!;
  };
}
