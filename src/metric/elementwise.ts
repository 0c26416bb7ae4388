/**
 * Row-wise metrics (XGBoost's elementwise_metric): a weighted mean of a per-row loss,
 * sum_i w_i loss(y_i, p_i) / sum_i w_i, with per-row weights (1 without weights) and the plain sum
 * when the weights sum to 0. Predictions are in output space (probabilities for logloss / error,
 * means for poisson-nloglik). Computed in float64 (XGBoost evaluates each row in float32, so its
 * printed values can differ in the 7th significant digit).
 *
 * - rmse: sqrt(mean (y - p)^2)
 * - mae: mean |y - p|
 * - logloss: mean of -y ln p - (1 - y) ln(1 - p), with p and 1 - p floored at 1e-16 and a term
 *   dropped when its coefficient is 0 (XGBoost's xlogy form; this is XGBoost's own clip, eps = 1e-16)
 * - error / error@t: mean of (p > t ? 1 - y : y), t = 0.5 by default, compared in float32
 * - poisson-nloglik: mean of ln Γ(y + 1) + p - y ln p, with p floored at 1e-16
 *
 * logloss and error need labels in [0, 1] and poisson-nloglik labels >= 0 (a DataError naming the
 * row otherwise: XGBoost prints a meaningless value such as a negative logloss).
 */
import { checkLabelDomain, type LabelDomain, type Metric, type MetricData } from './metric.js';
import { logGamma } from './log-gamma.js';

/** Probability floor of logloss and poisson-nloglik (XGBoost's eps = 1e-16). */
export const PROB_EPS = 1e-16;

/** A weighted mean of a row loss, with an optional final transform (sqrt for rmse). */
abstract class RowMetric implements Metric {
  abstract readonly name: string;
  readonly higherIsBetter = false;
  /** The labels the loss is defined for (checked once per label array; metric.ts). */
  protected readonly labelDomain: LabelDomain = 'any';

  /** Loss of one row. */
  protected abstract row(y: number, p: number): number;

  /** Final transform of the weighted mean. */
  protected final(mean: number): number {
    return mean;
  }

  evaluate(preds: Float32Array, data: MetricData): number {
    checkLabelDomain(this.labelDomain, data, this.name);
    const label = data.label;
    const weight = data.weight;
    let sum = 0;
    let sumWeight = 0;
    if (weight === null) {
      for (let i = 0; i < preds.length; i++) sum += this.row(label[i], preds[i]);
      sumWeight = preds.length;
    } else {
      for (let i = 0; i < preds.length; i++) {
        const w = weight[i];
        sum += w * this.row(label[i], preds[i]);
        sumWeight += w;
      }
    }
    return this.final(sumWeight === 0 ? sum : sum / sumWeight);
  }
}

/** Root mean squared error. */
export class RmseMetric extends RowMetric {
  readonly name = 'rmse';
  protected row(y: number, p: number): number {
    const d = y - p;
    return d * d;
  }
  protected override final(mean: number): number {
    return Math.sqrt(mean);
  }
}

/** Mean absolute error. */
export class MaeMetric extends RowMetric {
  readonly name = 'mae';
  protected row(y: number, p: number): number {
    return Math.abs(y - p);
  }
}

/** Binary cross-entropy of probabilities; labels may be soft (in [0, 1]). */
export class LoglossMetric extends RowMetric {
  readonly name = 'logloss';
  protected override readonly labelDomain = 'probability';
  protected row(y: number, p: number): number {
    const ny = 1 - y;
    let loss = 0;
    if (y !== 0) loss -= y * Math.log(Math.max(p, PROB_EPS));
    if (ny !== 0) loss -= ny * Math.log(Math.max(1 - p, PROB_EPS));
    return loss;
  }
}

/** Classification error at a threshold: a prediction > t counts as class 1. */
export class ErrorMetric extends RowMetric {
  readonly name: string;
  protected override readonly labelDomain = 'probability';
  private readonly threshold: number;

  /**
   * @param name printed name (`error`, or `error@` followed by the threshold as the user wrote it).
   * @param threshold decision threshold; rounded to float32 as XGBoost parses it.
   */
  constructor(name: string, threshold: number) {
    super();
    this.name = name;
    this.threshold = Math.fround(threshold);
  }

  protected row(y: number, p: number): number {
    return p > this.threshold ? 1 - y : y;
  }
}

/** Poisson negative log-likelihood of predicted means. */
export class PoissonNloglikMetric extends RowMetric {
  readonly name = 'poisson-nloglik';
  protected override readonly labelDomain = 'non-negative';
  protected row(y: number, p: number): number {
    const mu = Math.max(p, PROB_EPS);
    return logGamma(y + 1) + mu - Math.log(mu) * y;
  }
}

/**
 * Mean pseudo-Huber error (XGBoost's `mphe`): slope^2 (sqrt(1 + ((y - p)/slope)^2) - 1), the
 * default metric of reg:pseudohubererror, with the objective's huber_slope.
 */
export class MpheMetric extends RowMetric {
  readonly name = 'mphe';
  constructor(private readonly slope: number) {
    super();
  }
  protected row(y: number, p: number): number {
    const z = (y - p) / this.slope;
    return this.slope * this.slope * (Math.sqrt(1 + z * z) - 1);
  }
}
