/**
 * reg:quantileerror with several quantile_alpha values (XGBoost 3.4.1's QuantileRegression,
 * src/objective/quantile_obj.cu): one output per quantile (num_target = the number of alphas),
 * one tree per quantile per round (tree_info = the quantile's index). Each quantile's gradients
 * use its own per-round residual scale (the one-quantile formula, quantileGradients); each
 * quantile's intercept is the label quantile at its alpha (the link is the identity); predictions
 * are each row's outputs sorted ascending (XGBoost's PredTransform, so quantiles never cross).
 */
import { shownValue } from '../data/value-rules.js';
import { DataError } from '../errors.js';
import type { GradArray } from '../types.js';
import { formatFloat32 } from '../util/float32-format.js';
import type { Objective, ObjectiveData } from './objective.js';
import { labelQuantile, quantileGradients } from './pointwise.js';
import { sortRows } from '../predict/transform.js';

export class MultiQuantileObjective implements Objective {
  readonly name = 'reg:quantileerror';
  readonly needsGroups = false;
  readonly defaultMetric = 'quantile';
  readonly nGroups: number;
  private readonly grads: ReturnType<typeof quantileGradients>[];
  private label: Float32Array = new Float32Array(0);
  private weight: Float32Array | null = null;

  /** @param alphas the quantiles, float32, ascending (length K >= 2: one output each). */
  constructor(private readonly alphas: readonly number[]) {
    this.nGroups = alphas.length;
    this.grads = alphas.map((a) => quantileGradients(a));
  }

  /** Labels must be finite (throws DataError naming the row). */
  init(data: ObjectiveData): void {
    for (let r = 0; r < data.nRows; r++) {
      const y = data.label[r]!;
      if (!Number.isFinite(y)) {
        throw new DataError({ file: data.source, row: r + 1, column: data.labelName ?? 'label' }, `label ${shownValue(y)} is not a finite number`);
      }
    }
    this.label = data.label;
    this.weight = data.weight;
  }

  /** Single-output entry point: several quantiles go through gradientsGroups. */
  gradients(): void {
    throw new Error(`reg:quantileerror with ${this.nGroups} quantiles has ${this.nGroups} outputs per row: use gradientsGroups`);
  }

  /**
   * Every quantile's gradient pairs from its own margins.
   * @param margins in: K Float32Arrays of length nRows (quantile k's margins).
   * @param gh out: K GradArrays of length 2 nRows.
   */
  gradientsGroups(margins: readonly Float32Array[], gh: readonly GradArray[]): void {
    for (let k = 0; k < this.nGroups; k++) this.grads[k]!(margins[k]!, this.label, this.weight, gh[k]!);
  }

  /** Not used: the intercepts are per quantile (initBaseScores). */
  initBaseScore(): number {
    return 0;
  }

  /** @returns Float32Array of length K: the (weighted) label quantile at each alpha (XGBoost 3.4.1's InitEstimation). */
  initBaseScores(data: ObjectiveData): Float32Array {
    return Float32Array.from(this.alphas, (a) => labelQuantile(data, a));
  }

  /** The identity. */
  probToMargin(baseScore: number): number {
    return Math.fround(baseScore);
  }

  /** Each row's K outputs sorted ascending, in place. @param values Float32Array of length nRows x K, row-major. */
  transform(values: Float32Array): void {
    sortRows(values, this.nGroups);
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, quantile_loss_param: { quantile_alpha: `[${this.alphas.map(formatFloat32).join(',')}]` } };
  }
}
