/**
 * The split score under monotone constraints, as XGBoost 3.4.1's hist scores a candidate with
 * constraints present (split_evaluator.h, SplitEvaluator::CalcSplitGain, scalar leaves):
 * - both children's float32 weights clamped to the node's bounds [lower, upper] (ApplyBounds, for
 *   every feature once any feature is constrained);
 * - a split of a feature with direction +1 whose left weight is above its right weight (-1: below)
 *   is forbidden (gain -Infinity);
 * - otherwise float32(score(L, wL) + score(R, wR)), each child scored at its clamped weight
 *   (CalcGainGivenWeight).
 * The node's own score (the parent gain the loss change subtracts) is scored at its weight clamped
 * to its parent's bounds; the grower computes it (tree/monotone-bounds.ts).
 */
import type { SplitScore } from '../kernels/ts/ts-kernels.js';
import { boundedWeight, scoreGivenWeight, type GainParams } from './gain.js';

export class MonotoneScore implements SplitScore {
  private p: GainParams = { lambda: 0, alpha: 0, maxDeltaStep: 0, minChildWeight: 0 };
  private directions: Int32Array = new Int32Array(0);
  private lower = 0;
  private upper = 0;

  /**
   * Sets the scan's parameters, the directions (Int32Array, one of -1, 0, 1 per feature) and the
   * node's float32 bounds.
   */
  with(p: GainParams, directions: Int32Array, lower: number, upper: number): MonotoneScore {
    this.p = p;
    this.directions = directions;
    this.lower = lower;
    this.upper = upper;
    return this;
  }

  split(feature: number, gl: number, hl: number, gr: number, hr: number): number {
    const p = this.p;
    const wl = boundedWeight(p, gl, hl, this.lower, this.upper);
    const wr = boundedWeight(p, gr, hr, this.lower, this.upper);
    const c = this.directions[feature]!;
    if ((c > 0 && wl > wr) || (c < 0 && wl < wr)) return -Infinity;
    return Math.fround(scoreGivenWeight(p, gl, hl, wl) + scoreGivenWeight(p, gr, hr, wr));
  }
}
