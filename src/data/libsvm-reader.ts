/**
 * LibSVM / SVMlight text to a Dataset, streamed line by line.
 *
 * Each line is `label [qid:N] index:value ...`; `#` starts a comment that runs to the end of the
 * line; blank lines are skipped. The index is the column id as written (XGBoost's and LightGBM's
 * convention), so a file with 1-based indices has an empty column 0 and nFeatures = max index + 1.
 * Absent entries are missing (NaN), not zero. Rows with `qid:` give query offsets (all rows must
 * have one, or none, and each query's rows must be contiguous).
 *
 * Entries are collected sparsely (column ids in a growable Uint32 buffer, values in a growable
 * Float32 buffer, one offset per row) and scattered into NaN-filled dense columns at the end.
 */
import { DataError } from '../errors.js';
import type { Dataset } from './dataset.js';
import { Float32Builder, Uint32Builder } from './column-builder.js';
import { DecimalScanner } from './decimal-scanner.js';
import { decodeText, isMissingToken, parseNumber, quoteCell } from './parse-number.js';
import { QueryBuilder } from './query-builder.js';
import { readLines, textSizeHint } from './byte-stream.js';
import { featureError, isValidFeature, isValidLabel, labelError } from './value-rules.js';

/** Options of the LibSVM reader. */
export interface LibsvmOptions {
  /** Pad the features to at least this many columns. */
  nFeatures?: number | undefined;
  /**
   * Size of the file in bytes (0 or undefined = unknown): after the first rows, the buffers are
   * sized once for the whole file from it, instead of doubling (and copying) as they fill.
   */
  fileBytes?: number | undefined;
  /** Absent entries are 0, as LightGBM reads LibSVM, instead of missing (XGBoost). */
  absentZero?: boolean | undefined;
}

/** Rows read before the buffers are sized for the whole file from its size. */
const ESTIMATE_AFTER_ROWS = 4096;

/**
 * Most feature columns a LibSVM file may have (indices 0 .. MAX_LIBSVM_FEATURES - 1). The dense layout
 * costs each column a Float32Array object and a name on the V8 heap (~300 bytes measured) besides
 * its values, and the duplicate-index check keeps one Int32 per index seen, so without this bound
 * a 16-byte line such as `1 2000000000:1` made the reader fill an 8 GiB array before refusing it,
 * and `1 5000000:1` took 10 s and 1.5 GB of heap (found by test/fuzz). 2^20 columns keep the
 * per-column cost near 300 MB; a dataset that wide only fits the dense budget below with fewer
 * than 1024 rows anyway.
 */
export const MAX_LIBSVM_FEATURES = 1 << 20;
/** Largest feature index accepted. */
const MAX_INDEX = MAX_LIBSVM_FEATURES - 1;
/** Largest dense matrix (in float32 elements) the loader will allocate: 4 GiB. */
const MAX_DENSE_ELEMENTS = 2 ** 30;

const C_SPACE = 32;
const C_TAB = 9;
const C_COLON = 58;
const C_HASH = 35;
const C_q = 113;
const C_i = 105;
const C_d = 100;
const C_MINUS = 45;
const C_0 = 48;
const C_9 = 57;

function isSpace(c: number): boolean {
  return c === C_SPACE || c === C_TAB;
}

/** The end of the token starting at `p`: the next space, tab, `#` or the line's end. */
function tokenEnd(s: Uint8Array, p: number, lineEnd: number): number {
  while (p < lineEnd) {
    const c = s[p]!;
    if (c === C_SPACE || c === C_TAB || c === C_HASH) break;
    p++;
  }
  return p;
}

/** Builds a dataset from LibSVM lines given one at a time. */
export class LibsvmBuilder {
  private readonly label = new Float32Builder(1 << 14);
  private readonly rowEnd = new Uint32Builder(1 << 14);
  private readonly cols = new Uint32Builder(1 << 16);
  private readonly vals = new Float32Builder(1 << 16);
  private queries: QueryBuilder | null = null;
  /** Line of the first row, and whether it had a qid: every row must agree. */
  private firstLine = 0;
  private firstHadQid = false;
  private maxIndex = -1;
  /** Per feature index, the last row that had it (to reject an index given twice on one line). */
  private lastRowOf = new Int32Array(0);
  private rows = 0;
  /** Bytes of the lines read so far (with one byte for each terminator), for the size estimate. */
  private bytesSeen = 0;
  private readonly scanner = new DecimalScanner();

  constructor(
    private readonly file: string,
    private readonly options: LibsvmOptions = {},
  ) {
    const nf = options.nFeatures;
    if (nf !== undefined && !(Number.isInteger(nf) && nf >= 0)) {
      throw new DataError({ file }, `option nFeatures must be a non-negative integer, got ${nf}`);
    }
    if (nf !== undefined && nf > MAX_LIBSVM_FEATURES) {
      throw new DataError({ file }, `option nFeatures is ${nf}; a LibSVM file can have at most ${MAX_LIBSVM_FEATURES} feature columns`);
    }
  }

  /**
   * Parses one line, `s[start, end)` of UTF-8 bytes without its terminator; `lineNo` is 1-based.
   * Bound: can be passed as a callback.
   */
  readonly line = (s: Uint8Array, start: number, lineEnd: number, lineNo: number): void => {
    // `#` ends the line's content wherever it is (also inside a token); spaces and tabs separate tokens.
    let p = start;
    while (p < lineEnd && isSpace(s[p]!)) p++;
    if (p === lineEnd || s[p] === C_HASH) return; // blank or comment-only line
    let q = tokenEnd(s, p, lineEnd);
    this.parseLabel(s, p, q, lineNo);

    const sc = this.scanner;
    let hasQid = false;
    let tokenNo = 0;
    for (;;) {
      p = q;
      while (p < lineEnd && isSpace(s[p]!)) p++;
      if (p === lineEnd || s[p] === C_HASH) break;
      tokenNo++;
      // The common token, read in one pass (by hand: this runs once per entry of the file):
      // digits, a colon and a plain number ending the token. Anything else, or anything wrong,
      // is read again below, which also words the errors.
      let index = 0;
      q = p;
      let c = s[q]!;
      while (c >= C_0 && c <= C_9 && index <= MAX_INDEX) {
        index = index * 10 + (c - C_0);
        c = ++q < lineEnd ? s[q]! : 0;
      }
      if (q > p && c === C_COLON && index <= MAX_INDEX) {
        const stop = sc.scan(s, q + 1, lineEnd);
        // (The scanner's values are finite in float32; the others are checked below.)
        if (stop >= 0 && (stop === lineEnd || isSpace(s[stop]!) || s[stop] === C_HASH)) {
          q = stop;
          this.add(index, sc.value, lineNo);
          continue;
        }
      }
      q = tokenEnd(s, p, lineEnd);
      let colon = -1;
      for (let i = p; i < q; i++) {
        if (s[i] === C_COLON) {
          colon = i;
          break;
        }
      }
      if (colon < 0) {
        throw new DataError({ file: this.file, line: lineNo }, `expected index:value, found ${quoteCell(decodeText(s, p, q))}`);
      }
      if (colon === p + 3 && s[p] === C_q && s[p + 1] === C_i && s[p + 2] === C_d) {
        if (tokenNo !== 1) throw new DataError({ file: this.file, line: lineNo, column: 'qid' }, 'qid: must come right after the label');
        const qid = parseNumber(s, colon + 1, q);
        if (!Number.isFinite(qid)) {
          throw new DataError({ file: this.file, line: lineNo, column: 'qid' }, `query id must be a number, found ${quoteCell(decodeText(s, colon + 1, q))}`);
        }
        this.addQid(qid, lineNo);
        hasQid = true;
        continue;
      }
      index = this.parseIndex(s, p, colon, q, lineNo);
      if (colon + 1 === q) {
        throw new DataError({ file: this.file, line: lineNo, column: index }, `feature ${index} has no value (${quoteCell(decodeText(s, p, q))})`);
      }
      const v = parseNumber(s, colon + 1, q);
      if (v !== v && !isMissingToken(s, colon + 1, q)) {
        throw new DataError({ file: this.file, line: lineNo, column: index }, `cannot parse ${quoteCell(decodeText(s, colon + 1, q))} as a number`);
      }
      if (!isValidFeature(Math.fround(v))) throw featureError({ file: this.file, line: lineNo, column: index }, v, decodeText(s, colon + 1, q));
      this.add(index, v, lineNo);
    }
    if (this.rows === 0) {
      this.firstLine = lineNo;
      this.firstHadQid = hasQid;
    } else if (hasQid !== this.firstHadQid) {
      throw new DataError(
        { file: this.file, line: lineNo },
        hasQid
          ? `this line has a qid: but the first data line (${this.firstLine}) has none; all lines need one, or none`
          : `this line has no qid: but the first data line (${this.firstLine}) has one; all lines need one, or none`,
      );
    }
    this.rowEnd.push(this.cols.length);
    this.rows++;
    this.bytesSeen += lineEnd - start + 1;
    if (this.rows === ESTIMATE_AFTER_ROWS) this.reserveForFile();
  };

  /** Builds the dataset: dense NaN-filled Float32Array columns of length nRows, nFeatures = max index + 1 (or options.nFeatures). */
  finish(): Dataset {
    const nRows = this.rows;
    if (nRows === 0) throw new DataError({ file: this.file }, 'file is empty: no data lines');
    const nFeatures = Math.max(this.maxIndex + 1, this.options.nFeatures ?? 0);
    if (nRows * nFeatures > MAX_DENSE_ELEMENTS) {
      throw new DataError(
        { file: this.file },
        `${nRows} rows x ${nFeatures} columns is too large for the dense column layout (${((nRows * nFeatures * 4) / 2 ** 30).toFixed(1)} GiB)`,
      );
    }
    const columns: Float32Array[] = [];
    const absent = this.options.absentZero ? 0 : NaN;
    for (let j = 0; j < nFeatures; j++) columns.push(new Float32Array(nRows).fill(absent));
    // Views, not trimmed copies: these are only read once more, here.
    const rowEnd = this.rowEnd.view();
    const cols = this.cols.view();
    const vals = this.vals.view();
    let k = 0;
    for (let r = 0; r < nRows; r++) {
      const e = rowEnd[r]!;
      for (; k < e; k++) columns[cols[k]!]![r] = vals[k]!;
    }
    return {
      nRows,
      nFeatures,
      featureNames: Array.from({ length: nFeatures }, (_, j) => `f${j}`),
      hasFeatureNames: false,
      columns,
      label: this.label.finish(),
      weight: null,
      queryOffsets: this.queries?.finish() ?? null,
      position: null,
      source: this.file,
    };
  }

  /** Sizes the buffers for the whole file from the density of the rows so far (5% headroom). */
  private reserveForFile(): void {
    const bytes = this.options.fileBytes ?? 0;
    if (bytes <= 0 || this.bytesSeen <= 0) return;
    const scale = (bytes / this.bytesSeen) * 1.05;
    this.cols.reserve(this.cols.length * scale);
    this.vals.reserve(this.vals.length * scale);
    this.rowEnd.reserve(this.rows * scale);
    this.label.reserve(this.rows * scale);
  }

  /** Stores entry `index` of the current row (value rounded to float32 by the store). */
  private add(index: number, v: number, lineNo: number): void {
    if (index >= this.lastRowOf.length) this.growLastRowOf(index);
    if (this.lastRowOf[index] === this.rows) {
      throw new DataError({ file: this.file, line: lineNo, column: index }, `feature ${index} appears twice on the line`);
    }
    this.lastRowOf[index] = this.rows;
    if (index > this.maxIndex) this.maxIndex = index;
    this.cols.push(index);
    this.vals.push(v); // Float32 store: float64 -> float32 rounding, as Math.fround
  }

  private growLastRowOf(index: number): void {
    let n = Math.max(64, this.lastRowOf.length);
    while (n <= index) n *= 2;
    const next = new Int32Array(n).fill(-1);
    next.set(this.lastRowOf);
    this.lastRowOf = next;
  }

  private parseLabel(s: Uint8Array, p: number, q: number, lineNo: number): void {
    for (let i = p; i < q; i++) {
      if (s[i] === C_COLON) {
        throw new DataError(
          { file: this.file, line: lineNo, column: 'label' },
          `expected a label as the first token, found ${quoteCell(decodeText(s, p, q))} (label:weight is not supported; use a .weight file)`,
        );
      }
    }
    // parseNumber, not the scanner: once per line, and it keeps the scanner inlined only where
    // it counts, in the entry loop (V8 limits the code inlined into one function).
    const v = parseNumber(s, p, q);
    if (v !== v && !isMissingToken(s, p, q)) {
      throw new DataError({ file: this.file, line: lineNo, column: 'label' }, `cannot parse label ${quoteCell(decodeText(s, p, q))} as a number`);
    }
    const f = Math.fround(v);
    if (!isValidLabel(f)) throw labelError({ file: this.file, line: lineNo, column: 'label' }, f, decodeText(s, p, q));
    this.label.push(f);
  }

  private parseIndex(s: Uint8Array, p: number, colon: number, tokenEnd: number, lineNo: number): number {
    if (p === colon) throw new DataError({ file: this.file, line: lineNo }, `missing feature index in ${quoteCell(decodeText(s, p, tokenEnd))}`);
    if (s[p] === C_MINUS) {
      throw new DataError({ file: this.file, line: lineNo }, `negative feature index ${quoteCell(decodeText(s, p, colon))}`);
    }
    let index = 0;
    for (let i = p; i < colon; i++) {
      const c = s[i]!;
      if (c < C_0 || c > C_9) {
        throw new DataError({ file: this.file, line: lineNo }, `feature index must be a non-negative integer, found ${quoteCell(decodeText(s, p, colon))}`);
      }
      index = index * 10 + (c - C_0);
      if (index > MAX_INDEX) {
        throw new DataError(
          { file: this.file, line: lineNo },
          `feature index ${quoteCell(decodeText(s, p, colon))} is too large: at most ${MAX_INDEX} (${MAX_LIBSVM_FEATURES} feature columns, stored densely)`,
        );
      }
    }
    return index;
  }

  private addQid(qid: number, lineNo: number): void {
    if (this.queries === null) {
      if (this.rows > 0) {
        throw new DataError(
          { file: this.file, line: lineNo },
          `this line has a qid: but the first data line (${this.firstLine}) has none; all lines need one, or none`,
        );
      }
      this.queries = new QueryBuilder(this.file, 'line', 'qid');
    }
    this.queries.add(qid, lineNo);
  }
}

/**
 * Reads a LibSVM / SVMlight file (streamed line by line). Columns: Float32Array of length nRows,
 * NaN where the line has no entry; label: Float32Array of length nRows; queryOffsets: Uint32Array
 * of length nQueries + 1 when the lines carry `qid:`, else null; weight/position null (see sidecars.ts).
 */
export async function readLibsvm(path: string, options: LibsvmOptions = {}): Promise<Dataset> {
  const fileBytes = options.fileBytes ?? (await textSizeHint(path));
  const builder = new LibsvmBuilder(path, { ...options, fileBytes });
  await readLines(path, builder.line);
  return builder.finish();
}
