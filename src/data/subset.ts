/**
 * Row subsets of a Dataset (train/test splits, cross-validation folds). Query groups are kept
 * only when every selected query is taken whole and in order.
 */
import type { Dataset } from './dataset.js';

/**
 * A new Dataset with the given rows, in the given order.
 * @param rows in: row indices (any array-like of integers in [0, nRows)).
 */
export function takeRows(data: Dataset, rows: ArrayLike<number>, source = `${data.source} (subset)`): Dataset {
  const n = rows.length;
  const pick = <T extends Float32Array | Int32Array>(a: T, make: (n: number) => T): T => {
    const out = make(n);
    for (let i = 0; i < n; i++) out[i] = a[rows[i]!]!;
    return out;
  };
  return {
    nRows: n,
    nFeatures: data.nFeatures,
    featureNames: data.featureNames,
    hasFeatureNames: data.hasFeatureNames,
    columns: data.columns.map((c) => pick(c, (k) => new Float32Array(k))),
    label: data.label ? pick(data.label, (k) => new Float32Array(k)) : null,
    weight: data.weight ? pick(data.weight, (k) => new Float32Array(k)) : null,
    queryOffsets: data.queryOffsets ? subsetQueries(data.queryOffsets, rows) : null,
    position: data.position ? pick(data.position, (k) => new Int32Array(k)) : null,
    source,
    // Per-feature categories and label texts describe the columns, not the rows: a fold keeps them
    // (without them a categorical column's codes would be trained on as numbers).
    ...(data.categories ? { categories: data.categories } : {}),
    ...(data.labelNames ? { labelNames: data.labelNames } : {}),
  };
}

/** Query offsets of the subset when it consists of whole queries in order, else null. */
function subsetQueries(offsets: Uint32Array, rows: ArrayLike<number>): Uint32Array | null {
  const out: number[] = [0];
  let i = 0;
  while (i < rows.length) {
    const r = rows[i]!;
    // find the query containing r; it must start at r
    let lo = 0;
    let hi = offsets.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (offsets[mid]! <= r) lo = mid;
      else hi = mid - 1;
    }
    if (offsets[lo] !== r) return null;
    const size = offsets[lo + 1]! - offsets[lo]!;
    for (let k = 0; k < size; k++) if (rows[i + k] !== r + k) return null;
    i += size;
    out.push(i);
  }
  return Uint32Array.from(out);
}
