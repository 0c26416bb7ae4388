/**
 * All trees of a model flattened into one set of typed arrays (struct of arrays), the form the
 * tree walk runs over. Node ids are global: tree t's nodes are `roots[t] .. roots[t+1]-1`, in the
 * tree's own order, so a node's id inside its tree is `global - roots[t]`.
 */
import type { Model } from '../model-io/model.js';

/** Flag bit: missing values go left. */
export const FLAG_DEFAULT_LEFT = 1;
/** Flag bit: categorical split (category set in `categories[catStart[n] .. catEnd[n])`). */
export const FLAG_CATEGORICAL = 2;

export interface CompiledForest {
  readonly nTrees: number;
  readonly nFeatures: number;
  /** Total number of nodes over all trees. */
  readonly nNodes: number;
  /** Int32Array, length nTrees + 1: global id of each tree's root; the last entry is nNodes. */
  readonly roots: Int32Array;
  /** Int32Array, length nNodes: global id of the left child, -1 for a leaf. */
  readonly left: Int32Array;
  /** Int32Array, length nNodes: global id of the right child, -1 for a leaf. */
  readonly right: Int32Array;
  /** Int32Array, length nNodes: feature column tested (0 for leaves). */
  readonly feature: Int32Array;
  /**
   * Float32Array, length nNodes: the float32 threshold of a split (`x < t` goes left), or for a
   * leaf its contribution `fround(leaf value * tree weight)` (xgboost-spec.md §3.2).
   */
  readonly value: Float32Array;
  /** Uint8Array, length nNodes: FLAG_DEFAULT_LEFT | FLAG_CATEGORICAL bits. */
  readonly flags: Uint8Array;
  /** Int32Array, length nNodes: start of a categorical node's set in `categories` (0 otherwise). */
  readonly catStart: Int32Array;
  /** Int32Array, length nNodes: end (exclusive) of a categorical node's set (0 otherwise). */
  readonly catEnd: Int32Array;
  /** Int32Array: the category sets of all categorical nodes, each sorted ascending. */
  readonly categories: Int32Array;
  /** Whether any node is a categorical split (selects the walk). */
  readonly hasCategorical: boolean;
}

/**
 * Flattens the model's trees. The trees must be valid (parseModel and modelToJSON check them
 * with checkTree); leaf values are multiplied by the tree weight in float32 here, once.
 */
export function compileForest(model: Model): CompiledForest {
  const trees = model.trees;
  const nTrees = trees.length;
  const roots = new Int32Array(nTrees + 1);
  let nNodes = 0;
  let nCats = 0;
  for (let t = 0; t < nTrees; t++) {
    roots[t] = nNodes;
    nNodes += trees[t]!.nNodes;
    nCats += trees[t]!.categories.length;
  }
  roots[nTrees] = nNodes;
  const left = new Int32Array(nNodes);
  const right = new Int32Array(nNodes);
  const feature = new Int32Array(nNodes);
  const value = new Float32Array(nNodes);
  const flags = new Uint8Array(nNodes);
  const catStart = new Int32Array(nNodes);
  const catEnd = new Int32Array(nNodes);
  const categories = new Int32Array(nCats);
  let catPos = 0;
  let hasCategorical = false;
  for (let t = 0; t < nTrees; t++) {
    const tree = trees[t]!;
    const base = roots[t]!;
    const w = Math.fround(model.treeWeights[t]!);
    for (let i = 0; i < tree.nNodes; i++) {
      const g = base + i;
      const l = tree.left[i]!;
      if (l === -1) {
        left[g] = -1;
        right[g] = -1;
        value[g] = w === 1 ? tree.splitCondition[i]! : Math.fround(tree.splitCondition[i]! * w);
      } else {
        left[g] = base + l;
        right[g] = base + tree.right[i]!;
        feature[g] = tree.splitIndex[i]!;
        value[g] = tree.splitCondition[i]!;
        flags[g] = tree.defaultLeft[i] ? FLAG_DEFAULT_LEFT : 0;
      }
    }
    for (let k = 0; k < tree.catNodes.length; k++) {
      const g = base + tree.catNodes[k]!;
      if (tree.left[tree.catNodes[k]!] === -1) continue;
      const seg = tree.catSegments[k]!;
      const set = Array.from(tree.categories.subarray(seg, seg + tree.catSizes[k]!)).sort((a, b) => a - b);
      flags[g] = flags[g]! | FLAG_CATEGORICAL;
      catStart[g] = catPos;
      categories.set(set, catPos);
      catPos += set.length;
      catEnd[g] = catPos;
      hasCategorical = true;
    }
  }
  return {
    nTrees,
    nFeatures: model.nFeatures,
    nNodes,
    roots,
    left,
    right,
    feature,
    value,
    flags,
    catStart,
    catEnd,
    categories: categories.subarray(0, catPos),
    hasCategorical,
  };
}
