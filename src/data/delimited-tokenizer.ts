/**
 * Splitting delimited text (CSV/TSV) into records and cells, incrementally, on UTF-8 bytes:
 * chunks arrive one by one, and each complete record is handed to a callback as cell ranges into
 * the current byte buffer (no strings are made for ordinary cells).
 *
 * RFC 4180 quoting: a cell that starts with `"` (after optional spaces) runs to the closing `"`;
 * `""` inside it is one `"`; delimiters and line breaks inside it are data. Records end at `\n`,
 * `\r\n` or a lone `\r`. Lines with nothing but spaces are skipped.
 */
import { DataError } from '../errors.js';
import { concatAll } from './byte-stream.js';
import { MAX_COLUMNS } from './column-plan.js';
import { decodeText, isMissingToken, parseNumber } from './parse-number.js';

const C_QUOTE = 34;
const C_LF = 10;
const C_CR = 13;
const C_SPACE = 32;
const C_TAB = 9;

/** Cell kinds in {@link Cells.kind}. */
const PLAIN = 0;
/** Quoted without `""` escapes: the range is the text between the quotes. */
const QUOTED = 1;
/** Quoted with `""` escapes: the text is in {@link Cells.escaped}. */
const ESCAPED = 2;

/**
 * The cells of one record. Cell i is `bytes[start[i], end[i])` (UTF-8), except for a quoted cell
 * with `""` escapes, whose text is `escaped[i]`. Valid only during the callback (use {@link copy}).
 */
export class Cells {
  /** Number of cells in the record. */
  count = 0;
  /** The bytes the cell ranges point into. */
  bytes: Uint8Array = new Uint8Array(0);
  /** Start offset of each cell (Int32Array, length >= count). */
  start = new Int32Array(64);
  /** End offset (exclusive) of each cell (Int32Array, length >= count). */
  end = new Int32Array(64);
  /** 0 plain, 1 quoted, 2 quoted with escapes (Uint8Array, length >= count). */
  kind = new Uint8Array(64);
  /** Unescaped text of the cells of kind 2 (sparse). */
  escaped: string[] = [];

  /** Appends a cell. */
  push(start: number, end: number, kind: number, escaped?: string): void {
    const i = this.count;
    if (i === this.start.length) this.grow();
    this.start[i] = start;
    this.end[i] = end;
    this.kind[i] = kind;
    if (kind === ESCAPED) this.escaped[i] = escaped ?? '';
    this.count = i + 1;
  }

  /** The text of cell i. */
  text(i: number): string {
    return this.kind[i] === ESCAPED ? this.escaped[i]! : decodeText(this.bytes, this.start[i]!, this.end[i]!);
  }

  /** Cell i parsed as a number (parse-number.ts), NaN when it is missing or not a number. */
  number(i: number): number {
    if (this.kind[i] === ESCAPED) return NaN; // a number never contains a quote
    return parseNumber(this.bytes, this.start[i]!, this.end[i]!);
  }

  /** True when cell i is one of the missing tokens (the empty cell, `NA`, ...). */
  isMissing(i: number): boolean {
    return this.kind[i] !== ESCAPED && isMissingToken(this.bytes, this.start[i]!, this.end[i]!);
  }

  /** True when cell i is unquoted and holds only spaces/tabs (or nothing). */
  isBlank(i: number): boolean {
    if (this.kind[i] !== PLAIN) return false;
    const b = this.bytes;
    for (let p = this.start[i]!, e = this.end[i]!; p < e; p++) {
      if (b[p] !== C_SPACE && b[p] !== C_TAB) return false;
    }
    return true;
  }

  /** A copy that stays valid after the callback (with its own bytes). */
  copy(): Cells {
    const out = new Cells();
    if (this.count === 0) return out;
    const lo = this.start[0]!;
    const hi = Math.max(lo, this.end[this.count - 1]!);
    out.bytes = this.bytes.slice(lo, hi);
    for (let i = 0; i < this.count; i++) {
      out.push(this.start[i]! - lo, this.end[i]! - lo, this.kind[i]!, this.escaped[i]);
    }
    return out;
  }

  private grow(): void {
    const n = this.start.length * 2;
    const start = new Int32Array(n);
    start.set(this.start);
    const end = new Int32Array(n);
    end.set(this.end);
    const kind = new Uint8Array(n);
    kind.set(this.kind);
    this.start = start;
    this.end = end;
    this.kind = kind;
  }
}

/** What an incomplete record needs before it can end (see DelimitedTokenizer.feed). */
const NEED_ANY = 0;
/** A line break (CR or LF): the record is outside a quoted cell. */
const NEED_EOL = 1;
/** A quote: the record is inside a quoted cell that has not closed yet. */
const NEED_QUOTE = 2;

/** Whether `chunk` holds a byte that can end a record in state `need`. */
function mayEnd(chunk: Uint8Array, need: number): boolean {
  if (need === NEED_QUOTE) return chunk.indexOf(C_QUOTE) >= 0;
  if (need === NEED_EOL) return chunk.indexOf(C_LF) >= 0 || chunk.indexOf(C_CR) >= 0;
  return true;
}

/** Receives each non-blank record and the 1-based line on which it starts. */
export type RecordHandler = (cells: Cells, line: number) => void;

/**
 * A faster reader of ordinary records (see delimited-fast-path.ts), tried before the general
 * path at each record: it takes a run of complete one-line records itself and stops before any
 * record it does not handle, which the general path then tokenizes and hands to the RecordHandler.
 */
export interface RecordRunParser {
  /**
   * Takes records starting at `buf[pos]` (up to `end`; the first is on line `line`), each ending
   * with its line break, and returns the position after the last one taken.
   */
  parseRun(buf: Uint8Array, pos: number, end: number, line: number): number;
  /** The number of records (= lines) the last parseRun took. */
  readonly records: number;
  /**
   * Optional: reads `chunk` ahead from `start` (its first whole record as feed hands it over)
   * before feed gets it; the records must come out of parseRun as they would without it.
   */
  prepare?(chunk: Uint8Array, start: number): Promise<void>;
}

/** Most records the general path reads after a fast-path attempt that took none, before the next attempt. */
const MAX_FAST_PATH_PAUSE = 1024;

/** Counts line breaks (`\n`, `\r\n`, lone `\r`) in `b[start, end)`. */
function countLineBreaks(b: Uint8Array, start: number, end: number): number {
  let count = 0;
  for (let i = start; i < end; i++) {
    const c = b[i];
    if (c === C_LF) count++;
    else if (c === C_CR && (i + 1 >= end || b[i + 1] !== C_LF)) count++;
  }
  return count;
}

/** Incremental delimited-text tokenizer: call {@link feed} per chunk, then {@link finish}. */
export class DelimitedTokenizer {
  private pending = new Uint8Array(0);
  /** Chunks set aside because the pending record could not end in them (copies, oldest first). */
  private held: Uint8Array[] = [];
  /** What the pending record needs to end (NEED_ANY when unknown). */
  private need = NEED_ANY;
  private line = 1;
  private readonly cells = new Cells();
  private runParser: RecordRunParser | null = null;
  /** Records the general path reads before the fast path is tried again (it just took none). */
  private fastPause = 0;
  /** The next pause (doubling while attempts keep taking nothing). */
  private nextPause = 1;

  /**
   * @param file path, for messages
   * @param delimiter the delimiter byte (`,` 44, tab 9, `;` 59)
   */
  constructor(
    private readonly file: string,
    private readonly delimiter: number,
    private readonly onRecord: RecordHandler,
  ) {}

  /**
   * Lets the run parser read `chunk` ahead (RecordRunParser.prepare), to be called just before
   * feed(chunk), from where feed will hand it the chunk's first whole record: the chunk's start
   * when no record is pending, else after the line feed that ends the pending one (as feed splits it).
   */
  async readAhead(chunk: Uint8Array): Promise<void> {
    const p = this.runParser;
    if (p === null || p.prepare === undefined) return;
    let start = 0;
    if (this.pending.length > 0) {
      if (this.need !== NEED_EOL) return;
      start = chunk.indexOf(C_LF) + 1;
      if (start === 0) return;
    }
    await p.prepare(chunk, start);
  }

  /**
   * Tokenizes the next chunk; an incomplete last record is kept for the next call. A chunk in
   * which the pending record cannot end (no line break, or no quote while inside a quoted cell)
   * is set aside without tokenizing: re-tokenizing the growing record on every chunk made a
   * record spanning many chunks (a stray quote early in a large file) quadratic in its length,
   * 3 s for 32 MB and minutes for a few hundred (found by test/fuzz). The chunk is only read
   * during the call (the caller may reuse its buffer).
   */
  feed(chunk: Uint8Array): void {
    if (this.pending.length > 0) {
      if (!mayEnd(chunk, this.need)) {
        this.held.push(chunk.slice());
        return;
      }
      if (this.need === NEED_EOL) {
        // Usually the pending record ends at the chunk's first line feed: join only that much
        // (copying the whole chunk onto it, every chunk, was most of the garbage of a load) and
        // read the rest of the chunk in place. When the record goes on (a CR ends it early, or
        // its end is not known yet) the joined part stays pending and is joined to the rest.
        const lf = chunk.indexOf(C_LF);
        if (lf >= 0) {
          this.run(this.takePending(chunk.subarray(0, lf + 1)), false);
          chunk = chunk.subarray(lf + 1);
          if (chunk.length === 0) return;
          if (this.pending.length > 0) {
            this.run(this.takePending(chunk), false);
            return;
          }
        }
      }
    }
    this.run(this.takePending(chunk), false);
  }

  /**
   * Sets the fast path (taking effect at the next record): from then on, records it takes are
   * not passed to the RecordHandler.
   */
  setRunParser(parser: RecordRunParser | null): void {
    this.runParser = parser;
  }

  /** Tokenizes what is left at the end of the input. */
  finish(): void {
    const rest = this.takePending(new Uint8Array(0));
    if (rest.length > 0) this.run(rest, true);
    this.pending = new Uint8Array(0);
  }

  /** The pending record's bytes, the chunks set aside and `chunk`, in one array. */
  private takePending(chunk: Uint8Array): Uint8Array {
    if (this.pending.length === 0) return chunk;
    const joined = concatAll([this.pending, ...this.held, chunk]);
    this.held = [];
    return joined;
  }

  private run(buf: Uint8Array, final: boolean): void {
    const n = buf.length;
    const delim = this.delimiter;
    const cells = this.cells;
    cells.bytes = buf;
    let pos = 0;
    let line = this.line;
    while (pos < n) {
      const fast = this.runParser;
      if (fast !== null) {
        if (this.fastPause === 0) {
          pos = fast.parseRun(buf, pos, n, line);
          line += fast.records;
          if (fast.records > 0) {
            this.nextPause = 1;
          } else {
            // Records the fast path cannot take (say, every line has a quoted cell) would
            // otherwise be scanned twice: try again after a pause that grows while this goes on.
            this.fastPause = this.nextPause;
            this.nextPause = Math.min(MAX_FAST_PATH_PAUSE, this.nextPause * 2);
          }
          if (pos >= n) break;
        } else {
          this.fastPause--;
        }
      }
      const recordStart = pos;
      const recordLine = line;
      let extraLines = 0; // line breaks inside quoted cells
      cells.count = 0;
      let p = pos;
      let complete = false;
      let need = NEED_ANY;
      for (;;) {
        // one cell starting at p
        let q = p;
        while (q < n) {
          const c = buf[q];
          if (c === delim || (c !== C_SPACE && c !== C_TAB)) break;
          q++;
        }
        let stop: number; // index of the byte that ends the cell (delimiter, CR, LF), or n
        if (q < n && buf[q] === C_QUOTE) {
          const open = q + 1;
          let close = -1;
          let escapes = false;
          let seg = open;
          let incomplete = false;
          for (;;) {
            const at = buf.indexOf(C_QUOTE, seg);
            if (at < 0) {
              incomplete = true;
              need = NEED_QUOTE;
              break;
            }
            if (at + 1 < n && buf[at + 1] === C_QUOTE) {
              escapes = true;
              seg = at + 2;
              continue;
            }
            if (at + 1 === n && !final) {
              incomplete = true; // the next chunk may start with the second quote of ""
              break;
            }
            close = at;
            break;
          }
          if (incomplete) {
            if (final) throw new DataError({ file: this.file, line: recordLine + extraLines }, 'unterminated quoted field (a " with no closing ")');
            break;
          }
          extraLines += countLineBreaks(buf, open, close);
          stop = close + 1;
          while (stop < n) {
            const c = buf[stop];
            if (c === delim || (c !== C_SPACE && c !== C_TAB)) break;
            stop++;
          }
          if (stop < n) {
            const c = buf[stop];
            if (c !== delim && c !== C_LF && c !== C_CR) {
              throw new DataError(
                { file: this.file, line: recordLine + extraLines, column: cells.count },
                `unexpected text after the closing quote of a quoted field: ${JSON.stringify(decodeText(buf, stop, Math.min(n, stop + 20)))}`,
              );
            }
          }
          if (escapes) cells.push(open, close, ESCAPED, decodeText(buf, open, close).replaceAll('""', '"'));
          else cells.push(open, close, QUOTED);
        } else {
          stop = q;
          while (stop < n) {
            const c = buf[stop];
            if (c === delim || c === C_LF || c === C_CR) break;
            stop++;
          }
          cells.push(p, stop, PLAIN);
        }
        if (stop === n) {
          if (!final) {
            need = NEED_EOL; // incomplete record: it ends at a line break
            break;
          }
          p = n;
          complete = true;
          break;
        }
        const c = buf[stop];
        if (c === delim) {
          // Stop a line of millions of cells early (one more than MAX_COLUMNS: a trailing delimiter).
          if (cells.count > MAX_COLUMNS + 1) {
            throw new DataError({ file: this.file, line: recordLine + extraLines }, `the line has more than ${MAX_COLUMNS + 1} cells; at most ${MAX_COLUMNS} columns are supported`);
          }
          p = stop + 1;
          continue;
        }
        if (c === C_CR) {
          if (stop + 1 === n && !final) break; // is it \r\n? need the next chunk
          p = stop + 1 < n && buf[stop + 1] === C_LF ? stop + 2 : stop + 1;
        } else {
          p = stop + 1; // LF
        }
        complete = true;
        break;
      }
      if (!complete) {
        this.pending = buf.slice(recordStart);
        this.line = recordLine;
        this.need = need;
        return;
      }
      pos = p;
      line = recordLine + 1 + extraLines;
      if (cells.count === 1 && cells.isBlank(0)) continue; // blank line
      this.onRecord(cells, recordLine);
    }
    this.pending = new Uint8Array(0);
    this.line = line;
  }
}
