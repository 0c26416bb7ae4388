/**
 * Parsing one numeric cell of a text file straight from a range of UTF-8 bytes (no string is made
 * on the common path), and the tokens that mean "missing".
 *
 * Values are parsed to the nearest float64 (correctly rounded: an exact fast path for up to 15
 * significant digits and a power of ten up to 1e22, `Number()` on the text otherwise); callers then
 * round to float32 (`Math.fround`, or a store into a Float32Array, which is the same rounding).
 */

/** 10^0 .. 10^22, the powers of ten that are exact doubles. */
export const POW10: Float64Array = (() => {
  const p = new Float64Array(23);
  let v = 1;
  for (let i = 0; i < 23; i++) {
    p[i] = v;
    v *= 10;
  }
  return p;
})();

const C_SPACE = 32;
const C_TAB = 9;
const C_PLUS = 43;
const C_MINUS = 45;
const C_DOT = 46;
const C_0 = 48;
const C_9 = 57;
const C_E = 69;
const C_e = 101;

const utf8 = new TextDecoder('utf-8');
const encoder = new TextEncoder();

/** Decodes `bytes[start, end)` as UTF-8 (invalid sequences become U+FFFD). */
export function decodeText(bytes: Uint8Array, start: number, end: number): string {
  return utf8.decode(bytes.subarray(start, end));
}

/**
 * Cell texts (after trimming spaces/tabs) that mean a missing value (NaN): the empty cell and
 * `NA`, `N/A`, `n/a`, `NaN`, `nan`, `NAN`, `-nan`, `-NaN`, `?`, `null`, `NULL`, `None`, `#N/A`, `<NA>`.
 */
export const MISSING_TOKENS: ReadonlySet<string> = new Set([
  '', 'NA', 'N/A', 'n/a', 'NaN', 'nan', 'NAN', '-nan', '-NaN', '?', 'null', 'NULL', 'None', '#N/A', '<NA>',
]);

const INFINITY_WORDS: ReadonlySet<string> = new Set(['inf', 'infinity']);

/**
 * Parses `bytes[start, end)` as a decimal number (optional sign, digits with optional fraction,
 * optional exponent; surrounding spaces/tabs ignored; `inf`/`infinity` in any case, with sign,
 * give +-Infinity). Returns the nearest float64, or NaN when the text is not a number (including
 * the missing tokens: use {@link isMissingToken} to tell the two apart). Hex, binary, `1_000`
 * and other JavaScript-only forms are rejected.
 */
export function parseNumber(b: Uint8Array, start: number, end: number): number {
  while (start < end && (b[start] === C_SPACE || b[start] === C_TAB)) start++;
  while (end > start && (b[end - 1] === C_SPACE || b[end - 1] === C_TAB)) end--;
  if (start === end) return NaN;
  let p = start;
  let c = b[p]!;
  let negative = false;
  if (c === C_MINUS || c === C_PLUS) {
    negative = c === C_MINUS;
    if (++p === end) return NaN;
    c = b[p]!;
  }
  let mantissa = 0;
  let sigDigits = 0;
  let nDigits = 0;
  let exp10 = 0;
  // integer part
  while (c >= C_0 && c <= C_9) {
    nDigits++;
    if (sigDigits > 0 || c !== C_0) {
      if (sigDigits < 15) {
        mantissa = mantissa * 10 + (c - C_0);
        sigDigits++;
      } else {
        sigDigits = 99; // too many digits for the exact fast path
      }
    }
    if (++p === end) break;
    c = b[p]!;
  }
  if (p < end && c === C_DOT) {
    p++;
    if (p < end) c = b[p]!;
    while (p < end && c >= C_0 && c <= C_9) {
      nDigits++;
      if (sigDigits > 0 || c !== C_0) {
        if (sigDigits < 15) {
          mantissa = mantissa * 10 + (c - C_0);
          sigDigits++;
          exp10--;
        } else {
          sigDigits = 99;
        }
      } else {
        exp10--; // leading zero of the fraction: scales the value
      }
      if (++p === end) break;
      c = b[p]!;
    }
  }
  if (nDigits === 0) return parseWord(b, start, end);
  if (p < end && (c === C_e || c === C_E)) {
    if (++p === end) return NaN;
    c = b[p]!;
    let expNegative = false;
    if (c === C_MINUS || c === C_PLUS) {
      expNegative = c === C_MINUS;
      if (++p === end) return NaN;
      c = b[p]!;
    }
    let e = 0;
    let expDigits = 0;
    while (c >= C_0 && c <= C_9) {
      if (e < 100000) e = e * 10 + (c - C_0);
      expDigits++;
      if (++p === end) break;
      c = b[p]!;
    }
    if (expDigits === 0) return NaN;
    exp10 += expNegative ? -e : e;
  }
  if (p !== end) return NaN;
  if (sigDigits === 0) return negative ? -0 : 0;
  if (sigDigits <= 15) {
    // Exact: mantissa < 1e15 < 2^53 and 10^k (k <= 22) are exact doubles, so one multiply or
    // divide rounds once, to the correctly rounded result.
    if (exp10 >= 0 && exp10 <= 22) {
      const v = mantissa * POW10[exp10]!;
      return negative ? -v : v;
    }
    if (exp10 < 0 && exp10 >= -22) {
      const v = mantissa / POW10[-exp10]!;
      return negative ? -v : v;
    }
  }
  // The grammar is already checked, so Number() accepts exactly this (ASCII) text.
  return Number(decodeText(b, start, end));
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
