/**
 * The in-memory dataset every loader produces: column-major float32 features (NaN = missing),
 * label, optional weights, query offsets and displayed positions.
 */
import type { CategoryList } from '../model-io/category-table.js';
import type { FeatureColumn } from '../types.js';

export interface Dataset {
  /** Number of rows. */
  readonly nRows: number;
  /** Number of feature columns. */
  readonly nFeatures: number;
  /** Feature names, length nFeatures. Generated as `f0, f1, ...` when the file has none. */
  readonly featureNames: string[];
  /** True when the names came from the file (header, Arrow schema), not generated. */
  readonly hasFeatureNames: boolean;
  /** Feature columns, length nFeatures, each a Float32Array of length nRows; NaN = missing. */
  readonly columns: FeatureColumn[];
  /** Labels, Float32Array of length nRows, or null when the data has no label (prediction input). */
  readonly label: Float32Array | null;
  /** Per-row weights, Float32Array of length nRows, or null (all 1). */
  readonly weight: Float32Array | null;
  /**
   * Query (group) boundaries, Uint32Array of length nQueries + 1: query q holds rows
   * [queryOffsets[q], queryOffsets[q+1]). null when the data has no groups.
   */
  readonly queryOffsets: Uint32Array | null;
  /** Displayed positions (0-based), Int32Array of length nRows, or null (row order within the query). */
  readonly position: Int32Array | null;
  /** Where the data came from (a path, or a short description), for messages. */
  readonly source: string;
  /**
   * How messages name the label column: its header/schema name, or its 0-based index in a file
   * without a header; undefined = `label` (LibSVM, data built in memory).
   */
  readonly labelName?: string | number;
  /** Text labels the loader mapped (label-map.ts): the original text of label value i at [i]. */
  readonly labelNames?: readonly string[];
  /**
   * Categorical features: length nFeatures, the categories of feature j at [j] (null for a numeric
   * feature). A categorical feature's column holds category codes: the cell's index in its list as a
   * float (0, 1, 2, ...), NaN when missing, as XGBoost's DMatrix holds them. Absent = no categorical feature.
   */
  readonly categories?: readonly (CategoryList | null)[];
}

/** Reads one row of a dataset into `out` (Float32Array or number[] of length >= nFeatures). */
export function readRow(data: Dataset, row: number, out: Float32Array | Float64Array | number[]): void {
  const cols = data.columns;
  for (let j = 0; j < cols.length; j++) out[j] = cols[j]![row]!;
}
