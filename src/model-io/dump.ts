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
