/**
 * Query bookkeeping for the ranking metrics: offsets (the whole set is one query when there are no
 * groups, as in XGBoost), per-query weights and the final weighted average
 * (xgboost-spec.md §1.1, §1.8).
 */

/**
 * The query offsets to evaluate over.
 * @param queryOffsets Uint32Array, length nQueries + 1, or null.
 * @param nRows number of predictions.
 * @returns `queryOffsets`, or `[0, nRows]` (the whole set as one query) when it is null.
 */
export function evalQueryOffsets(queryOffsets: Uint32Array | null, nRows: number): Uint32Array {
  if (queryOffsets !== null) return queryOffsets;
  const whole = new Uint32Array(2);
  whole[1] = nRows;
  return whole;
}

/** Size of the largest query. @param queryOffsets Uint32Array, length nQueries + 1. */
export function maxQuerySize(queryOffsets: Uint32Array): number {
  let m = 0;
  for (let q = 0; q + 1 < queryOffsets.length; q++) m = Math.max(m, queryOffsets[q + 1] - queryOffsets[q]);
  return m;
}

/**
 * The weight of the query starting at row `begin`: the weight of its first row, 1 without weights.
 * @param weight Float32Array, length nRows, or null.
 */
export function queryWeight(weight: Float32Array | null, begin: number): number {
  return weight === null ? 1 : weight[begin];
}

/**
 * XGBoost's ranking-metric finalisation: sum_g w_g m_g / sum_g w_g (the plain sum when the weights
 * sum to 0, e.g. no queries), clipped to <= 1 (spec §1.8).
 */
export function finalizeRankScore(weightedSum: number, sumWeight: number): number {
  const score = sumWeight > 0 ? weightedSum / sumWeight : weightedSum;
  return Math.min(1, score);
}
