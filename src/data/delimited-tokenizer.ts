/**
 * Splitting delimited text (CSV/TSV) into records and cells, incrementally: text arrives in
 * chunks, and each complete record is handed to a callback as cell ranges into the current
 * buffer (no per-cell strings for unquoted cells). RFC 4180 quoting: a cell that starts with `"`
 * (after optional spaces) runs to the closing `"`, `""` inside it is one `"`, and delimiters and
 * line breaks inside it are data. Records end at `\n`, `\r\n` or a lone `\r`. Lines with nothing
 * but spaces are skipped.
 */
import { DataError } from '../errors.js';

const C_QUOTE = 34;
const C_LF = 10;
const C_CR = 13;
const C_SPACE = 32;
const C_TAB = 9;

/**
 * The cells of one record: cell i is `src[i].slice(start[i], end[i])`; `quoted[i]` is 1 when it
 * was a quoted cell (then `src[i]` is the unescaped text). Valid only during the callback.
 */
export class Cells {
  /** Number of cells in the record. */
  count = 0;
  /** Source string of each cell (length >= count). */
  src: string[] = [];
  /** Start offset of each cell in its source string (Int32Array, length >= count). */
  start = new Int32Array(64);
  /** End offset (exclusive) of each cell (Int32Array, length >= count). */
  end = new Int32Array(64);
  /** 1 when the cell was quoted (Uint8Array, length >= count). */
  quoted = new Uint8Array(64);

  /** Appends a cell. */
  push(src: string, start: number, end: number, quoted: boolean): void {
    const i = this.count;
    if (i === this.start.length) this.grow();
    this.src[i] = src;
    this.start[i] = start;
    this.end[i] = end;
    this.quoted[i] = quoted ? 1 : 0;
    this.count = i + 1;
  }

  /** The text of cell i. */
  text(i: number): string {
    return this.src[i]!.slice(this.start[i], this.end[i]);
  }

  /** True when cell i is unquoted and holds only spaces/tabs (or nothing). */
  isBlank(i: number): boolean {
    if (this.quoted[i] === 1) return false;
    const s = this.src[i]!;
    for (let p = this.start[i]!, e = this.end[i]!; p < e; p++) {
      const c = s.charCodeAt(p);
      if (c !== C_SPACE && c !== C_TAB) return false;
    }
    return true;
  }

  /** A copy that stays valid after the callback (each cell's text becomes its own string). */
  copy(): Cells {
    const out = new Cells();
    for (let i = 0; i < this.count; i++) {
      const t = this.text(i);
      out.push(t, 0, t.length, this.quoted[i] === 1);
    }
    return out;
  }

  private grow(): void {
    const n = this.start.length * 2;
    const start = new Int32Array(n);
    start.set(this.start);
    const end = new Int32Array(n);
    end.set(this.end);
    const quoted = new Uint8Array(n);
    quoted.set(this.quoted);
    this.start = start;
    this.end = end;
    this.quoted = quoted;
  }
}

/** Receives each non-blank record and the 1-based line on which it starts. */
export type RecordHandler = (cells: Cells, line: number) => void;

/** Incremental delimited-text tokenizer: call {@link feed} per chunk, then {@link finish}. */
export class DelimitedTokenizer {
  private pending = '';
  private line = 1;
  private readonly cells = new Cells();

  /**
   * @param file path, for messages
   * @param delimiter the delimiter character code (`,` `\t` `;` ...)
   */
  constructor(
    private readonly file: string,
    private readonly delimiter: number,
    private readonly onRecord: RecordHandler,
  ) {}

  /** Tokenizes the next chunk of text; an incomplete last record is kept for the next call. */
  feed(chunk: string): void {
    this.run(this.pending.length > 0 ? this.pending + chunk : chunk, false);
  }

  /** Tokenizes what is left at the end of the input. */
  finish(): void {
    if (this.pending.length > 0) this.run(this.pending, true);
    this.pending = '';
  }

  private run(buf: string, final: boolean): void {
    const n = buf.length;
    const delim = this.delimiter;
    const cells = this.cells;
    let pos = 0;
    let line = this.line;
    while (pos < n) {
      const recordStart = pos;
      const recordLine = line;
      let extraLines = 0; // line breaks inside quoted cells
      cells.count = 0;
      let p = pos;
      let complete = false;
      for (;;) {
        // one cell starting at p
        let q = p;
        while (q < n) {
          const c = buf.charCodeAt(q);
          if (c === delim || (c !== C_SPACE && c !== C_TAB)) break;
          q++;
        }
        let stop: number; // index of the character that ends the cell (delimiter, CR, LF) or n
        if (q < n && buf.charCodeAt(q) === C_QUOTE) {
          // quoted cell
          let text = '';
          let seg = q + 1;
          let closed = -1;
          for (;;) {
            const close = buf.indexOf('"', seg);
            if (close < 0) break;
            if (close + 1 < n && buf.charCodeAt(close + 1) === C_QUOTE) {
              text += buf.slice(seg, close + 1);
              seg = close + 2;
              continue;
            }
            if (close + 1 === n && !final) break; // the next chunk may start with the second quote
            text += buf.slice(seg, close);
            closed = close;
            break;
          }
          if (closed < 0) {
            if (final) throw new DataError({ file: this.file, line: recordLine }, 'unterminated quoted field (a " with no closing ")');
            break; // incomplete record
          }
          extraLines += countLineBreaks(text);
          stop = closed + 1;
          while (stop < n) {
            const c = buf.charCodeAt(stop);
            if (c === delim || (c !== C_SPACE && c !== C_TAB)) break;
            stop++;
          }
          if (stop < n) {
            const c = buf.charCodeAt(stop);
            if (c !== delim && c !== C_LF && c !== C_CR) {
              throw new DataError(
                { file: this.file, line: recordLine + extraLines, column: cells.count },
                `unexpected text after the closing quote of a quoted field: ${JSON.stringify(buf.slice(stop, stop + 20))}`,
              );
            }
          }
          cells.push(text, 0, text.length, true);
        } else {
          stop = q;
          while (stop < n) {
            const c = buf.charCodeAt(stop);
            if (c === delim || c === C_LF || c === C_CR) break;
            stop++;
          }
          cells.push(buf, p, stop, false);
        }
        if (stop === n) {
          if (!final) break; // incomplete record
          p = n;
          complete = true;
          break;
        }
        const c = buf.charCodeAt(stop);
        if (c === delim) {
          p = stop + 1;
          continue;
        }
        if (c === C_CR) {
          if (stop + 1 === n && !final) break; // is it \r\n? need the next chunk
          p = stop + 1 < n && buf.charCodeAt(stop + 1) === C_LF ? stop + 2 : stop + 1;
        } else {
          p = stop + 1; // LF
        }
        complete = true;
        break;
      }
      if (!complete) {
        this.pending = buf.slice(recordStart);
        this.line = recordLine;
        return;
      }
      pos = p;
      line = recordLine + 1 + extraLines;
      if (cells.count === 1 && cells.isBlank(0)) continue; // blank line
      this.onRecord(cells, recordLine);
    }
    this.pending = '';
    this.line = line;
  }
}

function countLineBreaks(s: string): number {
  let count = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === C_LF) count++;
    else if (c === C_CR && s.charCodeAt(i + 1) !== C_LF) count++;
  }
  return count;
}
