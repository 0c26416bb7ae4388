/**
 * A sentinel value that means missing (XGBoost's DMatrix `missing`, e.g. -999): every feature
 * cell equal to it, compared in float32 as XGBoost compares, is read as missing (NaN), as empty
 * cells and NaN always are. Labels, weights, query ids and positions are not features and keep
 * their values. The sentinel a model was trained with is saved in its parameters
 * (`lambdaboost.params.missing`), so prediction reads new data the same way.
 */
import type { Model } from '../model-io/model.js';
import type { FeatureColumn } from '../types.js';

/**
 * Replaces every value equal to float32(missing) with NaN, in place.
 * @param columns feature columns (Float32Array each).
 */
export function markMissing(columns: readonly FeatureColumn[], missing: number): void {
  const m = Math.fround(missing);
  if (Number.isNaN(m)) return;
  for (const col of columns) {
    for (let i = 0; i < col.length; i++) if (col[i] === m) col[i] = NaN;
  }
}

/**
 * Replaces float32(missing) with NaN in `buf[from, to)`, in place (prediction's row blocks).
 * @param buf Float32Array of feature values.
 */
export function markMissingRange(buf: Float32Array, from: number, to: number, missing: number): void {
  const m = Math.fround(missing);
  for (let i = from; i < to; i++) if (buf[i] === m) buf[i] = NaN;
}

/** The sentinel a model was trained with (its saved `missing` parameter), or undefined. */
export function modelMissing(model: Model): number | undefined {
  const params = model.extra.params;
  if (params === null || typeof params !== 'object') return undefined;
  const v = (params as Record<string, unknown>).missing;
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
