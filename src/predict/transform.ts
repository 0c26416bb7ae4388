/**
 * The float32 maps at both ends of prediction: base_score (output space) to the starting margin
 * (XGBoost's ProbToMargin, xgboost-spec.md §2.2, §3.3) and margin to output (PredTransform,
 * §2.1, §3.2). Each float32 operation of XGBoost is one Math.fround here.
 */
import { portableBaseScore, type BaseLink, type OutputTransform } from '../model-io/objectives.js';
import { sigmoid32 } from '../kernels/ts/sigmoid.js';
import { expf } from '../util/expf.js';
import { logf } from '../util/logf.js';

/**
 * The starting margin of every row, float32, as XGBoost `version` computes it from base_score
 * (xgboost-spec.md §2.2 / §3.3): identity; logit `-logf(fround(fround(1/p) - 1))`, with p first
 * clamped into [1e-6, 1 - 1e-6] from XGBoost 3.2 on; log `logf(p)`. `logf` is glibc's (the
 * function XGBoost's `std::log(float)` calls, util/logf.ts), not the correctly rounded log. The domain is checked
 * by baseScoreProblem (objectives.ts); outside it the result is not finite.
 * @param version the XGBoost version the model file claims (training: TRAINED_MODEL_VERSION).
 */
export function baseMargin(baseScore: number, link: BaseLink, version: readonly number[]): number {
  const p = Math.fround(portableBaseScore(baseScore, link, version));
  switch (link) {
    case 'identity':
      return p;
    case 'logit':
      return -logf(Math.fround(Math.fround(1 / p) - 1));
    case 'log':
      return logf(p);
  }
}

/**
 * XGBoost's `expf(x)` / `std::exp(float)` (exp transforms of count:poisson, reg:gamma, reg:tweedie,
 * survival:cox; their gradients): glibc's expf (util/expf.ts), not the float32 nearest to exp(x).
 */
export const exp32: (x: number) => number = expf;

/**
 * Applies the output transform in place.
 * @param values in/out: Float32Array of margins, replaced by outputs.
 */
export function transformInPlace(values: Float32Array, output: OutputTransform): void {
  if (output === 'sigmoid') {
    for (let i = 0; i < values.length; i++) values[i] = sigmoid32(values[i]!);
  } else if (output === 'exp') {
    for (let i = 0; i < values.length; i++) values[i] = exp32(values[i]!);
  } else if (output === 'step') {
    for (let i = 0; i < values.length; i++) values[i] = step(values[i]!);
  } else if (output !== 'identity') {
    throw new Error(`the ${output} transform maps a row's K margins together: use softmaxRows / argmaxRows`);
  }
}

/** binary:hinge's PredTransform (XGBoost hinge.cu): 1 for a positive margin, else 0 (NaN too). */
function step(x: number): number {
  return x > 0 ? 1 : 0;
}

/** The output transform of one margin (float32). */
export function transformOne(margin: number, output: OutputTransform): number {
  if (output === 'sigmoid') return sigmoid32(margin);
  if (output === 'exp') return exp32(margin);
  if (output === 'step') return step(margin);
  if (output !== 'identity') throw new Error(`the ${output} transform maps a row's K margins together: use softmaxRows / argmaxRows`);
  return margin;
}

/**
 * XGBoost's common::Softmax over each row of K margins, in place (src/common/math.h): wmax the
 * row's maximum, e_k = expf(x_k - wmax) (glibc's, util/expf.ts), wsum their double sum,
 * x_k = e_k / float(wsum), in float32.
 * @param values in/out: Float32Array of length nRows x K, row-major (XGBoost's prediction layout).
 */
export function softmaxRows(values: Float32Array, K: number): void {
  for (let at = 0; at + K <= values.length; at += K) {
    let wmax = values[at]!;
    for (let k = 1; k < K; k++) wmax = Math.max(values[at + k]!, wmax);
    let wsum = 0;
    for (let k = 0; k < K; k++) {
      values[at + k] = expf(values[at + k]! - wmax);
      wsum += values[at + k]!;
    }
    const sum = Math.fround(wsum);
    for (let k = 0; k < K; k++) values[at + k] = values[at + k]! / sum;
  }
}

/**
 * multi:softmax's PredTransform: each row's class index, the first largest margin (XGBoost's FindMaxIndex).
 * @param values in: Float32Array of length nRows x K, row-major. @returns Float32Array of length nRows.
 */
export function argmaxRows(values: Float32Array, K: number): Float32Array {
  const n = Math.floor(values.length / K);
  const out = new Float32Array(n);
  for (let r = 0; r < n; r++) {
    let best = 0;
    for (let k = 1; k < K; k++) if (values[r * K + k]! > values[r * K + best]!) best = k;
    out[r] = best;
  }
  return out;
}

/**
 * reg:quantileerror's PredTransform with several quantiles (XGBoost 3.4.1 quantile_obj.cu): each
 * row's K outputs sorted ascending by insertion sort, in place, so the quantiles never cross.
 * @param values in/out: Float32Array of length nRows x K, row-major.
 */
export function sortRows(values: Float32Array, K: number): void {
  for (let at = 0; at + K <= values.length; at += K) {
    for (let i = 1; i < K; i++) {
      const v = values[at + i]!;
      let pos = i;
      while (pos > 0 && values[at + pos - 1]! > v) {
        values[at + pos] = values[at + pos - 1]!;
        pos--;
      }
      values[at + pos] = v;
    }
  }
}
