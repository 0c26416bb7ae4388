/**
 * Lines up an evaluation set's columns with the training data's features: by name when both
 * files have names (any order; extra columns ignored), otherwise by position.
 */
import type { Dataset } from '../data/dataset.js';
import { DataError } from '../errors.js';

/** Returns the eval set's columns in training-feature order (length train.nFeatures). */
export function alignColumns(train: Dataset, other: Dataset): Float32Array[] {
  if (train.hasFeatureNames && other.hasFeatureNames) {
    const index = new Map(other.featureNames.map((n, i) => [n, i]));
    return train.featureNames.map((name) => {
      const j = index.get(name);
      if (j === undefined) throw new DataError({ file: other.source, column: name }, `feature ${JSON.stringify(name)} of the training data is missing`);
      return other.columns[j]!;
    });
  }
  if (other.nFeatures === train.nFeatures) return other.columns;
  if (other.nFeatures < train.nFeatures && other.hasFeatureNames === false) {
    // Sparse formats (LibSVM) may end before the training data's last column: absent = missing.
    const pad = new Float32Array(other.nRows).fill(NaN);
    return train.featureNames.map((_, j) => other.columns[j] ?? pad);
  }
  throw new DataError({ file: other.source }, `has ${other.nFeatures} features, the training data has ${train.nFeatures}`);
}
