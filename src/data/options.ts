import type { CategoryCoding } from './category-coder.js';

/**
 * The options every loader takes (re-exported by load.ts, the public entry point).
 */

/** File format: `auto` detects it from the first bytes (see detect-format.ts). */
export type DataFormat = 'auto' | 'csv' | 'tsv' | 'libsvm' | 'arrow' | 'parquet';

/**
 * A column, by header/schema name or by 0-based index. A string that matches no name but is a
 * non-negative integer (as a CLI passes it, e.g. `"0"`) is taken as an index.
 */
export type ColumnRef = string | number;

/** Options of {@link loadDataset}. */
export interface LoadOptions {
  /** File format; default `'auto'`. */
  format?: DataFormat;
  /**
   * Delimited files only: the delimiter, one character (`;`, `|`, ...) or `tab`; default: the one
   * the first line holds most often of comma, tab and semicolon (not comma with decimal `,`).
   */
  delimiter?: string;
  /** Delimited files only: the decimal mark, `.` (default) or `,` (European CSV: `1,5`). */
  decimal?: '.' | ',';
  /**
   * Delimited files only: text labels, by an explicit map ({ no: 0, yes: 1 }) or 'binary' (the two
   * texts found, sorted, become 0 and 1). Headerless files with text labels need `header: false`.
   */
  labelMap?: Readonly<Record<string, number>> | 'binary';
  /** Delimited files only: whether the first line is a header. Undefined = detect (a non-numeric, non-missing cell). */
  header?: boolean;
  /**
   * Label column (delimited, Arrow and Parquet). Default: headerless delimited -> column 0 (LightGBM's
   * convention), except when `nFeatures` is given and the file has exactly that many columns
   * (then it has no label); a file with a header, an Arrow or a Parquet file -> no label unless given (Arrow
   * files written by writeArrow record their label column and it is used).
   */
  label?: ColumnRef;
  /** Per-row weight column (delimited, Arrow and Parquet): finite, >= 0. */
  weight?: ColumnRef;
  /** Query id column (delimited, Arrow and Parquet): rows of a query must be contiguous. */
  qid?: ColumnRef;
  /** Displayed position column (delimited, Arrow and Parquet): integers >= 0. */
  position?: ColumnRef;
  /** Columns to skip (delimited, Arrow and Parquet); they are not parsed, so they may hold text. */
  ignore?: ColumnRef[];
  /**
   * Number of features of the model the data is for (prediction, validation sets). LibSVM: pad
   * the features to at least this many columns. Headerless delimited: decides whether column 0
   * is a label (see `label`).
   */
  nFeatures?: number;
  /**
   * A feature value that means missing (XGBoost's DMatrix `missing`, e.g. -999): cells equal to it
   * (in float32) are read as NaN, in every format. Labels and id columns keep their values.
   */
  missing?: number;
  /** LibSVM: absent entries are `missing` (XGBoost's reading, the default) or `zero` (LightGBM's). */
  libsvmAbsent?: 'missing' | 'zero';
  /**
   * Delimited, Arrow and Parquet files: categorical feature columns whose cells are category text,
   * coded by a model's category lists (category-coder.ts; prediction with a model that has a
   * category table). Arrow and Parquet: columnar-categories.ts.
   */
  categoryCoding?: CategoryCoding;
  /**
   * Categorical feature columns (delimited, Arrow and Parquet), by name or 0-based index (LightGBM's
   * categorical_feature): every non-missing cell is a category name, matched by exact text (`"3"` and
   * `"03"` are two categories). Arrow and Parquet string and dictionary columns are categorical
   * without being named; an integer column named here has its decimal text as names, a float
   * column cannot be named (columnar-categories.ts). The dataset gets its own category lists (Dataset.categories, sorted
   * by code point as pandas sorts them) unless the data is for a model (`nFeatures` or
   * `categoryCoding` given): then the named columns must be the model's categorical features.
   */
  categorical?: ColumnRef[];
  /**
   * Delimited files: a feature column with a cell that is neither a number nor a missing token is
   * categorical without being named (training data; default false, so text in a feature column is an
   * error). Ignored for data for a model (`nFeatures` or `categoryCoding` given).
   */
  detectCategorical?: boolean;
  /** Receives one-line progress notes, e.g. `loaded 201 query groups from data/rank.train.query`. */
  onInfo?: (message: string) => void;
  /**
   * Threads that may read a delimited file's numbers (the kernel workers and this one; default 1).
   * The data is the same for any count (parallel-plain-records.ts). A whole number from 1 to
   * nthread's maximum; another value is refused.
   */
  threads?: number;
}
