/**
 * The weight bounds monotone constraints give a node's children, as XGBoost 3.4.1's TreeEvaluator
 * sets them when a node is split (split_evaluator.h, AddSplit, scalar leaves): both children start
 * from the parent's [lower, upper]; for a split of a feature with direction +1, mid =
 * float32(float32(wL + wR) / 2) of the children's weights (each clamped to the parent's bounds)
 * becomes the left child's upper and the right child's lower bound; for -1 the left child's lower
 * and the right child's upper bound; a feature without a direction leaves both as the parent's.
 * Every weight of the subtree is then clamped to its node's bounds (gain.ts, boundedWeight), so
 * along every split of a constrained feature the leaves on one side stay on their side of mid.
 */
import { FLT_MAX } from '../split/gain.js';

/** A node's float32 weight bounds. */
export interface WeightBounds {
  readonly lower: number;
  readonly upper: number;
}

/** The root's bounds: none (XGBoost's -FLT_MAX, FLT_MAX). */
export const UNBOUNDED: WeightBounds = { lower: -FLT_MAX, upper: FLT_MAX };

/**
 * The children's bounds of a split.
 * @param parent the split node's bounds.
 * @param direction the split feature's monotone direction (-1, 0, 1).
 * @param wl, wr the children's float32 weights, clamped to the parent's bounds.
 * @returns [left, right]
 */
export function childBounds(parent: WeightBounds, direction: number, wl: number, wr: number): [WeightBounds, WeightBounds] {
  if (direction === 0) return [parent, parent];
  const mid = Math.fround(Math.fround(wl + wr) / 2);
  return direction > 0
    ? [{ lower: parent.lower, upper: mid }, { lower: mid, upper: parent.upper }]
    : [{ lower: mid, upper: parent.upper }, { lower: parent.lower, upper: mid }];
}
