/**
 * A BlockSource reads a prediction input (a Dataset, or an array of rows) into the block layout
 * batch prediction walks (src/kernels/ts/block-rows.ts), checking it as it goes: column mapping by
 * name or position (feature-map.ts), row lengths of array input, no infinite values (value-rules.ts).
 */
import type { Dataset } from '../data/dataset.js';
import { DataError } from '../errors.js';
import { featureError, firstInfinite } from '../data/value-rules.js';
import { MISSING_COLUMNS_HINT, mapFeatures, type FeatureMapOptions } from './feature-map.js';
import { BLOCK_ROWS } from '../kernels/ts/block-rows.js';

/** Source name of array-of-rows input, for messages. */
export const ROWS_SOURCE = 'input rows';

/** Rows to predict: a Dataset, or rows given as array-likes of feature values in model order (null, undefined or NaN = missing). */
export type BlockInput = Dataset | ArrayLike<number | null | undefined>[];

/** A prediction input read block by block (see the file comment). */
export interface BlockSource {
  readonly nRows: number;
  /**
   * Writes rows [r0, r0 + nb) (nb <= BLOCK_ROWS) as one block at `dst[dstOff ..]`.
   * @param dst out: Float32Array with at least BLOCK_ROWS * nFeatures floats from dstOff.
   * @throws DataError for an array row of the wrong length.
   */
  fill(r0: number, nb: number, dst: Float32Array, dstOff: number): void;
}

/**
 * A BlockSource over `data` for a model with `nFeatures` features named `featureNames` (empty
 * when the model has none). Dataset columns are matched now (mapFeatures), array rows as they
 * are read.
 * @throws DataError when the Dataset's columns do not match the model.
 */
export function blockSource(
  data: BlockInput,
  nFeatures: number,
  featureNames: readonly string[],
  options: FeatureMapOptions,
): BlockSource {
  if (Array.isArray(data)) return new RowsSource(data as ArrayLike<number | null | undefined>[], nFeatures, options.allowMissingColumns === true);
  const ds = data as Dataset;
  const map = mapFeatures(featureNames, nFeatures, ds, options);
  const cols: (Float32Array | null)[] = [];
  for (let i = 0; i < nFeatures; i++) cols.push(map[i]! < 0 ? null : ds.columns[map[i]!]!);
  return new ColumnsSource(ds, cols, map);
}

/** Dataset columns, one per model feature (null = absent, all missing). */
class ColumnsSource implements BlockSource {
  readonly nRows: number;

  constructor(
    private readonly data: Dataset,
    private readonly cols: readonly (Float32Array | null)[],
    private readonly map: Int32Array,
  ) {
    this.nRows = data.nRows;
  }

  fill(r0: number, nb: number, dst: Float32Array, dstOff: number): void {
    const cols = this.cols;
    for (let i = 0; i < cols.length; i++) {
      const col = cols[i]!;
      const o = dstOff + i * BLOCK_ROWS;
      if (col === null) {
        dst.fill(NaN, o, o + nb);
        continue;
      }
      dst.set(col.subarray(r0, r0 + nb), o);
      // A Dataset built in memory has not been through a loader's checks (value-rules.ts).
      const bad = firstInfinite(dst, o, o + nb);
      if (bad >= 0) {
        const j = this.map[i]!;
        throw featureError({ file: this.data.source, row: r0 + bad - o + 1, column: this.data.featureNames[j] ?? j }, dst[bad]!, undefined, 'use NaN');
      }
    }
  }
}

/** Array rows in model order (NaN, null, undefined = missing). */
class RowsSource implements BlockSource {
  readonly nRows: number;

  constructor(
    private readonly rows: readonly ArrayLike<number | null | undefined>[],
    private readonly nFeatures: number,
    private readonly allowMissing: boolean,
  ) {
    this.nRows = rows.length;
  }

  fill(r0: number, nb: number, dst: Float32Array, dstOff: number): void {
    const nF = this.nFeatures;
    for (let b = 0; b < nb; b++) {
      const row = this.rows[r0 + b]!;
      const len = row.length;
      if (len > nF || (len < nF && !this.allowMissing)) {
        throw new DataError(
          { file: ROWS_SOURCE, row: r0 + b + 1 },
          `the row has ${len} values, the model expects ${nF}` + (len < nF ? ` ${MISSING_COLUMNS_HINT}` : ''),
        );
      }
      for (let i = 0; i < len; i++) {
        const v = row[i];
        const at = dstOff + i * BLOCK_ROWS + b;
        dst[at] = v === null || v === undefined ? NaN : v;
        const f = dst[at]!;
        if (f - f !== 0 && f === f) throw featureError({ file: ROWS_SOURCE, row: r0 + b + 1, column: i }, f, undefined, 'use NaN or null');
      }
      for (let i = len; i < nF; i++) dst[dstOff + i * BLOCK_ROWS + b] = NaN;
    }
  }
}
