/**
 * XGBoost's float sigmoid: 1 / (expf(min(-x, 88.7)) + 1 + 1e-16), evaluated with float32 rounding
 * at each step (xgboost-spec.md §2.1). Math.exp is double; rounding its result to float32 matches
 * expf except in rare last-ulp cases.
 */
export function sigmoidF32(x: number): number {
  const e = Math.fround(Math.exp(Math.fround(Math.min(-x, 88.7))));
  return Math.fround(1 / Math.fround(e + 1 + 1e-16));
}
