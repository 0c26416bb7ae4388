/**
 * Sidecar files next to a data file, loaded automatically as LightGBM does:
 * - `<data>.query`: group sizes, one positive integer per line (consecutive rows per query), summing to nRows;
 * - `<data>.weight`: one weight per row (finite, >= 0);
 * - `<data>.position`: one displayed position per row (integer >= 0).
 * Blank lines are skipped. When the data file itself already gives the same thing (a qid/weight/
 * position column or `qid:` tokens), the file's own values win and the sidecar is ignored, with a note.
 */
import { stat } from 'node:fs/promises';
import { DataError } from '../errors.js';
import type { Dataset } from './dataset.js';
import { Float32Builder, Int32Builder, Uint32Builder } from './column-builder.js';
import { decodeText, isMissingToken, parseNumber, quoteCell } from './parse-number.js';
import { offsetsFromSizes } from './query-builder.js';
import { readLines } from './byte-stream.js';
import { isValidPosition, isValidWeight, positionError, weightError } from './value-rules.js';

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * Reads the numbers of a one-value-per-line file, calling `take(value, line, text)` for each
 * non-blank line (`text()` gives the line's text, for messages).
 */
async function readValues(path: string, take: (v: number, line: number, text: () => string) => void): Promise<void> {
  await readLines(path, (bytes, start, end, line) => {
    const v = parseNumber(bytes, start, end);
    const text = (): string => decodeText(bytes, start, end).trim();
    if (v !== v) {
      if (text() === '') return; // blank line
      if (!isMissingToken(bytes, start, end)) throw new DataError({ file: path, line }, `cannot parse ${quoteCell(text())} as a number`);
    }
    take(v, line, text);
  });
}

function tooMany(path: string, line: number, what: string, nRows: number): DataError {
  return new DataError({ file: path, line }, `more ${what} than data rows: the data has ${nRows} rows`);
}

/**
 * Reads a `.query` file of group sizes; returns query offsets, Uint32Array of length nQueries + 1
 * ending at nRows. Throws DataError when a size is not a positive integer or the sizes do not sum to nRows.
 */
export async function readQueryFile(path: string, nRows: number): Promise<Uint32Array> {
  const sizes = new Uint32Builder(256);
  let sum = 0;
  await readValues(path, (v, line, text) => {
    if (!(Number.isInteger(v) && v > 0)) {
      throw new DataError({ file: path, line }, `query group size must be a positive integer, found ${quoteCell(text())}`);
    }
    sum += v;
    if (sum > nRows) {
      throw new DataError({ file: path, line }, `query group sizes add up to more than the ${nRows} rows of the data (${sum} by this line)`);
    }
    sizes.push(v);
  });
  if (sum !== nRows) {
    throw new DataError({ file: path }, `query group sizes sum to ${sum}, but the data has ${nRows} rows`);
  }
  return offsetsFromSizes(sizes.finish());
}

/** Reads a `.weight` file; returns Float32Array of length nRows. Throws DataError for a bad weight or a wrong count. */
export async function readWeightFile(path: string, nRows: number): Promise<Float32Array> {
  const out = new Float32Builder(Math.min(nRows, 1 << 20));
  await readValues(path, (v, line, text) => {
    const f = Math.fround(v);
    if (!isValidWeight(f)) throw weightError({ file: path, line }, f, text());
    if (out.length === nRows) throw tooMany(path, line, 'weights', nRows);
    out.push(f);
  });
  if (out.length !== nRows) throw new DataError({ file: path }, `has ${out.length} weights, but the data has ${nRows} rows`);
  return out.finish();
}

/** Reads a `.position` file; returns Int32Array of length nRows. Throws DataError for a bad position or a wrong count. */
export async function readPositionFile(path: string, nRows: number): Promise<Int32Array> {
  const out = new Int32Builder(Math.min(nRows, 1 << 20));
  await readValues(path, (v, line, text) => {
    if (!isValidPosition(v)) throw positionError({ file: path, line }, v, text());
    if (out.length === nRows) throw tooMany(path, line, 'positions', nRows);
    out.push(v);
  });
  if (out.length !== nRows) throw new DataError({ file: path }, `has ${out.length} positions, but the data has ${nRows} rows`);
  return out.finish();
}

/**
 * Looks for `<path>.query`, `<path>.weight` and `<path>.position` and returns the dataset with
 * what they give; each file loaded (or ignored) is announced through `onInfo`.
 */
export async function applySidecars(path: string, data: Dataset, onInfo?: (message: string) => void): Promise<Dataset> {
  const info = onInfo ?? (() => undefined);
  let out = data;
  const queryPath = `${path}.query`;
  if (await isFile(queryPath)) {
    if (out.queryOffsets !== null) info(`ignoring ${queryPath}: ${path} has its own query ids`);
    else {
      const queryOffsets = await readQueryFile(queryPath, out.nRows);
      out = { ...out, queryOffsets };
      info(`loaded ${queryOffsets.length - 1} query groups from ${queryPath}`);
    }
  }
  const weightPath = `${path}.weight`;
  if (await isFile(weightPath)) {
    if (out.weight !== null) info(`ignoring ${weightPath}: ${path} has its own weight column`);
    else {
      const weight = await readWeightFile(weightPath, out.nRows);
      out = { ...out, weight };
      info(`loaded ${weight.length} weights from ${weightPath}`);
    }
  }
  const positionPath = `${path}.position`;
  if (await isFile(positionPath)) {
    if (out.position !== null) info(`ignoring ${positionPath}: ${path} has its own position column`);
    else {
      const position = await readPositionFile(positionPath, out.nRows);
      out = { ...out, position };
      info(`loaded ${position.length} positions from ${positionPath}`);
    }
  }
  return out;
}
