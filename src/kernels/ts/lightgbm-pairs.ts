/**
 * The pairs of one LightGBM lambdarank query (Kernels.lightgbmPairs, TypeScript kernel and the
 * reference of native/assembly/lightgbm-pairs.ts): LightGBM 4.6's
 * LambdarankNDCG::GetGradientsForOneQuery pair loop over copies laid out by rank. Pairs are
 * visited in LightGBM's order (rank i ascending, then j > i ascending) and every g and h receives
 * its float32 additions in that order, so the sums are those of the pair-by-pair restatement
 * (naiveLightgbmLambdaQuery in lightgbm-lambda-naive.ts, which the tests hold it to) bit for bit:
 * - the rank-i row's sums are carried in locals through its row of pairs (nothing else touches
 *   them meanwhile);
 * - sign = +1 when row i has the larger label, else -1: s_high - s_low = sign (s_i - s_j) and
 *   gain_high - gain_low = sign (gain_i - gain_j) exactly (negation is exact), and
 *   |D(high) - D(low)| = |D(i) - D(j)|;
 * - p is LightGBM's sigmoid table entry (LightGbmSigmoid): read from `table`, or computed by the
 *   same formula where the table has no entry yet.
 */

/** Bins of LightGBM's sigmoid table (1024 * 1024). */
export const LIGHTGBM_SIGMOID_BINS = 1024 * 1024;
/** LightGBM's 0.01f added to |s_high - s_low|. */
export const LIGHTGBM_SCORE_GAP_EPS = Math.fround(0.01);

/** LightGBM's sigmoid table input range and scale (LightGbmSigmoid's fields). */
export interface LightGbmSigmoidRange {
  readonly sigmoid: number;
  /** Inputs at or below take bin 0; at or above, the last bin. */
  readonly minInput: number;
  readonly maxInput: number;
  /** Bins per unit of input. */
  readonly factor: number;
}

/** The bin of input x (GetSigmoid): 0 at or below the range, the last bin at or above, NaN for NaN. */
export function lightgbmSigmoidBin(r: LightGbmSigmoidRange, x: number): number {
  return x <= r.minInput ? 0 : x >= r.maxInput ? LIGHTGBM_SIGMOID_BINS - 1 : Math.floor((x - r.minInput) * r.factor);
}

/**
 * The lowest / highest bin an input of magnitude <= `spread` can fall in (a pair's s_high - s_low
 * when spread >= max - min of its query's scores: rounding is monotone, and bins grow with the
 * input): the bins of -spread and spread inside the range; 0 and 2^20 (the extra entry a value a
 * hair below the top edge rounds to) for a spread that is NaN, infinite or past the range.
 */
export function lowestSigmoidBin(r: LightGbmSigmoidRange, spread: number): number {
  return spread >= 0 && spread < r.maxInput ? lightgbmSigmoidBin(r, -spread) : 0;
}

/** See lowestSigmoidBin. */
export function highestSigmoidBin(r: LightGbmSigmoidRange, spread: number): number {
  return spread >= 0 && spread < r.maxInput ? lightgbmSigmoidBin(r, spread) : LIGHTGBM_SIGMOID_BINS;
}

/** Table entry `bin` by its formula (ConstructSigmoidTable): 1 / (1 + exp(sigmoid (bin / factor + min))). */
export function lightgbmSigmoidEntry(r: LightGbmSigmoidRange, bin: number): number {
  return 1 / (1 + Math.exp((bin / r.factor + r.minInput) * r.sigmoid));
}

/**
 * Adds every pair (i, j), i < top, i < j < n, labels different, neither score -Infinity, into the
 * rank-ordered sums.
 * @param y in: Float32Array, length >= n, labels in rank order.
 * @param s in: Float64Array, length >= n, scores in rank order (best first).
 * @param gain in: Float64Array, length >= n, label gains in rank order.
 * @param disc in: Float64Array, length >= n, discounts 1/log2(2 + r).
 * @param gR in/out: Float32Array, length >= n, g sums in rank order.
 * @param hR in/out: Float32Array, length >= n, h sums in rank order.
 * @param table in: Float64Array, length 2^20 + 1, LightGBM's sigmoid table (0 = no entry yet).
 * @param range the table's range and LightGBM's `sigmoid`.
 * @param top min(n - 1, truncation level).
 * @param invMaxDcg 1/maxDCG of the query (0 without relevant documents).
 * @param scaleByGap lambdarank_norm with distinct best and worst scores: delta /= 0.01f + |ds|.
 * @returns S = the sum of -2 lambda over the pairs, in pair order from 0.
 */
export function lightgbmPairs(
  y: Float32Array, s: Float64Array, gain: Float64Array, disc: Float64Array, gR: Float32Array, hR: Float32Array,
  table: Float64Array, range: LightGbmSigmoidRange, n: number, top: number, invMaxDcg: number, scaleByGap: boolean,
): number {
  const sigma = range.sigmoid;
  const negSigma = -sigma;
  const sigma2 = sigma * sigma;
  const tMin = range.minInput;
  const tMax = range.maxInput;
  const tFactor = range.factor;
  const last = LIGHTGBM_SIGMOID_BINS - 1;
  let sumLambdas = 0;
  for (let i = 0; i < top; i++) {
    const si = s[i]!;
    if (si === -Infinity) continue;
    const yi = y[i]!;
    const gainI = gain[i]!;
    const di = disc[i]!;
    let gi = gR[i]!;
    let hi = hR[i]!;
    for (let j = i + 1; j < n; j++) {
      const yj = y[j]!;
      if (yi === yj) continue;
      const sj = s[j]!;
      if (sj === -Infinity) continue;
      const sign = yi > yj ? 1 : -1;
      const deltaScore = sign * (si - sj);
      let delta = sign * (gainI - gain[j]!) * Math.abs(di - disc[j]!) * invMaxDcg;
      if (scaleByGap) delta /= LIGHTGBM_SCORE_GAP_EPS + Math.abs(deltaScore);
      const bin = deltaScore <= tMin ? 0 : deltaScore >= tMax ? last : Math.floor((deltaScore - tMin) * tFactor);
      let p = table[bin]!;
      if (!(p > 0)) p = lightgbmSigmoidEntry(range, bin);
      const pLambda = p * (negSigma * delta);
      const lf = sign * Math.fround(pLambda);
      gi = Math.fround(gi + lf);
      gR[j] = Math.fround(gR[j]! - lf);
      const hf = Math.fround(p * (1 - p) * (sigma2 * delta));
      hi = Math.fround(hi + hf);
      hR[j] = Math.fround(hR[j]! + hf);
      sumLambdas -= 2 * pLambda;
    }
    gR[i] = gi;
    hR[i] = hi;
  }
  return sumLambdas;
}
