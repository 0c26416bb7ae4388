/**
 * LightGBM's text model format (`model.txt`, as LightGBM 4.x's `save_model` and CLI write it) read
 * into double-precision trees for prediction, SHAP, importance and PDP.
 *
 * The layout (LightGBM src/boosting/gbdt_model_text.cpp, src/io/tree.cpp): a header of `key=value`
 * lines (`version`, `num_class`, `num_tree_per_iteration`, `label_index`, `max_feature_idx`,
 * `objective`, `average_output` alone, `feature_names` space-separated, `feature_infos`,
 * `tree_sizes`), then one block per tree starting `Tree=i` with `num_leaves`, `num_cat`,
 * `split_feature`, `split_gain`, `threshold`, `decision_type`, `left_child`, `right_child`,
 * `leaf_value`, `leaf_weight`, `leaf_count`, `internal_value`, `internal_weight`,
 * `internal_count`, `cat_boundaries`, `cat_threshold`, `is_linear`, `shrinkage`; then `end of
 * trees`, feature importances and the training parameters, which prediction does not use.
 *
 * Children: a node index >= 0, or a leaf as the bitwise complement of its index (~leaf). Numbers
 * are written with 17 significant digits, so parsing them as doubles gives LightGBM's values.
 *
 * Refused by name (ModelError), never approximated: linear trees (`is_linear=1`), multi-class and
 * multi-output models (num_class or num_tree_per_iteration above 1), and objectives whose output
 * transform is not implemented (see {@link OUTPUTS}).
 */
import { ModelError } from '../errors.js';

/** How a raw score becomes a prediction (LightGBM's ObjectiveFunction::ConvertOutput). */
export type LightGBMOutput =
  | { readonly kind: 'identity' }
  /** 1 / (1 + exp(-scale * x)) (binary's sigmoid:scale; cross_entropy with scale 1). */
  | { readonly kind: 'sigmoid'; readonly scale: number }
  /** exp(x): poisson, gamma, tweedie. */
  | { readonly kind: 'exp' }
  /** sign(x) * x * x: regression with `sqrt` (reg_sqrt). */
  | { readonly kind: 'signed-square' }
  /** log1p(exp(x)): cross_entropy_lambda. */
  | { readonly kind: 'log1p-exp' };

/** One LightGBM tree. Split-node arrays have length numLeaves - 1, leaf arrays numLeaves. */
export interface LightGBMTree {
  readonly numLeaves: number;
  /** Number of categorical splits (entries of catBoundaries - 1). */
  readonly numCat: number;
  /** Int32Array: feature of each split node (a real feature index, 0..max_feature_idx). */
  readonly splitFeature: Int32Array;
  /** Float64Array: `x <= threshold` goes left (numerical); the index into catBoundaries (categorical). */
  readonly threshold: Float64Array;
  /** Uint8Array: decision_type bits: 1 categorical, 2 default left, (dt >> 2) & 3 missing type (0 None, 1 Zero, 2 NaN). */
  readonly decisionType: Uint8Array;
  /** Int32Array: left child (>= 0 node, < 0 leaf ~index). */
  readonly left: Int32Array;
  /** Int32Array: right child, as left. */
  readonly right: Int32Array;
  /** Float64Array: leaf outputs (shrinkage applied). */
  readonly leafValue: Float64Array;
  /** Float64Array: training rows in each leaf (LightGBM's SHAP cover). */
  readonly leafCount: Float64Array;
  /** Float64Array: training rows through each split node. */
  readonly internalCount: Float64Array;
  /** Float64Array: output of each split node were it a leaf. */
  readonly internalValue: Float64Array;
  /** Float64Array: gain of each split. */
  readonly splitGain: Float64Array;
  /** Int32Array, length numCat + 1: where each categorical split's bitset starts in catThreshold. */
  readonly catBoundaries: Int32Array;
  /** Uint32Array: the bitsets (bit c of a split's words set = category c goes left). */
  readonly catThreshold: Uint32Array;
}

/** A LightGBM model as read from its text format. */
export interface LightGBMModel {
  readonly format: 'lightgbm';
  /** The `version=` line, e.g. `v4`. */
  readonly version: string;
  /** The objective line as written, e.g. `binary sigmoid:1`, `lambdarank`, `regression`. */
  readonly objective: string;
  /** How predictions are made from raw scores. */
  readonly output: LightGBMOutput;
  /** Number of input features: max_feature_idx + 1. */
  readonly nFeatures: number;
  /** Feature names, length nFeatures (LightGBM writes Column_0.. when the data had none). */
  readonly featureNames: string[];
  /** The feature_infos entries, length nFeatures (`[min:max]`, `none`, or categories `a:b:c`). */
  readonly featureInfos: string[];
  /** Random forest: predictions (not raw scores) are the mean over iterations. */
  readonly averageOutput: boolean;
  readonly trees: LightGBMTree[];
}

/** True when the text looks like a LightGBM text model (its first line is `tree`, a `version=` line follows). */
export function looksLikeLightGBMText(text: string): boolean {
  const head = text.slice(0, 4096).replace(/^\uFEFF/, '');
  return /^tree\r?\n/.test(head) && /\n(version|num_class|max_feature_idx)=/.test(head);
}

/** The output transform of an objective line, or a reason it is refused. */
function outputOf(objective: string, bad: (detail: string) => never): LightGBMOutput {
  const [name = '', ...args] = objective.trim().split(/\s+/);
  const arg = (key: string): string | undefined => args.find((a) => a.startsWith(`${key}:`))?.slice(key.length + 1);
  switch (name) {
    case 'regression':
      return args.includes('sqrt') ? { kind: 'signed-square' } : { kind: 'identity' };
    case 'regression_l1':
    case 'huber':
    case 'fair':
    case 'quantile':
    case 'mape':
    case 'lambdarank':
    case 'rank_xendcg':
      return { kind: 'identity' };
    case 'binary': {
      const scale = Number(arg('sigmoid') ?? 'x');
      if (!Number.isFinite(scale) || scale <= 0) bad(`objective "${objective}" has no valid sigmoid:<value>`);
      return { kind: 'sigmoid', scale };
    }
    case 'cross_entropy':
      return { kind: 'sigmoid', scale: 1 };
    case 'cross_entropy_lambda':
      return { kind: 'log1p-exp' };
    case 'poisson':
    case 'gamma':
    case 'tweedie':
      return { kind: 'exp' };
    case 'multiclass':
    case 'multiclassova':
      return bad(`objective "${objective}": multi-class LightGBM models are not supported (single-output models only)`);
    default:
      return bad(`objective "${objective}" is not supported for LightGBM models (supported: regression, regression_l1, huber, fair, quantile, mape, binary, cross_entropy, cross_entropy_lambda, poisson, gamma, tweedie, lambdarank, rank_xendcg)`);
  }
}

function parseNumbers(text: string | undefined, expected: number, what: string, bad: (detail: string) => never): number[] {
  if (expected === 0) return [];
  if (text === undefined) return bad(`${what} is missing`);
  const parts = text.trim().split(/\s+/);
  if (parts.length !== expected) bad(`${what} has ${parts.length} values, expected ${expected}`);
  return parts.map((p) => {
    const v = Number(p);
    // LightGBM writes inf, -inf and nan in thresholds and values as C++ streams do.
    if (Number.isNaN(v)) {
      if (/^[+-]?inf(inity)?$/i.test(p)) return p.startsWith('-') ? -Infinity : Infinity;
      if (/^[+-]?nan$/i.test(p)) return NaN;
      return bad(`${what} has ${JSON.stringify(p.slice(0, 40))}, not a number`);
    }
    return v;
  });
}

function intArray(values: number[], what: string, bad: (detail: string) => never): Int32Array {
  for (const v of values) if (!Number.isSafeInteger(v) || v < -(2 ** 31) || v >= 2 ** 31) bad(`${what} has ${v}, not a 32-bit integer`);
  return Int32Array.from(values);
}

function parseTree(lines: Map<string, string>, nFeatures: number, bad: (detail: string) => never): LightGBMTree {
  const int = (key: string): number => {
    const v = Number(lines.get(key));
    if (!Number.isSafeInteger(v)) bad(`${key} is ${JSON.stringify(lines.get(key) ?? null)}, not an integer`);
    return v;
  };
  const numLeaves = int('num_leaves');
  if (numLeaves < 1 || numLeaves > 1 << 24) bad(`num_leaves is ${numLeaves}`);
  const numCat = lines.has('num_cat') ? int('num_cat') : 0;
  if (numCat < 0 || numCat >= numLeaves) bad(`num_cat is ${numCat} with ${numLeaves} leaves`);
  const isLinear = lines.has('is_linear') ? int('is_linear') : 0;
  if (isLinear !== 0) bad('linear trees (linear_tree, is_linear=1) are not supported');
  const nSplit = numLeaves - 1;
  const nums = (key: string, n: number): number[] => parseNumbers(lines.get(key), n, key, bad);
  const optional = (key: string, n: number): Float64Array => (lines.has(key) ? Float64Array.from(nums(key, n)) : new Float64Array(n));
  const leafValue = Float64Array.from(nums('leaf_value', numLeaves));
  leafValue.forEach((v, i) => {
    if (!Number.isFinite(v)) bad(`leaf_value[${i}] is ${v}, not a finite number`);
  });
  const splitFeature = intArray(nums('split_feature', nSplit), 'split_feature', bad);
  const threshold = Float64Array.from(nums('threshold', nSplit));
  const left = intArray(nums('left_child', nSplit), 'left_child', bad);
  const right = intArray(nums('right_child', nSplit), 'right_child', bad);
  const decisionRaw = lines.has('decision_type') ? nums('decision_type', nSplit) : new Array<number>(nSplit).fill(0);
  const decisionType = new Uint8Array(nSplit);
  decisionRaw.forEach((d, i) => {
    if (!Number.isInteger(d) || d < 0 || d > 15) bad(`decision_type[${i}] is ${d}`);
    if (((d >> 2) & 3) === 3) bad(`decision_type[${i}] is ${d}: missing type 3 is not defined`);
    decisionType[i] = d;
  });
  for (let i = 0; i < nSplit; i++) {
    const f = splitFeature[i]!;
    if (f < 0 || f >= nFeatures) bad(`split_feature[${i}] is ${f}; the model has ${nFeatures} features`);
    for (const c of [left[i]!, right[i]!]) {
      if (c >= 0 ? c >= nSplit || c <= i : ~c >= numLeaves) bad(`node ${i} has child ${c}, outside the tree`);
    }
  }
  let catBoundaries: Int32Array = new Int32Array(1);
  let catThreshold: Uint32Array = new Uint32Array(0);
  if (numCat > 0) {
    catBoundaries = intArray(nums('cat_boundaries', numCat + 1), 'cat_boundaries', bad);
    const nWords = catBoundaries[numCat]!;
    if (catBoundaries[0] !== 0) bad('cat_boundaries does not start at 0');
    for (let k = 0; k < numCat; k++) if (catBoundaries[k + 1]! < catBoundaries[k]!) bad('cat_boundaries decreases');
    const words = nums('cat_threshold', nWords);
    for (const w of words) if (!Number.isInteger(w) || w < 0 || w > 0xffffffff) bad(`cat_threshold has ${w}, not a 32-bit word`);
    catThreshold = Uint32Array.from(words);
  }
  // Without categorical splits LightGBM walks every node numerically, whatever bit 0 says.
  for (let i = 0; i < nSplit && numCat > 0; i++) {
    if ((decisionType[i]! & 1) === 0) continue;
    const k = threshold[i]!;
    if (!Number.isInteger(k) || k < 0 || k >= numCat) bad(`categorical node ${i} has threshold ${k}; the tree has ${numCat} categorical splits`);
  }
  const leafCount = optional('leaf_count', numLeaves);
  const internalCount = optional('internal_count', nSplit);
  const internalValue = optional('internal_value', nSplit);
  const splitGain = optional('split_gain', nSplit);
  return { numLeaves, numCat, splitFeature, threshold, decisionType, left, right, leafValue, leafCount, internalCount, internalValue, splitGain, catBoundaries, catThreshold };
}

/**
 * Parses a LightGBM text model.
 * @throws ModelError naming `source` for a malformed or unsupported model.
 */
export function parseLightGBMText(text: string, source = '<string>'): LightGBMModel {
  const bad = (detail: string): never => {
    throw new ModelError(source, `LightGBM model: ${detail}`);
  };
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== 'tree') bad('the first line is not "tree"');
  const header = new Map<string, string>();
  const blocks: { start: number; lines: Map<string, string> }[] = [];
  let current: Map<string, string> | null = null;
  let ended = false;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    if (line === 'end of trees') {
      ended = true;
      break;
    }
    if (line.startsWith('Tree=')) {
      current = new Map();
      blocks.push({ start: i + 1, lines: current });
      continue;
    }
    const eq = line.indexOf('=');
    const key = eq < 0 ? line : line.slice(0, eq);
    const value = eq < 0 ? '' : line.slice(eq + 1);
    (current ?? header).set(key, value);
  }
  if (!ended) bad('"end of trees" is missing: the file is truncated');
  const num = (key: string): number => {
    const raw = header.get(key);
    if (raw === undefined) bad(`the header has no ${key}`);
    const v = Number(raw);
    if (!Number.isSafeInteger(v)) bad(`${key} is ${JSON.stringify(raw)}, not an integer`);
    return v;
  };
  const numClass = num('num_class');
  const perIteration = header.has('num_tree_per_iteration') ? num('num_tree_per_iteration') : numClass;
  if (numClass !== 1 || perIteration !== 1) bad(`num_class=${numClass}, num_tree_per_iteration=${perIteration}: multi-class / multi-output LightGBM models are not supported (single-output models only)`);
  const maxFeature = num('max_feature_idx');
  if (maxFeature < 0 || maxFeature >= 1 << 24) bad(`max_feature_idx is ${maxFeature}`);
  const nFeatures = maxFeature + 1;
  const objective = header.get('objective');
  if (objective === undefined) bad('the header has no objective (a model trained with a custom objective cannot be predicted in output space)');
  const output = outputOf(objective!, bad);
  const featureNames = (header.get('feature_names') ?? '').trim().split(/\s+/).filter((s) => s !== '');
  if (featureNames.length !== nFeatures) bad(`feature_names has ${featureNames.length} names for ${nFeatures} features`);
  const featureInfos = (header.get('feature_infos') ?? '').trim().split(/\s+/).filter((s) => s !== '');
  const trees = blocks.map((b, t) => parseTree(b.lines, nFeatures, (detail) => bad(`Tree=${t} (line ${b.start}): ${detail}`)));
  const sizes = header.get('tree_sizes');
  if (sizes !== undefined && sizes.trim() !== '' && sizes.trim().split(/\s+/).length !== trees.length) {
    bad(`tree_sizes lists ${sizes.trim().split(/\s+/).length} trees, the file has ${trees.length}`);
  }
  return {
    format: 'lightgbm',
    version: header.get('version') ?? '',
    objective: objective!,
    output,
    nFeatures,
    featureNames,
    featureInfos,
    averageOutput: header.has('average_output'),
    trees,
  };
}
