/**
 * Parsing one numeric cell of a text file, straight from a range of a larger string (no substring
 * is made on the common path), and the tokens that mean "missing".
 *
 * Values are parsed to the nearest float64 (correctly rounded: a fast exact path for up to 15
 * significant digits and a power of ten up to 1e22, `Number()` otherwise); callers then round to
 * float32 (`Math.fround`, or a store into a Float32Array, which is the same rounding).
 */

const POW10: Float64Array = (() => {
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

/**
 * Cell texts (after trimming spaces/tabs) that mean a missing value (NaN): the empty cell and
 * `NA`, `N/A`, `n/a`, `NaN`, `nan`, `NAN`, `-nan`, `-NaN`, `?`, `null`, `NULL`, `None`, `#N/A`, `<NA>`.
 */
export const MISSING_TOKENS: ReadonlySet<string> = new Set([
  '', 'NA', 'N/A', 'n/a', 'NaN', 'nan', 'NAN', '-nan', '-NaN', '?', 'null', 'NULL', 'None', '#N/A', '<NA>',
]);

const INFINITY_WORDS: ReadonlySet<string> = new Set(['inf', 'infinity']);

function isBlank(c: number): boolean {
  return c === C_SPACE || c === C_TAB;
}

/**
 * Parses `s[start, end)` as a decimal number (optional sign, digits with optional fraction,
 * optional exponent; surrounding spaces/tabs ignored; `inf`/`infinity` in any case, with sign,
 * give +-Infinity). Returns the nearest float64, or NaN when the text is not a number (including
 * the missing tokens: use {@link isMissingToken} to tell the two apart). Hex, binary, `1_000`
 * and other JavaScript-only forms are rejected.
 */
export function parseNumber(s: string, start: number, end: number): number {
  while (start < end && isBlank(s.charCodeAt(start))) start++;
  while (end > start && isBlank(s.charCodeAt(end - 1))) end--;
  if (start === end) return NaN;
  let p = start;
  let c = s.charCodeAt(p);
  let negative = false;
  if (c === C_MINUS || c === C_PLUS) {
    negative = c === C_MINUS;
    if (++p === end) return NaN;
    c = s.charCodeAt(p);
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
    c = s.charCodeAt(p);
  }
  if (p < end && c === C_DOT) {
    p++;
    if (p < end) c = s.charCodeAt(p);
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
      c = s.charCodeAt(p);
    }
  }
  if (nDigits === 0) return parseWord(s, start, end);
  if (p < end && (c === C_e || c === C_E)) {
    if (++p === end) return NaN;
    c = s.charCodeAt(p);
    let expNegative = false;
    if (c === C_MINUS || c === C_PLUS) {
      expNegative = c === C_MINUS;
      if (++p === end) return NaN;
      c = s.charCodeAt(p);
    }
    let e = 0;
    let expDigits = 0;
    while (c >= C_0 && c <= C_9) {
      if (e < 100000) e = e * 10 + (c - C_0);
      expDigits++;
      if (++p === end) break;
      c = s.charCodeAt(p);
    }
    if (expDigits === 0) return NaN;
    exp10 += expNegative ? -e : e;
  }
  if (p !== end) return NaN;
  if (mantissa === 0 && sigDigits === 0) return negative ? -0 : 0;
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
  // Grammar already checked, so Number() accepts exactly this text.
  return Number(s.slice(start, end));
}

function parseWord(s: string, start: number, end: number): number {
  if (end - start > 9) return NaN;
  let word = s.slice(start, end).toLowerCase();
  let sign = 1;
  if (word.startsWith('+')) word = word.slice(1);
  else if (word.startsWith('-')) {
    word = word.slice(1);
    sign = -1;
  }
  return INFINITY_WORDS.has(word) ? sign * Infinity : NaN;
}

/** True when `s[start, end)`, trimmed of spaces/tabs, is one of {@link MISSING_TOKENS}. */
export function isMissingToken(s: string, start: number, end: number): boolean {
  while (start < end && isBlank(s.charCodeAt(start))) start++;
  while (end > start && isBlank(s.charCodeAt(end - 1))) end--;
  if (end - start > 5) return false;
  return MISSING_TOKENS.has(s.slice(start, end));
}

/** Shortens a cell's text for an error message (at most 40 characters, JSON-quoted). */
export function quoteCell(text: string): string {
  return JSON.stringify(text.length > 40 ? text.slice(0, 37) + '...' : text);
}
