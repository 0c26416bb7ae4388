/**
 * The cover-weighted explainers (TreeSHAP, tree-walk partial dependence) divide by node covers
 * (Tree.sumHessian): they need every reachable split node to have a positive, finite cover and
 * its children finite, non-negative covers. Models written by XGBoost and by lambdaboost have
 * them; a hand-made or stripped model may not.
 */
import { ModelError } from '../errors.js';
import type { Model } from '../model-io/model.js';

/**
 * Throws unless every reachable split node of every tree has a usable cover.
 * @param purpose what needs the covers, for the message (e.g. "SHAP values").
 * @throws ModelError naming the tree and node.
 */
export function requireCovers(model: Model, purpose: string): void {
  model.trees.forEach((tree, t) => {
    const stack = [0];
    while (stack.length > 0) {
      const n = stack.pop()!;
      const l = tree.left[n]!;
      if (l === -1) continue;
      const r = tree.right[n]!;
      const c = tree.sumHessian[n]!;
      const cl = tree.sumHessian[l]!;
      const cr = tree.sumHessian[r]!;
      if (!(c > 0 && Number.isFinite(c) && cl >= 0 && cr >= 0 && Number.isFinite(cl) && Number.isFinite(cr))) {
        throw new ModelError(
          'model',
          `${purpose} need node covers (sum_hessian): trees[${t}] node ${n} has cover ${c} with children ${cl} and ${cr}`,
        );
      }
      stack.push(l, r);
    }
  });
}
