/**
 * XGBoost's float32 logistic function (common::Sigmoid; xgboost-spec.md §1.5 step 3 and §2.1):
 *
 *   sigma(x) = 1 / (expf(min(-x, 88.7)) + 1 + 1e-16), every operation in float32.
 *
 * The clamp keeps expf finite (e^88.7 is just below the float32 maximum), so the result is never 0;
 * the + 1e-16 is absorbed by the + 1 in float32. LambdaMART evaluates it on the float32 score
 * difference and then works in float64 with the float32 result.
 */

/** 88.7 as float32: the clamp of the exponent. */
const EXP_CLAMP = Math.fround(88.7);

/**
 * @param x a float32 value (e.g. `Math.fround(s_h - s_l)`).
 * @returns sigma(x) rounded as XGBoost's float32 code rounds it, in (0, 1].
 */
export function sigmoidF32(x: number): number {
  const e = Math.fround(Math.exp(Math.min(-x, EXP_CLAMP)));
  return Math.fround(1 / Math.fround(e + 1));
}
