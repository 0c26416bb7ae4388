/**
 * Parsing one numeric cell of a text file straight from a range of UTF-8 bytes (no string is made
 * on the common path), and the tokens that mean "missing".
 *
 * Numbers are read by the one decimal scanner (decimal-scanner.ts, its float64 mode): the nearest
 * float64, correctly rounded; callers then round to float32 (`Math.fround`, or a store into a
 * Float32Array, which is the same rounding). This file adds what a cell may hold besides a plain
 * decimal: surrounding spaces, the infinity words and the missing tokens.
 */
import { DecimalScanner } from './decimal-scanner.js';

const C_SPACE = 32;
const C_TAB = 9;

const utf8 = new TextDecoder('utf-8');
const encoder = new TextEncoder();

/** Decodes `bytes[start, end)` as UTF-8 (invalid sequences become U+FFFD). */
export function decodeText(bytes: Uint8Array, start: number, end: number): string {
  return utf8.decode(bytes.subarray(start, end));
}

/**
 * Cell texts (after trimming spaces/tabs) that mean a missing value (NaN): the empty cell and
 * `NA`, `N/A`, `n/a`, `NaN`, `nan`, `NAN`, `-nan`, `-NaN`, `?`, `null`, `NULL`, `None`, `#N/A`, `<NA>`.
 * `?` is not one of pandas' read_csv defaults; it is kept because UCI files (adult, mushroom, ...)
 * write an unknown value so, so in a categorical column `?` is missing, never a category.
 */
export const MISSING_TOKENS: ReadonlySet<string> = new Set([
  '', 'NA', 'N/A', 'n/a', 'NaN', 'nan', 'NAN', '-nan', '-NaN', '?', 'null', 'NULL', 'None', '#N/A', '<NA>',
]);

const INFINITY_WORDS: ReadonlySet<string> = new Set(['inf', 'infinity']);

/** The scanner of parseNumber (its results are read right after each scan). */
const scanner = new DecimalScanner();

/**
 * Parses `bytes[start, end)` as a decimal number (optional sign, digits with optional fraction,
 * optional exponent; surrounding spaces/tabs ignored; `inf`/`infinity` in any case, with sign,
 * give +-Infinity). Returns the nearest float64, or NaN when the text is not a number (including
 * the missing tokens: use {@link isMissingToken} to tell the two apart). Hex, binary, `1_000`
 * and other JavaScript-only forms are rejected. Whether an infinite value is acceptable is the
 * caller's rule (value-rules.ts).
 */
export function parseNumber(b: Uint8Array, start: number, end: number): number {
  while (start < end && (b[start] === C_SPACE || b[start] === C_TAB)) start++;
  while (end > start && (b[end - 1] === C_SPACE || b[end - 1] === C_TAB)) end--;
  if (start === end) return NaN;
  const stop = scanner.scanDouble(b, start, end);
  if (stop === end) return scanner.value;
  return stop < 0 ? parseWord(b, start, end) : NaN;
}

function parseWord(b: Uint8Array, start: number, end: number): number {
  if (end - start > 9) return NaN;
  let word = decodeText(b, start, end).toLowerCase();
  let sign = 1;
  if (word.startsWith('+')) word = word.slice(1);
  else if (word.startsWith('-')) {
    word = word.slice(1);
    sign = -1;
  }
  return INFINITY_WORDS.has(word) ? sign * Infinity : NaN;
}

/** {@link MISSING_TOKENS} as bytes (all ASCII, at most 4 bytes). */
const MISSING_BYTES: readonly Uint8Array[] = [...MISSING_TOKENS].map((t) => encoder.encode(t));

/** True when `bytes[start, end)`, trimmed of spaces/tabs, is one of {@link MISSING_TOKENS}. */
export function isMissingToken(b: Uint8Array, start: number, end: number): boolean {
  while (start < end && (b[start] === C_SPACE || b[start] === C_TAB)) start++;
  while (end > start && (b[end - 1] === C_SPACE || b[end - 1] === C_TAB)) end--;
  const n = end - start;
  if (n > 4) return false;
  // Compared as bytes, not decoded (a file with many `NA` cells asks this for each): the tokens
  // are ASCII, and no other UTF-8 text (valid or not) has the same bytes.
  next: for (const t of MISSING_BYTES) {
    if (t.length !== n) continue;
    for (let i = 0; i < n; i++) if (b[start + i] !== t[i]) continue next;
    return true;
  }
  return false;
}

/** {@link parseNumber} for a string (encodes it first: for rare paths and tests). */
export function parseNumberText(s: string): number {
  const b = encoder.encode(s);
  return parseNumber(b, 0, b.length);
}

/** {@link isMissingToken} for a string. */
export function isMissingText(s: string): boolean {
  const b = encoder.encode(s);
  return isMissingToken(b, 0, b.length);
}

/** Shortens a cell's text for an error message (at most 40 characters, JSON-quoted). */
export function quoteCell(text: string): string {
  return JSON.stringify(text.length > 40 ? text.slice(0, 37) + '...' : text);
}
