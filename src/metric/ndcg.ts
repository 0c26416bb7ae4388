/**
 * NDCG@k (xgboost-spec.md §1.8): per query, DCG@k = sum_{i < min(k, n)} G(y_(i)) D(i) over the
 * documents ordered by prediction (stable, descending), divided by IDCG@k, the same sum over the
 * labels sorted descending. A query with IDCG = 0 (no relevant document) scores 1, or 0 for the `-`
 * variants. G is 2^y - 1 (labels must be integers 0..31) or y with `ndcg_exp_gain=false`.
 */
import { RankListMetric } from './rank-list-metric.js';
import { dcgGain, discountTable, inverseIdcgPerQuery } from '../kernels/ts/dcg.js';
import type { RankLabelRule } from './ranking-labels.js';

/** `ndcg`, `ndcg@k`, `ndcg-`, `ndcg@k-`. */
export class NdcgMetric extends RankListMetric {
  private readonly expGain: boolean;

  /**
   * @param name printed name, e.g. `ndcg@10`.
   * @param k truncation level (integer >= 1) or `Infinity` for the whole list.
   * @param minus true for `ndcg-` / `ndcg@k-`.
   * @param expGain gain 2^y - 1 (true) or y (false).
   */
  constructor(name: string, k: number, minus: boolean, expGain: boolean) {
    super(name, k, minus);
    this.expGain = expGain;
  }

  protected labelRule(): RankLabelRule {
    return this.expGain ? 'exp-gain' : 'linear-gain';
  }

  /** 1/IDCG@k per query (Float64Array, length nQueries). */
  protected override perQuery(label: Float32Array, offsets: Uint32Array): Float64Array {
    return inverseIdcgPerQuery(label, offsets, this.k, this.expGain);
  }

  protected scoreQuery(
    label: Float32Array, begin: number, n: number, order: Uint32Array, invIdcg: Float64Array | null, q: number,
  ): number {
    const inv = invIdcg === null ? 0 : invIdcg[q];
    if (inv === 0) return this.minus ? 0 : 1;
    const m = Math.min(n, this.k);
    const disc = discountTable(m);
    let ndcg = 0;
    for (let i = 0; i < m; i++) ndcg += disc[i] * dcgGain(label[begin + order[i]], this.expGain) * inv;
    return ndcg;
  }
}
