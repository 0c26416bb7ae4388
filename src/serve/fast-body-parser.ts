/**
 * FastBodyParser: reads a scoring request body (`{"rows": [...], "margin": bool}`) straight from
 * its UTF-8 bytes into a float32 matrix, with no intermediate JS arrays or strings: on a
 * 100-document, 301-feature body (150 kB) it takes a quarter to a half of JSON.parse's time, which
 * alone was over the 1 ms latency budget of a /rank request.
 *
 * It accepts only well-formed bodies of the expected shape whose rows the model can take; on
 * anything else (malformed JSON, an unexpected key, a wrong value count, an unknown name, an
 * escaped key...) it gives up and returns null, and the caller parses the body the general way,
 * which accepts the same bodies and explains what is wrong with the others. Numbers are read by
 * the project's one decimal scanner (src/data/decimal-scanner.ts), which gives the float32 of
 * what JSON.parse gives (the correctly rounded double, then cast); a value whose float32 is
 * infinite (`1e400`, `3.5e38`) sends the body to the general path, which refuses it.
 */
import { DecimalScanner, isJsonNumber } from '../data/decimal-scanner.js';
import { NameTable } from './name-table.js';
import type { ScoringRequest } from './scoring-request.js';

const SPACE = 0x20;
const ZERO = 0x30;
const NINE = 0x39;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
/** The scratch matrix is kept for the next request up to this many values (4 MB). */
const KEEP_VALUES = 1 << 20;

/** Thrown internally to abandon the fast path; never escapes. */
const GIVE_UP = Symbol('give up');

export class FastBodyParser {
  private readonly nFeatures: number;
  private readonly names: NameTable;
  private scratch: Float32Array;
  /** Parse state: the body and the position in it. */
  private b: Uint8Array = new Uint8Array(0);
  private i = 0;
  private end = 0;
  private values: Float32Array = new Float32Array(0);
  private readonly scanner = new DecimalScanner();

  /**
   * @param nFeatures the model's number of features.
   * @param names the names a row object may use as keys (length nFeatures).
   */
  constructor(nFeatures: number, names: readonly string[]) {
    this.nFeatures = nFeatures;
    this.names = new NameTable(names);
    this.scratch = new Float32Array(Math.max(1, nFeatures) * 128);
  }

  /**
   * Parses a body.
   * @param body the body's bytes (UTF-8 JSON).
   * @returns the request, its `values` in a scratch buffer reused by the next call; or null when
   * the body is not one this parser takes (parse it the general way).
   */
  parse(body: Uint8Array): ScoringRequest | null {
    this.b = body;
    this.i = 0;
    this.end = body.length;
    this.values = this.scratch;
    try {
      return this.parseBody();
    } catch (e) {
      if (e === GIVE_UP) return null;
      throw e;
    } finally {
      if (this.values.length <= KEEP_VALUES) this.scratch = this.values;
      this.values = this.scratch;
      this.b = EMPTY;
    }
  }

  private parseBody(): ScoringRequest {
    let nRows = -1;
    let margin: boolean | undefined;
    this.expect(LBRACE);
    for (;;) {
      this.expect(QUOTE);
      const ks = this.i;
      const ke = this.skipKey();
      this.expect(COLON);
      this.skipWs();
      if (isKey(this.b, ks, ke, ROWS) && nRows < 0) nRows = this.parseRows();
      else if (isKey(this.b, ks, ke, MARGIN) && margin === undefined) margin = this.parseBool();
      else throw GIVE_UP;
      const c = this.next();
      if (c === RBRACE) break;
      if (c !== COMMA) throw GIVE_UP;
    }
    this.skipWs();
    if (this.i !== this.end || nRows < 0) throw GIVE_UP;
    return { nRows, values: this.values, margin };
  }

  /** The rows array, written to this.values; returns the row count. */
  private parseRows(): number {
    this.expect(LBRACKET);
    this.skipWs();
    if (this.b[this.i] === RBRACKET) {
      this.i++;
      return 0;
    }
    const nF = this.nFeatures;
    let r = 0;
    for (;;) {
      const off = r * nF;
      if (off + nF > this.values.length) this.grow(off + nF);
      const c = this.next();
      if (c === LBRACKET) this.parseArrayRow(off);
      else if (c === LBRACE) this.parseObjectRow(off);
      else throw GIVE_UP;
      r++;
      const d = this.next();
      if (d === RBRACKET) return r;
      if (d !== COMMA) throw GIVE_UP;
    }
  }

  /**
   * `[v, v, ...]` (after the `[`): exactly nFeatures numbers or nulls. The common spelling (no
   * white space around the values) is read without the white-space skips.
   */
  private parseArrayRow(off: number): void {
    const nF = this.nFeatures;
    const out = this.values;
    const b = this.b;
    const sc = this.scanner;
    const n = b.length;
    let i = this.i;
    if (nF === 0) {
      i = skipWs(b, i);
      if (b[i] !== RBRACKET) throw GIVE_UP;
      this.i = i + 1;
      return;
    }
    const last = nF - 1;
    for (let k = 0; k < nF; k++) {
      // The common value, a plain unsigned number, read here; anything else by readValue.
      const c = b[i]!;
      const stop = c >= ZERO && c <= NINE ? sc.scan(b, i, n) : -1;
      if (stop >= 0 && isJsonNumber(b, i, stop)) {
        out[off + k] = sc.value; // finite in float32 (the scanner's promise)
        i = stop;
      } else {
        i = readValue(b, i, out, off + k, sc);
        if (i < 0) throw GIVE_UP;
      }
      const want = k === last ? RBRACKET : COMMA;
      if (b[i] !== want) {
        i = skipWs(b, i);
        if (b[i] !== want) throw GIVE_UP;
      }
      i++;
    }
    this.i = i;
  }

  /** `{"name": v, ...}` (after the `{`): known names only; absent ones are missing. */
  private parseObjectRow(off: number): void {
    const out = this.values;
    out.fill(NaN, off, off + this.nFeatures);
    const b = this.b;
    let i = skipWs(b, this.i);
    if (b[i] === RBRACE) {
      this.i = i + 1;
      return;
    }
    for (;;) {
      if (b[i] !== QUOTE) throw GIVE_UP;
      const ks = i + 1;
      const ke = keyEnd(b, ks);
      if (ke < 0) throw GIVE_UP;
      const j = this.names.find(b, ks, ke);
      if (j < 0) throw GIVE_UP;
      i = skipWs(b, ke + 1);
      if (b[i] !== COLON) throw GIVE_UP;
      i = readValue(b, skipWs(b, i + 1), out, off + j, this.scanner);
      if (i < 0) throw GIVE_UP;
      i = skipWs(b, i);
      const c = b[i++];
      if (c === RBRACE) break;
      if (c !== COMMA) throw GIVE_UP;
      i = skipWs(b, i);
    }
    this.i = i;
  }

  private parseBool(): boolean {
    const b = this.b;
    const i = this.i;
    if (b[i] === 0x74 && b[i + 1] === 0x72 && b[i + 2] === 0x75 && b[i + 3] === 0x65) {
      this.i += 4;
      return true;
    }
    if (b[i] === 0x66 && b[i + 1] === 0x61 && b[i + 2] === 0x6c && b[i + 3] === 0x73 && b[i + 4] === 0x65) {
      this.i += 5;
      return false;
    }
    throw GIVE_UP;
  }

  /** Skips a key's characters after its opening quote; returns the end of its bytes. */
  private skipKey(): number {
    const e = keyEnd(this.b, this.i);
    if (e < 0) throw GIVE_UP;
    this.i = e + 1;
    return e;
  }

  /** Skips white space, then consumes `c` or gives up. */
  private expect(c: number): void {
    if (this.next() !== c) throw GIVE_UP;
  }

  /** Skips white space and returns (and consumes) the next byte (undefined at the end). */
  private next(): number | undefined {
    this.skipWs();
    return this.b[this.i++];
  }

  private skipWs(): void {
    this.i = skipWs(this.b, this.i);
  }

  /** Grows this.values to hold at least `n` values, keeping what is written. */
  private grow(n: number): void {
    let size = this.values.length * 2;
    while (size < n) size *= 2;
    const bigger = new Float32Array(size);
    bigger.set(this.values);
    this.values = bigger;
  }
}

const EMPTY = new Uint8Array(0);
const ROWS = Uint8Array.from(Buffer.from('rows'));
const MARGIN = Uint8Array.from(Buffer.from('margin'));

function isKey(b: Uint8Array, s: number, e: number, key: Uint8Array): boolean {
  if (e - s !== key.length) return false;
  for (let k = 0; k < key.length; k++) if (b[s + k] !== key[k]) return false;
  return true;
}

/** The index of the first byte at or after i that is not JSON white space. */
function skipWs(b: Uint8Array, i: number): number {
  let c = b[i];
  while (c === SPACE || c === LF || c === CR || c === TAB) c = b[++i];
  return i;
}

/**
 * The end (closing quote) of a key whose characters start at s, or -1 for a key this parser
 * does not take (an escape, a control character, no closing quote).
 */
function keyEnd(b: Uint8Array, s: number): number {
  const n = b.length;
  for (let i = s; i < n; i++) {
    const c = b[i]!;
    if (c === QUOTE) return i;
    if (c === BACKSLASH || c < SPACE) return -1;
  }
  return -1;
}

/**
 * Reads a number (as JSON.parse does, then cast to float32) or `null` (NaN) at b[i] (after any
 * white space) into out[k].
 * @returns the index after the value, or -1 when there is no valid JSON number or null there,
 * or the number's float32 is infinite (the general path words that refusal).
 */
function readValue(b: Uint8Array, i: number, out: Float32Array, k: number, sc: DecimalScanner): number {
  const n = b.length;
  let c = b[i];
  if (c === SPACE || c === LF || c === CR || c === TAB) {
    i = skipWs(b, i);
    c = b[i];
  }
  if (c === 0x6e) {
    if (i + 3 < n && b[i + 1] === 0x75 && b[i + 2] === 0x6c && b[i + 3] === 0x6c) {
      out[k] = NaN;
      return i + 4;
    }
    return -1;
  }
  // (The scanner may read the byte at the array's end: undefined, which ends a number.)
  let stop = sc.scan(b, i, n);
  if (stop >= 0) {
    out[k] = sc.value; // finite in float32 (the scanner's promise)
  } else {
    stop = sc.scanDouble(b, i, n);
    if (stop < 0) return -1;
    out[k] = sc.value;
    const f = out[k]!;
    if (f - f !== 0) return -1; // infinite: refused by the general path
  }
  return isJsonNumber(b, i, stop) ? stop : -1;
}
