/**
 * Area under the ROC curve, weighted, with tied predictions averaged: the Mann-Whitney rank-sum
 * where a (positive, negative) pair with equal predictions counts 1/2. Same sweep as XGBoost's
 * binary AUC: sort predictions descending; for each group of tied predictions with positive weight
 * P_t and negative weight N_t, add N_t * (P_above + P_t / 2); divide by P_total * N_total.
 * Each row contributes w*y to the positives and w*(1 - y) to the negatives, so soft labels in
 * [0, 1] work as in XGBoost.
 *
 * Scope: this is the binary AUC over the whole set. For data with query groups XGBoost computes a
 * per-query AUC averaged over the queries (ranking AUC); this metric ignores `queryOffsets`.
 * A set with only positives or only negatives has no AUC: the result is NaN (XGBoost warns and
 * reports NaN too). Labels outside [0, 1] are a DataError (XGBoost reports NaN for them).
 */
import { checkLabelDomain, type Metric, type MetricData } from './metric.js';
import { argsortDesc } from '../kernels/ts/argsort.js';

/** `auc`: weighted binary ROC AUC over the whole set, ties counted 1/2. */
export class AucMetric implements Metric {
  readonly name = 'auc';
  readonly higherIsBetter = true;
  private order = new Uint32Array(0);
  private tmp = new Uint32Array(0);

  evaluate(preds: Float32Array, data: MetricData): number {
    checkLabelDomain('probability', data, 'auc');
    const n = preds.length;
    if (this.order.length < n) {
      this.order = new Uint32Array(n);
      this.tmp = new Uint32Array(n);
    }
    const order = this.order;
    argsortDesc(preds, 0, n, order, this.tmp);
    const label = data.label;
    const weight = data.weight;
    let area = 0;
    let posAbove = 0;
    let negAbove = 0;
    let i = 0;
    while (i < n) {
      const p = preds[order[i]];
      let pos = 0;
      let neg = 0;
      let j = i;
      // A tie group: equal predictions (NaN rows, sorted last, form one group of their own).
      while (j < n && (preds[order[j]] === p || (p !== p && preds[order[j]] !== preds[order[j]]))) {
        const r = order[j];
        const w = weight === null ? 1 : weight[r];
        pos += w * label[r];
        neg += w * (1 - label[r]);
        j++;
      }
      area += neg * (posAbove + pos * 0.5);
      posAbove += pos;
      negAbove += neg;
      i = j;
    }
    if (posAbove <= 0 || negAbove <= 0) return NaN;
    return area / (posAbove * negAbove);
  }
}
