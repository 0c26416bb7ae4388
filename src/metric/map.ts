/**
 * MAP@k, mean average precision (xgboost-spec.md §1.8; XGBoost 2.x / 3.x definition). A document
 * is relevant when its label is > 0, so graded labels work too (as in XGBoost 1.7 and LightGBM;
 * with 0/1 labels this is XGBoost 2.x's definition exactly). Per query, over the documents ordered by prediction (stable, descending):
 *
 *   AP@k = ( sum over relevant documents at rank i < min(k, n) of hits(0..i) / (i + 1) ) / min(N_rel, k)
 *
 * where N_rel counts the relevant documents of the whole list; without `@k` the divisor is N_rel.
 * A query without relevant documents scores 1, or 0 for the `-` variants.
 *
 * Note: XGBoost 1.7.x divided by N_rel even with `@k`; its `map@10` on the bundled reference
 * (shared/reference/xgboost-1.7.4) is therefore lower than this definition gives. 2.0 changed the
 * divisor to min(N_rel, k), which is what the spec (and this code) follows.
 */
import { RankListMetric } from './rank-list-metric.js';
import type { RankLabelRule } from './ranking-labels.js';

/** `map`, `map@k`, `map-`, `map@k-`. */
export class MapMetric extends RankListMetric {
  /**
   * @param name printed name, e.g. `map@5-`.
   * @param k truncation level (integer >= 1) or `Infinity`.
   * @param minus true for `map-` / `map@k-`.
   */
  constructor(name: string, k: number, minus: boolean) {
    super(name, k, minus);
  }

  protected labelRule(): RankLabelRule {
    return 'linear-gain';
  }

  protected scoreQuery(label: Float32Array, begin: number, n: number, order: Uint32Array): number {
    const m = Math.min(n, this.k);
    let hits = 0;
    let sum = 0;
    for (let i = 0; i < m; i++) {
      const y = label[begin + order[i]] > 0 ? 1 : 0;
      hits += y;
      sum += (hits / (i + 1)) * y;
    }
    for (let i = m; i < n; i++) if (label[begin + order[i]] > 0) hits++;
    if (hits === 0) return this.minus ? 0 : 1;
    return sum / Math.min(hits, this.k);
  }
}
