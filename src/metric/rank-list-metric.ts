/**
 * The common skeleton of the rank-list metrics (ndcg, map, pre; xgboost-spec.md §1.8): per query,
 * order the documents by a stable descending sort of the predictions (ties keep input order), score
 * the list, and average the scores weighted by the query weights (the weight of each query's first
 * row; 1 without weights), clipped to <= 1. Empty queries are skipped.
 *
 * Labels are validated once per label array (and query offsets), together with whatever per-query
 * constants the metric needs (NDCG's 1/IDCG), and cached while the label array is alive: eval sets
 * are scored every round with the same labels.
 */
import type { Metric, MetricData } from './metric.js';
import { argsortDesc } from '../kernels/ts/argsort.js';
import { checkRankingLabels, type RankLabelRule } from './ranking-labels.js';
import { evalQueryOffsets, finalizeRankScore, maxQuerySize, queryWeight } from './query-groups.js';

/** What `evaluate` needs to know about one label array, computed once. */
interface PreparedLabels {
  /** The `queryOffsets` object this was prepared for (null: the whole set is one query). */
  readonly offsets: Uint32Array | null;
  /** Per-query constants (Float64Array, length nQueries), or null. */
  readonly perQuery: Float64Array | null;
  /** Size of the largest query. */
  readonly maxQuery: number;
}

/** Source name used in label errors: MetricData carries no file name. */
const EVAL_SOURCE = 'evaluation data';

/** Base of the rank-list metrics: per-query stable sort, weighted average over queries, clip to <= 1. */
export abstract class RankListMetric implements Metric {
  readonly higherIsBetter = true;
  readonly name: string;
  /** Truncation level; `Infinity` when the name has no `@k`. */
  protected readonly k: number;
  /** True for the `-` variants: a query without relevant documents scores 0 instead of 1. */
  protected readonly minus: boolean;
  private order = new Uint32Array(0);
  private tmp = new Uint32Array(0);
  private readonly prepared = new WeakMap<Float32Array, PreparedLabels>();

  /**
   * @param name printed name, e.g. `ndcg@10-`.
   * @param k truncation level (integer >= 1) or `Infinity`.
   * @param minus the `-` variant.
   */
  protected constructor(name: string, k: number, minus: boolean) {
    this.name = name;
    this.k = k;
    this.minus = minus;
  }

  /** Which labels the metric accepts. */
  protected abstract labelRule(): RankLabelRule;

  /** Per-query constants computed from the labels once (e.g. 1/IDCG), or null. */
  protected perQuery(_label: Float32Array, _offsets: Uint32Array): Float64Array | null {
    return null;
  }

  /**
   * Scores one non-empty query.
   * @param label Float32Array, length nRows.
   * @param begin first row of the query.
   * @param n number of rows (>= 1).
   * @param order Uint32Array: `order[0 .. n)` are the query's local row indices, best prediction first.
   * @param perQuery what `perQuery` returned.
   * @param q query index.
   */
  protected abstract scoreQuery(
    label: Float32Array, begin: number, n: number, order: Uint32Array, perQuery: Float64Array | null, q: number,
  ): number;

  evaluate(preds: Float32Array, data: MetricData): number {
    const label = data.label;
    const offsets = evalQueryOffsets(data.queryOffsets, preds.length);
    const prep = this.prepare(label, data.queryOffsets, offsets, data);
    if (this.order.length < prep.maxQuery) {
      this.order = new Uint32Array(prep.maxQuery);
      this.tmp = new Uint32Array(prep.maxQuery);
    }
    const order = this.order;
    const tmp = this.tmp;
    let sum = 0;
    let sumWeight = 0;
    for (let q = 0; q + 1 < offsets.length; q++) {
      const begin = offsets[q];
      const n = offsets[q + 1] - begin;
      if (n === 0) continue;
      argsortDesc(preds, begin, n, order, tmp);
      const w = queryWeight(data.weight, begin);
      sum += w * this.scoreQuery(label, begin, n, order, prep.perQuery, q);
      sumWeight += w;
    }
    return finalizeRankScore(sum, sumWeight);
  }

  private prepare(label: Float32Array, given: Uint32Array | null, offsets: Uint32Array, data: MetricData): PreparedLabels {
    const cached = this.prepared.get(label);
    if (cached !== undefined && cached.offsets === given) return cached;
    checkRankingLabels(label, this.labelRule(), data.source ?? EVAL_SOURCE, this.name, data.labelName);
    const prep: PreparedLabels = {
      offsets: given,
      perQuery: this.perQuery(label, offsets),
      maxQuery: maxQuerySize(offsets),
    };
    this.prepared.set(label, prep);
    return prep;
  }
}
