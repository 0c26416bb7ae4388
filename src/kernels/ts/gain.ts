/**
 * Leaf weight and split gain with L1/L2 regularisation and max_delta_step, as XGBoost 3.4.1
 * computes them (src/tree/param.h CalcWeight / CalcGainGivenWeight, split_evaluator.h; spec §2.6):
 * - the weight is computed in double from the double sums and float32 parameters, then kept as a
 *   float32;
 * - a node's score is -(2 G w + (H + lambda) float32(w * w) + 2 alpha |w|) in double at that float32
 *   weight, kept as a float32 (0 when H <= 0);
 * - a split's gain is float32(score(left) + score(right)) and its loss change
 *   float32(gain - score(parent)) (EnumerateSplit), so loss changes are float32 values.
 * With monotone constraints (XGBoost's TreeEvaluator, split_evaluator.h) a node's weights are first
 * clamped to its [lower, upper] bounds (ApplyBounds) and scored at the clamped weight
 * (CalcGainGivenWeight): boundedWeight and scoreGivenWeight.
 */

const f = Math.fround;

/** The tree parameters the formulas need. */
export interface GainParams {
  readonly lambda: number;
  readonly alpha: number;
  readonly maxDeltaStep: number;
  readonly minChildWeight: number;
  /**
   * LightGBM's min_gain_to_split (this engine's gamma), read by the min_data_in_leaf scan only
   * (lightgbm-scan.ts): a candidate must beat the parent's gain plus it, and its recorded loss
   * change is net of it, as LightGBM's FeatureHistogram records a split. Absent = 0.
   */
  readonly minGainToSplit?: number;
}

/** L1 soft threshold T(G): shrink G toward 0 by alpha. */
export function thresholdL1(g: number, alpha: number): number {
  if (g > alpha) return g - alpha;
  if (g < -alpha) return g + alpha;
  return 0;
}

/**
 * Leaf weight w(G, H) = -T(G)/(H + lambda) in double, 0 when H <= 0, clipped to +-max_delta_step
 * when that is not 0 (spec §2.6). Parameters are taken as float32 (XGBoost's TrainParam).
 */
export function leafWeight(p: GainParams, sumGrad: number, sumHess: number): number {
  if (sumHess <= 0) return 0;
  const mds = f(p.maxDeltaStep);
  let w = -thresholdL1(sumGrad, f(p.alpha)) / (sumHess + f(p.lambda));
  if (mds !== 0 && Math.abs(w) > mds) w = w < 0 ? -mds : mds;
  return w;
}

/**
 * Node score at the float32 weight: float32(-(2 G w + (H + lambda) float32(w^2) + 2 alpha |w|)),
 * 0 when H <= 0 (XGBoost's SplitEvaluator::CalcGain).
 */
export function nodeGain(p: GainParams, sumGrad: number, sumHess: number): number {
  return scoreGivenWeight(p, sumGrad, sumHess, f(leafWeight(p, sumGrad, sumHess)));
}

/**
 * Node score at a given float32 weight `w`: float32(-(2 G w + (H + lambda) float32(w^2) + 2 alpha |w|)),
 * 0 when H <= 0 (XGBoost's SplitEvaluator::CalcGainGivenWeight).
 */
export function scoreGivenWeight(p: GainParams, sumGrad: number, sumHess: number, w: number): number {
  if (sumHess <= 0) return 0;
  return f(-(2 * sumGrad * w + (sumHess + f(p.lambda)) * f(w * w) + 2 * f(p.alpha) * Math.abs(w)));
}

/** The largest float32, XGBoost's unset node bounds (std::numeric_limits<float>::max()). */
export const FLT_MAX = 3.4028234663852886e38;

/**
 * The float32 weight clamped to a node's bounds [lower, upper] (float32 values; XGBoost's
 * SplitEvaluator::CalcWeight with ApplyBounds).
 */
export function boundedWeight(p: GainParams, sumGrad: number, sumHess: number, lower: number, upper: number): number {
  const w = f(leafWeight(p, sumGrad, sumHess));
  return w < lower ? lower : w > upper ? upper : w;
}

/** A split's loss change from its children's and parent's scores (float32 steps, EnumerateSplit). */
export function lossChange(scoreLeft: number, scoreRight: number, parentScore: number): number {
  return f(f(scoreLeft + scoreRight) - parentScore);
}
