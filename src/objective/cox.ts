/**
 * survival:cox as XGBoost 3.4.1 computes it (regression_obj.cu CoxRegression): Cox proportional
 * hazards with Breslow's method for ties. Labels are survival times, negative = right-censored;
 * rows are visited in the order of |label| (stable), the risk-set sum of exp(margin) shrinking as
 * time moves forward. Per row i: r_k = sum over events so far of 1/S, s_k = sum of 1/S^2 (S the
 * current risk-set sum, float64), g = e^s r_k - [y > 0], h = e^s r_k - e^{2s} s_k, times the weight.
 * The intercept is XGBoost's Newton step from margin 0, exp'd (FitIntercept); the output is exp.
 */
import { shownValue } from '../data/value-rules.js';
import { DataError } from '../errors.js';
import { TRAINED_MODEL_VERSION } from '../model-io/model.js';
import { objectiveInfo } from '../model-io/objectives.js';
import { baseMargin, exp32, transformInPlace } from '../predict/transform.js';
import type { GradArray } from '../types.js';
import type { Objective, ObjectiveData } from './objective.js';

const f = Math.fround;
/** XGBoost's kRtEps (1e-6f). */
const RT_EPS = f(1e-6);

export class CoxObjective implements Objective {
  readonly name = 'survival:cox';
  readonly defaultMetric = 'cox-nloglik';
  readonly needsGroups = false;
  private label: Float32Array = new Float32Array(0);
  private weight: Float32Array | null = null;
  /** Row indices by |label|, stable (XGBoost's LabelAbsSort). */
  private order: Uint32Array = new Uint32Array(0);

  init(data: ObjectiveData): void {
    for (let r = 0; r < data.nRows; r++) {
      const y = data.label[r]!;
      if (!Number.isFinite(y)) throw new DataError({ file: data.source, row: r + 1, column: data.labelName ?? 'label' }, `label ${shownValue(y)} is not a finite number`);
    }
    this.label = data.label;
    this.weight = data.weight;
    this.order = absOrder(data.label);
  }

  gradients(margins: Float32Array, gh: GradArray): void {
    coxGradients(margins, this.label, this.weight, this.order, gh);
  }

  initBaseScore(data: ObjectiveData): number {
    const n = data.nRows;
    const gh = new Float32Array(2 * n);
    coxGradients(new Float32Array(n), data.label, data.weight, absOrder(data.label), gh);
    let sg = 0;
    let sh = 0;
    for (let r = 0; r < n; r++) {
      sg += gh[2 * r]!;
      sh += gh[2 * r + 1]!;
    }
    return exp32(f(-sg / Math.max(sh, RT_EPS)));
  }

  probToMargin(baseScore: number): number {
    return baseMargin(baseScore, objectiveInfo(this.name)!.link, TRAINED_MODEL_VERSION);
  }

  transform(values: Float32Array): void {
    transformInPlace(values, objectiveInfo(this.name)!.output);
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name };
  }
}

/** Row indices sorted by |label|, ties in row order. */
export function absOrder(label: Float32Array): Uint32Array {
  return Uint32Array.from({ length: label.length }, (_, i) => i).sort((a, b) => Math.abs(label[a]!) - Math.abs(label[b]!) || a - b);
}

function coxGradients(margins: Float32Array, label: Float32Array, weight: Float32Array | null, order: Uint32Array, gh: GradArray): void {
  const n = label.length;
  let expSum = 0;
  for (let i = 0; i < n; i++) expSum += exp32(margins[order[i]!]!);
  let rk = 0;
  let sk = 0;
  let lastExp = 0;
  let lastAbs = 0;
  let acc = 0;
  for (let i = 0; i < n; i++) {
    const r = order[i]!;
    const expP = Math.exp(margins[r]!);
    const w = weight ? weight[r]! : 1;
    const y = label[r]!;
    const absY = Math.abs(y);
    acc += lastExp;
    if (lastAbs < absY) {
      expSum -= acc;
      acc = 0;
    }
    if (y > 0) {
      rk += 1 / expSum;
      sk += 1 / (expSum * expSum);
    }
    const g = expP * rk - (y > 0 ? 1 : 0);
    const h = expP * rk - expP * expP * sk;
    gh[2 * r] = f(g * w);
    gh[2 * r + 1] = f(h * w);
    lastAbs = absY;
    lastExp = expP;
  }
}
