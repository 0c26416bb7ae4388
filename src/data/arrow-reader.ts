/**
 * Arrow IPC (file format `ARROW1...ARROW1`, or stream format) to a Dataset, through the
 * `apache-arrow` package, one record batch at a time (the file format is read by random access,
 * so the whole file is never in memory at once).
 *
 * Numeric columns of any width (int8..int64, uint8..uint64, float16/32/64) and bool are accepted;
 * nulls are missing (NaN). 64-bit integers are converted to the nearest double. utf8 / large_utf8
 * columns and dictionary columns (of strings or integers) are categorical features, and integer
 * columns named categorical too (columnar-categories.ts: the rule shared with the Parquet reader).
 * Binary columns, dictionaries of other types and any other type are a DataError naming the column
 * unless ignored. A truncated or corrupt file is a DataError naming the file.
 *
 * Files written by writeArrow record which columns are the label, weight, query id and position
 * (schema metadata `lambdaboost.roles`); those are used when the options do not say otherwise.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { DataType, makeVector, Precision, RecordBatchReader, type Data, type Schema } from 'apache-arrow';
import { CellKind, cellText, planColumnarCategories, type CellCoder, type ColumnarCategories, type ColumnarReadOptions } from './columnar-categories.js';
import { DataError } from '../errors.js';
import type { Dataset } from './dataset.js';
import { planColumns, Role, ROLE_NAMES, type ColumnPlan, type ColumnSelection } from './column-plan.js';
import { ColumnTableBuilder } from './column-table-builder.js';
import { installArrowVectorGuard } from './arrow-guard.js';
import { ioError } from './byte-stream.js';

/** Schema metadata key holding the JSON `{label?, weight?, qid?, position?}` column names (written by writeArrow). */
export const ROLES_METADATA_KEY = 'lambdaboost.roles';
/** Schema metadata key: `"false"` when the feature names were generated (`f0..`), not from a file. */
export const HAS_NAMES_METADATA_KEY = 'lambdaboost.hasFeatureNames';

/** Column roles recorded in an Arrow file's metadata. */
export interface RecordedRoles {
  /** Name of the label column. */
  label?: string;
  /** Name of the weight column. */
  weight?: string;
  /** Name of the query id column. */
  qid?: string;
  /** Name of the position column. */
  position?: string;
}

const ARROW_MAGIC = 'ARROW1';

// Corrupt metadata must not drive apache-arrow's decoder through millions of phantom entries.
installArrowVectorGuard();

/** Decodes an IEEE 754 half-precision value. */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac === 0 ? sign * Infinity : NaN;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

function readRoles(schema: Schema): RecordedRoles {
  const raw = schema.metadata.get(ROLES_METADATA_KEY);
  if (raw === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null) return {};
  const out: RecordedRoles = {};
  for (const key of ['label', 'weight', 'qid', 'position'] as const) {
    const v: unknown = (parsed as Record<string, unknown>)[key];
    if (typeof v === 'string') out[key] = v;
  }
  return out;
}

/** Why a column type cannot be read as numbers, or null when it can (categorical columns are read by {@link codeChunk}). */
function unsupportedType(type: DataType, role: number): string | null {
  if (DataType.isInt(type) || DataType.isFloat(type) || DataType.isBool(type) || DataType.isNull(type)) return null;
  if (cellKind(type) === CellKind.text) return `is a ${String(type)} column: string and dictionary columns are categorical features, the ${ROLE_NAMES[role] ?? 'column'} column must be numeric`;
  if (DataType.isDictionary(type)) return `is a dictionary of ${String(type.dictionary)}, which is not supported; dictionary columns of strings or integers are categorical`;
  if (DataType.isBinary(type) || DataType.isLargeBinary(type)) return `is a binary column (${String(type)}), which is not supported; category names must be utf8 strings`;
  return `has type ${String(type)}, which is not supported; only numeric, bool, string and dictionary columns are`;
}


/** The category rule's view of an Arrow type: strings and dictionaries of strings or integers are category text. */
function cellKind(type: DataType): CellKind {
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type)) return CellKind.text;
  if (DataType.isDictionary(type)) {
    const d = type.dictionary;
    return DataType.isUtf8(d) || DataType.isLargeUtf8(d) || DataType.isInt(d) ? CellKind.text : CellKind.other;
  }
  return DataType.isInt(type) ? CellKind.integer : CellKind.other;
}

/**
 * Converts one column chunk to doubles: Float64Array of length data.length, NaN for nulls.
 * The type must have passed {@link unsupportedType}.
 */
export function chunkToFloat64(data: Data): Float64Array {
  const n = data.length;
  const out = new Float64Array(n);
  const type = data.type;
  const values: unknown = data.values;
  if (DataType.isNull(type)) {
    out.fill(NaN);
    return out;
  }
  if (DataType.isBool(type)) {
    // Bool values are a bitmap that is not sliced: bit (offset + i).
    const bits = values as Uint8Array;
    for (let i = 0; i < n; i++) {
      const b = data.offset + i;
      out[i] = (bits[b >> 3]! >> (b & 7)) & 1;
    }
  } else if (DataType.isFloat(type) && type.precision === Precision.HALF) {
    const halves = values as Uint16Array;
    for (let i = 0; i < n; i++) out[i] = halfToFloat(halves[i]!);
  } else if (values instanceof BigInt64Array || values instanceof BigUint64Array) {
    for (let i = 0; i < n; i++) out[i] = Number(values[i]!);
  } else if (
    values instanceof Float64Array ||
    values instanceof Float32Array ||
    values instanceof Int8Array ||
    values instanceof Int16Array ||
    values instanceof Int32Array ||
    values instanceof Uint8Array ||
    values instanceof Uint16Array ||
    values instanceof Uint32Array
  ) {
    for (let i = 0; i < n; i++) out[i] = values[i]!;
  } else {
    throw new Error(`unexpected Arrow buffer for type ${String(type)}`);
  }
  if (data.nullCount > 0) {
    const valid: unknown = data.nullBitmap;
    if (valid instanceof Uint8Array && valid.length > 0) {
      for (let i = 0; i < n; i++) {
        const b = data.offset + i;
        if (((valid[b >> 3]! >> (b & 7)) & 1) === 0) out[i] = NaN;
      }
    }
  }
  return out;
}

/**
 * Checks that a column chunk of a record batch really holds `numRows` values: its length is the
 * batch's row count and its value and validity buffers are long enough. The lengths come from the
 * file's metadata and apache-arrow does not check them against the buffers, so without this a
 * corrupt length (one flipped byte) loaded as tens of millions of rows of garbage from a file of a
 * few hundred bytes (2.8 s, 800 MB; found by test/fuzz). Null-type columns have no buffers to check.
 */
function checkChunk(file: string, column: string | number, base: number, data: Data | undefined, numRows: number): void {
  const corrupt = (detail: string): DataError => new DataError({ file, row: base + 1, column }, `truncated or corrupt Arrow IPC data: ${detail}`);
  if (data === undefined) throw corrupt('the record batch has no data for this column');
  const n = data.length;
  if (n !== numRows) throw corrupt(`the column has ${n} values in a record batch of ${numRows} rows`);
  // A null-type column has no buffers (the row bound in addBatch covers it); a chunk whose values
  // are all null may omit its value buffer, but not its validity bitmap.
  if (DataType.isNull(data.type)) return;
  if (data.nullCount === n) {
    const valid: unknown = data.nullBitmap;
    if (valid instanceof Uint8Array && valid.length > 0 && valid.length * 8 - data.offset < n) {
      throw corrupt(`the validity bitmap holds ${valid.length * 8 - data.offset} bits for ${n} rows`);
    }
    return;
  }
  const values: unknown = data.values;
  const available = !ArrayBuffer.isView(values)
    ? 0
    : DataType.isBool(data.type)
      ? values.byteLength * 8 - data.offset // a bitmap read from bit `offset`
      : (values as unknown as ArrayLike<unknown>).length; // read from index 0 (already sliced)
  if (available < n) throw corrupt(`the value buffer holds ${Math.max(0, available)} values for ${n} rows`);
  if (data.nullCount > 0) {
    const valid: unknown = data.nullBitmap;
    if (valid instanceof Uint8Array && valid.length > 0 && valid.length * 8 - data.offset < n) {
      throw corrupt(`the validity bitmap holds ${valid.length * 8 - data.offset} bits for ${n} rows`);
    }
  }
}

/**
 * The file handle apache-arrow reads through: the same, except that a read at a negative
 * position, a read that finds no bytes where the data claims some, and (stream format) a read
 * before the previous one are a DataError. A negative message length made apache-arrow 21 move
 * its read position backwards: before the start of the file, where it retried a read that
 * returns 0 bytes forever (an 829-byte stream), or back to an earlier message, which it then
 * read again and again (a 681-byte stream loading batches without end); both found by
 * test/fuzz. A stream is read front to back, so its read positions never decrease. apache-arrow
 * recognises a file handle by its `fd` and `stat`.
 */
function strictHandle(path: string, fh: FileHandle, sequential: boolean): FileHandle {
  const corrupt = (): DataError => new DataError({ file: path }, 'truncated or corrupt Arrow IPC data: a message lies outside the file');
  let lastPosition = 0;
  const handle = {
    fd: fh.fd,
    stat: () => fh.stat(),
    close: () => fh.close(),
    read: async (buffer: Uint8Array, offset: number, length: number, position: number) => {
      if (!(Number.isSafeInteger(position) && position >= 0 && length >= 0)) throw corrupt();
      if (sequential) {
        if (position < lastPosition) throw new DataError({ file: path }, 'truncated or corrupt Arrow IPC stream: a message length points backwards');
        lastPosition = position;
      }
      const result = await fh.read(buffer, offset, length, position);
      if (result.bytesRead === 0 && length > 0) throw corrupt();
      return result;
    },
  };
  return handle as unknown as FileHandle;
}

async function closeQuietly(fh: FileHandle): Promise<void> {
  try {
    await fh.close();
  } catch {
    // already closed by the reader
  }
}

/**
 * Checks that a file-format Arrow file also ends with the magic (a truncated one does not).
 * Returns whether the file is in the file format (false: stream format).
 */
async function checkFileTrailer(path: string, fh: FileHandle): Promise<boolean> {
  const { size } = await fh.stat();
  const head = new Uint8Array(6);
  await fh.read(head, 0, 6, 0);
  if (new TextDecoder().decode(head) !== ARROW_MAGIC) return false; // stream format
  const tail = new Uint8Array(6);
  if (size >= 12) await fh.read(tail, 0, 6, size - 6);
  if (size < 12 || new TextDecoder().decode(tail) !== ARROW_MAGIC) {
    throw new DataError({ file: path }, 'truncated or corrupt Arrow IPC file: the footer (closing "ARROW1") is missing');
  }
  return true;
}

/** Checks each record batch, then appends it to the shared columnar builder. */
class ArrowTableBuilder {
  private readonly table: ColumnTableBuilder;

  /**
   * @param maxRows most rows the file can hold (a row of a numeric or bool column takes at least
   *   a bit of it): a batch claiming more is corrupt, and refused before anything is allocated.
   */
  constructor(
    private readonly file: string,
    private readonly plan: ColumnPlan,
    maxRows: number,
    /** The categorical columns (their coders, null per numeric column). */
    private readonly categories: ColumnarCategories,
  ) {
    this.table = new ColumnTableBuilder(file, plan, maxRows, 'Arrow file');
  }

  get rows(): number {
    return this.table.rows;
  }

  addBatch(children: readonly Data[], numRows: number): void {
    const plan = this.plan;
    const base = this.rows;
    // Null-type and unverifiable all-null columns have no buffer that bounds the row count: a
    // corrupt length of 2^31 rows made the reader allocate and fill 2^31 NaNs (a hang from a
    // 240-byte file; found by test/fuzz). Other columns are bounded by their buffers below.
    this.table.checkRowCount(numRows, 'a record batch');
    for (let j = 0; j < plan.width; j++) {
      if (plan.roles[j] !== Role.ignore && this.categories.coders[j] === null) checkChunk(this.file, plan.columnLabel(j), base, children[j], numRows);
    }
    const coders = this.categories.coders;
    this.table.addColumns((j) => (coders[j] !== null ? codeChunk(this.file, plan.columnLabel(j), base, children[j], numRows, coders[j]!) : chunkToFloat64(children[j]!)), numRows);
  }

  finish(hasFeatureNames: boolean, onInfo: ((m: string) => void) | undefined): Dataset {
    const data = this.table.finish(hasFeatureNames);
    const categories = this.categories.finish(data.columns as Float32Array[], onInfo);
    return categories === undefined ? data : { ...data, categories };
  }
}

/**
 * A categorical column chunk (strings, a dictionary, or integers by their decimal text) coded cell
 * by cell: Float64Array of length numRows, NaN for nulls (and for categories a model does not
 * have). A dictionary's entries are coded once per batch, when a row first uses them.
 */
function codeChunk(file: string, column: string | number, base: number, data: Data | undefined, numRows: number, coder: CellCoder): Float64Array {
  const corrupt = (detail: string): DataError => new DataError({ file, row: base + 1, column }, `truncated or corrupt Arrow IPC data: ${detail}`);
  if (data === undefined || data.length !== numRows) throw corrupt(`the column has ${data?.length ?? 0} values in a record batch of ${numRows} rows`);
  const out = new Float64Array(numRows);
  const valid: unknown = data.nullBitmap;
  const isNull = (i: number): boolean => {
    if (data.nullCount === 0 || !(valid instanceof Uint8Array) || valid.length === 0) return false;
    const b = data.offset + i;
    return ((valid[b >> 3]! >> (b & 7)) & 1) === 0;
  };
  if (data.nullCount > 0 && valid instanceof Uint8Array && valid.length > 0 && valid.length * 8 - data.offset < numRows) {
    throw corrupt(`the validity bitmap holds ${valid.length * 8 - data.offset} bits for ${numRows} rows`);
  }
  if (DataType.isDictionary(data.type)) {
    const indices: unknown = data.values;
    const dict = data.dictionary;
    if (!ArrayBuffer.isView(indices) || (indices as unknown as ArrayLike<unknown>).length < numRows || dict === undefined) throw corrupt(`the dictionary indices do not cover ${numRows} rows`);
    const idx = indices as unknown as ArrayLike<number | bigint>;
    const codes = new Float64Array(dict.length).fill(-1);
    for (let i = 0; i < numRows; i++) {
      if (isNull(i)) {
        out[i] = NaN;
        continue;
      }
      const k = Number(idx[i]!);
      if (!(k >= 0 && k < dict.length)) throw corrupt(`dictionary index ${k} is outside the dictionary of ${dict.length} entries`);
      let c = codes[k]!;
      // NaN is not cached as an answer: an unseen category is counted for every cell holding it.
      if (c === -1 || c !== c) {
        const name: unknown = dict.get(k);
        c = name === null || name === undefined ? NaN : coder.code(cellText(name));
        codes[k] = c;
      }
      out[i] = c;
    }
    return out;
  }
  if (DataType.isUtf8(data.type) || DataType.isLargeUtf8(data.type)) {
    const offsets: unknown = data.valueOffsets;
    if (!ArrayBuffer.isView(offsets) || (offsets as unknown as ArrayLike<unknown>).length < numRows + 1) throw corrupt(`the string offsets do not cover ${numRows} rows`);
  } else {
    checkChunk(file, column, base, data, numRows);
  }
  const v = makeVector(data);
  for (let i = 0; i < numRows; i++) {
    const x: unknown = isNull(i) ? null : v.get(i);
    out[i] = x === null || x === undefined ? NaN : coder.code(cellText(x));
  }
  return out;
}

/**
 * Reads an Arrow IPC file (file or stream format). Columns: Float32Array of length nRows (NaN =
 * null); label/weight Float32Array of length nRows; position Int32Array of length nRows;
 * queryOffsets Uint32Array of length nQueries + 1. Feature names come from the schema.
 */
export async function readArrow(path: string, options: ColumnarReadOptions = {}): Promise<Dataset> {
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    throw ioError(path, err);
  }
  try {
    const fileFormat = await checkFileTrailer(path, fh);
    const reader = await RecordBatchReader.from(strictHandle(path, fh, !fileFormat));
    await reader.open();
    const schema = reader.schema as Schema | null | undefined;
    if (schema === null || schema === undefined) {
      throw new DataError({ file: path }, 'truncated or corrupt Arrow IPC data: no schema could be read');
    }
    // A field without a name (absent in the flatbuffer: apache-arrow gives null) has the empty
    // name, as pyarrow reads it; a null here became a null feature name (found by test/fuzz).
    const names = schema.fields.map((f) => (typeof f.name === 'string' ? f.name : ''));
    if (names.length === 0) throw new DataError({ file: path }, 'the Arrow schema has no columns');
    const roles = readRoles(schema);
    const selection: ColumnSelection = {
      label: options.label ?? roles.label,
      weight: options.weight ?? roles.weight,
      qid: options.qid ?? roles.qid,
      position: options.position ?? roles.position,
      ignore: options.ignore,
    };
    const plan = planColumns(path, names, names.length, selection, undefined);
    const types = schema.fields.map((f) => f.type);
    const categories = planColumnarCategories(path, names, plan, types.map(cellKind), (j) => String(types[j]), options);
    types.forEach((type, j) => {
      if (plan.roles[j] === Role.ignore || categories.coders[j] !== null) return;
      const why = unsupportedType(type, plan.roles[j]!);
      if (why !== null) throw new DataError({ file: path, column: names[j]! }, `column ${why}${plan.roles[j] === Role.feature ? ' (skip it with ignore)' : ''}`);
    });
    const { size } = await fh.stat();
    const builder = new ArrowTableBuilder(path, plan, 8 * size, categories);
    if (reader.isFile()) {
      // File format: read the batches the footer lists, one by one. Iterating the reader instead
      // looped forever when a block's message is a Schema, not a RecordBatch (one corrupt byte:
      // apache-arrow 21's next() resets on the schema and re-reads the same block; found by
      // test/fuzz). readRecordBatch returns null for a block that is not a record batch.
      const count = reader.numRecordBatches;
      // Each footer block takes 24 bytes of the file, so a larger count is a corrupt footer.
      if (!Number.isInteger(count) || count < 0 || count * 24 > size) {
        throw new DataError({ file: path }, `truncated or corrupt Arrow IPC file: the footer lists ${count} record batches`);
      }
      for (let i = 0; i < count; i++) {
        const batch = await reader.readRecordBatch(i);
        if (batch === null) {
          throw new DataError({ file: path, row: builder.rows + 1 }, `truncated or corrupt Arrow IPC file: record batch ${i} of ${count} cannot be read`);
        }
        builder.addBatch(batch.data.children as readonly Data[], batch.numRows);
      }
    } else {
      for await (const batch of reader) {
        builder.addBatch(batch.data.children as readonly Data[], batch.numRows);
      }
    }
    return builder.finish(schema.metadata.get(HAS_NAMES_METADATA_KEY) !== 'false', options.onInfo);
  } catch (err) {
    if (err instanceof DataError) throw err;
    const msg = err instanceof Error ? err.message : String(err);
    throw new DataError({ file: path }, `truncated or corrupt Arrow IPC data: ${msg}`);
  } finally {
    await closeQuietly(fh);
  }
}
