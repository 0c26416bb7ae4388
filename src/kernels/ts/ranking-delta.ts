/**
 * |Delta metric| of swapping two documents in the model's rank list: the LambdaRank weight of a
 * pair (Burges 2010, "From RankNet to LambdaRank to LambdaMART", §4; xgboost-spec.md §1.5).
 * `rank:pairwise` uses a constant 1 (the RankNet loss) and needs nothing from here.
 */
/**
 * Delta NDCG of swapping the documents at two rank positions:
 * (G(y_h) D(r_h) + G(y_l) D(r_l) - G(y_l) D(r_h) - G(y_h) D(r_l)) / IDCG, i.e. the DCG change of the
 * swap times 1/IDCG (spec §1.5; the discounts are not truncated at k). Evaluated in this order, as
 * XGBoost does, so the float64 rounding matches.
 * @param gainHigh G(y_h) (see `dcgGain`), `gainLow` G(y_l).
 * @param discountHigh D(r_h) = 1/log2(r_h + 2), `discountLow` D(r_l).
 * @param invIdcg 1/IDCG of the query at the truncation level (0 when IDCG = 0).
 * @returns the signed change; callers take the absolute value.
 */
export function deltaNdcg(
  gainHigh: number, gainLow: number, discountHigh: number, discountLow: number, invIdcg: number,
): number {
  const original = gainHigh * discountHigh + gainLow * discountLow;
  const swapped = gainLow * discountHigh + gainHigh * discountLow;
  return (original - swapped) * invIdcg;
}

/**
 * Prefix statistics of one query for delta MAP, over the labels in the model's rank order:
 * R[k] = number of relevant documents at rank positions 0..k, A[k] = sum_{m <= k} y_(m) / (m + 1).
 * @param yRanked in: Float32Array, binary labels in rank order at 0 .. n.
 * @param n in: query size (>= 1).
 * @param nRel out: Float64Array, length >= n, R.
 * @param acc out: Float64Array, length >= n, A.
 */
export function mapStats(yRanked: Float32Array, n: number, nRel: Float64Array, acc: Float64Array): void {
  let r = 0;
  let a = 0;
  for (let k = 0; k < n; k++) {
    const y = yRanked[k];
    r += y;
    a += y / (k + 1);
    nRel[k] = r;
    acc[k] = a;
  }
}

/**
 * Delta AP of swapping the documents at rank positions a < b (binary labels; spec §1.5, after
 * Donmez, Svore & Burges 2009, "On the local optimality of LambdaRank"), with N = R[n-1] > 0:
 * - doc at a irrelevant, doc at b relevant: (R[b]/(b+1) - (R[a]+1)/(a+1) - (A[b-1] - A[a])) / N
 * - otherwise: (R[a]/(a+1) - R[b]/(b+1) + (A[b-1] - A[a])) / N
 * Its absolute value equals |AP(swapped list) - AP(list)| with AP over the whole list.
 * @param yA label at rank a, `yB` at rank b.
 * @param a the smaller rank position, `b` the larger.
 * @param nRel Float64Array, R from `mapStats`.
 * @param acc Float64Array, A from `mapStats`.
 * @param nTotal N, the number of relevant documents of the query.
 * @returns the signed change; callers take the absolute value.
 */
export function deltaMap(
  yA: number, yB: number, a: number, b: number, nRel: Float64Array, acc: Float64Array, nTotal: number,
): number {
  const between = acc[b - 1] - acc[a];
  if (yA < yB) {
    return (nRel[b] / (b + 1) - (nRel[a] + 1) / (a + 1) - between) / nTotal;
  }
  return (nRel[a] / (a + 1) - nRel[b] / (b + 1) + between) / nTotal;
}
