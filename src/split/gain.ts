/**
 * Leaf weight and split gain with L1/L2 regularisation and max_delta_step, as XGBoost defines them
 * (src/tree/param.h and split_evaluator.h; xgboost-spec.md §2.6). All in float64.
 */

/** The tree parameters the formulas need. */
export interface GainParams {
  readonly lambda: number;
  readonly alpha: number;
  readonly maxDeltaStep: number;
  readonly minChildWeight: number;
}

/** L1 soft threshold T(G): shrink G toward 0 by alpha. */
export function thresholdL1(g: number, alpha: number): number {
  if (g > alpha) return g - alpha;
  if (g < -alpha) return g + alpha;
  return 0;
}

/** Leaf weight w(G, H) = -T(G)/(H + lambda), 0 when H <= 0, clipped to +-max_delta_step when that is > 0 (spec §2.6). */
export function leafWeight(p: GainParams, sumGrad: number, sumHess: number): number {
  if (sumHess <= 0) return 0;
  let w = -thresholdL1(sumGrad, p.alpha) / (sumHess + p.lambda);
  if (p.maxDeltaStep !== 0) {
    if (w > p.maxDeltaStep) w = p.maxDeltaStep;
    else if (w < -p.maxDeltaStep) w = -p.maxDeltaStep;
  }
  return w;
}

/**
 * Node score: T(G)^2/(H + lambda) without max_delta_step; otherwise the loss reduction at the
 * clipped weight, -(2 G w + (H + lambda) w^2 + 2 alpha |w|) (spec §2.6). 0 when H <= 0.
 */
export function nodeGain(p: GainParams, sumGrad: number, sumHess: number): number {
  if (sumHess <= 0) return 0;
  if (p.maxDeltaStep === 0) {
    const t = thresholdL1(sumGrad, p.alpha);
    return (t * t) / (sumHess + p.lambda);
  }
  const w = leafWeight(p, sumGrad, sumHess);
  return -(2 * sumGrad * w + (sumHess + p.lambda) * w * w + 2 * p.alpha * Math.abs(w));
}
