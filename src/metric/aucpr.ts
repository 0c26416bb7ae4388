/**
 * Area under the precision-recall curve (`aucpr`), as XGBoost 3.4.1 computes it
 * (src/metric/auc.cc BinaryPRAUC, auc.h CalcDeltaPRAUC; Davis & Goadrich's interpolation,
 * https://doi.org/10.1371/journal.pone.0092209): predictions sorted descending, weighted true and
 * false positives (tp, fp) swept over groups of tied predictions, and between consecutive points
 * the area of the interpolated curve: with recall r = tp / P (P = total positive weight),
 * h = dfp / dtp, a = h + 1, b = (fp_prev - h tp_prev) / P,
 *   area = (r - r_prev - b / a (ln(a r + b) - ln(a r_prev + b))) / a   (b != 0),
 *   area = (r - r_prev) / a                                             (b = 0),
 * and a = 1, b = 0 where tp does not move. NaN when there are no positives or no negatives.
 *
 * Multi-class (K class probabilities a row): the one-vs-rest PR AUC of each class, averaged with
 * equal weight (XGBoost's MultiAUC gives each class the weight tp = 1 that BinaryPRAUC returns, so
 * aucpr is a macro mean, unlike auc's prevalence weights); NaN when any class has no rows or every row.
 *
 * Scope: XGBoost computes a per-query ranking PR AUC for data with query groups; that is refused
 * here rather than answered with the whole-set value.
 */
import { UserError } from '../errors.js';
import { argsortDesc } from '../kernels/ts/argsort.js';
import { checkLabelDomain, type Metric, type MetricData } from './metric.js';

/** The PR-curve area between two consecutive sweep points (XGBoost's CalcDeltaPRAUC). */
function deltaArea(fpPrev: number, fp: number, tpPrev: number, tp: number, totalPos: number): number {
  const rPrev = tpPrev / totalPos;
  const r = tp / totalPos;
  let a = 1;
  let b = 0;
  if (tp !== tpPrev) {
    const h = (fp - fpPrev) / (tp - tpPrev);
    a = h + 1;
    b = (fpPrev - h * tpPrev) / totalPos;
  }
  if (b !== 0) return (r - rPrev - (b / a) * (Math.log(a * r + b) - Math.log(a * rPrev + b))) / a;
  return (r - rPrev) / a;
}

/** `aucpr` of one prediction a row (binary labels or soft labels in [0, 1]), or of K class probabilities a row. */
export class AucprMetric implements Metric {
  readonly name = 'aucpr';
  readonly higherIsBetter = true;
  private order = new Uint32Array(0);
  private tmp = new Uint32Array(0);

  /** @param nClasses K > 1: predictions are nRows x K class probabilities (labels class indices); 1: one a row. */
  constructor(private readonly nClasses = 1) {}

  evaluate(preds: Float32Array, data: MetricData): number {
    if (data.queryOffsets !== null && data.queryOffsets.length > 2) {
      throw new UserError(`aucpr on data with query groups is XGBoost's per-query ranking PR AUC, which is not implemented (${data.source ?? 'evaluation data'} has ${data.queryOffsets.length - 1} queries)`);
    }
    const K = this.nClasses;
    if (K === 1) {
      checkLabelDomain('probability', data, 'aucpr');
      return this.binary(preds, data.label, data.weight);
    }
    const label = data.label;
    const n = label.length;
    if (n === 0) return NaN;
    const proba = new Float32Array(n);
    const response = new Float32Array(n);
    let sum = 0;
    for (let k = 0; k < K; k++) {
      for (let r = 0; r < n; r++) {
        proba[r] = preds[r * K + k]!;
        response[r] = label[r] === k ? 1 : 0;
      }
      const auc = this.binary(proba, response, data.weight);
      if (Number.isNaN(auc)) return NaN;
      sum += auc;
    }
    return sum / K;
  }

  /** BinaryPRAUC: the swept area, capped at 1 (XGBoost's min(auc, 1)). */
  private binary(preds: Float32Array, label: Float32Array, weight: Float32Array | null): number {
    const n = preds.length;
    let totalPos = 0;
    let totalNeg = 0;
    for (let i = 0; i < n; i++) {
      const w = weight === null ? 1 : weight[i]!;
      // Each term a float32 product, summed in double (XGBoost's BinaryPRAUC).
      totalPos += Math.fround(w * label[i]!);
      totalNeg += Math.fround(w * Math.fround(1 - label[i]!));
    }
    if (!(totalPos > 0) || !(totalNeg > 0)) return NaN;
    if (this.order.length < n) {
      this.order = new Uint32Array(n);
      this.tmp = new Uint32Array(n);
    }
    const order = this.order;
    argsortDesc(preds, 0, n, order, this.tmp);
    const w0 = weight === null ? 1 : weight[order[0]!]!;
    // The first row as BinaryAUC starts: fp in double, tp a float32 product.
    let fp = (1 - label[order[0]!]!) * w0;
    let tp = Math.fround(label[order[0]!]! * w0);
    let fpPrev = 0;
    let tpPrev = 0;
    let area = 0;
    for (let i = 1; i < n; i++) {
      const r = order[i]!;
      if (preds[r] !== preds[order[i - 1]!]) {
        area += deltaArea(fpPrev, fp, tpPrev, tp, totalPos);
        tpPrev = tp;
        fpPrev = fp;
      }
      const w = weight === null ? 1 : weight[r]!;
      fp += Math.fround(Math.fround(1 - label[r]!) * w);
      tp += Math.fround(label[r]! * w);
    }
    area += deltaArea(fpPrev, fp, tpPrev, tp, totalPos);
    return Math.min(area, 1);
  }
}
