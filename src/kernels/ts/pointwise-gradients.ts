/**
 * The per-row gradient formulas of the row-separable pointwise objectives (src/objective/pointwise.ts
 * owns the objectives: labels, intercepts, links, model fields), as XGBoost computes them
 * (regression_obj, hinge; xgboost-spec.md §2.1): each row's (g, h) in float32, each float operation
 * one Math.fround. The serial objective and the pointwise gradient units run the same row loop.
 */
import type { GradArray } from '../../types.js';
import { expf } from '../../util/expf.js';
import { sigmoid32 } from './sigmoid.js';

const f = Math.fround;

/** Per-row gradient of one pointwise loss: writes (g, h) for margin s, label y, weight w into row r of gh. */
export type PointGrad = (s: number, y: number, w: number, gh: GradArray, r: number) => void;

/** Options the pointwise objectives read from the parameters (plain numbers, already decoded). */
export interface PointwiseOptions {
  huberSlope: number;
  scalePosWeight: number;
  /** count:poisson's hessian shift (XGBoost's poisson max_delta_step, 0.7 unless set). */
  poissonMaxDeltaStep: number;
  /** reg:tweedie's variance power rho in [1, 2). */
  tweedieVariancePower: number;
  /** reg:quantileerror's quantile in (0, 1). */
  quantileAlpha: number;
}

/** XGBoost's kRtEps (1e-6f). */
export const RT_EPS = f(1e-6);
/** XGBoost's FLT_MIN, binary:hinge's hessian for rows past the margin. */
const FLT_MIN = 1.1754943508222875e-38;
/** squaredlogerror's margin floor, float32(-1 + 1e-6). */
const SLE_FLOOR = f(-1 + 1e-6);

/** The row weight of RegLossObj: w, times scale_pos_weight for label 1 (float32). */
function regLossWeight(y: number, w: number, spw: number): number {
  return y === 1 ? f(w * spw) : w;
}

/**
 * The per-row gradient of objective `name`, or null when it is not a row-separable pointwise
 * objective (reg:quantileerror's gradients depend on every row).
 */
export function pointGradient(name: string, o: PointwiseOptions): PointGrad | null {
  const spw = o.scalePosWeight;
  switch (name) {
    case 'reg:squarederror':
      return (s, y, w, gh, r) => {
        const ww = regLossWeight(y, w, spw);
        gh[2 * r] = f(f(s - y) * ww);
        gh[2 * r + 1] = ww;
      };
    case 'reg:absoluteerror':
      return (s, y, w, gh, r) => {
        const d = f(s - y);
        gh[2 * r] = d > 0 ? w : d < 0 ? -w : 0;
        gh[2 * r + 1] = w;
      };
    case 'reg:pseudohubererror': {
      const slope = o.huberSlope;
      return (s, y, w, gh, r) => {
        // z = s - y; g = z / sqrt(1 + (z/slope)^2); h = slope^2 / ((slope^2 + z^2) sqrt(1 + (z/slope)^2))
        const z = f(s - y);
        const sc = f(Math.sqrt(f(1 + f(f(z / slope) * f(z / slope)))));
        gh[2 * r] = f(f(z / sc) * w);
        gh[2 * r + 1] = f(f(f(slope * slope) / f(f(f(slope * slope) + f(z * z)) * sc)) * w);
      };
    }
    case 'binary:logistic':
    case 'reg:logistic':
    case 'binary:logitraw':
      return (s, y, w, gh, r) => {
        const ww = regLossWeight(y, w, spw);
        const q = sigmoid32(s);
        gh[2 * r] = f(f(q - y) * ww);
        gh[2 * r + 1] = f(Math.max(f(q * f(1 - q)), 1e-16) * ww);
      };
    case 'reg:gamma':
      return (s, y, w, gh, r) => {
        // p = exp(s); g = 1 - y/p; h = y/p (XGBoost's GammaDeviance)
        const ww = regLossWeight(y, w, spw);
        const q = f(y / expf(s));
        gh[2 * r] = f(f(1 - q) * ww);
        gh[2 * r + 1] = f(q * ww);
      };
    case 'reg:tweedie': {
      const rho = f(o.tweedieVariancePower);
      const a = f(1 - rho);
      const b = f(2 - rho);
      return (s, y, w, gh, r) => {
        // g = -y e^((1-rho)s) + e^((2-rho)s); h = -y (1-rho) e^((1-rho)s) + (2-rho) e^((2-rho)s)
        const e1 = expf(f(a * s));
        const e2 = expf(f(b * s));
        gh[2 * r] = f(f(f(-y * e1) + e2) * w);
        gh[2 * r + 1] = f(f(f(f(-y * a) * e1) + f(b * e2)) * w);
      };
    }
    case 'reg:squaredlogerror':
      return (s, y, w, gh, r) => {
        // p = max(s, -1 + 1e-6); g = (log1p p - log1p y) / (p + 1);
        // h = max((-log1p p + log1p y + 1) / (p + 1)^2, 1e-6), the square in float64 (std::pow).
        const p = Math.max(s, SLE_FLOOR);
        const lp = f(Math.log1p(p));
        const ly = f(Math.log1p(y));
        const p1 = f(p + 1);
        const g = f(f(lp - ly) / p1);
        const h = Math.max(f(f(f(-lp + ly) + 1) / (p1 * p1)), RT_EPS);
        gh[2 * r] = f(g * w);
        gh[2 * r + 1] = f(h * w);
      };
    case 'binary:hinge':
      return (s, y, w, gh, r) => {
        // y' = 2y - 1; inside the margin (s y' < 1): g = -y' w, h = w; else g = 0, h = FLT_MIN.
        const yy = y * 2 - 1;
        if (s * yy < 1) {
          gh[2 * r] = f(-yy * w);
          gh[2 * r + 1] = w;
        } else {
          gh[2 * r] = 0;
          gh[2 * r + 1] = FLT_MIN;
        }
      };
    case 'count:poisson': {
      const mds = f(o.poissonMaxDeltaStep); // XGBoost: a float (bst_float max_delta_step)
      return (s, y, w, gh, r) => {
        // XGBoost's PoissonRegression: (expf(p) - y) w, expf(p + max_delta_step) w
        gh[2 * r] = f(f(expf(s) - y) * w);
        gh[2 * r + 1] = f(expf(f(s + mds)) * w);
      };
    }
    default:
      return null;
  }
}

/**
 * Gradients of rows [rowStart, rowEnd) with `grad`.
 * @param margins Float32Array [nRows]; labels Float32Array [nRows]; weights Float32Array [nRows] or null (1).
 * @param gh out: Float32Array [2 nRows], (g, h) interleaved; only rows [rowStart, rowEnd) are written.
 */
export function pointGradients(
  grad: PointGrad, margins: Float32Array, labels: Float32Array, weights: Float32Array | null, gh: GradArray, rowStart: number, rowEnd: number,
): void {
  for (let r = rowStart; r < rowEnd; r++) grad(margins[r]!, labels[r]!, weights ? weights[r]! : 1, gh, r);
}

/**
 * Kernels.squaredErrorGradients (exported for worker threads): reg:squarederror's row formula
 * above as one loop, without the per-row call (test/kernels/squared-error-gradients.test.ts holds
 * it and the WASM kernel to pointGradients with that formula).
 */
export function squaredErrorGradients(
  margins: Float32Array, labels: Float32Array, weights: Float32Array | null, scalePosWeight: number, gh: GradArray, rowStart: number, rowEnd: number,
): void {
  for (let r = rowStart; r < rowEnd; r++) {
    const y = labels[r]!;
    const w = weights ? weights[r]! : 1;
    const ww = y === 1 ? f(w * scalePosWeight) : w;
    gh[2 * r] = f(f(margins[r]! - y) * ww);
    gh[2 * r + 1] = ww;
  }
}
