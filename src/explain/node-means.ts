/**
 * The expected value of a tree below each node, weighting leaves by cover: the value TreeSHAP
 * starts from (its bias term) and XGBoost's `FillNodeMeanValues` (src/predictor/cpu_predictor.cc,
 * 1.7): a leaf's mean is its value; a split's is
 *   (mean(left) * cover(left) + mean(right) * cover(right)) / cover(node),
 * dividing by the node's own cover (its hessian sum), as XGBoost does.
 */
import type { Tree } from '../tree/tree.js';

/**
 * Mean leaf value under every node, computed in float64.
 * @returns Float64Array of length tree.nNodes (0 for unreachable nodes).
 */
export function nodeMeans(tree: Tree): Float64Array {
  const means = new Float64Array(tree.nNodes);
  const { left, right, sumHessian, splitCondition } = tree;
  // Post-order without recursion: push a node twice, compute it on the second visit.
  const stack: number[] = [0];
  const expanded = new Uint8Array(tree.nNodes);
  while (stack.length > 0) {
    const n = stack[stack.length - 1]!;
    const l = left[n]!;
    if (l === -1) {
      means[n] = splitCondition[n]!;
      stack.pop();
    } else if (expanded[n] === 0) {
      expanded[n] = 1;
      stack.push(l, right[n]!);
    } else {
      const r = right[n]!;
      means[n] = (means[l]! * sumHessian[l]! + means[r]! * sumHessian[r]!) / sumHessian[n]!;
      stack.pop();
    }
  }
  return means;
}
