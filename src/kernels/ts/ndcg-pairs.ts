/**
 * The topk pairs of one rank:ndcg query without position debiasing (Kernels.ndcgPairs, TypeScript
 * kernel and reference of native/assembly/ndcg-pairs.ts): the same order and float operations as
 * the general per-pair path of src/objective/lambdarank-query.ts (accumulatePair) over (i, j),
 * i < top, i < j < n, which test/objective/lambdarank.test.ts compares with it bit for bit;
 * specialised because it runs top x n times per query per round. Row i's float32 sums stay in
 * locals while j runs (each `+=` is rounded to float32 exactly as a Float32Array store rounds it).
 */
import { SIGMOID_CLAMP } from './sigmoid.js';
import { expf } from '../../util/expf.js';

/** Added to |s_h - s_l| by score normalization (xgboost-spec.md §1.5 step 2). */
export const SCORE_GAP_EPS = 0.01;
/** Hessian floor of p(1 - p) (spec §1.5 step 4). */
export const HESS_EPS = 1e-16;

/**
 * Adds every pair's lambda and hessian (xgboost-spec.md §1.5) of rank positions (i, j), i < top,
 * i < j < n, labels different, into the rank-ordered sums.
 * @param y in: Float32Array, length >= n, labels in rank order.
 * @param sc in: Float32Array, length >= n, scores in rank order (best first).
 * @param gain in: Float64Array, length >= n, DCG gains in rank order.
 * @param disc in: Float64Array, length >= n, discounts 1/log2(r + 2).
 * @param gR in/out: Float32Array, length >= n, g sums in rank order (zero on entry for a query).
 * @param hR in/out: Float32Array, length >= n, h sums in rank order.
 * @param _gd scratch of the WASM kernel (Float64Array, length >= n); not used here.
 * @param invIdcg 1/IDCG at the truncation level.
 * @param normByDiff score normalization: delta /= |s_h - s_l| + 0.01.
 * @returns S = sum of -2 lambda over the pairs, in pair order from 0.
 */
export function ndcgPairs(
  y: Float32Array, sc: Float32Array, gain: Float64Array, disc: Float64Array, gR: Float32Array, hR: Float32Array,
  _gd: Float64Array, n: number, top: number, invIdcg: number, normByDiff: boolean,
): number {
  let sumLambda = 0;
  for (let i = 0; i < top; i++) {
    const yi = y[i];
    const si = sc[i];
    const gi = gain[i];
    const di = disc[i];
    let gAcc = gR[i];
    let hAcc = hR[i];
    for (let j = i + 1; j < n; j++) {
      const yj = y[j];
      if (yi === yj) continue;
      const iHigh = yi > yj;
      const diff = iHigh ? Math.fround(si - sc[j]) : Math.fround(sc[j] - si);
      // sigmoid32 (predict/transform.ts), inlined
      const p = Math.fround(1 / Math.fround(expf(Math.min(-diff, SIGMOID_CLAMP)) + 1));
      const gainHigh = iHigh ? gi : gain[j];
      const gainLow = iHigh ? gain[j] : gi;
      const discHigh = iHigh ? di : disc[j];
      const discLow = iHigh ? disc[j] : di;
      // deltaNdcg (objective/ranking-delta.ts), inlined
      const original = gainHigh * discHigh + gainLow * discLow;
      const swapped = gainLow * discHigh + gainHigh * discLow;
      let delta = Math.abs((original - swapped) * invIdcg);
      if (normByDiff) delta /= Math.abs(diff) + SCORE_GAP_EPS;
      const lambdaF = Math.fround((p - 1) * delta);
      const hessF = Math.fround(Math.max(p * (1 - p), HESS_EPS) * delta * 2);
      if (iHigh) {
        gAcc = Math.fround(gAcc + lambdaF);
        gR[j] -= lambdaF;
      } else {
        gAcc = Math.fround(gAcc - lambdaF);
        gR[j] += lambdaF;
      }
      hAcc = Math.fround(hAcc + hessF);
      hR[j] += hessF;
      sumLambda += -2 * lambdaF;
    }
    gR[i] = gAcc;
    hR[i] = hAcc;
  }
  return sumLambda;
}
