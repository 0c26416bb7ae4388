/**
 * Cut values of a categorical feature, as XGBoost 3.4.1's hist builds them (src/common/quantile.cc
 * AddCategories): one bin per category code 0..maxCat, where maxCat is the largest code present in
 * the training column (not the length of the category list), whatever max_bin is. XGBoost's cut
 * values are the codes themselves and a code finds its bin by lower_bound (SearchCatBin, after
 * truncating the value to an integer); here the cuts are the codes plus one, so the numeric rule of
 * every binning kernel (the first cut > v, clamped to the last bin) gives code c bin c, and the
 * categorical feature is binned by the same kernels as a numeric one.
 */
import { DataError } from '../errors.js';
import type { FeatureCuts } from '../kernels/ts/quantile-cuts.js';

/** XGBoost's largest category code (CheckMaxCat: codes must be exactly representable in float32). */
export const MAX_CATEGORY_CODE = 2 ** 24 - 1;

/**
 * Cuts of a categorical feature.
 * @param values in: Float32Array, the feature's category codes in row order (NaN = missing), length n.
 * @param where the file (dataset source) and column name, for the message when a code is not a non-negative integer.
 * @returns cuts 1, 2, ..., maxCat + 1 (length maxCat + 1; a column with no present value gets the
 *   single cut 1), minValue 0 (not used by categorical splits).
 * @throws DataError naming the feature and row when a code is negative, fractional or above MAX_CATEGORY_CODE.
 */
export function categoryCuts(values: Float32Array, where: { file: string; column: string }): FeatureCuts {
  let maxCat = 0;
  for (let r = 0; r < values.length; r++) {
    const v = values[r]!;
    if (v !== v) continue;
    if (!(v >= 0 && v <= MAX_CATEGORY_CODE && Math.floor(v) === v)) {
      throw new DataError({ ...where, row: r + 1 }, `category code ${v} is not a category index (a whole number from 0 to ${MAX_CATEGORY_CODE})`);
    }
    if (v > maxCat) maxCat = v;
  }
  const cuts = new Float32Array(maxCat + 1);
  for (let c = 0; c <= maxCat; c++) cuts[c] = c + 1;
  return { cuts, minValue: 0 };
}
