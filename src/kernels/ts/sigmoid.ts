/**
 * The float32 logistic function the objectives and the output transform share.
 */
import { expf } from '../../util/expf.js';

/** The clamp of -x in sigmoid32 (float32 88.7), also used where the sigmoid is inlined. */
export const SIGMOID_CLAMP = Math.fround(88.7);

/**
 * XGBoost's float sigmoid (xgboost-spec.md §2.1, common::Sigmoid(float) in src/common/math.h):
 * `1 / (expf(min(-x, 88.7f)) + 1 + 1e-16)` with every step in float32 (the `+ 1e-16` is below half
 * an ulp of a float >= 1, so it vanishes); expf is glibc's (util/expf.ts).
 */
export function sigmoid32(x: number): number {
  const e = expf(Math.min(-x, SIGMOID_CLAMP));
  return Math.fround(1 / Math.fround(e + 1));
}
