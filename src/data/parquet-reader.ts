/**
 * Parquet to a Dataset, through `hyparquet` (with `hyparquet-compressors` for snappy, zstd,
 * gzip, brotli and lz4 pages), one column chunk at a time: for each row group, each selected
 * column is read by byte range from the file, decoded and appended, so the file is never in
 * memory at once and the peak stays near the dataset's own columns plus one column chunk.
 *
 * Why hyparquet and not parquet-wasm: both were measured loading a 1M x 28 double file (64k-row
 * groups; figures in bench/RESULTS.md, "Parquet readers"). parquet-wasm decodes into WebAssembly
 * memory, which grows to the largest row group and never shrinks, and hands each batch over as an
 * Arrow IPC copy: it held more at its peak at about the same speed, and ships a 5 MB .wasm.
 * hyparquet is pure JavaScript with no native or install step, reads through a byte-range
 * callback (here a file handle), and decodes one column chunk per call.
 *
 * Columns: BOOLEAN (0/1), INT32, INT64 (to the nearest double) with or without an INTEGER logical
 * type, FLOAT and DOUBLE, nullable or not (null = missing, NaN); dictionary-encoded pages of those
 * types too. String columns (BYTE_ARRAY annotated STRING / UTF8 / ENUM, dictionary-encoded or not)
 * are categorical features, and integer columns named categorical too (columnar-categories.ts: the
 * rule shared with the Arrow reader). Un-annotated binary, JSON, date, time, timestamp, decimal,
 * float16, nested and repeated columns are a DataError naming the column unless it is ignored. Label, weight, qid and
 * position columns are chosen by name or index as for Arrow files.
 *
 * A truncated or corrupt file is a DataError naming the file (never another exception).
 */
import { open, type FileHandle } from 'node:fs/promises';
import { parquetMetadataAsync, parquetRead, parquetSchema, type AsyncBuffer, type FileMetaData, type SchemaElement, type SchemaTree } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { DataError } from '../errors.js';
import type { Dataset } from './dataset.js';
import { planColumns, Role } from './column-plan.js';
import { ColumnTableBuilder } from './column-table-builder.js';
import { ioError } from './byte-stream.js';
import { looksLikeParquet } from './detect-format.js';
import { CellKind, cellText, planColumnarCategories, type CellCoder, type ColumnarReadOptions } from './columnar-categories.js';

/** Most bytes of footer metadata accepted (the footer's own length field is 4 bytes). */
const MAX_FOOTER_BYTES = 1 << 28;

function corrupt(file: string, detail: string, row?: number): DataError {
  return new DataError(row === undefined ? { file } : { file, row }, `truncated or corrupt Parquet file: ${detail}`);
}

/** Why a top-level schema field cannot be read as a numeric column, or null when it can. */
export function unsupportedField(node: SchemaTree): string | null {
  const e: SchemaElement = node.element;
  if (node.children.length > 0) return 'is a nested (group, list or map) column; only flat numeric and boolean columns are supported';
  if (e.repetition_type === 'REPEATED') return 'is a repeated (list) column; only flat numeric and boolean columns are supported';
  const logical = e.logical_type?.type;
  const converted = e.converted_type;
  if (isText(e)) return 'is a string column: string columns are categorical features, so it must be a feature column';
  if (e.type === 'BYTE_ARRAY' || e.type === 'FIXED_LEN_BYTE_ARRAY') {
    if (logical === 'FLOAT16') return 'is a float16 column, which is not supported; only boolean, integer, float and double columns are';
    return `is a ${e.type}${logical !== undefined ? ` ${logical}` : converted !== undefined ? ` ${converted}` : ''} column, which is not supported; category names must be strings (logical type STRING)`;
  }
  if (e.type === 'INT96') return 'is an INT96 (timestamp) column, which is not supported; only boolean, integer, float and double columns are';
  if (logical !== undefined && logical !== 'INTEGER') {
    return `has logical type ${logical}, which is not supported; only boolean, integer, float and double columns are`;
  }
  if (converted !== undefined && !/^U?INT_(8|16|32|64)$/.test(converted)) {
    return `has converted type ${converted}, which is not supported; only boolean, integer, float and double columns are`;
  }
  if (e.type === 'BOOLEAN' || e.type === 'INT32' || e.type === 'INT64' || e.type === 'FLOAT' || e.type === 'DOUBLE') return null;
  return `has physical type ${String(e.type)}, which is not supported`;
}

/** Whether a column holds text (logical STRING or ENUM, converted UTF8 or ENUM): category names. */
function isText(e: SchemaElement): boolean {
  const logical = e.logical_type?.type;
  const converted = e.converted_type;
  return e.type === 'BYTE_ARRAY' && (logical === 'STRING' || logical === 'ENUM' || converted === 'UTF8' || converted === 'ENUM');
}

/** The category rule's view of a top-level field. */
function cellKind(node: SchemaTree): CellKind {
  if (node.children.length > 0 || node.element.repetition_type === 'REPEATED') return CellKind.other;
  if (isText(node.element)) return CellKind.text;
  const e = node.element;
  const logical = e.logical_type?.type;
  const integerType = (e.type === 'INT32' || e.type === 'INT64') && (logical === undefined || logical === 'INTEGER');
  return integerType && (e.converted_type === undefined || /^U?INT_(8|16|32|64)$/.test(e.converted_type)) ? CellKind.integer : CellKind.other;
}

/** How messages name a field's type: `BYTE_ARRAY STRING`, `DOUBLE`, ... */
function typeName(node: SchemaTree): string {
  const e = node.element;
  const note = e.logical_type?.type ?? e.converted_type;
  return `${e.type ?? 'group'}${note !== undefined ? ` ${note}` : ''}`;
}

/**
 * The file as hyparquet reads it: byte ranges through the handle, each checked to lie inside the
 * file (a corrupt offset or length is a DataError, not a read past the end).
 */
export function fileBuffer(path: string, fh: FileHandle, size: number, pending: Set<Promise<unknown>>): AsyncBuffer {
  const read = async (start: number, end?: number): Promise<ArrayBuffer> => {
    const stop = end ?? size;
    if (!(Number.isSafeInteger(start) && Number.isSafeInteger(stop) && start >= 0 && start <= stop && stop <= size)) {
      throw corrupt(path, `a byte range [${start}, ${stop}) lies outside the file of ${size} bytes`);
    }
    const buf = new Uint8Array(stop - start);
    let got = 0;
    while (got < buf.length) {
      const { bytesRead } = await fh.read(buf, got, buf.length - got, start + got);
      if (bytesRead === 0) throw corrupt(path, 'the file ended while reading');
      got += bytesRead;
    }
    return buf.buffer;
  };
  return {
    byteLength: size,
    // hyparquet may ask for several ranges at once and stop awaiting the others when one fails:
    // every read is tracked (awaited before the file is closed) and its rejection marked handled,
    // so a corrupt file is one DataError, never an unhandled rejection.
    slice(start: number, end?: number): Promise<ArrayBuffer> {
      const p = read(start, end);
      pending.add(p);
      p.then(() => pending.delete(p), () => pending.delete(p));
      return p;
    },
  };
}

/** Checks the magic at both ends and the footer length; returns the file's size. */
async function checkFrame(path: string, fh: FileHandle): Promise<number> {
  const { size } = await fh.stat();
  if (size < 12) throw corrupt(path, `${size} bytes is too short for a Parquet file`);
  const head = new Uint8Array(4);
  await fh.read(head, 0, 4, 0);
  if (!looksLikeParquet(head)) throw new DataError({ file: path }, 'not a Parquet file: it does not start with "PAR1"');
  const tail = new Uint8Array(8);
  await fh.read(tail, 0, 8, size - 8);
  if (!looksLikeParquet(tail.subarray(4))) throw corrupt(path, 'the footer (closing "PAR1") is missing');
  const footer = new DataView(tail.buffer).getUint32(0, true);
  if (footer > size - 12 || footer > MAX_FOOTER_BYTES) throw corrupt(path, `the footer claims ${footer} bytes of metadata in a file of ${size} bytes`);
  return size;
}

/**
 * Copies a decoded column chunk into `out` (the row group's rows, Float64Array or Float32Array): values at absolute
 * rows [rowStart, rowStart + data.length) that fall inside the group starting at `base`; null,
 * undefined -> NaN, booleans -> 0/1, bigints -> nearest double.
 * @returns how many of the group's rows were written.
 */
function copyChunk(data: ArrayLike<unknown>, rowStart: number, base: number, out: Float64Array | Float32Array): number {
  const from = Math.max(0, base - rowStart);
  const to = Math.min(data.length, base + out.length - rowStart);
  if (ArrayBuffer.isView(data) && !(data instanceof BigInt64Array || data instanceof BigUint64Array)) {
    const nums = data as unknown as ArrayLike<number>;
    for (let i = from; i < to; i++) out[rowStart + i - base] = nums[i]!;
    return Math.max(0, to - from);
  }
  for (let i = from; i < to; i++) {
    const v = data[i];
    let x: number;
    if (typeof v === 'number') x = v;
    else if (typeof v === 'bigint') x = Number(v);
    else if (typeof v === 'boolean') x = v ? 1 : 0;
    else if (v === null || v === undefined) x = NaN;
    else throw new Error(`unexpected decoded value of type ${typeof v}`);
    out[rowStart + i - base] = x;
  }
  return Math.max(0, to - from);
}

/**
 * Codes a decoded chunk of a categorical column (strings, or integers by their decimal text) into
 * `out` as {@link copyChunk} copies numbers; null -> NaN.
 * @returns how many of the group's rows were written.
 */
function codeChunk(data: ArrayLike<unknown>, rowStart: number, base: number, out: Float64Array | Float32Array, coder: CellCoder): number {
  const from = Math.max(0, base - rowStart);
  const to = Math.min(data.length, base + out.length - rowStart);
  for (let i = from; i < to; i++) {
    const v = data[i];
    if (v === null || v === undefined) out[rowStart + i - base] = NaN;
    else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint') out[rowStart + i - base] = coder.code(cellText(v));
    else throw new Error(`unexpected decoded category of type ${typeof v}`);
  }
  return Math.max(0, to - from);
}

/**
 * Reads a Parquet file. Columns: Float32Array of length nRows (NaN = null); label/weight
 * Float32Array of length nRows; position Int32Array of length nRows; queryOffsets Uint32Array of
 * length nQueries + 1. Feature names are the schema's top-level field names.
 */
export async function readParquet(path: string, options: ColumnarReadOptions = {}): Promise<Dataset> {
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    throw ioError(path, err);
  }
  const pending = new Set<Promise<unknown>>();
  try {
    const size = await checkFrame(path, fh);
    const file = fileBuffer(path, fh, size, pending);
    let metadata: FileMetaData;
    let root: SchemaTree;
    try {
      metadata = await parquetMetadataAsync(file);
      root = parquetSchema(metadata);
    } catch (err) {
      if (err instanceof DataError) throw err;
      throw corrupt(path, `the footer metadata cannot be read (${err instanceof Error ? err.message : String(err)})`);
    }
    const fields = root.children;
    const names = fields.map((f) => (typeof f.element.name === 'string' ? f.element.name : ''));
    if (names.length === 0) throw new DataError({ file: path }, 'the Parquet schema has no columns');
    const plan = planColumns(path, names, names.length, options, undefined);
    const categories = planColumnarCategories(path, names, plan, fields.map(cellKind), (j) => typeName(fields[j]!), options);
    fields.forEach((field, j) => {
      if (plan.roles[j] === Role.ignore || categories.coders[j] !== null) return;
      const why = unsupportedField(field);
      if (why !== null) throw new DataError({ file: path, column: names[j]! }, `column ${why}${plan.roles[j] === Role.feature ? ' (skip it with ignore)' : ''}`);
    });
    const read: number[] = [];
    for (let j = 0; j < plan.width; j++) if (plan.roles[j] !== Role.ignore) read.push(j);
    const claimed = Number(metadata.num_rows);
    // The row count is not bounded by the file's size (a run-length encoded column can hold a
    // million rows in a few bytes), so the footer's own total is the bound each group is held to.
    const table = new ColumnTableBuilder(path, plan, Number.isSafeInteger(claimed) && claimed >= 0 ? claimed : -1, 'Parquet file');
    let base = 0;
    for (let g = 0; g < metadata.row_groups.length; g++) {
      const rows = Number(metadata.row_groups[g]!.num_rows);
      table.checkRowCount(rows, `row group ${g}`);
      if (rows === 0) continue;
      // Features are kept as float32 (what the dataset stores); the label, weight, query id and
      // position as doubles, which their checks and query ids need exactly.
      const values = new Map<number, Float64Array | Float32Array>();
      for (const j of read) {
        const out = plan.roles[j] === Role.feature ? new Float32Array(rows) : new Float64Array(rows);
        let filled = 0;
        await parquetRead({
          file,
          metadata,
          columns: [names[j]!],
          rowStart: base,
          rowEnd: base + rows,
          compressors,
          onChunk: (chunk) => {
            const coder = categories.coders[j];
            const data = chunk.columnData as ArrayLike<unknown>;
            filled += coder ? codeChunk(data, chunk.rowStart, base, out, coder) : copyChunk(data, chunk.rowStart, base, out);
          },
        });
        if (filled !== rows) {
          throw new DataError({ file: path, row: base + 1, column: names[j]! }, `truncated or corrupt Parquet file: row group ${g} holds ${filled} values of this column for ${rows} rows`);
        }
        values.set(j, out);
      }
      table.addColumns((j) => values.get(j)!, rows);
      base += rows;
    }
    if (base !== claimed) throw corrupt(path, `the row groups hold ${base} rows, the footer claims ${claimed}`);
    const data = table.finish(true);
    const lists = categories.finish(data.columns as Float32Array[], options.onInfo);
    return lists === undefined ? data : { ...data, categories: lists };
  } catch (err) {
    if (err instanceof DataError) throw err;
    if (err instanceof RangeError && /allocation|Array buffer|Invalid typed array length/i.test(err.message)) {
      throw new DataError({ file: path }, `the data does not fit in memory: ${err.message}`);
    }
    throw corrupt(path, err instanceof Error ? err.message : String(err));
  } finally {
    await Promise.allSettled([...pending]);
    try {
      await fh.close();
    } catch {
      // already closed
    }
  }
}
