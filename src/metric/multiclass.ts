/**
 * Multi-class metrics (XGBoost 3.4.1's src/metric/multiclass_metric.cu) over predictions of
 * nRows x K class probabilities, row-major: sum_i w_i loss_i / sum_i w_i, each row's loss a float32
 * times its weight in float32, summed in float64.
 *
 * - mlogloss: -log(p_{i, y_i}), p floored at 1e-16 (float32 logs)
 * - merror: 1 when the first largest probability of the row is not its label's, else 0
 * - auc: one-vs-rest (XGBoost 3.4.1's MultiAUC, src/metric/auc.cc): each class's binary ROC AUC
 *   of its probability against "label = k", averaged with the classes' weighted row counts as
 *   weights; NaN when a class has no rows or every row (XGBoost's rule)
 *
 * Labels must be class indices in [0, K) (a DataError naming the row otherwise, as XGBoost refuses them).
 */
import { shownValue } from '../data/value-rules.js';
import { DataError } from '../errors.js';
import { AucMetric } from './auc.js';
import type { Metric, MetricData } from './metric.js';

const f = Math.fround;
const EPS = f(1e-16);

abstract class MulticlassMetric implements Metric {
  abstract readonly name: string;
  readonly higherIsBetter = false;
  /** The float32 loss of row `r`, whose K probabilities start at preds[at]. */
  protected abstract row(preds: Float32Array, at: number, K: number, label: number): number;

  evaluate(preds: Float32Array, data: MetricData): number {
    const label = data.label;
    const n = label.length;
    if (n === 0) return NaN;
    const K = preds.length / n;
    if (!Number.isInteger(K) || K < 1) throw new Error(`${this.name}: ${preds.length} predictions for ${n} rows`);
    let sum = 0;
    let sumWeight = 0;
    for (let r = 0; r < n; r++) {
      const y = label[r]!;
      // XGBoost truncates the label to an int and refuses one outside [0, K).
      const c = Math.trunc(y);
      if (!(c >= 0 && c < K)) {
        throw new DataError(
          { file: data.source ?? 'evaluation data', row: r + 1, column: data.labelName ?? 'label' },
          `label ${shownValue(y)} is not a class index in [0, ${K}); ${this.name} needs labels 0 .. ${K - 1}`,
        );
      }
      const w = data.weight ? data.weight[r]! : 1;
      sum += f(this.row(preds, r * K, K, c) * w);
      sumWeight += w;
    }
    return sum / sumWeight;
  }
}

/** Multi-class negative log likelihood. */
export class MultiLoglossMetric extends MulticlassMetric {
  readonly name = 'mlogloss';
  protected row(preds: Float32Array, at: number, _K: number, label: number): number {
    const p = preds[at + label]!;
    return f(-f(Math.log(p > EPS ? p : EPS)));
  }
}

/** Multi-class error rate. */
export class MultiErrorMetric extends MulticlassMetric {
  readonly name = 'merror';
  protected row(preds: Float32Array, at: number, K: number, label: number): number {
    let best = 0;
    for (let k = 1; k < K; k++) if (preds[at + k]! > preds[at + best]!) best = k;
    return best === label ? 0 : 1;
  }
}

/** One-vs-rest ROC AUC of K class probabilities, weighted by class prevalence (XGBoost's multi-class auc). */
export class MultiAucMetric implements Metric {
  readonly name = 'auc';
  readonly higherIsBetter = true;
  private readonly binary = new AucMetric();

  evaluate(preds: Float32Array, data: MetricData): number {
    const label = data.label;
    const n = label.length;
    if (n === 0) return NaN;
    const K = preds.length / n;
    const proba = new Float32Array(n);
    const response = new Float32Array(n);
    let sum = 0;
    let sumWeight = 0;
    for (let k = 0; k < K; k++) {
      let positives = 0;
      for (let r = 0; r < n; r++) {
        proba[r] = preds[r * K + k]!;
        response[r] = label[r] === k ? 1 : 0;
        if (response[r] === 1) positives += data.weight ? data.weight[r]! : 1;
      }
      const auc = this.binary.evaluate(proba, { ...data, label: response.slice() });
      if (!(positives > 0) || Number.isNaN(auc)) return NaN;
      sum += auc * positives;
      sumWeight += positives;
    }
    return sumWeight === 0 ? NaN : sum / sumWeight;
  }
}
