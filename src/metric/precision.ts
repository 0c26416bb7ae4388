/**
 * Precision@k (xgboost-spec.md §1.8): per query, the number of relevant documents among the top
 * min(k, n) by prediction (stable, descending), divided by min(k, n). A document is relevant when its label is > 0.
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
    return 'linear-gain';
  }

  protected scoreQuery(label: Float32Array, begin: number, n: number, order: Uint32Array): number {
    const m = Math.min(n, this.k);
    let hits = 0;
    for (let i = 0; i < m; i++) if (label[begin + order[i]] > 0) hits++;
    return hits / m;
  }
}
