/**
 * multi:softprob and multi:softmax (XGBoost 3.4.1's SoftmaxMultiClassObj,
 * src/objective/multiclass_obj.cu): K classes, one tree per class per round, softmax gradients in
 * float32 as XGBoost computes them, and XGBoost 3.4.1's per-class intercepts (InitEstimation: the
 * log of each class's weighted share, centred on their mean). The link is the identity, so the
 * intercepts are the starting margins.
 */
import { DataError } from '../errors.js';
import type { GradArray } from '../types.js';
import type { Objective, ObjectiveData } from './objective.js';
import { softmaxRows } from '../predict/transform.js';
import { expf } from '../util/expf.js';

const f = Math.fround;
/** XGBoost's kRtEps. */
const RT_EPS = f(1e-6);
/** std::numeric_limits<float>::min(): the start of XGBoost's running maximum in GetGradient. */
const FLT_MIN = f(1.1754943508222875e-38);
/** The hessian floor of GetGradient (kEps = 1e-16f). */
const HESS_EPS = f(1e-16);

export class MulticlassObjective implements Objective {
  readonly needsGroups = false;
  readonly defaultMetric = 'mlogloss';
  private label: Float32Array = new Float32Array(0);
  private weight: Float32Array | null = null;

  /**
   * @param name `multi:softprob` or `multi:softmax` (they train the same; prediction differs).
   * @param nGroups K, the number of classes (>= 1).
   */
  constructor(readonly name: 'multi:softprob' | 'multi:softmax', readonly nGroups: number) {}

  /** Labels must be integers in [0, K) (XGBoost's ValidateLabel); throws DataError naming the row. */
  init(data: ObjectiveData): void {
    const K = this.nGroups;
    for (let r = 0; r < data.nRows; r++) {
      const y = data.label[r]!;
      if (!(y >= 0 && y < K && Math.floor(y) === y)) {
        throw new DataError({ file: data.source, row: r + 1 }, `label ${y} is not a class index in [0, ${K}) for ${this.name} with num_class = ${K}`);
      }
    }
    this.label = data.label;
    this.weight = data.weight;
  }

  /** Single-output entry point: multi-class training goes through gradientsGroups. */
  gradients(): void {
    throw new Error(`${this.name} has ${this.nGroups} outputs per row: use gradientsGroups`);
  }

  /**
   * Softmax gradients of every row and class (XGBoost 3.4.1 GetGradient, every step float32 but
   * the sum of exponentials, a double; expf is glibc's, util/expf.ts): wmax = max(FLT_MIN, margins), p_k = expf(s_k - wmax) /
   * float(sum_j expf(s_j - wmax)), g_k = (p_k - [y = k]) w, h_k = max(2 p_k (1 - p_k) w, 1e-16).
   * @param margins in: K Float32Arrays of length nRows, margins[k][r] = class k's margin of row r.
   * @param gh out: K GradArrays of length 2 nRows, class k's (g, h) pairs.
   */
  gradientsGroups(margins: readonly Float32Array[], gh: readonly GradArray[]): void {
    const K = this.nGroups;
    const y = this.label;
    const w = this.weight;
    const e = new Float32Array(K);
    for (let r = 0; r < y.length; r++) {
      let wmax = FLT_MIN;
      for (let k = 0; k < K; k++) wmax = Math.max(margins[k]![r]!, wmax);
      let wsum = 0;
      for (let k = 0; k < K; k++) {
        e[k] = expf(margins[k]![r]! - wmax);
        wsum += e[k]!;
      }
      const sum = f(wsum);
      const wt = w ? w[r]! : 1;
      const label = y[r]!;
      for (let k = 0; k < K; k++) {
        const p = f(e[k]! / sum);
        const h = Math.max(f(f(f(2 * p) * f(1 - p)) * wt), HESS_EPS);
        const g = label === k ? f(p - 1) : p;
        gh[k]![2 * r] = f(g * wt);
        gh[k]![2 * r + 1] = h;
      }
    }
  }

  /** Not used: the intercepts are per class (initBaseScores). */
  initBaseScore(): number {
    return 0;
  }

  /**
   * XGBoost 3.4.1's InitEstimation: b_k = float(sum_{y=k} w) (a float32 sum) times 1 / sum w
   * (a double sum), then log(b_k + 1e-6), then each minus their mean (a float32 sum of b_k / K,
   * in class order: XGBoost's one-thread order).
   * @returns Float32Array of length K: each class's starting margin.
   */
  initBaseScores(data: ObjectiveData): Float32Array {
    const K = this.nGroups;
    const b = new Float32Array(K);
    let sumWeight = 0;
    for (let r = 0; r < data.nRows; r++) {
      const wt = data.weight ? data.weight[r]! : 1;
      b[data.label[r]!] = f(b[data.label[r]!]! + wt);
      sumWeight += wt;
    }
    const inv = 1 / sumWeight;
    let mean = 0;
    for (let k = 0; k < K; k++) {
      b[k] = f(Math.log(f(f(b[k]! * inv) + RT_EPS)));
      mean = f(mean + f(b[k]! / K));
    }
    for (let k = 0; k < K; k++) b[k] = f(b[k]! - mean);
    return b;
  }

  /** The identity (ProbToMargin of the softmax objectives). */
  probToMargin(baseScore: number): number {
    return f(baseScore);
  }

  /**
   * Margins -> class probabilities, in place (XGBoost's EvalTransform: softmax for both names).
   * @param values in/out: Float32Array of length nRows x K, row-major.
   */
  transform(values: Float32Array): void {
    softmaxRows(values, this.nGroups);
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, softmax_multiclass_param: { num_class: String(this.nGroups) } };
  }
}
