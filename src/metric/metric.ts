/**
 * The evaluation metric interface. Metrics see predictions in output space (after the
 * objective's transform; margins for ranking), as XGBoost's metrics do.
 */
import type { Dataset } from '../data/dataset.js';
import { shownValue } from '../data/value-rules.js';
import { DataError } from '../errors.js';
export interface MetricData {
  /** Float32Array, length nRows. */
  readonly label: Float32Array;
  /** Float32Array, length nRows, or null. For ranking, a query's weight is its first row's. */
  readonly weight: Float32Array | null;
  /** Uint32Array, length nQueries + 1, or null. */
  readonly queryOffsets: Uint32Array | null;
  /** Where the data came from, for messages (default `evaluation data`). */
  readonly source?: string;
  /** How messages name the label column (Dataset.labelName; default `label`). */
  readonly labelName?: string | number;
}

/**
 * Which labels a metric can score (XGBoost's checks, and what its formulas assume):
 * `probability`: in [0, 1], binary 0/1 or soft labels (auc, logloss, error); `non-negative`:
 * >= 0 (poisson-nloglik); `any`: every finite label.
 */
export type LabelDomain = 'any' | 'probability' | 'non-negative';

/** The label arrays already checked, per domain (a metric evaluates the same set every round). */
const checkedLabels = new WeakMap<Float32Array, Set<LabelDomain>>();

/**
 * Throws a DataError naming the first row (from 1) whose label is outside `domain`, once per
 * label array and domain.
 * @param metric the metric's name, for the message.
 */
export function checkLabelDomain(domain: LabelDomain, data: MetricData, metric: string): void {
  if (domain === 'any') return;
  const label = data.label;
  let done = checkedLabels.get(label);
  if (done?.has(domain)) return;
  for (let i = 0; i < label.length; i++) {
    const y = label[i]!;
    const ok = domain === 'probability' ? y >= 0 && y <= 1 : y >= 0;
    if (!ok) {
      const need = domain === 'probability'
        ? `${metric} needs binary labels (0 or 1) or probabilities in [0, 1], as in XGBoost`
        : `${metric} needs labels >= 0`;
      throw new DataError(
        { file: data.source ?? 'evaluation data', row: i + 1, column: data.labelName ?? 'label' },
        `label ${shownValue(y)} is ${domain === 'probability' ? 'not in [0, 1]' : 'negative'}; ${need}`,
      );
    }
  }
  if (done === undefined) checkedLabels.set(label, (done = new Set()));
  done.add(domain);
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
  return {
    label: data.label,
    weight: data.weight,
    queryOffsets: data.queryOffsets,
    source: data.source,
    ...(data.labelName !== undefined ? { labelName: data.labelName } : {}),
  };
}
