/**
 * The unbiased LambdaMART pair cost before the Delta factor, `xgboost` or `paper` (the two
 * conventions are stated in src/objective/ranking-position-bias.ts and the spec §1.7), and the
 * guard below which a position bias counts as zero.
 */

/** Guard below which a bias or an accumulator is treated as zero (XGBoost's Eps64). */
export const BIAS_EPS = 1e-16;

/** softplus(x) = log(1 + e^x), without overflow. */
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/**
 * The pair cost before the Delta factor.
 * @param kind `xgboost` or `paper` (see the module comment).
 * @param p sigma(s_h - s_l) as computed by `sigmoid32` (sigmoid.ts).
 * @param diff the float32 difference s_h - s_l.
 */
export function pairCost(kind: 'xgboost' | 'paper', p: number, diff: number): number {
  if (kind === 'paper') return -Math.log(p);
  return p < 1 ? Math.log(1 / (1 - p)) : softplus(diff);
}
