/**
 * Pointwise objectives (XGBoost's regression_obj, hinge and quantile_obj, xgboost-spec.md §2.1):
 * reg:squarederror, reg:absoluteerror, reg:pseudohubererror, binary:logistic, count:poisson, and
 * as XGBoost 3.4.1 computes them reg:logistic, binary:logitraw, reg:gamma, reg:tweedie,
 * reg:squaredlogerror, binary:hinge, reg:quantileerror (one alpha; several: multi-quantile.ts); survival:cox is in cox.ts. Gradients are computed in
 * float32 as XGBoost does (each float operation one Math.fround); the per-row formulas are in
 * src/kernels/ts/pointwise-gradients.ts. Each objective's link (base
 * score -> margin) and output transform come from the one table in src/model-io/objectives.ts.
 */
import { shownValue } from '../data/value-rules.js';
import { DataError, ParamError } from '../errors.js';
import type { GradArray } from '../types.js';
import type { Objective, ObjectiveData } from './objective.js';
import { baseMargin, transformInPlace, transformOne } from '../predict/transform.js';
import { pointGradient, pointGradients, RT_EPS, type PointGrad, type PointwiseOptions } from '../kernels/ts/pointwise-gradients.js';
import { objectiveInfo, type ObjectiveInfo } from '../model-io/objectives.js';
import { TRAINED_MODEL_VERSION } from '../model-io/model.js';
import { formatFloat32 } from '../util/float32-format.js';
import { tanhf } from '../util/tanhf.js';

const f = Math.fround;

interface PointwiseSpec {
  name: string;
  defaultMetric: string;
  grad: PointGrad;
  /**
   * Gradients that depend on every row (reg:quantileerror's per-round residual scale): replaces
   * `grad` over all rows, and the objective is then not row-separable (no gradientsRange).
   */
  gradAll?: (margins: Float32Array, label: Float32Array, weight: Float32Array | null, gh: GradArray) => void;
  /** Label check; returns an error text or null. */
  checkLabel?: (y: number) => string | null;
  /** Intercept in output space, when not the Newton step (`newton` gives that step). */
  initEstimate?: (data: ObjectiveData, newton: () => number) => number;
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
    if (spec.gradAll) this.gradientsRange = undefined;
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
      const at = { file: data.source, row: r + 1, column: data.labelName ?? 'label' };
      if (!Number.isFinite(y)) throw new DataError(at, `label ${shownValue(y)} is not a finite number`);
      const bad = check ? check(y) : null;
      if (bad) throw new DataError(at, `label ${shownValue(y)} ${bad} for ${this.spec.name}`);
    }
    this.label = data.label;
    this.weight = data.weight;
  }
  gradients(margins: Float32Array, gh: GradArray): void {
    if (this.spec.gradAll) this.spec.gradAll(margins, this.label, this.weight, gh);
    else this.rowGradients(margins, gh, 0, this.label.length);
  }
  gradientsRange?: (margins: Float32Array, gh: GradArray, rowStart: number, rowEnd: number) => void =
    (margins, gh, rowStart, rowEnd) => this.rowGradients(margins, gh, rowStart, rowEnd);
  private rowGradients(margins: Float32Array, gh: GradArray, rowStart: number, rowEnd: number): void {
    pointGradients(this.spec.grad, margins, this.label, this.weight, gh, rowStart, rowEnd);
  }
  initBaseScore(data: ObjectiveData): number {
    if (this.spec.initEstimate) return f(this.spec.initEstimate(data, () => this.newtonBaseScore(data)));
    return this.newtonBaseScore(data);
  }
  /**
   * XGBoost's FitIntercept (3.4.1 tree/fit_stump): one unregularised Newton step from margin 0,
   * w0 = -sum g / max(sum h, 1e-6) summed in float64 row by row, then the output transform.
   */
  newtonBaseScore(data: ObjectiveData): number {
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
    const w0 = -sg / Math.max(sh, RT_EPS);
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
    transformInPlace(values, this.info.output);
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

/**
 * XGBoost 3.4.1's intercept of the RegLossObj objectives (squared error's family: reg:logistic,
 * binary:logitraw, reg:gamma) and of reg:tweedie (FitInterceptGlmLike): the label mean, summed in
 * float64 row by row as sum y_i / n, or sum y_i / sum_w * w_i with weights (common/stats.cc).
 */
export function glmLabelMean(data: ObjectiveData): number {
  const y = data.label;
  const w = data.weight;
  let mean = 0;
  if (w === null) {
    const n = data.nRows;
    for (let r = 0; r < data.nRows; r++) mean += y[r]! / n;
  } else {
    let sw = 0;
    for (let r = 0; r < data.nRows; r++) sw += w[r]!;
    if (!(sw > 0)) throw new DataError({ file: data.source }, 'the weights sum to 0: no label mean to start from');
    for (let r = 0; r < data.nRows; r++) mean += (y[r]! / sw) * w[r]!;
  }
  return f(mean);
}

/**
 * RegLossObj's InitEstimation (XGBoost 3.4.1): the label mean, or the Newton step when
 * scale_pos_weight is not 1 (it reweights rows, which the plain mean would ignore).
 */
function regLossInit(spw: number): (data: ObjectiveData, newton: () => number) => number {
  return (data, newton) => (Math.abs(spw - 1) > RT_EPS ? newton() : glmLabelMean(data));
}

/**
 * XGBoost's weighted/unweighted quantile of the labels (common/stats.h): unweighted with linear
 * interpolation between order statistics (NIST method, positions alpha (n + 1)); weighted as the
 * first label whose float32 cumulative weight reaches float32(total * alpha). Stable sort by label.
 */
export function labelQuantile(data: ObjectiveData, alpha: number): number {
  const n = data.nRows;
  if (n === 0) return NaN;
  const y = data.label;
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => y[a]! - y[b]! || a - b);
  const w = data.weight;
  if (w === null) {
    if (alpha <= 1 / (n + 1)) return y[order[0]!]!;
    if (alpha >= n / (n + 1)) return y[order[n - 1]!]!;
    const x = alpha * (n + 1);
    const k = Math.floor(x) - 1;
    const d = x - 1 - k;
    const v0 = y[order[k]!]!;
    const v1 = y[order[k + 1]!]!;
    return f(v0 + d * f(v1 - v0));
  }
  const cdf = new Float32Array(n);
  cdf[0] = w[order[0]!]!;
  for (let i = 1; i < n; i++) cdf[i] = cdf[i - 1]! + w[order[i]!]!;
  const thresh = f(cdf[n - 1]! * alpha);
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid]! < thresh) lo = mid + 1;
    else hi = mid;
  }
  return y[order[Math.min(lo, n - 1)]!]!;
}

/** reg:quantileerror's fixed smoothing scale c and relative hessian floor (XGBoost 3.4.1 quantile_obj). */
const QUANTILE_C = f(0.04);
const QUANTILE_MIN_RATIO = f(3e-4);
const QUANTILE_HESS = f(0.5 / QUANTILE_C);

/**
 * reg:quantileerror's gradients as XGBoost 3.4.1 computes them (quantile_obj.cu): a
 * logistic-smoothed pinball loss with a per-round scale S = (sum w sqrt|r| / sum w)^2 of the
 * residuals r = margin - label; x = r / (c S), g = w S/2 (tanh x + 1 - 2 alpha),
 * h = w / (2c) max(tanh(x)/x, 3e-4), c = 0.04. Several quantiles: each its own scale and gradients.
 * @returns (margins, label, weight, gh): margins, label, weight Float32Arrays of length nRows; gh out, length 2 nRows.
 */
export function quantileGradients(alpha: number): (margins: Float32Array, label: Float32Array, weight: Float32Array | null, gh: GradArray) => void {
  const a2 = f(2 * f(alpha));
  return (margins, label, weight, gh) => {
    const n = label.length;
    let stat = 0;
    for (let r = 0; r < n; r++) {
      const w = weight ? weight[r]! : 1;
      stat += f(w * f(Math.sqrt(Math.abs(f(margins[r]! - label[r]!)))));
    }
    let sw = n;
    if (weight) {
      sw = 0;
      for (let r = 0; r < n; r++) sw += weight[r]!;
    }
    let scale = 0;
    if (!(Math.abs(sw) < 1e-6)) {
      const rootMean = stat / sw;
      scale = f(rootMean * rootMean);
    }
    const cs = f(QUANTILE_C * scale);
    const halfScale = f(0.5 * scale);
    for (let r = 0; r < n; r++) {
      const w = weight ? weight[r]! : 1;
      if (!(scale > 0) || w === 0) {
        gh[2 * r] = 0;
        gh[2 * r + 1] = 0;
        continue;
      }
      const x = f(f(margins[r]! - label[r]!) / cs);
      const t = tanhf(x);
      const ratio = Math.max(x === 0 ? 1 : f(t / x), QUANTILE_MIN_RATIO);
      gh[2 * r] = f(w * f(halfScale * f(f(t + 1) - a2)));
      gh[2 * r + 1] = f(w * f(QUANTILE_HESS * ratio));
    }
  };
}

/** C++ `ostream << float` (6 significant digits, %g), as XGBoost names tweedie-nloglik@rho. */
export function formatFloatG6(x: number): string {
  return String(Number(Math.fround(x).toPrecision(6)));
}

/** Creates a pointwise objective by XGBoost name, or null when the name is not pointwise. */
export function createPointwiseObjective(name: string, o: PointwiseOptions): Objective | null {
  const spw = o.scalePosWeight;
  const rowGrad: PointGrad = pointGradient(name, o) ?? (() => {
    throw new ParamError(`${name} has no row-wise gradient`);
  });
  const regLossJson = () => ({ name, reg_loss_param: { scale_pos_weight: String(spw) } });
  switch (name) {
    case 'reg:squarederror':
      return new PointwiseObjective({
        name, defaultMetric: 'rmse',
        grad: rowGrad,
        json: regLossJson,
      });
    case 'reg:absoluteerror':
      return new PointwiseObjective({
        name, defaultMetric: 'mae',
        grad: rowGrad,
        initEstimate: weightedMedian,
        leafValue: leafMedianResidual,
        json: () => ({ name }),
      });
    case 'reg:pseudohubererror': {
      const slope = o.huberSlope;
      return new PointwiseObjective({
        name, defaultMetric: 'mphe',
        grad: rowGrad,
        // XGBoost's Newton step from margin 0 explodes for labels far above huber_slope (h ~ 0:
        // labels of 1e9 gave a base score of 1e27, XGBoost issue #9378); the weighted median is
        // the robust intercept of an L1-like loss.
        initEstimate: weightedMedian,
        json: () => ({ name, pseudo_huber_param: { huber_slope: String(slope) } }),
      });
    }
    case 'binary:logistic':
    case 'reg:logistic': {
      return new PointwiseObjective({
        name, defaultMetric: name === 'binary:logistic' ? 'logloss' : 'rmse',
        checkLabel: (y) => (y < 0 || y > 1 ? 'is outside [0, 1]' : null),
        grad: rowGrad,
        // binary:logistic keeps the 2.x Newton step (its models compare with 1.7.4's); reg:logistic
        // starts as XGBoost 3.4.1 does, from the label mean kept inside [1e-6, 1 - 1e-6] (3.4.1's
        // ProbToMargin bound, so all-0 or all-1 labels still have a finite margin).
        ...(name === 'reg:logistic'
          ? { initEstimate: (d: ObjectiveData, newton: () => number) => Math.min(Math.max(regLossInit(spw)(d, newton), RT_EPS), f(1 - RT_EPS)) }
          : {}),
        json: regLossJson,
      });
    }
    case 'binary:logitraw':
      return new PointwiseObjective({
        name, defaultMetric: 'logloss',
        checkLabel: (y) => (y < 0 || y > 1 ? 'is outside [0, 1]' : null),
        grad: rowGrad,
        initEstimate: regLossInit(spw),
        json: regLossJson,
      });
    case 'reg:gamma':
      return new PointwiseObjective({
        name, defaultMetric: 'gamma-deviance',
        checkLabel: (y) => (y > 0 ? null : 'is not positive'),
        grad: rowGrad,
        initEstimate: regLossInit(spw),
        json: regLossJson,
      });
    case 'reg:tweedie': {
      const rho = f(o.tweedieVariancePower);
      return new PointwiseObjective({
        name, defaultMetric: `tweedie-nloglik@${formatFloatG6(rho)}`,
        checkLabel: (y) => (y < 0 ? 'is negative' : null),
        grad: rowGrad,
        initEstimate: glmLabelMean,
        json: () => ({ name, tweedie_regression_param: { tweedie_variance_power: formatFloatG6(rho) } }),
      });
    }
    case 'reg:squaredlogerror':
      return new PointwiseObjective({
        name, defaultMetric: 'rmsle',
        checkLabel: (y) => (y > -1 ? null : 'is not greater than -1 (rmsle needs log(label + 1))'),
        grad: rowGrad,
        json: () => ({ name }),
      });
    case 'binary:hinge':
      return new PointwiseObjective({
        name, defaultMetric: 'error',
        checkLabel: (y) => (y < 0 || y > 1 ? 'is outside [0, 1]' : null),
        grad: rowGrad,
        json: () => ({ name }),
      });
    case 'reg:quantileerror': {
      const alpha = f(o.quantileAlpha);
      return new PointwiseObjective({
        name, defaultMetric: 'quantile',
        grad: rowGrad,
        gradAll: quantileGradients(alpha),
        initEstimate: (d) => labelQuantile(d, alpha),
        json: () => ({ name, quantile_loss_param: { quantile_alpha: `[${formatFloat32(alpha)}]` } }),
      });
    }
    case 'count:poisson': {
      const mds = f(o.poissonMaxDeltaStep); // XGBoost: a float (bst_float max_delta_step)
      return new PointwiseObjective({
        name, defaultMetric: 'poisson-nloglik',
        checkLabel: (y) => (y < 0 ? 'is negative' : null),
        grad: rowGrad,
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
