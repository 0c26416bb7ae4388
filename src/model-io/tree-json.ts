/**
 * One tree of an XGBoost JSON model (`learner.gradient_booster.model.trees[i]`,
 * xgboost-spec.md §3.1) to and from the Tree layout.
 */
import type { Tree } from '../tree/tree.js';
import { ROOT_PARENT } from '../tree/tree.js';
import { formatFloat32 } from '../util/float32-format.js';
import { stableStringify } from './json-text.js';
import {
  asObject,
  describeJson,
  fail,
  getArray,
  getFloat32Array,
  getInt32Array,
  getIntParam,
  getObject,
  optional,
  sub,
  type JsonObject,
  type JsonSource,
} from './json-access.js';
import { checkTree, DELETED_SPLIT_INDEX } from './validate-tree.js';

const INT32_MAX = 2147483647;

/**
 * Reads `trees[index]`. Checks `id === index`, that every per-node array has num_nodes entries,
 * that children are in range and that the tree is a proper tree over `nFeatures` features.
 * Optional arrays (absent in some writers' files): `parents` (derived from the children),
 * `split_type` and the `categories*` arrays (no categorical splits), `base_weights`,
 * `loss_changes`, `sum_hessian` (zeros). Unknown keys are ignored.
 * @throws ModelError naming the file and the JSON path.
 */
export function parseTree(src: JsonSource, json: unknown, path: string, index: number, nFeatures: number): Tree {
  const obj = asObject(src, json, path);
  const id = getIntParam(src, obj, 'id', path, 0);
  if (id !== index) fail(src, sub(path, 'id'), `is ${id}, expected ${index} (a tree's id must equal its position)`);
  const param = getObject(src, obj, 'tree_param', path);
  const paramPath = sub(path, 'tree_param');
  const n = getIntParam(src, param, 'num_nodes', paramPath, 1);
  if (optional(param, 'size_leaf_vector') !== undefined) {
    const leafSize = getIntParam(src, param, 'size_leaf_vector', paramPath, 0);
    if (leafSize > 1) {
      fail(src, sub(paramPath, 'size_leaf_vector'), `is ${leafSize}: vector-leaf trees (multi_strategy "multi_output_tree", one leaf value per target) are not supported`);
    }
  }
  const left = getInt32Array(src, obj, 'left_children', path, n, -1, n - 1);
  const right = getInt32Array(src, obj, 'right_children', path, n, -1, n - 1);
  const parent =
    optional(obj, 'parents') === undefined
      ? deriveParents(left, right)
      : getInt32Array(src, obj, 'parents', path, n, -1, INT32_MAX);
  const splitIndex = getInt32Array(src, obj, 'split_indices', path, n, 0, INT32_MAX);
  const splitCondition = getFloat32Array(src, obj, 'split_conditions', path, n);
  const defaultLeft = readDefaultLeft(src, obj, path, n);
  const splitType =
    optional(obj, 'split_type') === undefined
      ? new Uint8Array(n)
      : Uint8Array.from(getInt32Array(src, obj, 'split_type', path, n, 0, 1));
  const stat = (key: string): Float32Array =>
    optional(obj, key) === undefined ? new Float32Array(n) : getFloat32Array(src, obj, key, path, n);
  const ints = (key: string): Int32Array => {
    if (optional(obj, key) === undefined) return new Int32Array(0);
    const len = getArray(src, obj, key, path).length;
    return getInt32Array(src, obj, key, path, len, 0, INT32_MAX);
  };
  const tree: Tree = {
    nNodes: n,
    left,
    right,
    parent,
    splitIndex,
    splitCondition,
    defaultLeft,
    splitType,
    baseWeight: stat('base_weights'),
    lossChange: stat('loss_changes'),
    sumHessian: stat('sum_hessian'),
    catNodes: ints('categories_nodes'),
    catSegments: ints('categories_segments'),
    catSizes: ints('categories_sizes'),
    categories: ints('categories'),
  };
  checkTree(tree, nFeatures, (detail) => fail(src, path, detail));
  return tree;
}

/** default_left: 0/1 integers (XGBoost >= 1.6) or booleans (older files). */
function readDefaultLeft(src: JsonSource, obj: JsonObject, path: string, n: number): Uint8Array {
  const a = getArray(src, obj, 'default_left', path);
  const p = sub(path, 'default_left');
  if (a.length !== n) fail(src, p, `has ${a.length} entries, expected ${n}`);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = a[i];
    if (v === true || v === 1) out[i] = 1;
    else if (v !== false && v !== 0) fail(src, sub(p, i), `expected 0, 1, true or false, found ${describeJson(v)}`);
  }
  return out;
}

/** Parents from the children (Int32Array, length nNodes); the root's is ROOT_PARENT. */
function deriveParents(left: Int32Array, right: Int32Array): Int32Array {
  const parent = new Int32Array(left.length).fill(ROOT_PARENT);
  for (let i = 0; i < left.length; i++) {
    if (left[i]! >= 0) parent[left[i]!] = i;
    if (right[i]! >= 0) parent[right[i]!] = i;
  }
  return parent;
}

/** Comma-joined integers. */
function ints(a: ArrayLike<number>): string {
  let s = '';
  for (let i = 0; i < a.length; i++) s += (i === 0 ? '' : ',') + a[i];
  return s;
}

/** Comma-joined float32s in XGBoost's shortest form. */
function floats(a: ArrayLike<number>): string {
  let s = '';
  for (let i = 0; i < a.length; i++) s += (i === 0 ? '' : ',') + formatFloat32(a[i]!);
  return s;
}

/** One tree's members in XGBoost's key order (sorted), the arrays as the Tree holds them. */
export interface TreeDocument {
  base_weights: Float32Array;
  categories: Int32Array;
  categories_nodes: Int32Array;
  categories_segments: Int32Array;
  categories_sizes: Int32Array;
  default_left: Uint8Array;
  id: number;
  left_children: Int32Array;
  loss_changes: Float32Array;
  parents: Int32Array;
  right_children: Int32Array;
  split_conditions: Float32Array;
  split_indices: Int32Array;
  split_type: Uint8Array;
  sum_hessian: Float32Array;
  tree_param: { num_deleted: string; num_feature: string; num_nodes: string; size_leaf_vector: string };
}

/**
 * The members of one tree as XGBoost writes them (treeToJSON's text, modelToUBJ's typed
 * containers), keys in XGBoost's order.
 * @param id the tree's position in the model.
 * @param nFeatures written as tree_param.num_feature.
 */
export function treeDocument(tree: Tree, id: number, nFeatures: number): TreeDocument {
  let deleted = 0;
  for (let i = 0; i < tree.nNodes; i++) {
    if (tree.splitIndex[i] === DELETED_SPLIT_INDEX && tree.defaultLeft[i] === 1) deleted++;
  }
  return {
    base_weights: tree.baseWeight,
    categories: tree.categories,
    categories_nodes: tree.catNodes,
    categories_segments: tree.catSegments,
    categories_sizes: tree.catSizes,
    default_left: tree.defaultLeft,
    id,
    left_children: tree.left,
    loss_changes: tree.lossChange,
    parents: tree.parent,
    right_children: tree.right,
    split_conditions: tree.splitCondition,
    split_indices: tree.splitIndex,
    split_type: tree.splitType,
    sum_hessian: tree.sumHessian,
    tree_param: { num_deleted: String(deleted), num_feature: String(nFeatures), num_nodes: String(tree.nNodes), size_leaf_vector: '0' },
  };
}

/**
 * The JSON text of one tree in XGBoost's layout, keys sorted as XGBoost writes them, so an
 * XGBoost-written tree comes back byte for byte: integers as written, floats in XGBoost's
 * shortest float32 form.
 * @param id the tree's position in the model.
 * @param nFeatures written as tree_param.num_feature.
 */
export function treeToJSON(tree: Tree, id: number, nFeatures: number): string {
  const doc = treeDocument(tree, id, nFeatures);
  const parts: string[] = [];
  for (const [key, v] of Object.entries(doc)) {
    const text =
      v instanceof Float32Array ? `[${floats(v)}]` : ArrayBuffer.isView(v) ? `[${ints(v as Int32Array)}]` : typeof v === 'number' ? String(v) : stableStringify(v);
    parts.push(`"${key}":${text}`);
  }
  return `{${parts.join(',')}}`;
}
