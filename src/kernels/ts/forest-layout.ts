/**
 * All trees of a model flattened into one node table, the form the tree walk runs over.
 *
 * Layout: each node is NODE_STRIDE 32-bit slots of one ArrayBuffer (array of structs, so one
 * node visit touches one cache line), read through an Int32Array and a Float32Array view:
 *   [4n]     left child (global node index); the right child is always left + 1. A leaf points
 *            to itself, so stepping from a leaf stays there (see below).
 *   [4n + 1] feature column tested (0 for a leaf)
 *   [4n + 2] float32 threshold of a numeric split (`x < t` goes left); NaN for a leaf and for a
 *            categorical split. A numeric split whose threshold is NaN in the file (every
 *            non-missing value goes right in XGBoost) is stored as -Infinity.
 *   [4n + 3] flags: FLAG_MISSING_RIGHT, FLAG_CATEGORICAL; 0 for a leaf.
 * A numeric step is then branch-free: `next = left + ((v >= t) | (isNaN(v) & missingRight))`,
 * which at a leaf (t = NaN, flags 0) gives the leaf itself. The walk can therefore take a fixed
 * number of steps on several trees at once (see tree-walk.ts).
 *
 * compileForest (src/predict/compiled-forest.ts) builds it from a model.
 */
/** 32-bit slots per node. */
export const NODE_STRIDE = 4;
/** Flag bit: missing values go right (default_left = 0). */
export const FLAG_MISSING_RIGHT = 1;
/** Flag bit: categorical split (category set in `categories[catStart[n] .. catEnd[n])`). */
export const FLAG_CATEGORICAL = 2;

/** The flattened trees of one model (layout in the module comment). */
export interface CompiledForest {
  readonly nTrees: number;
  readonly nFeatures: number;
  /** Total number of (reachable) nodes over all trees. */
  readonly nNodes: number;
  /** Int32Array, length nTrees + 1: global index of each tree's root; the last entry is nNodes. */
  readonly roots: Int32Array;
  /** Int32Array, length nNodes * NODE_STRIDE: left child (self for a leaf), feature, (threshold), flags per node. */
  readonly nodeInt: Int32Array;
  /** Float32Array view of the same memory: `nodeFloat[4n + 2]` is the threshold (NaN for a leaf). */
  readonly nodeFloat: Float32Array;
  /** Float32Array, length nNodes: a leaf's contribution `fround(leaf value * tree weight)` (0 for splits). */
  readonly leafValue: Float32Array;
  /** Int32Array, length nTrees: the depth of each tree's deepest leaf (0 for a single-leaf tree). */
  readonly depth: Int32Array;
  /** Int32Array, length nNodes: the node's id within its tree in the model (for leaf indices). */
  readonly origId: Int32Array;
  /** Int32Array, length nNodes: start of a categorical node's set in `categories` (0 otherwise). */
  readonly catStart: Int32Array;
  /** Int32Array, length nNodes: end (exclusive) of a categorical node's set (0 otherwise). */
  readonly catEnd: Int32Array;
  /** Int32Array: the category sets of all categorical nodes, each sorted ascending. */
  readonly categories: Int32Array;
  /** Whether any node is a categorical split (selects the walk). */
  readonly hasCategorical: boolean;
}
