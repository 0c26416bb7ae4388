/**
 * One regression tree in XGBoost's RegTree layout, as flat arrays (the same fields as the JSON
 * model, xgboost-spec.md §3.1). Node 0 is the root; a leaf has left = right = -1 and its value
 * (eta already applied) in `splitCondition`.
 */
export interface Tree {
  /** Number of nodes. Every array below has this length. */
  readonly nNodes: number;
  /** Int32Array: left child of each node, -1 for a leaf. */
  readonly left: Int32Array;
  /** Int32Array: right child of each node, -1 for a leaf. */
  readonly right: Int32Array;
  /** Int32Array: parent of each node; the root's is 2147483647 (XGBoost's convention). */
  readonly parent: Int32Array;
  /** Int32Array: feature column tested at each split node (0 for leaves). */
  readonly splitIndex: Int32Array;
  /** Float32Array: threshold (`x < t` goes left) for split nodes; leaf value for leaves. */
  readonly splitCondition: Float32Array;
  /** Uint8Array: 1 when missing values go left. */
  readonly defaultLeft: Uint8Array;
  /** Uint8Array: 0 numeric split, 1 categorical split. */
  readonly splitType: Uint8Array;
  /** Float32Array: unscaled leaf weight of each node (XGBoost's base_weights). */
  readonly baseWeight: Float32Array;
  /** Float32Array: loss change of each split (0 for leaves). */
  readonly lossChange: Float32Array;
  /** Float32Array: sum of hessians of the rows in each node (cover). */
  readonly sumHessian: Float32Array;
  /**
   * Categorical splits (XGBoost's categories_nodes / _segments / _sizes / categories):
   * for the k-th entry, node `catNodes[k]` sends category c right iff c is in
   * `categories[catSegments[k] .. catSegments[k] + catSizes[k])`.
   */
  readonly catNodes: Int32Array;
  readonly catSegments: Int32Array;
  readonly catSizes: Int32Array;
  readonly categories: Int32Array;
}

/** The root's parent id in XGBoost's JSON. */
export const ROOT_PARENT = 2147483647;

/** Allocates a tree of `nNodes` nodes with all arrays zeroed (children -1), no categorical splits. */
export function allocTree(nNodes: number): Tree {
  const left = new Int32Array(nNodes).fill(-1);
  const right = new Int32Array(nNodes).fill(-1);
  const parent = new Int32Array(nNodes);
  if (nNodes > 0) parent[0] = ROOT_PARENT;
  return {
    nNodes,
    left,
    right,
    parent,
    splitIndex: new Int32Array(nNodes),
    splitCondition: new Float32Array(nNodes),
    defaultLeft: new Uint8Array(nNodes),
    splitType: new Uint8Array(nNodes),
    baseWeight: new Float32Array(nNodes),
    lossChange: new Float32Array(nNodes),
    sumHessian: new Float32Array(nNodes),
    catNodes: new Int32Array(0),
    catSegments: new Int32Array(0),
    catSizes: new Int32Array(0),
    categories: new Int32Array(0),
  };
}
