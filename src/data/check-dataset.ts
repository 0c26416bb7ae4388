/**
 * The checks a Dataset gets wherever it enters training, whoever built it: the loaders already
 * apply them while reading, but the library's callers may build a Dataset in memory. Shapes,
 * unique feature names and feature values (value-rules.ts: no infinities) are checked here, so
 * a model is never trained on data a file could not have held.
 */
import { DataError } from '../errors.js';
import type { Dataset } from './dataset.js';
import { featureError, firstInfinite } from './value-rules.js';

/**
 * Throws a DataError naming `data.source` for a feature name given twice (XGBoost: "feature_names
 * must be unique"), or null when the names are unique.
 * @param names the feature names, in column order.
 * @param source where they come from, for the message.
 * @param shown how a name is shown (e.g. with the header column it came from).
 */
export function checkUniqueNames(names: readonly string[], source: string, shown: (j: number) => string = (j) => `column ${j}`): void {
  const first = new Map<string, number>();
  for (let j = 0; j < names.length; j++) {
    const name = names[j]!;
    const k = first.get(name);
    if (k !== undefined) {
      throw new DataError(
        { file: source, column: name },
        `feature name ${JSON.stringify(name)} is used twice (${shown(k)} and ${shown(j)}); feature names must be unique, ` +
          'as in XGBoost (rename one, or skip one with ignore)',
      );
    }
    first.set(name, j);
  }
}

/**
 * Checks a dataset given to training or evaluation.
 * @throws DataError for columns of the wrong count or length, duplicate feature names, or an
 * infinite feature value (naming its 1-based row and its column).
 */
export function checkDataset(data: Dataset): void {
  const src = data.source;
  if (data.columns.length !== data.nFeatures) throw new DataError({ file: src }, `the dataset has ${data.columns.length} columns, nFeatures is ${data.nFeatures}`);
  if (data.featureNames.length !== data.nFeatures) {
    throw new DataError({ file: src }, `the dataset has ${data.featureNames.length} feature names for ${data.nFeatures} features`);
  }
  checkUniqueNames(data.featureNames, src, (j) => `feature ${j}`);
  for (let j = 0; j < data.nFeatures; j++) {
    const col = data.columns[j]!;
    if (col.length !== data.nRows) throw new DataError({ file: src, column: data.featureNames[j]! }, `the column has ${col.length} values, nRows is ${data.nRows}`);
    const i = firstInfinite(col, 0, col.length);
    if (i >= 0) throw featureError({ file: src, row: i + 1, column: data.featureNames[j]! }, col[i]!, undefined, 'use NaN');
  }
  checkCategories(data);
}

/**
 * The category contract (Dataset.categories): one entry per feature, and a categorical column
 * holds codes 0..n-1 of its n categories (integers as floats) or NaN.
 */
function checkCategories(data: Dataset): void {
  const cats = data.categories;
  if (cats === undefined) return;
  const src = data.source;
  if (cats.length !== data.nFeatures) throw new DataError({ file: src }, `the dataset has ${cats.length} category entries for ${data.nFeatures} features`);
  for (let j = 0; j < cats.length; j++) {
    const list = cats[j];
    if (list === null || list === undefined) continue;
    const n = list.kind === 'string' ? list.names.length : list.values.length;
    const col = data.columns[j]!;
    for (let r = 0; r < col.length; r++) {
      const c = col[r]!;
      if (c === c && !(Number.isInteger(c) && c >= 0 && c < n)) {
        throw new DataError({ file: src, row: r + 1, column: data.featureNames[j]! }, `category code ${c} is not an index of the feature's ${n} categories`);
      }
    }
  }
}
