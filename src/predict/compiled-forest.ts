/**
 * All trees of a model flattened into one node table (layout: src/kernels/ts/forest-layout.ts),
 * the form the tree walks run over.
 *
 * Nodes are renumbered breadth-first per tree so that siblings are adjacent (XGBoost's own trees
 * already are; files need not be); unreachable (deleted) nodes are dropped. `origId` maps a
 * global index back to the node's id in its tree; `leafValue` holds each leaf's contribution
 * `fround(leaf value * tree weight)` (xgboost-spec.md §3.2).
 */
import type { Model } from '../model-io/model.js';
import { FLAG_CATEGORICAL, FLAG_MISSING_RIGHT, NODE_STRIDE, type CompiledForest } from '../kernels/ts/forest-layout.js';

/**
 * Flattens the model's trees. The trees must be valid (parseModel, modelToJSON and
 * Predictor.fromModel check them with checkTree); leaf values are multiplied by the tree weight
 * in float32 here, once.
 */
export function compileForest(model: Model): CompiledForest {
  const trees = model.trees;
  const nTrees = trees.length;
  // Breadth-first order of the reachable nodes of each tree: order[k] = model node id.
  const orders: Int32Array[] = [];
  let nNodes = 0;
  let nCats = 0;
  for (const tree of trees) {
    const order = new Int32Array(tree.nNodes);
    let len = 1;
    for (let k = 0; k < len; k++) {
      const i = order[k]!;
      if (tree.left[i] !== -1) {
        order[len++] = tree.left[i]!;
        order[len++] = tree.right[i]!;
      }
    }
    orders.push(order.subarray(0, len));
    nNodes += len;
    nCats += tree.categories.length;
  }
  const buffer = new ArrayBuffer(nNodes * NODE_STRIDE * 4);
  const nodeInt = new Int32Array(buffer);
  const nodeFloat = new Float32Array(buffer);
  const roots = new Int32Array(nTrees + 1);
  const origId = new Int32Array(nNodes);
  const leafValue = new Float32Array(nNodes);
  const depth = new Int32Array(nTrees);
  const catStart = new Int32Array(nNodes);
  const catEnd = new Int32Array(nNodes);
  const categories = new Int32Array(nCats);
  let catPos = 0;
  let hasCategorical = false;
  let base = 0;
  for (let t = 0; t < nTrees; t++) {
    const tree = trees[t]!;
    const order = orders[t]!;
    const w = Math.fround(model.treeWeights[t]!);
    const catOf = new Map<number, number>();
    for (let k = 0; k < tree.catNodes.length; k++) catOf.set(tree.catNodes[k]!, k);
    roots[t] = base;
    // Children of the k-th split in breadth-first order sit at 1 + 2 * (number of splits before it).
    let nextChild = base + 1;
    const nodeDepth = new Int32Array(order.length);
    for (let k = 0; k < order.length; k++) {
      const i = order[k]!;
      const g = base + k;
      const s = g * NODE_STRIDE;
      origId[g] = i;
      if (tree.left[i] === -1) {
        nodeInt[s] = g;
        nodeFloat[s + 2] = NaN;
        leafValue[g] = w === 1 ? tree.splitCondition[i]! : Math.fround(tree.splitCondition[i]! * w);
        depth[t] = Math.max(depth[t]!, nodeDepth[k]!);
        continue;
      }
      nodeDepth[nextChild - base] = nodeDepth[nextChild - base + 1] = nodeDepth[k]! + 1;
      nodeInt[s] = nextChild;
      nextChild += 2;
      nodeInt[s + 1] = tree.splitIndex[i]!;
      const th = tree.splitCondition[i]!;
      nodeFloat[s + 2] = th !== th ? -Infinity : th;
      let flags = tree.defaultLeft[i] ? 0 : FLAG_MISSING_RIGHT;
      const c = catOf.get(i);
      if (tree.splitType[i] === 1 && c !== undefined) {
        const seg = tree.catSegments[c]!;
        const set = Array.from(tree.categories.subarray(seg, seg + tree.catSizes[c]!)).sort((a, b) => a - b);
        flags |= FLAG_CATEGORICAL;
        nodeFloat[s + 2] = NaN;
        catStart[g] = catPos;
        categories.set(set, catPos);
        catPos += set.length;
        catEnd[g] = catPos;
        hasCategorical = true;
      }
      nodeInt[s + 3] = flags;
    }
    base += order.length;
  }
  roots[nTrees] = base;
  return {
    nTrees,
    nFeatures: model.nFeatures,
    nNodes,
    roots,
    nodeInt,
    nodeFloat,
    origId,
    leafValue,
    depth,
    catStart,
    catEnd,
    categories: categories.subarray(0, catPos),
    hasCategorical,
  };
}
