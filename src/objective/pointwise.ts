/**
 * Pointwise objectives (XGBoost's regression_obj / logistic_obj, xgboost-spec.md §2.1):
 * reg:squarederror, reg:absoluteerror, reg:pseudohubererror, binary:logistic, count:poisson.
 * Gradients are computed in float32 as XGBoost does.
 */
import { DataError } from '../errors.js';
import type { GradArray } from '../types.js';
import type { Objective, ObjectiveData } from './objective.js';
import { objectiveInfo, type ObjectiveInfo } from '../model-io/objectives.js';
import { TRAINED_MODEL_VERSION } from '../model-io/model.js';
import { baseMargin, sigmoid32, transformOne } from '../predict/transform.js';

const f = Math.fround;

/** Per-row gradient of one pointwise loss: writes (g, h) for margin s, label y, weight w. */
type PointGrad = (s: number, y: number, w: number, gh: GradArray, r: number) => void;

interface PointwiseSpec {
  name: string;
  defaultMetric: string;
  grad: PointGrad;
  /** Label check; returns an error text or null. */
  checkLabel?: (y: number) => string | null;
  /** Intercept in output space, when not the Newton step. */
  initEstimate?: (data: ObjectiveData) => number;
  /** Adaptive leaf output from residuals (see Objective.leafValue). */
  leafValue?: (label: Float32Array, weight: Float32Array | null, rows: Uint32Array, start: number, end: number, margins: Float32Array, gh: Float32Array) => number;
  json: () => Record<string, unknown>;
}

class PointwiseObjective implements Objective {
  readonly needsGroups = false;
  private label: Float32Array = new Float32Array(0);
  private weight: Float32Array | null = null;
  /** The objective's link and output transform, from the one objective table (objectives.ts). */
  private readonly info: ObjectiveInfo;
  constructor(private readonly spec: PointwiseSpec) {
    const info = objectiveInfo(spec.name);
    if (info === undefined) throw new Error(`objective ${spec.name} is missing from model-io/objectives.ts`);
    this.info = info;
  }
  get name(): string {
    return this.spec.name;
  }
  get defaultMetric(): string {
    return this.spec.defaultMetric;
  }
  init(data: ObjectiveData): void {
    const check = this.spec.checkLabel;
    for (let r = 0; r < data.nRows; r++) {
      const y = data.label[r]!;
      if (!Number.isFinite(y)) throw new DataError({ file: data.source, row: r + 1 }, `label ${y} is not a finite number`);
      const bad = check ? check(y) : null;
      if (bad) throw new DataError({ file: data.source, row: r + 1 }, `label ${y} ${bad} for ${this.spec.name}`);
    }
    this.label = data.label;
    this.weight = data.weight;
  }
  gradients(margins: Float32Array, gh: GradArray): void {
    this.gradientsRange(margins, gh, 0, this.label.length);
  }
  gradientsRange(margins: Float32Array, gh: GradArray, rowStart: number, rowEnd: number): void {
    const y = this.label;
    const w = this.weight;
    const g = this.spec.grad;
    for (let r = rowStart; r < rowEnd; r++) g(margins[r]!, y[r]!, w ? w[r]! : 1, gh, r);
  }
  initBaseScore(data: ObjectiveData): number {
    if (this.spec.initEstimate) return f(this.spec.initEstimate(data));
    // XGBoost 2.x: one unregularised Newton step from margin 0, w0 = -sum g / sum h, in output space.
    const n = data.nRows;
    const gh = new Float32Array(2 * n);
    const saved = [this.label, this.weight] as const;
    this.label = data.label;
    this.weight = data.weight;
    this.gradients(new Float32Array(n), gh);
    [this.label, this.weight] = saved;
    let sg = 0;
    let sh = 0;
    for (let r = 0; r < n; r++) {
      sg += gh[2 * r]!;
      sh += gh[2 * r + 1]!;
    }
    const w0 = sh > 0 ? -sg / sh : 0;
    return f(transformOne(f(w0), this.info.output));
  }
  get leafValue(): Objective['leafValue'] {
    const lv = this.spec.leafValue;
    if (!lv) return undefined;
    return (rows, start, end, margins, gh) => lv(this.label, this.weight, rows, start, end, margins, gh);
  }
  probToMargin(baseScore: number): number {
    return baseMargin(baseScore, this.info.link, TRAINED_MODEL_VERSION);
  }
  transform(values: Float32Array): void {
    const o = this.info.output;
    for (let i = 0; i < values.length; i++) values[i] = transformOne(values[i]!, o);
  }
  toJSON(): Record<string, unknown> {
    return this.spec.json();
  }
}


/** Weighted median of the labels (XGBoost's intercept for reg:absoluteerror). */
function weightedMedian(data: ObjectiveData): number {
  const n = data.nRows;
  if (n === 0) return 0;
  const idx = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => data.label[a]! - data.label[b]! || a - b);
  let total = 0;
  for (let i = 0; i < n; i++) total += data.weight ? data.weight[i]! : 1;
  let acc = 0;
  for (let i = 0; i < n; i++) {
    const r = idx[i]!;
    acc += data.weight ? data.weight[r]! : 1;
    if (acc >= total / 2) return data.label[r]!;
  }
  return data.label[idx[n - 1]!]!;
}

/**
 * reg:absoluteerror's adaptive leaf (XGBoost 1.7+ UpdateTreeLeaf): the weighted median of the
 * residuals y - margin of the leaf's sampled rows, replacing the Newton step of the sign gradient.
 * Weighted median here: the smallest residual whose cumulative weight reaches half the total.
 */
function leafMedianResidual(
  label: Float32Array, weight: Float32Array | null, rows: Uint32Array, start: number, end: number, margins: Float32Array, gh: Float32Array,
): number {
  const res: number[] = [];
  const wts: number[] = [];
  for (let i = start; i < end; i++) {
    const r = rows[i]!;
    if (gh[2 * r + 1] === 0) continue;
    res.push(f(label[r]! - margins[r]!));
    wts.push(weight ? weight[r]! : 1);
  }
  if (res.length === 0) return 0;
  const order = res.map((_, i) => i).sort((a, b) => res[a]! - res[b]! || a - b);
  let total = 0;
  for (const w of wts) total += w;
  let acc = 0;
  for (const i of order) {
    acc += wts[i]!;
    if (acc >= total / 2) return res[i]!;
  }
  return res[order[order.length - 1]!]!;
}

/** Weighted mean of the labels (XGBoost 3.x's intercept for count:poisson); a tiny floor keeps log() finite. */
function weightedMean(data: ObjectiveData): number {
  let sw = 0;
  let sy = 0;
  for (let r = 0; r < data.nRows; r++) {
    const w = data.weight ? data.weight[r]! : 1;
    sw += w;
    sy += w * data.label[r]!;
  }
  return Math.max(sw > 0 ? sy / sw : 0, 1e-6);
}

/** Options the pointwise objectives read from the parameters. */
export interface PointwiseOptions {
  huberSlope: number;
  scalePosWeight: number;
  /** count:poisson's hessian shift (XGBoost's poisson max_delta_step, 0.7 unless set). */
  poissonMaxDeltaStep: number;
}

/** Creates a pointwise objective by XGBoost name, or null when the name is not pointwise. */
export function createPointwiseObjective(name: string, o: PointwiseOptions): Objective | null {
  switch (name) {
    case 'reg:squarederror':
      return new PointwiseObjective({
        name, defaultMetric: 'rmse',
        grad: (s, y, w, gh, r) => {
          gh[2 * r] = f(f(s - y) * w);
          gh[2 * r + 1] = w;
        },
        json: () => ({ name, reg_loss_param: { scale_pos_weight: String(o.scalePosWeight) } }),
      });
    case 'reg:absoluteerror':
      return new PointwiseObjective({
        name, defaultMetric: 'mae',
        grad: (s, y, w, gh, r) => {
          const d = f(s - y);
          gh[2 * r] = d > 0 ? w : d < 0 ? -w : 0;
          gh[2 * r + 1] = w;
        },
        initEstimate: weightedMedian,
        leafValue: leafMedianResidual,
        json: () => ({ name }),
      });
    case 'reg:pseudohubererror': {
      const slope = o.huberSlope;
      return new PointwiseObjective({
        name, defaultMetric: 'mphe',
        grad: (s, y, w, gh, r) => {
          // z = s - y; g = z / sqrt(1 + (z/slope)^2); h = slope^2 / ((slope^2 + z^2) sqrt(1 + (z/slope)^2))
          const z = f(s - y);
          const sc = f(Math.sqrt(f(1 + f(f(z / slope) * f(z / slope)))));
          gh[2 * r] = f(f(z / sc) * w);
          gh[2 * r + 1] = f(f(f(slope * slope) / f(f(f(slope * slope) + f(z * z)) * sc)) * w);
        },
        // XGBoost's Newton step from margin 0 explodes for labels far above huber_slope (h ~ 0:
        // labels of 1e9 gave a base score of 1e27, XGBoost issue #9378); the weighted median is
        // the robust intercept of an L1-like loss.
        initEstimate: weightedMedian,
        json: () => ({ name, pseudo_huber_param: { huber_slope: String(slope) } }),
      });
    }
    case 'binary:logistic': {
      const spw = o.scalePosWeight;
      return new PointwiseObjective({
        name, defaultMetric: 'logloss',
        checkLabel: (y) => (y < 0 || y > 1 ? 'is outside [0, 1]' : null),
        grad: (s, y, w, gh, r) => {
          const ww = y === 1 ? f(w * spw) : w;
          const q = sigmoid32(s);
          gh[2 * r] = f(f(q - y) * ww);
          gh[2 * r + 1] = f(Math.max(f(q * f(1 - q)), 1e-16) * ww);
        },
        json: () => ({ name, reg_loss_param: { scale_pos_weight: String(spw) } }),
      });
    }
    case 'count:poisson': {
      const mds = o.poissonMaxDeltaStep;
      return new PointwiseObjective({
        name, defaultMetric: 'poisson-nloglik',
        checkLabel: (y) => (y < 0 ? 'is negative' : null),
        grad: (s, y, w, gh, r) => {
          gh[2 * r] = f(f(f(Math.exp(s)) - y) * w);
          gh[2 * r + 1] = f(f(Math.exp(f(s + mds))) * w);
        },
        // XGBoost 3.x's intercept for count:poisson: the weighted label mean (2.x's Newton step,
        // exp((ybar - 1) / e^0.7), overflows float32 for mean labels above ~180).
        initEstimate: weightedMean,
        json: () => ({ name, poisson_regression_param: { max_delta_step: String(mds) } }),
      });
    }
    default:
      return null;
  }
}
