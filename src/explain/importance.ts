/**
 * Feature importance from the trees' split statistics, as XGBoost's `Booster.get_score` defines
 * it (GBTree::FeatureScore in XGBoost 1.7, src/gbm/gbtree.h):
 *   weight      = number of split nodes that test the feature, over all trees;
 *   total_gain  = sum of the loss change (`loss_changes`, Tree.lossChange) of those splits;
 *   gain        = total_gain / weight;
 *   total_cover = sum of the hessian sums (`sum_hessian`, Tree.sumHessian) of those splits;
 *   cover       = total_cover / weight.
 * Features that no split tests are left out, as get_score does. XGBoost accumulates in float32,
 * visiting each tree's reachable nodes depth first from the root, right child before left; the
 * same order and rounding are used here, so scores equal XGBoost's float32 values.
 */
import { ParamError } from '../errors.js';
import type { Model } from '../model-io/model.js';
import { checkOutputIndex } from './output-labels.js';

/** The importance types of XGBoost's get_score. */
/** The importance types, in XGBoost's order of documentation. */
export const IMPORTANCE_TYPES = ['weight', 'gain', 'total_gain', 'cover', 'total_cover'] as const;
/** One of IMPORTANCE_TYPES. */
export type ImportanceType = (typeof IMPORTANCE_TYPES)[number];

/** One feature's score. */
export interface FeatureScore {
  /** 0-based model feature index. */
  readonly feature: number;
  /** The model's feature name, or `f<index>` when the model has none (XGBoost's convention). */
  readonly name: string;
  /** The score (a float32 value; an integer for `weight`). */
  readonly score: number;
}

/** Whether `s` is an importance type. */
export function isImportanceType(s: string): s is ImportanceType {
  return (IMPORTANCE_TYPES as readonly string[]).includes(s);
}

/**
 * Feature importance of a model.
 * @param type one of IMPORTANCE_TYPES; default `gain`, as in XGBoost's scikit-learn wrapper
 *   (get_score's own default is `weight`).
 * @param output a K-output model (multi-class, several quantile_alpha): only the trees of output k
 *   (tree_info = k), the importance for class / quantile k; absent: every tree (get_score's total).
 * @returns one entry per feature used by at least one split, sorted by score descending (ties
 *   by feature index).
 * @throws ParamError for an unknown type; UserError for an output out of range.
 */
export function featureImportance(model: Model, type: ImportanceType = 'gain', output?: number): FeatureScore[] {
  if (!isImportanceType(type)) throw new ParamError(`unknown importance type ${JSON.stringify(type)}; expected one of ${IMPORTANCE_TYPES.join(', ')}`);
  const nF = model.nFeatures;
  const counts = new Float64Array(nF);
  const sums = new Float32Array(nF);
  const stat = type === 'gain' || type === 'total_gain' ? 'gain' : type === 'weight' ? 'none' : 'cover';
  const stack: number[] = [];
  if (output !== undefined) checkOutputIndex(model, output, 'output');
  for (let t = 0; t < model.trees.length; t++) {
    if (output !== undefined && model.treeInfo[t] !== output) continue;
    const tree = model.trees[t]!;
    stack.length = 0;
    stack.push(0);
    while (stack.length > 0) {
      const n = stack.pop()!;
      const l = tree.left[n]!;
      if (l === -1) continue;
      const f = tree.splitIndex[n]!;
      counts[f]! += 1;
      if (stat === 'gain') sums[f] = sums[f]! + tree.lossChange[n]!;
      else if (stat === 'cover') sums[f] = sums[f]! + tree.sumHessian[n]!;
      stack.push(l, tree.right[n]!);
    }
  }
  const names = model.featureNames.length === nF ? model.featureNames : null;
  const out: FeatureScore[] = [];
  for (let f = 0; f < nF; f++) {
    const c = counts[f]!;
    if (c === 0) continue;
    let score: number;
    if (type === 'weight') score = c;
    else if (type === 'gain' || type === 'cover') score = Math.fround(sums[f]! / Math.fround(c));
    else score = sums[f]!;
    out.push({ feature: f, name: names ? names[f]! : `f${f}`, score });
  }
  out.sort((a, b) => b.score - a.score || a.feature - b.feature);
  return out;
}
