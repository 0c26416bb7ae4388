/**
 * XGBoost's text dump of a model (`Booster.dump_model(..., dump_format='text')`): one
 * `booster[t]:` header per tree, then its nodes depth-first (left before right), each on its own
 * line indented by one tab per depth:
 *
 *   booster[0]:
 *   0:[f3<0.5] yes=1,no=2,missing=1
 *   \t1:leaf=0.100000001
 *   \t2:leaf=-0.200000003
 *
 * Numbers are printed as C++ `setprecision(9)` prints a float (formatFloat32G9). With stats,
 * splits end `,gain=<loss change>,cover=<sum hessian>` and leaves `,cover=<sum hessian>`.
 * With feature names, a split shows the name instead of `f<index>`; feature type `i`
 * (indicator) prints `[name] yes=<non-default child>,no=<default child>` (and, as XGBoost does, without
 * indentation), type `int` prints the
 * threshold rounded up to an integer. A categorical split prints `[f3:{1,4}]` with yes = the
 * right child (the categories in the set go right).
 */
import { UserError } from '../errors.js';
import type { Tree } from '../tree/tree.js';
import { formatFloat32G9 } from '../util/float32-format.js';
import type { Model } from './model.js';

/** Options of dumpModel. */
export interface DumpOptions {
  /** Append gain and cover (XGBoost's with_stats). */
  withStats?: boolean;
  /**
   * Feature names to print instead of `f<index>` (default: the model's, when it has them).
   * Pass an empty array to force `f<index>`.
   */
  featureNames?: readonly string[];
  /** Feature types (`q`, `i`, `int`, `float`, `c`) matching featureNames; default: the model's, else `q`. */
  featureTypes?: readonly string[];
}

/** The whole model as XGBoost's text dump. */
export function dumpModel(model: Model, options: DumpOptions = {}): string {
  const names = options.featureNames ?? model.featureNames;
  const types = options.featureTypes ?? (options.featureNames === undefined ? model.featureTypes : []);
  let s = '';
  model.trees.forEach((tree, t) => {
    if (options.featureTypes !== undefined) checkTreeTypes(tree, names, types);
    s += `booster[${t}]:\n` + dumpTree(tree, { withStats: options.withStats === true, names, types });
  });
  return s;
}

interface TreeDumpContext {
  withStats: boolean;
  names: readonly string[];
  types: readonly string[];
}

/** One tree's dump (every line, the last included, ends with a newline). */
export function dumpTree(tree: Tree, ctx: TreeDumpContext): string {
  const lines: string[] = [];
  const catIndex = new Map<number, number>();
  for (let k = 0; k < tree.catNodes.length; k++) catIndex.set(tree.catNodes[k]!, k);
  // Depth-first, left subtree first: a stack of (node, depth) with the right child pushed first.
  const stack: [number, number][] = [[0, 0]];
  while (stack.length > 0) {
    const [n, depth] = stack.pop()!;
    const line = nodeLine(tree, n, ctx, catIndex);
    // XGBoost writes indicator-feature splits without indentation; so do we, to match its dumps.
    lines.push(line.indent ? '\t'.repeat(depth) + line.text : line.text);
    if (tree.left[n] !== -1) {
      stack.push([tree.right[n]!, depth + 1]);
      stack.push([tree.left[n]!, depth + 1]);
    }
  }
  return lines.join('\n') + '\n';
}

/** One node's line, without indentation, and whether it is indented. */
function nodeLine(tree: Tree, n: number, ctx: TreeDumpContext, catIndex: Map<number, number>): { text: string; indent: boolean } {
  const text = nodeText(tree, n, ctx, catIndex);
  const indicator = tree.left[n] !== -1 && tree.splitType[n] !== 1 && tree.splitIndex[n]! < ctx.names.length && ctx.types[tree.splitIndex[n]!] === 'i';
  return { text, indent: !indicator };
}

function nodeText(tree: Tree, n: number, ctx: TreeDumpContext, catIndex: Map<number, number>): string {
  const g = formatFloat32G9;
  if (tree.left[n] === -1) {
    return `${n}:leaf=${g(tree.splitCondition[n]!)}` + (ctx.withStats ? `,cover=${g(tree.sumHessian[n]!)}` : '');
  }
  const f = tree.splitIndex[n]!;
  const left = tree.left[n]!;
  const right = tree.right[n]!;
  const missing = tree.defaultLeft[n] ? left : right;
  const stats = ctx.withStats ? `,gain=${g(tree.lossChange[n]!)},cover=${g(tree.sumHessian[n]!)}` : '';
  const hasName = f < ctx.names.length;
  const name = hasName ? ctx.names[f]! : `f${f}`;
  const k = catIndex.get(n);
  if (tree.splitType[n] === 1 && k !== undefined) {
    const seg = tree.catSegments[k]!;
    const cats = Array.from(tree.categories.subarray(seg, seg + tree.catSizes[k]!)).sort((a, b) => a - b);
    return `${n}:[${name}:{${cats.join(',')}}] yes=${right},no=${left},missing=${missing}${stats}`;
  }
  const cond = tree.splitCondition[n]!;
  const type = hasName ? (ctx.types[f] ?? 'q') : 'q';
  if (type === 'i') {
    const yes = tree.defaultLeft[n] ? right : left;
    return `${n}:[${name}] yes=${yes},no=${missing}${stats}`;
  }
  if (type === 'int') {
    const fl = Math.floor(cond);
    return `${n}:[${name}<${fl === cond ? fl : fl + 1}] yes=${left},no=${right},missing=${missing}${stats}`;
  }
  return `${n}:[${name}<${g(cond)}] yes=${left},no=${right},missing=${missing}${stats}`;
}

/**
 * The whole model as XGBoost's JSON dump (`Booster.dump_model(..., dump_format='json')`, the form
 * Elasticsearch/OpenSearch LTR and Vespa read): `[\n` + one JSON object per tree joined by `,\n`
 * + `\n]`. Each tree is XGBoost 3.4.1's JsonGenerator output: nodes `{ "nodeid": n, "depth": d,
 * "split": "name", "split_condition": t, "yes": l, "no": r, "missing": m , "children": [...] }`
 * and leaves `{ "nodeid": n, "leaf": v }`, children on their own lines indented two spaces per
 * depth, floats as setprecision(9); indicator features (`i`) give `"yes"`/`"no"` only, `int` an
 * integer threshold, categorical splits the category list (yes = the right child).
 * @throws UserError when a feature type contradicts a split (categorical vs numerical), as XGBoost does.
 */
export function dumpModelJSON(model: Model, options: DumpOptions = {}): string {
  const names = options.featureNames ?? model.featureNames;
  const types = options.featureTypes ?? (options.featureNames === undefined ? model.featureTypes : []);
  const ctx = { withStats: options.withStats === true, names, types };
  return `[\n${model.trees.map((tree) => jsonTree(tree, ctx)).join(',\n')}\n]`;
}

/** One tree as XGBoost's JsonGenerator writes it (no trailing newline). */
function jsonTree(tree: Tree, ctx: TreeDumpContext): string {
  const catIndex = new Map<number, number>();
  for (let k = 0; k < tree.catNodes.length; k++) catIndex.set(tree.catNodes[k]!, k);
  const g = formatFloat32G9;
  const indent = (depth: number): string => '  '.repeat(depth + 1);
  const build = (n: number, depth: number): string => {
    const prefix = (depth === 0 ? '' : '\n') + indent(depth);
    if (tree.left[n] === -1) {
      return `${prefix}{ "nodeid": ${n}, "leaf": ${g(tree.splitCondition[n]!)} ${ctx.withStats ? `, "cover": ${g(tree.sumHessian[n]!)} ` : ''}}`;
    }
    const stat = ctx.withStats ? `, "gain": ${g(tree.lossChange[n]!)}, "cover": ${g(tree.sumHessian[n]!)}` : '';
    return `${prefix}{${splitProperties(tree, n, depth, ctx, catIndex)} ${stat}, "children": [${build(tree.left[n]!, depth + 1)}, ${build(tree.right[n]!, depth + 1)}\n${indent(depth)}]}`;
  };
  return build(0, 0);
}

/** A split node's properties (XGBoost's Indicator / Integer / Quantitive / Categorical / PlainNode templates). */
function splitProperties(tree: Tree, n: number, depth: number, ctx: TreeDumpContext, catIndex: Map<number, number>): string {
  const f = tree.splitIndex[n]!;
  const left = tree.left[n]!;
  const right = tree.right[n]!;
  const missing = tree.defaultLeft[n] ? left : right;
  const hasType = f < ctx.names.length;
  const name = jsonEscape(hasType ? ctx.names[f]! : `f${f}`);
  const type = hasType ? (ctx.types[f] ?? 'q') : null;
  const categorical = tree.splitType[n] === 1;
  checkFeatureType(name, type, categorical);
  const head = ` "nodeid": ${n}, "depth": ${depth}, "split": "${name}", `;
  if (categorical) {
    const k = catIndex.get(n);
    const seg = k === undefined ? 0 : tree.catSegments[k]!;
    const cats = k === undefined ? [] : Array.from(tree.categories.subarray(seg, seg + tree.catSizes[k]!)).sort((a, b) => a - b);
    return `${head}"split_condition": [${cats.join(', ')}], "yes": ${right}, "no": ${left}, "missing": ${missing}`;
  }
  if (type === 'i') {
    const yes = tree.defaultLeft[n] ? right : left;
    return ` "nodeid": ${n}, "depth": ${depth}, "split": "${name}", "yes": ${yes}, "no": ${missing}`;
  }
  const cond = tree.splitCondition[n]!;
  let condText = formatFloat32G9(cond);
  if (type === 'int') {
    const fl = Math.floor(cond);
    condText = String(fl === cond ? fl : fl + 1);
  }
  return `${head}"split_condition": ${condText}, "yes": ${left}, "no": ${right}, "missing": ${missing}`;
}

/** Every split of `tree` against the given feature types (see checkFeatureType). */
function checkTreeTypes(tree: Tree, names: readonly string[], types: readonly string[]): void {
  for (let n = 0; n < tree.nNodes; n++) {
    const f = tree.splitIndex[n]!;
    if (tree.left[n] !== -1 && f < names.length) checkFeatureType(names[f]!, types[f] ?? 'q', tree.splitType[n] === 1);
  }
}

/** XGBoost refuses a feature map whose type contradicts a split (tree_model.cc SplitNode). */
function checkFeatureType(name: string, type: string | null, categorical: boolean): void {
  if (type === null) return;
  if (type === 'c' && !categorical) throw new UserError(`${name} in the feature map is categorical but a split on it is numerical`);
  if (type !== 'c' && categorical) throw new UserError(`${name} in the feature map is numerical but a split on it is categorical`);
}

/** XGBoost's EscapeU8 of a feature name inside a JSON string. */
function jsonEscape(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const c = ch.charCodeAt(0);
    if (ch === '\\') out += s[i + 1] === 'u' ? '\\' : '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c <= 0x1f) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out;
}

/**
 * XGBoost's feature map file (`fmap.txt`): whitespace-separated triples `<index> <name> <type>`,
 * indices 0, 1, 2, ... in order, types `i` (indicator), `q` (quantity), `int`, `float`, `c`
 * (categorical). Returns names and types by feature index.
 * @throws UserError naming the file and the entry for anything else.
 */
export function parseFeatureMap(text: string, file: string): { names: string[]; types: string[] } {
  const tokens = text.split(/\s+/).filter((t) => t !== '');
  if (tokens.length % 3 !== 0) throw new UserError(`${file}: a feature map has lines "<index> <name> <type>"; ${tokens.length} words are not whole lines`);
  const names: string[] = [];
  const types: string[] = [];
  for (let k = 0; k < tokens.length; k += 3) {
    const [id, name, type] = [tokens[k]!, tokens[k + 1]!, tokens[k + 2]!];
    const entry = names.length;
    if (!/^\d+$/.test(id) || Number(id) !== entry) throw new UserError(`${file}: entry ${entry + 1} has index ${JSON.stringify(id)}; indices must be 0, 1, 2, ... in order`);
    if (!['i', 'q', 'int', 'float', 'c'].includes(type)) {
      throw new UserError(`${file}: feature ${JSON.stringify(name)} has type ${JSON.stringify(type)}; expected i (indicator), q (quantity), int, float or c (categorical)`);
    }
    names.push(name);
    types.push(type);
  }
  return { names, types };
}
