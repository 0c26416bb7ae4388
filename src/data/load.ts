/**
 * The one entry point for reading training/prediction data: detects the format, runs the
 * matching streaming reader, then applies the LightGBM-style sidecar files.
 *
 * Every problem with the input (missing file, malformed line, bad label, ...) is thrown as a
 * DataError naming the file, the line/row and the column; no other exception type escapes for bad input.
 */
import { DataError, UserError } from '../errors.js';
import type { Dataset } from './dataset.js';
import { readDelimited } from './delimited-reader.js';
import { detectFormat } from './detect-format.js';
import { readLibsvm } from './libsvm-reader.js';
import type { LoadOptions } from './options.js';
import { applySidecars } from './sidecars.js';
import { markMissing } from './missing-value.js';
import { paramSpec } from '../params/schema.js';

export type { ColumnRef, DataFormat, LoadOptions } from './options.js';

const FORMATS = new Set(['auto', 'csv', 'tsv', 'libsvm', 'arrow', 'parquet']);

/**
 * The delimiter of a delimited file: the one given (one character, or `tab`), else the detected
 * one (never a comma with decimal commas: detect-format.ts).
 */
function delimiterCode(path: string, options: LoadOptions, detected: number): number {
  const decimal = options.decimal ?? '.';
  if (decimal !== '.' && decimal !== ',') throw new DataError({ file: path }, `decimal must be "." or ",", not ${JSON.stringify(decimal)}`);
  let code = detected;
  if (options.delimiter !== undefined) {
    const d = options.delimiter === 'tab' || options.delimiter === '\\t' ? '\t' : options.delimiter;
    if (d.length !== 1 || /[0-9.+\-eE"\r\n]/.test(d)) {
      throw new DataError({ file: path }, `delimiter must be one character (or "tab") that cannot be part of a number or a quote, not ${JSON.stringify(options.delimiter)}`);
    }
    code = d.charCodeAt(0);
  }
  if (decimal === ',' && code === 44) throw new DataError({ file: path }, 'decimal "," needs another delimiter than a comma (give delimiter ";" or "tab")');
  return code;
}

/**
 * Loads a dataset from a CSV/TSV, LibSVM/SVMlight, Arrow IPC or Parquet file.
 *
 * Result arrays: `columns` nFeatures Float32Arrays of length nRows (NaN = missing); `label`
 * Float32Array of length nRows (null when the file has no label column); `weight` Float32Array of
 * length nRows or null; `queryOffsets` Uint32Array of length nQueries + 1 or null; `position`
 * Int32Array of length nRows or null.
 *
 * Format rules are in delimited-reader.ts, libsvm-reader.ts, arrow-reader.ts and parquet-reader.ts; sidecars
 * (`<path>.query`, `.weight`, `.position`) in sidecars.ts. For LibSVM, the column options
 * (label, weight, qid, position, ignore) do not apply and are a DataError.
 */
export async function loadDataset(path: string, options: LoadOptions = {}): Promise<Dataset> {
  const format = options.format ?? 'auto';
  if (!FORMATS.has(format)) throw new DataError({ file: path }, `unknown format ${JSON.stringify(format)}; expected auto, csv, tsv, libsvm, arrow or parquet`);
  // (the bound is nthread's: the CLI passes its resolved nthread)
  const maxThreads = paramSpec('nthread').max ?? Infinity;
  const threads = options.threads;
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1 && threads <= maxThreads)) {
    throw new DataError({ file: path }, `threads must be a whole number from 1 to ${maxThreads}, not ${String(threads)}`);
  }
  try {
    const guess = await detectFormat(path, format, options.decimal === ',');
    let data: Dataset;
    const numericCategories = options.categoryCoding?.lists.findIndex((l) => l !== null && l.kind === 'number') ?? -1;
    if (numericCategories >= 0 && guess.format === 'libsvm') {
      throw new DataError(
        { file: path },
        `the model's feature ${options.categoryCoding!.featureNames[numericCategories] ?? numericCategories} has numeric categories, which libsvm input cannot give by value (use a delimited, Arrow or Parquet file)`,
      );
    }
    if (guess.format === 'libsvm') {
      if ((options.categorical ?? []).length > 0) {
        throw new DataError({ file: path }, 'option categorical does not apply to LibSVM files: they hold numbers only, with no category names (use a CSV, Arrow or Parquet file with the category text)');
      }
      for (const key of ['label', 'weight', 'qid', 'position', 'ignore', 'labelMap'] as const) {
        const given: unknown = options[key];
        if (given !== undefined && !(Array.isArray(given) && given.length === 0)) {
          throw new DataError({ file: path }, `option ${key} does not apply to LibSVM files (the label is the first token; use qid: tokens or .query/.weight/.position files)`);
        }
      }
      data = await readLibsvm(path, { nFeatures: options.nFeatures, absentZero: options.libsvmAbsent === 'zero' });
    } else if (guess.format === 'arrow') {
      if (options.labelMap !== undefined) throw new DataError({ file: path }, 'label maps apply to delimited files; an Arrow file\'s label column must be numeric');
      // Imported here, not at the top: apache-arrow takes ~80 ms to load, which every CSV or
      // LibSVM run of the CLI would otherwise pay.
      const { readArrow } = await import('./arrow-reader.js');
      data = await readArrow(path, options);
    } else if (guess.format === 'parquet') {
      if (options.labelMap !== undefined) throw new DataError({ file: path }, 'label maps apply to delimited files; a Parquet file\'s label column must be numeric');
      const { readParquet } = await import('./parquet-reader.js');
      data = await readParquet(path, options);
    } else {
      data = await readDelimited(path, { ...options, delimiter: delimiterCode(path, options, guess.delimiter) });
    }
    if (options.missing !== undefined) markMissing(data.columns, options.missing);
    return await applySidecars(path, data, options.onInfo);
  } catch (err) {
    if (err instanceof UserError) throw err;
    if (err instanceof RangeError) {
      // typed-array allocation failure on a huge file
      throw new DataError({ file: path }, `the data does not fit in memory: ${err.message}`);
    }
    throw err; // a bug, not bad input
  }
}
