/**
 * The evaluation metric interface. Metrics see predictions in output space (after the
 * objective's transform; margins for ranking), as XGBoost's metrics do.
 */
import type { Dataset } from '../data/dataset.js';
import { DataError } from '../errors.js';
export interface MetricData {
  /** Float32Array, length nRows. */
  readonly label: Float32Array;
  /** Float32Array, length nRows, or null. For ranking, a query's weight is its first row's. */
  readonly weight: Float32Array | null;
  /** Uint32Array, length nQueries + 1, or null. */
  readonly queryOffsets: Uint32Array | null;
}

export interface Metric {
  /** Name as printed in the eval log, e.g. `rmse`, `ndcg@10`. */
  readonly name: string;
  /** True for metrics where larger is better (auc, ndcg, map): early stopping maximises them. */
  readonly higherIsBetter: boolean;
  /**
   * @param preds in: Float32Array, length nRows, predictions in output space.
   * @returns the metric value (float64).
   */
  evaluate(preds: Float32Array, data: MetricData): number;
}

/** The MetricData of a labelled Dataset; throws DataError naming the file when it has no label. */
export function metricDataOf(data: Dataset): MetricData {
  if (!data.label) throw new DataError({ file: data.source }, 'evaluation needs a label column (give --label)');
  return { label: data.label, weight: data.weight, queryOffsets: data.queryOffsets };
}
