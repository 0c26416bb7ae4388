/**
 * Which data column feeds each model feature.
 *
 * By name when both the data and the model have feature names: columns may come in any order,
 * extra data columns are ignored, and a model feature absent from the data is a DataError naming
 * it. Otherwise by position: more data columns than the model has features is an error, fewer
 * is an error unless `allowMissingColumns` (LibSVM-like data whose trailing columns are absent;
 * those features are then missing, NaN).
 */
import { DataError } from '../errors.js';

/**
 * The hint of every "too few columns" message: the option that allows it, by its real name (it
 * is an option of predict, Booster.predict, Predictor's batch methods and the explainers).
 */
export const MISSING_COLUMNS_HINT = "(predict's option allowMissingColumns: true treats the absent ones as missing values)";

/** What the mapping needs to know about the data (a Dataset fits). */
export interface ColumnSource {
  readonly nFeatures: number;
  readonly featureNames: readonly string[];
  readonly hasFeatureNames: boolean;
  /** Where the data came from, for messages. */
  readonly source: string;
}

/** Options of mapFeatures. */
export interface FeatureMapOptions {
  /**
   * Treat model features that the data lacks as missing (NaN) instead of failing: positional
   * data with fewer columns than the model, or, matching by name, absent names.
   */
  allowMissingColumns?: boolean;
}

/**
 * The data column of each model feature.
 * @param modelNames the model's feature names (empty when it has none).
 * @param nModelFeatures the model's number of features.
 * @returns Int32Array of length nModelFeatures: a data column index, or -1 (always missing).
 * @throws DataError naming the data source and the missing feature, or the expected count.
 */
export function mapFeatures(
  modelNames: readonly string[],
  nModelFeatures: number,
  data: ColumnSource,
  options: FeatureMapOptions = {},
): Int32Array {
  const map = new Int32Array(nModelFeatures);
  const allowMissing = options.allowMissingColumns === true;
  if (data.hasFeatureNames && modelNames.length === nModelFeatures && nModelFeatures > 0) {
    const byName = new Map<string, number>();
    for (let j = 0; j < data.nFeatures; j++) {
      const name = data.featureNames[j]!;
      byName.set(name, byName.has(name) ? -2 : j);
    }
    for (let i = 0; i < nModelFeatures; i++) {
      const name = modelNames[i]!;
      const j = byName.get(name);
      if (j === -2) throw new DataError({ file: data.source, column: name }, `the column name appears more than once; the model's feature ${i} cannot be matched`);
      if (j === undefined) {
        if (allowMissing) {
          map[i] = -1;
          continue;
        }
        throw new DataError(
          { file: data.source, column: name },
          `the model's feature ${i} (${JSON.stringify(name)}) is missing from the data`,
        );
      }
      map[i] = j;
    }
    return map;
  }
  if (data.nFeatures > nModelFeatures) {
    throw new DataError(
      { file: data.source },
      `the data has ${data.nFeatures} feature columns, the model expects ${nModelFeatures}`,
    );
  }
  if (data.nFeatures < nModelFeatures && !allowMissing) {
    throw new DataError(
      { file: data.source },
      `the data has ${data.nFeatures} feature columns, the model expects ${nModelFeatures} ${MISSING_COLUMNS_HINT}`,
    );
  }
  for (let i = 0; i < nModelFeatures; i++) map[i] = i < data.nFeatures ? i : -1;
  return map;
}

/** Whether the map sends model feature i to data column i for every i. */
export function isIdentityMap(map: Int32Array): boolean {
  for (let i = 0; i < map.length; i++) if (map[i] !== i) return false;
  return true;
}
