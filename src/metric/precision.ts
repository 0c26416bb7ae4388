/**
 * Precision@k (xgboost-spec.md §1.8): per query, the number of relevant documents among the top
 * min(k, n) by prediction (stable, descending), divided by min(k, n). Labels must be binary.
 * Without `@k` the whole list is used (hits / n).
 */
import { RankListMetric } from './rank-list-metric.js';
import type { RankLabelRule } from './ranking-labels.js';

/** `pre`, `pre@k`. */
export class PrecisionMetric extends RankListMetric {
  /**
   * @param name printed name, e.g. `pre@5`.
   * @param k truncation level (integer >= 1) or `Infinity`.
   */
  constructor(name: string, k: number) {
    super(name, k, false);
  }

  protected labelRule(): RankLabelRule {
    return 'binary';
  }

  protected scoreQuery(label: Float32Array, begin: number, n: number, order: Uint32Array): number {
    const m = Math.min(n, this.k);
    let hits = 0;
    for (let i = 0; i < m; i++) hits += label[begin + order[i]];
    return hits / m;
  }
}
