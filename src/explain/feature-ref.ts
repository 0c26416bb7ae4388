/**
 * Naming model features on the command line and in the library: by name or by 0-based index.
 */
import type { Dataset } from '../data/dataset.js';
import { UserError } from '../errors.js';
import type { PredictInput } from '../predict/predictor.js';

/** At most this many names are listed in an "unknown feature" message. */
const MAX_LISTED = 40;

/**
 * The display name of each model feature: the model's names when it has them; otherwise the
 * data's column names when the data has a header (columns then match the model by position);
 * otherwise XGBoost's `f<index>`.
 * @returns string array of length model.nFeatures.
 */
export function featureDisplayNames(model: { readonly nFeatures: number; readonly featureNames: readonly string[] }, input?: PredictInput): string[] {
  const nF = model.nFeatures;
  if (model.featureNames.length === nF) return model.featureNames.slice();
  const ds = input !== undefined && !Array.isArray(input) ? (input as Dataset) : null;
  return Array.from({ length: nF }, (_, i) => (ds !== null && ds.hasFeatureNames && i < ds.nFeatures ? ds.featureNames[i]! : `f${i}`));
}

/**
 * The model feature index a reference names: an exact name first, then a 0-based index (a
 * number, or a string of digits), then XGBoost's `f<index>`.
 * @param names the display names (featureDisplayNames), length nFeatures.
 * @throws UserError for an unknown name or an index out of range; the message lists the names.
 */
export function resolveFeature(ref: string | number, names: readonly string[]): number {
  if (typeof ref === 'string') {
    const byName = names.indexOf(ref);
    if (byName >= 0) return byName;
    const m = /^f?(\d+)$/.exec(ref.trim());
    if (m) return resolveFeature(Number(m[1]), names);
    const listed = names.slice(0, MAX_LISTED).join(', ');
    const more = names.length > MAX_LISTED ? `, ... (${names.length} in all)` : '';
    throw new UserError(`unknown feature ${JSON.stringify(ref)}; the model's features are: ${listed}${more}`);
  }
  if (!Number.isInteger(ref) || ref < 0 || ref >= names.length) {
    throw new UserError(`feature index ${ref} is out of range: the model has ${names.length} features (0 to ${names.length - 1})`);
  }
  return ref;
}
