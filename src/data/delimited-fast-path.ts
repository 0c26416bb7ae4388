/**
 * The delimited reader's fast path: runs of ordinary records (one line each, quoted cells only
 * without `""` escapes or line breaks, the expected number of cells, every value acceptable)
 * parsed in one pass over their bytes, each number scanned where it stands (decimal-scanner.ts,
 * whose values are finite in float32)
 * and stored straight into its final column (table-columns.ts).
 *
 * Written by hand because it is the loop every byte of a large CSV goes through. It only ever
 * stores what the general path (delimited-tokenizer.ts + DelimitedTableBuilder) would store:
 * anything it is not sure about (a quoted cell with an escape or a line break, a blank line, a
 * record at the end of the buffer, a wrong cell count, a value that does not parse or is not
 * valid for its role) ends the run before that record, which the general path then reads, with
 * its own messages for what is wrong. Where WASM is available, the plainest of those records (plain
 * numbers only, in a file of feature, label and weight columns) are read by a WASM loop first
 * (wasm-plain-records.ts), which stores the same values; this TS loop takes the records it stops at.
 */
import { Role, type ColumnPlan } from './column-plan.js';
import { DecimalScanner } from './decimal-scanner.js';
import type { RecordRunParser } from './delimited-tokenizer.js';
import { isMissingToken, parseNumber } from './parse-number.js';
import type { QueryBuilder } from './query-builder.js';
import type { TableColumns } from './table-columns.js';
import { isValidPosition } from './value-rules.js';
import { WasmPlainRecords } from './wasm-plain-records.js';

/** Most records the TS loop takes after a WASM attempt that took none, before the next attempt. */
const MAX_WASM_PAUSE = 1024;

// Role values as local constants (module imports are live bindings: V8 reloads them per use).
const FEATURE = Role.feature;
const LABEL = Role.label;
const WEIGHT = Role.weight;
const POSITION = Role.position;
const QID = Role.qid;
const IGNORE = Role.ignore;

const C_QUOTE = 34;
const C_LF = 10;
const C_CR = 13;
const C_SPACE = 32;
const C_TAB = 9;

/** Parses runs of ordinary records of one delimited file into its {@link TableColumns}. */
export class PlainRecordParser implements RecordRunParser {
  /** Records taken by the last {@link parseRun}. */
  records = 0;
  private readonly scanner = new DecimalScanner();
  private readonly roles: Uint8Array;
  /** The buffer and end of the last run, and 1 + the position of its last CR or LF (0: none). */
  private limitOf: Uint8Array = new Uint8Array(0); // (not null: a field of one type keeps parseRun optimized)
  private limitEnd = 0;
  private limit = 0;
  /** The WASM reader of plain records (wasm-plain-records.ts), or null (not available, or other roles). */
  private readonly wasm: WasmPlainRecords | null;
  /** Records the TS loop takes before the WASM reader is tried again (it just took none), and the next such pause. */
  private wasmPause = 0;
  private nextPause = 1;

  /**
   * @param delimiter the delimiter byte
   * @param plan the file's column plan
   * @param table where values go; its `rows` advances by the records taken
   * @param queries the query id builder when the plan has a qid column
   * @param useWasm false: the TS loop reads every record (the WASM reader's reference in tests)
   * @param threads threads the WASM reader may read chunks ahead with (parallel-plain-records.ts)
   */
  constructor(
    private readonly delimiter: number,
    plan: ColumnPlan,
    private readonly table: TableColumns,
    private readonly queries: QueryBuilder | null,
    useWasm = true,
    threads = 1,
  ) {
    this.roles = plan.roles;
    this.wasm = useWasm ? WasmPlainRecords.create(delimiter, plan, table, threads) : null;
  }

  /** See RecordRunParser.prepare: the WASM reader reads the chunk ahead when it has threads for it. */
  async prepare(chunk: Uint8Array, start: number): Promise<void> {
    await this.wasm?.prepare(chunk, start);
  }

  /**
   * Takes the ordinary records starting at `b[pos]` (up to `end`), the first on line `line`, and
   * returns the position after the last one taken ({@link records} tells how many).
   */
  parseRun(b: Uint8Array, pos: number, end: number, line: number): number {
    // Only records that end before the buffer's last line break are taken (the rest is an
    // incomplete record anyway), so every number scanned ends within the array: the scanner
    // reads without bounds checks, and a read past the array's end would deoptimize this loop.
    if (b !== this.limitOf || end !== this.limitEnd) {
      this.limitOf = b;
      this.limitEnd = end;
      this.limit = lastLineBreak(b, end) + 1;
    }
    const wasm = this.wasm;
    if (wasm === null) return this.parseTs(b, pos, line, Infinity);
    // The WASM reader takes what it can; the TS loop takes the record it stopped at (or, after an
    // attempt that took nothing, a run of records growing while that goes on) and hands back.
    const limit = this.limit;
    let records = 0;
    for (;;) {
      if (this.wasmPause === 0) {
        pos = wasm.take(b, pos, limit);
        records += wasm.records;
        if (wasm.records > 0) this.nextPause = 1;
        else {
          this.wasmPause = this.nextPause;
          this.nextPause = Math.min(MAX_WASM_PAUSE, 2 * this.nextPause);
        }
        if (pos >= limit) break;
      }
      const want = Math.max(1, this.wasmPause);
      pos = this.parseTs(b, pos, line + records, want);
      records += this.records;
      this.wasmPause = Math.max(0, this.wasmPause - this.records);
      if (this.records < want || pos >= limit) break; // a record for the general path, or the end
    }
    this.records = records;
    return pos;
  }

  /** parseRun's TS loop from line `line`, taking at most `most` records (the buffer's limit already set). */
  private parseTs(b: Uint8Array, pos: number, line: number, most: number): number {
    const n = this.limit;
    const table = this.table;
    const roles = this.roles;
    const width = roles.length;
    const delim = this.delimiter;
    const sc = this.scanner;
    let floats = table.floats;
    let row = table.rows;
    let records = 0;
    outer: while (pos < n && records < most) {
      if (row === table.capacity) {
        table.rows = row;
        table.grow();
        floats = table.floats;
      }
      let p = pos;
      let j = 0;
      let qid = 0;
      let next: number; // where the next record starts
      for (;;) {
        if (j === width) {
          // One more cell: only a trailing delimiter's blank cell before the line break.
          let q = p;
          while (q < n && b[q] !== delim && (b[q] === C_SPACE || b[q] === C_TAB)) q++;
          if (q >= n) break outer;
          const c = b[q]!;
          if (c === C_LF) next = q + 1;
          else if (c === C_CR && q + 1 < n) next = b[q + 1] === C_LF ? q + 2 : q + 1;
          else break outer;
          break;
        }
        const role = roles[j]!;
        if (role === FEATURE) {
          // The most common cell by far: a plain number in a feature column (maybe in quotes),
          // then a delimiter or the line feed ending the record. (p < n: a record here ends
          // with a line break before n.)
          const quoted = b[p] === C_QUOTE;
          let stop = sc.scan(b, quoted ? p + 1 : p, n);
          if (stop >= 0 && stop < n) {
            let c = b[stop]!;
            if (quoted) {
              // The closing quote right after the number (it is before the line break at n - 1,
              // so stop + 1 < n), then the delimiter or line feed: a "" escape fails that test.
              c = c === C_QUOTE ? b[++stop]! : -1;
            }
            if (c === delim) {
              floats[j]![row] = sc.value;
              j++;
              p = stop + 1;
              continue;
            }
            if (c === C_LF && j === width - 1) {
              floats[j]![row] = sc.value;
              next = stop + 1;
              break;
            }
          }
        }
        let e: number; // the cell's end: its delimiter or line break
        if (role === IGNORE) {
          e = p;
          while (e < n && b[e] !== delim && (b[e] === C_SPACE || b[e] === C_TAB)) e++; // (a tab may be the delimiter)
          if (e < n && b[e] === C_QUOTE) {
            e = quotedCellEnd(b, e, n, delim);
            if (e < 0) break outer;
          } else {
            while (e < n) {
              const c = b[e]!;
              if (c === delim || c === C_LF || c === C_CR) break;
              e++;
            }
            if (e >= n || (j === 0 && b[e] !== delim && isBlank(b, p, e))) break outer;
          }
        } else {
          e = sc.scan(b, p, n);
          let v = sc.value;
          let exact = sc.exact;
          let c = e >= 0 && e < n ? b[e]! : -1;
          // The cell's text is b[lo, hi) (between the quotes of a quoted cell).
          let lo = p;
          let hi = e;
          if (c !== delim && c !== C_LF && c !== C_CR) {
            // Not a plain number up to the cell's end: the cell as the general path reads it.
            e = p;
            while (e < n && b[e] !== delim && (b[e] === C_SPACE || b[e] === C_TAB)) e++; // (a tab may be the delimiter)
            if (e >= n) break outer;
            if (b[e] === C_QUOTE) {
              lo = e + 1;
              e = quotedCellEnd(b, e, n, delim);
              if (e < 0) break outer;
              hi = e - 1;
              while (b[hi] !== C_QUOTE) hi--; // back over the spaces after the closing quote
            } else {
              while (e < n) {
                c = b[e]!;
                if (c === delim || c === C_LF || c === C_CR) break;
                e++;
              }
              if (e >= n || (j === 0 && c !== delim && isBlank(b, p, e))) break outer;
              hi = e;
            }
            exact = true;
            if (hi === lo || isMissingToken(b, lo, hi)) {
              v = NaN; // the empty cell or a missing token (parseNumber gives NaN for these too)
            } else {
              v = parseNumber(b, lo, hi);
              if (v !== v) break outer; // not a number: the general path words the error
            }
          }
          switch (role) {
            case FEATURE: {
              // (A value from the scanner is finite in float32; parseNumber's may not be: an
              // infinity word or a number beyond the float32 range, which the general path refuses.)
              const f = Math.fround(v);
              if (f - f !== 0 && f === f) break outer; // value-rules.ts isValidFeature
              floats[j]![row] = f;
              break;
            }
            case LABEL: {
              const f = Math.fround(v);
              if (f - f !== 0) break outer; // not finite (value-rules.ts isValidLabel)
              floats[j]![row] = f;
              break;
            }
            case WEIGHT: {
              const f = Math.fround(v);
              if (!(f - f === 0 && f >= 0)) break outer; // value-rules.ts isValidWeight
              floats[j]![row] = f;
              break;
            }
            case POSITION:
              if (!exact) v = parseNumber(b, lo, hi);
              if (!isValidPosition(v)) break outer;
              table.position[row] = v;
              break;
            case QID:
              if (!exact) v = parseNumber(b, lo, hi);
              if (v - v !== 0) break outer;
              qid = v;
              break;
          }
        }
        const c = b[e]!;
        if (c === delim) {
          j++;
          p = e + 1;
          continue;
        }
        if (j !== width - 1) break outer; // too few cells
        if (c === C_LF) next = e + 1;
        else if (e + 1 < n) next = b[e + 1] === C_LF ? e + 2 : e + 1;
        else break outer; // a CR at the end of the buffer: is it \r\n?
        break;
      }
      // The record is complete and valid: it counts.
      if (this.queries !== null) this.queries.add(qid, line + records);
      row++;
      records++;
      pos = next;
    }
    table.rows = row;
    this.records = records;
    return pos;
  }
}

/**
 * For a quoted cell whose opening quote is at `q`: the position of the delimiter or line break
 * after its closing quote (and any spaces or tabs), or -1 when it is not a simple quoted cell
 * (a `""` escape, a line break inside, other text after the closing quote, or the buffer ends
 * first), which the general path then reads.
 */
function quotedCellEnd(b: Uint8Array, q: number, n: number, delim: number): number {
  let i = q + 1;
  while (i < n) {
    const c = b[i]!;
    if (c === C_QUOTE || c === C_LF || c === C_CR) break;
    i++;
  }
  if (i >= n || b[i] !== C_QUOTE) return -1;
  i++; // (a "" escape: the quote that follows is neither a delimiter nor a line break)
  while (i < n && b[i] !== delim && (b[i] === C_SPACE || b[i] === C_TAB)) i++;
  if (i >= n) return -1;
  const c = b[i]!;
  return c === delim || c === C_LF || c === C_CR ? i : -1;
}

/** The position of the last CR or LF in `b[0, end)`, or -1. */
function lastLineBreak(b: Uint8Array, end: number): number {
  let i = end - 1;
  while (i >= 0 && b[i] !== C_LF && b[i] !== C_CR) i--;
  return i;
}

/** True when `b[start, end)` holds only spaces and tabs. */
function isBlank(b: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (b[i] !== C_SPACE && b[i] !== C_TAB) return false;
  return true;
}
