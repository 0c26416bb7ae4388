/**
 * LightGBM's JSON model dump (`Booster.dump_model()`, GBDT::DumpModel and Tree::ToJSON in
 * src/boosting/gbdt_model_text.cpp and src/io/tree.cpp) read by restating it as the text format,
 * so that one parser (lightgbm-text.ts) checks and builds both.
 *
 * The dump: `{"name":"tree", "version", "num_class", "num_tree_per_iteration", "label_index",
 * "max_feature_idx", "objective", "average_output", "feature_names": [...], "tree_info": [...]}`;
 * each tree `{"num_leaves", "num_cat", "shrinkage", "tree_structure"}`, a split node
 * `{"split_index", "split_feature", "split_gain", "threshold" (a number, or for a categorical split
 * the categories sent left as "1||3||33"), "decision_type" ("<=" or "=="), "default_left",
 * "missing_type" ("None", "Zero", "NaN"), "internal_value", "internal_weight", "internal_count",
 * "left_child", "right_child"}`, a leaf `{"leaf_index", "leaf_value", "leaf_weight", "leaf_count"}`
 * (a one-leaf tree: `{"leaf_value", "leaf_count"}`). Numbers have 17 significant digits, so
 * JSON.parse gives LightGBM's doubles. Linear trees (`leaf_const` in a leaf) are refused.
 */
import { ModelError } from '../errors.js';
import { parseLightGBMText, type LightGBMModel } from './lightgbm-text.js';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True when the text looks like a LightGBM JSON dump (`"name":"tree"` and `"tree_info"` near the start). */
export function looksLikeLightGBMJson(text: string): boolean {
  const head = text.slice(0, 4096);
  return /^\s*\{/.test(head) && /"name"\s*:\s*"tree"/.test(head) && /"(tree_info|max_feature_idx)"/.test(text.slice(0, 1 << 16));
}

const MISSING: Record<string, number> = { None: 0, Zero: 1, NaN: 2 };

/** One tree's text block (without its `Tree=` line) from its JSON object. */
function treeText(tree: Obj, bad: (detail: string) => never): string {
  const numLeaves = tree.num_leaves;
  if (typeof numLeaves !== 'number' || !Number.isSafeInteger(numLeaves) || numLeaves < 1 || numLeaves > 1 << 24) bad(`num_leaves is ${JSON.stringify(numLeaves)}`);
  const n = numLeaves as number;
  const root = tree.tree_structure;
  if (!isObj(root)) bad('tree_structure is missing');
  const lines: string[] = [`num_leaves=${n}`];
  const num = (o: Obj, key: string): number => {
    const v = o[key];
    if (typeof v !== 'number') bad(`${key} is ${JSON.stringify(v ?? null)}, not a number`);
    return v as number;
  };
  if ('leaf_const' in (root as Obj) || 'leaf_coeff' in (root as Obj)) bad('linear trees (linear_tree, leaf_const) are not supported');
  if (n === 1) {
    lines.push('num_cat=0', `leaf_value=${num(root as Obj, 'leaf_value')}`, `leaf_count=${'leaf_count' in (root as Obj) ? num(root as Obj, 'leaf_count') : 0}`);
    return `${lines.join('\n')}\n`;
  }
  const nSplit = n - 1;
  const f = {
    split_feature: new Array<string>(nSplit).fill(''),
    split_gain: new Array<string>(nSplit).fill('0'),
    threshold: new Array<string>(nSplit).fill(''),
    decision_type: new Array<string>(nSplit).fill(''),
    left_child: new Array<string>(nSplit).fill(''),
    right_child: new Array<string>(nSplit).fill(''),
    internal_value: new Array<string>(nSplit).fill('0'),
    internal_count: new Array<string>(nSplit).fill('0'),
    leaf_value: new Array<string>(n).fill(''),
    leaf_count: new Array<string>(n).fill('0'),
  };
  const cats: { node: number; words: number[] }[] = [];
  let visited = 0;
  // Iterative, with an explicit stack: a corrupt dump may nest deeply.
  const stack: Obj[] = [root as Obj];
  const childRef = (c: unknown): string => {
    if (!isObj(c)) return bad('a child is not an object');
    if ('leaf_const' in c || 'leaf_coeff' in c) bad('linear trees (linear_tree, leaf_const) are not supported');
    if ('split_index' in c) return String(num(c, 'split_index'));
    return String(~num(c, 'leaf_index'));
  };
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (++visited > 2 * n) bad('the tree has more nodes than num_leaves allows');
    if (!('split_index' in node)) {
      const leaf = num(node, 'leaf_index');
      if (!Number.isSafeInteger(leaf) || leaf < 0 || leaf >= n) bad(`leaf_index ${leaf} is outside 0..${n - 1}`);
      if (f.leaf_value[leaf] !== '') bad(`leaf_index ${leaf} occurs twice`);
      f.leaf_value[leaf] = String(num(node, 'leaf_value'));
      if ('leaf_count' in node) f.leaf_count[leaf] = String(num(node, 'leaf_count'));
      continue;
    }
    const i = num(node, 'split_index');
    if (!Number.isSafeInteger(i) || i < 0 || i >= nSplit) bad(`split_index ${i} is outside 0..${nSplit - 1}`);
    if (f.split_feature[i] !== '') bad(`split_index ${i} occurs twice`);
    f.split_feature[i] = String(num(node, 'split_feature'));
    if ('split_gain' in node) f.split_gain[i] = String(num(node, 'split_gain'));
    if ('internal_value' in node) f.internal_value[i] = String(num(node, 'internal_value'));
    if ('internal_count' in node) f.internal_count[i] = String(num(node, 'internal_count'));
    const missing = MISSING[String(node.missing_type)];
    if (missing === undefined) bad(`missing_type is ${JSON.stringify(node.missing_type ?? null)}; expected None, Zero or NaN`);
    let dt = (missing! << 2) | (node.default_left === true ? 2 : 0);
    if (node.decision_type === '==') {
      const t = node.threshold;
      const list = typeof t === 'string' ? t.split('||').filter((s) => s !== '') : typeof t === 'number' ? [String(t)] : null;
      if (list === null) bad(`categorical split ${i} has threshold ${JSON.stringify(t)}`);
      const words: number[] = [];
      for (const s of list!) {
        const c = Number(s);
        if (!Number.isSafeInteger(c) || c < 0 || c >= 1 << 24) bad(`categorical split ${i} has category ${JSON.stringify(s)}`);
        while (words.length <= c >>> 5) words.push(0);
        words[c >>> 5] = (words[c >>> 5]! | (1 << (c & 31))) >>> 0;
      }
      if (words.length === 0) words.push(0);
      f.threshold[i] = String(cats.length);
      cats.push({ node: i, words });
      dt |= 1;
    } else if (node.decision_type === '<=') {
      f.threshold[i] = String(num(node, 'threshold'));
    } else {
      bad(`decision_type is ${JSON.stringify(node.decision_type ?? null)}; expected "<=" or "=="`);
    }
    f.decision_type[i] = String(dt);
    f.left_child[i] = childRef(node.left_child);
    f.right_child[i] = childRef(node.right_child);
    stack.push(node.right_child as Obj, node.left_child as Obj);
  }
  if (f.split_feature.includes('') || f.leaf_value.includes('')) bad('the tree structure does not reach every split and leaf that num_leaves counts');
  lines.push(`num_cat=${cats.length}`);
  for (const [key, values] of Object.entries(f)) lines.push(`${key}=${values.join(' ')}`);
  if (cats.length > 0) {
    const boundaries = [0];
    for (const c of cats) boundaries.push(boundaries[boundaries.length - 1]! + c.words.length);
    lines.push(`cat_boundaries=${boundaries.join(' ')}`, `cat_threshold=${cats.flatMap((c) => c.words).join(' ')}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Parses a LightGBM JSON model dump.
 * @throws ModelError naming `source` for malformed or unsupported models.
 */
export function parseLightGBMJson(text: string, source = '<string>'): LightGBMModel {
  const bad = (detail: string): never => {
    throw new ModelError(source, `LightGBM JSON model: ${detail}`);
  };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return bad(`not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!isObj(doc)) return bad('the document is not an object');
  const header: string[] = ['tree', `version=${String(doc.version ?? '')}`];
  for (const key of ['num_class', 'num_tree_per_iteration', 'label_index', 'max_feature_idx'] as const) {
    if (doc[key] !== undefined) header.push(`${key}=${String(doc[key])}`);
  }
  if (typeof doc.objective === 'string') header.push(`objective=${doc.objective}`);
  if (doc.average_output === true) header.push('average_output');
  const names = doc.feature_names;
  if (!Array.isArray(names) || names.some((s) => typeof s !== 'string' || /\s/.test(s) || s === '')) bad('feature_names is not a list of names without spaces');
  header.push(`feature_names=${(names as string[]).join(' ')}`);
  const info = doc.tree_info;
  if (!Array.isArray(info)) return bad('tree_info is not a list');
  const blocks = info.map((t, k) => {
    if (!isObj(t)) return bad(`tree_info[${k}] is not an object`);
    return `Tree=${k}\n${treeText(t, (detail) => bad(`tree_info[${k}]: ${detail}`))}`;
  });
  return parseLightGBMText(`${header.join('\n')}\n\n${blocks.join('\n')}\nend of trees\n`, source);
}
