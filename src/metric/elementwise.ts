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
 * - rmsle, gamma-deviance, gamma-nloglik, tweedie-nloglik@rho, quantile: see each class (XGBoost 3.4.1's
 *   elementwise_metric.cu)
 *
 * logloss and error need labels in [0, 1] and poisson-nloglik labels >= 0 (a DataError naming the
 * row otherwise: XGBoost prints a meaningless value such as a negative logloss).
 */
import { checkLabelDomain, type LabelDomain, type Metric, type MetricData } from './metric.js';
import { expf } from '../util/expf.js';
import { logf } from '../util/logf.js';
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

/** Root mean squared log error (XGBoost's `rmsle`, reg:squaredlogerror's default): sqrt(mean (log1p y - log1p p)^2). */
export class RmsleMetric extends RowMetric {
  readonly name = 'rmsle';
  protected row(y: number, p: number): number {
    const d = Math.log1p(y) - Math.log1p(p);
    return d * d;
  }
  protected override final(mean: number): number {
    return Math.sqrt(mean);
  }
}

/** XGBoost's kRtEps (1e-6f), gamma-deviance's offset. */
const RT_EPS = Math.fround(1e-6);

/**
 * Gamma deviance (XGBoost's `gamma-deviance`, reg:gamma's default): 2 sum w (log(p'/y') + y'/p' - 1) / sum w
 * with p' = p + 1e-6, y' = y + 1e-6 (a weight sum <= 0 counts as 1e-6).
 */
export class GammaDevianceMetric implements Metric {
  readonly name = 'gamma-deviance';
  readonly higherIsBetter = false;
  evaluate(preds: Float32Array, data: MetricData): number {
    let sum = 0;
    let sw = 0;
    for (let i = 0; i < preds.length; i++) {
      const w = data.weight ? data.weight[i]! : 1;
      const p = preds[i]! + RT_EPS;
      const y = data.label[i]! + RT_EPS;
      sum += w * (Math.log(p / y) + y / p - 1);
      sw += w;
    }
    return (2 * sum) / (sw <= 0 ? RT_EPS : sw);
  }
}

/** Gamma negative log-likelihood with dispersion 1 (XGBoost's `gamma-nloglik`): mean of y/p + log p, p floored at 1e-6. */
export class GammaNloglikMetric extends RowMetric {
  readonly name = 'gamma-nloglik';
  protected row(y: number, p: number): number {
    const mu = Math.max(p, 1e-6);
    // -((y theta - b) / psi + c) with theta = -1/mu, b = -log(-theta), psi = 1, c = 0
    const theta = -1 / mu;
    return -(y * theta + Math.log(-theta));
  }
}

/**
 * Tweedie negative log-likelihood (XGBoost's `tweedie-nloglik@rho`, reg:tweedie's default):
 * mean of -y p^(1-rho)/(1-rho) + p^(2-rho)/(2-rho), each row in float32 as XGBoost 3.4.1's
 * EvalTweedieNLogLik::EvalRow computes it (float rho, logf and expf: glibc's, util/logf.ts and
 * util/expf.ts).
 */
export class TweedieNloglikMetric extends RowMetric {
  readonly name: string;
  constructor(name: string, private readonly rho: number) {
    super();
    this.name = name;
  }
  protected row(y: number, p: number): number {
    const f = Math.fround;
    const a1 = f(1 - f(this.rho));
    const a2 = f(2 - f(this.rho));
    const lp = logf(p);
    const a = f(f(y * expf(f(a1 * lp))) / a1);
    const b = f(expf(f(a2 * lp)) / a2);
    return f(-a + b);
  }
}

/**
 * Pinball loss (XGBoost's `quantile`, reg:quantileerror's default): mean of alpha d for d = y - p >= 0,
 * (alpha - 1) d otherwise, with the objective's quantile_alpha. With K quantiles the predictions
 * are nRows x K row-major and the mean is over every (row, quantile) pair, weighted by the row's
 * weight: sum_i w_i sum_k loss_k / (K sum_i w_i) (XGBoost 3.4.1's QuantileError).
 */
export class QuantileMetric extends RowMetric {
  readonly name = 'quantile';
  private readonly alpha: number;
  /** @param alphas the quantiles, float32, one per output (length >= 1). */
  constructor(private readonly alphas: readonly number[]) {
    super();
    this.alpha = alphas[0]!;
  }
  protected row(y: number, p: number): number {
    const d = y - p;
    return d >= 0 ? this.alpha * d : (this.alpha - 1) * d;
  }
  override evaluate(preds: Float32Array, data: MetricData): number {
    const K = this.alphas.length;
    if (K === 1) return super.evaluate(preds, data);
    const label = data.label;
    const weight = data.weight;
    const n = label.length;
    if (preds.length !== n * K) throw new Error(`quantile metric: ${preds.length} predictions for ${n} rows x ${K} quantiles`);
    let sum = 0;
    let sumWeight = 0;
    for (let i = 0; i < n; i++) {
      const w = weight === null ? 1 : weight[i]!;
      let rowSum = 0;
      for (let k = 0; k < K; k++) {
        const a = this.alphas[k]!;
        const d = label[i]! - preds[i * K + k]!;
        rowSum += d >= 0 ? a * d : (a - 1) * d;
      }
      sum += w * rowSum;
      sumWeight += w * K;
    }
    return sumWeight === 0 ? sum : sum / sumWeight;
  }
}

/**
 * Cox partial likelihood (XGBoost's `cox-nloglik`, survival:cox's default): over rows by |label|,
 * -sum over events of log(p_i) - log(S), S the risk-set sum of the predicted hazards p (output
 * space), shrunk after each distinct time; divided by the number of events.
 */
export class CoxNloglikMetric implements Metric {
  readonly name = 'cox-nloglik';
  readonly higherIsBetter = false;
  evaluate(preds: Float32Array, data: MetricData): number {
    const label = data.label;
    const n = label.length;
    const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => Math.abs(label[a]!) - Math.abs(label[b]!) || a - b);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += preds[i]!;
    let out = 0;
    let acc = 0;
    let events = 0;
    for (let i = 0; i < n; i++) {
      const r = order[i]!;
      const y = label[r]!;
      if (y > 0) {
        out -= Math.log(preds[r]!) - Math.log(sum);
        events++;
      }
      acc += preds[r]!;
      if (i === n - 1 || Math.abs(y) < Math.abs(label[order[i + 1]!]!)) {
        sum -= acc;
        acc = 0;
      }
    }
    return out / events;
  }
}
