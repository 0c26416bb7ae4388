/**
 * The input of an explainer (a Dataset or an array of rows) as feature columns in model order,
 * matched the way Predictor matches them (src/predict/feature-map.ts): by name when both the
 * data and the model have feature names, otherwise by position; infinite values are refused
 * (value-rules.ts).
 */
import type { Dataset } from '../data/dataset.js';
import { featureError, firstInfinite, isValidFeature } from '../data/value-rules.js';
import { DataError } from '../errors.js';
import { MISSING_COLUMNS_HINT, mapFeatures, type FeatureMapOptions } from '../predict/feature-map.js';
import type { PredictInput } from '../predict/forest-predictor.js';

/** Source name of array-of-rows input, for messages (as in Predictor). */
const ROWS_SOURCE = 'input rows';

/** The input's features in model order. */
export interface ModelColumns {
  /** Number of rows. */
  readonly nRows: number;
  /**
   * Length nFeatures (the model's): Float32Array of length nRows per model feature, NaN =
   * missing. For a Dataset these are the dataset's own arrays (not copies); a feature absent
   * from the data (allowed by allowMissingColumns) is one shared all-NaN array.
   */
  readonly columns: Float32Array[];
  /** Where the rows came from, for messages. */
  readonly source: string;
}

/**
 * Maps the input to model-order columns.
 * @param modelNames the model's feature names (empty when it has none).
 * @param nFeatures the model's number of features.
 * @throws DataError when the columns do not match the model (as Predictor would).
 */
export function modelColumns(
  modelNames: readonly string[],
  nFeatures: number,
  input: PredictInput,
  options: FeatureMapOptions = {},
): ModelColumns {
  return mapColumns(modelNames, nFeatures, input, options, (n) => new Float32Array(n));
}

/**
 * As modelColumns, but rows given as arrays keep their values as doubles (Float64Array columns;
 * a Dataset's own float32 arrays are used as they are). For models that compare in double.
 */
export function modelColumnsDouble(
  modelNames: readonly string[],
  nFeatures: number,
  input: PredictInput | ArrayLike<number | null | undefined>[],
  options: FeatureMapOptions = {},
): { readonly nRows: number; readonly columns: (Float32Array | Float64Array)[]; readonly source: string } {
  return mapColumns<Float32Array | Float64Array>(modelNames, nFeatures, input as PredictInput, options, (n) => new Float64Array(n));
}

function mapColumns<C extends Float32Array | Float64Array>(
  modelNames: readonly string[],
  nFeatures: number,
  input: PredictInput,
  options: FeatureMapOptions,
  make: (n: number) => C,
): { nRows: number; columns: (C | Float32Array)[]; source: string } {
  if (Array.isArray(input)) return rowsToColumns(input as ArrayLike<number | null | undefined>[], nFeatures, options, make);
  const ds = input as Dataset;
  const map = mapFeatures(modelNames, nFeatures, ds, options);
  let missing: Float32Array | null = null;
  const columns: Float32Array[] = [];
  for (let i = 0; i < nFeatures; i++) {
    const j = map[i]!;
    if (j < 0) {
      columns.push((missing ??= new Float32Array(ds.nRows).fill(NaN)));
      continue;
    }
    const col = ds.columns[j]!;
    const bad = firstInfinite(col, 0, col.length);
    if (bad >= 0) throw featureError({ file: ds.source, row: bad + 1, column: ds.featureNames[j] ?? j }, col[bad]!, undefined, 'use NaN');
    columns.push(col);
  }
  return { nRows: ds.nRows, columns, source: ds.source };
}

function rowsToColumns<C extends Float32Array | Float64Array>(
  rows: ArrayLike<number | null | undefined>[],
  nFeatures: number,
  options: FeatureMapOptions,
  make: (n: number) => C,
): { nRows: number; columns: C[]; source: string } {
  const n = rows.length;
  const columns = Array.from({ length: nFeatures }, () => make(n));
  const allowMissing = options.allowMissingColumns === true;
  for (let r = 0; r < n; r++) {
    const row = rows[r]!;
    const len = row.length;
    if (len > nFeatures || (len < nFeatures && !allowMissing)) {
      throw new DataError(
        { file: ROWS_SOURCE, row: r + 1 },
        `the row has ${len} values, the model expects ${nFeatures}` +
          (len < nFeatures ? ` ${MISSING_COLUMNS_HINT}` : ''),
      );
    }
    for (let j = 0; j < nFeatures; j++) {
      const v = j < len ? row[j] : NaN;
      const f = v === null || v === undefined ? NaN : v;
      columns[j]![r] = f;
      // Checked as stored: float32 columns round 1e39 to infinity, double ones keep it.
      if (!isValidFeature(columns[j]![r]!)) throw featureError({ file: ROWS_SOURCE, row: r + 1, column: j }, f, undefined, 'use NaN or null');
    }
  }
  return { nRows: n, columns, source: ROWS_SOURCE };
}

/**
 * A Dataset over model-order columns (no label, generated names `f0, f1, ...`), which a
 * Predictor matches by position. Used to predict with some columns replaced.
 * @param columns length nFeatures, each a Float32Array of length nRows.
 */
export function columnsDataset(columns: Float32Array[], nRows: number, source: string): Dataset {
  return {
    nRows,
    nFeatures: columns.length,
    featureNames: columns.map((_, i) => `f${i}`),
    hasFeatureNames: false,
    columns,
    label: null,
    weight: null,
    queryOffsets: null,
    position: null,
    source,
  };
}
