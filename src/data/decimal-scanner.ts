/**
 * The one decimal reader of the project: the text loaders (parse-number.ts, the delimited fast
 * path, LibSVM), the scoring server's body parser and the float32 formatter's read-back check all
 * turn decimal text into numbers here.
 *
 * Two modes, one grammar (`[-+]digits[.digits][(e|E)[-+]digits]`, at least one digit before the
 * exponent), both scanning from a byte position and reporting where they stopped, so a caller that
 * is walking the bytes of a record anyway parses each cell in the same pass:
 * - {@link DecimalScanner.scanDouble}: the nearest float64 (correctly rounded): an exact fast path
 *   for up to 15 significant digits and a power of ten up to 1e22 (one multiply or divide of two
 *   exact doubles, Clinger's fast path), `Number()` on the text otherwise. What parseNumber and
 *   JSON.parse give.
 * - {@link DecimalScanner.scan}, the hot loops' mode: the same exact fast path (`exact` true, the
 *   same float64), and otherwise (16 or more significant digits, or a larger exponent) a value
 *   only good for a float32 destination (`exact` false): the same float32 that rounding the
 *   correctly rounded float64 gives, or no value when that cannot be proven cheaply (the proof is
 *   in the comment of `float32Value`). It never gives a value whose float32 is infinite: those
 *   (`1e39`, `3.5e38`) are left to the caller's general path, which refuses them
 *   (value-rules.ts).
 *
 * Written by hand because it runs once per cell (tens of millions of times for a large file).
 * Anything else (spaces, words such as `inf` or the missing tokens, a malformed number) gives no
 * value: parse-number.ts handles those.
 */

const C_PLUS = 43;
const C_MINUS = 45;
const C_DOT = 46;
const C_0 = 48;
const C_9 = 57;
const C_E = 69;
const C_e = 101;

/** 2^-46: the relative half-width of the interval checked on the inexact path. */
const MARGIN = 2 ** -46;

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

/**
 * The double nearest to the decimal `digits` x 10^`exp10` (correctly rounded).
 * @param digits a non-negative integer below 2^53 (so an exact double).
 * @param exp10 any integer.
 */
export function decimalToDouble(digits: number, exp10: number): number {
  // digits and 10^|exp10| <= 10^22 are exact doubles, so one multiplication or division rounds
  // once, to the correctly rounded result (Clinger's fast path); otherwise the engine's
  // correctly rounded conversion of the text.
  if (exp10 >= 0 && exp10 <= 22) return digits * POW10[exp10]!;
  if (exp10 < 0 && exp10 >= -22) return digits / POW10[-exp10]!;
  return Number(`${digits}e${exp10}`);
}

/**
 * True when `b[start, stop)`, a range {@link DecimalScanner.scan} or scanDouble took as one
 * number, is also a JSON number (`-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][-+]?[0-9]+)?`): no `+` sign,
 * no leading zero before another digit, digits on both sides of a point.
 */
export function isJsonNumber(b: Uint8Array, start: number, stop: number): boolean {
  let p = start;
  if (b[p] === C_MINUS) p++;
  const c = b[p]!;
  if (!(c >= C_0 && c <= C_9)) return false; // `+1`, `.5`
  if (c === C_0 && p + 1 < stop) {
    const d = b[p + 1]!;
    if (d >= C_0 && d <= C_9) return false; // `01`
  }
  for (p++; p < stop; p++) {
    if (b[p] === C_DOT) {
      const d = b[p + 1]!;
      return p + 1 < stop && d >= C_0 && d <= C_9; // `5.`, `5.e3` (the point comes after a digit here)
    }
    if (b[p] === C_e || b[p] === C_E) return true;
  }
  return true;
}

/** The text of `b[start, end)`, ASCII (a range the scanner checked). */
function asciiText(b: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(b[i]!);
  return s;
}

/** Scans decimals; see the module comment. One instance per reader (it holds the last result). */
export class DecimalScanner {
  /**
   * After a scan that found a number: its value. (A field, not the return value: a double
   * returned from a call that is not inlined is boxed in a new heap object, one per cell.)
   */
  value = 0;
  /** After a scan that found a number: true when {@link value} is the correctly rounded float64 (always after scanDouble). */
  exact = true;

  /**
   * Scans `[-+]digits[.digits][(e|E)[-+]digits]` (at least one digit before the exponent) in
   * `b[p, end)`, stopping at the first byte that cannot continue it (that byte is not checked: the
   * caller decides whether it ends the cell). Returns the index of that byte (at most `end`), with
   * the number in {@link value}; or -1 when there is no such number at `p` or its value is not
   * proven (see the module comment).
   *
   * Bytes at and past `end` may be looked at, but do not change the result. For speed, a caller
   * keeps a byte that ends any number (a line break, say) before the array's end: a read past the
   * array (harmless otherwise) deoptimizes the caller's loop.
   */
  scan(b: Uint8Array, p: number, end: number): number {
    // The common case, kept small so that V8 inlines it into the caller's loop: at most 15
    // digits in all and no exponent. All digits go into `m`, leading zeros included (they add
    // nothing), so m is parseNumber's mantissa (exact: < 1e15) and the exponent is minus the
    // number of fraction digits: the same single exact division.
    //
    // The bytes are read without comparing with `end` (one compare per byte less, ~20% of the
    // time of a CSV load): the scan stops at the first byte that cannot continue the number, and
    // a read past the array gives undefined, whose NaN stops the loops too. When that byte lies
    // beyond `end`, the number did not end within the range and scanFull, which stops at `end`,
    // reads it again.
    const start = p;
    let c = b[p]!;
    const negative = c === C_MINUS;
    if (negative || c === C_PLUS) c = b[++p]!;
    const intStart = p;
    let m = 0;
    let d = c - C_0;
    while (d >= 0 && d <= 9) {
      m = m * 10 + d;
      d = b[++p]! - C_0;
    }
    let nDigits = p - intStart;
    let fraction = 0;
    c = d + C_0;
    if (c === C_DOT) {
      const fractionStart = ++p;
      d = b[p]! - C_0;
      while (d >= 0 && d <= 9) {
        m = m * 10 + d;
        d = b[++p]! - C_0;
      }
      fraction = p - fractionStart;
      c = d + C_0;
    }
    if (p > end) return this.scanFull(b, start, end, true);
    nDigits += fraction;
    if (nDigits === 0) return -1; // (no digits before an exponent either)
    if (c === C_e || c === C_E) return this.scanFull(b, start, end, true);
    if (nDigits <= 15) {
      const v = fraction === 0 ? m : m / POW10[fraction]!;
      this.value = negative ? -v : v;
      this.exact = true;
      return p;
    }
    return this.scanLong(m, fraction, negative, p, b, start, end);
  }

  /**
   * {@link scan} after 16 or more digits without an exponent (what printing a double's shortest
   * form or 17 digits gives), in a method of its own so that `scan` stays small enough to inline.
   * With at most about 19 significant digits (m < 1e19), `m` has been rounded by at most 4 steps
   * (m * 10 + d is exact below 2^53), each adding at most 2^-52 relative, and the division one
   * 2^-53 more: within 2^-49.8 of the decimal, well inside the margin the check of
   * `float32Value` needs (see there). Otherwise, or when the check fails, {@link scanFull}.
   */
  private scanLong(m: number, fraction: number, negative: boolean, p: number, b: Uint8Array, start: number, end: number): number {
    if (m < 1e19 && fraction <= 22) {
      const v = fraction === 0 ? m : m / POW10[fraction]!;
      const f = Math.fround(v * (1 - MARGIN));
      if (f === Math.fround(v * (1 + MARGIN))) {
        this.value = negative ? -f : f;
        this.exact = false;
        return p;
      }
    }
    return this.scanFull(b, start, end, true);
  }

  /**
   * Scans the same grammar as {@link scan} in `b[p, end)` (stopping at `end` at the latest) and
   * gives the nearest float64 in {@link value} (`exact` true): what parseNumber and JSON.parse
   * give for the text. Returns the index after the number, or -1 when there is none at `p`.
   */
  scanDouble(b: Uint8Array, p: number, end: number): number {
    return this.scanFull(b, p, end, false);
  }

  /**
   * {@link scan} for the other cases (many digits, an exponent, or no number at all) when
   * `float32` is true; {@link scanDouble} when it is false.
   */
  private scanFull(b: Uint8Array, p: number, end: number, float32: boolean): number {
    const start = p;
    let c = p < end ? b[p]! : 0;
    let negative = false;
    if (c === C_MINUS || c === C_PLUS) {
      negative = c === C_MINUS;
      c = ++p < end ? b[p]! : 0;
    }
    // The first 15 significant digits in `hi` (exact: < 1e15 < 2^53) and up to 4 more in `lo`;
    // further digits are dropped (they change the value by less than 1e-18 relative).
    let hi = 0;
    let lo = 0;
    let sig = 0;
    let nDigits = 0;
    let exp10 = 0;
    while (c >= C_0 && c <= C_9) {
      nDigits++;
      if (sig === 0 && c === C_0) {
        // a leading zero
      } else if (sig < 15) {
        hi = hi * 10 + (c - C_0);
        sig++;
      } else if (sig < 19) {
        lo = lo * 10 + (c - C_0);
        sig++;
      } else {
        exp10++; // a dropped integer digit still scales the value
      }
      c = ++p < end ? b[p]! : 0;
    }
    if (c === C_DOT) {
      c = ++p < end ? b[p]! : 0;
      while (c >= C_0 && c <= C_9) {
        nDigits++;
        if (sig === 0 && c === C_0) {
          exp10--;
        } else if (sig < 15) {
          hi = hi * 10 + (c - C_0);
          sig++;
          exp10--;
        } else if (sig < 19) {
          lo = lo * 10 + (c - C_0);
          sig++;
          exp10--;
        }
        c = ++p < end ? b[p]! : 0;
      }
    }
    if (nDigits === 0) return -1;
    if (c === C_e || c === C_E) {
      c = ++p < end ? b[p]! : 0;
      let expNegative = false;
      if (c === C_MINUS || c === C_PLUS) {
        expNegative = c === C_MINUS;
        c = ++p < end ? b[p]! : 0;
      }
      let e = 0;
      let expDigits = 0;
      while (c >= C_0 && c <= C_9) {
        if (e < 100000) e = e * 10 + (c - C_0);
        expDigits++;
        c = ++p < end ? b[p]! : 0;
      }
      if (expDigits === 0) return -1;
      exp10 += expNegative ? -e : e;
    }
    this.exact = true;
    if (sig === 0) {
      this.value = negative ? -0 : 0;
      return p;
    }
    if (sig <= 15) {
      // parseNumber's exact path, operation for operation.
      if (exp10 >= 0 && exp10 <= 22) {
        const v = hi * POW10[exp10]!;
        this.value = negative ? -v : v;
        return p;
      }
      if (exp10 < 0 && exp10 >= -22) {
        const v = hi / POW10[-exp10]!;
        this.value = negative ? -v : v;
        return p;
      }
    }
    if (!float32) {
      // The grammar is checked, so Number() accepts exactly this (ASCII) text.
      this.value = Number(asciiText(b, start, p));
      return p;
    }
    return this.float32Value(hi, lo, sig, exp10, negative) ? p : -1;
  }

  /**
   * The inexact path. Let x be the decimal's value and X = parseNumber's result, the double
   * nearest x (relative error <= 2^-53). The value v computed here takes at most 4 roundings of
   * relative error <= 2^-53 each (hi * 10^k, + lo, and one or two scalings by exact powers of
   * ten; no overflow or underflow of doubles: 1 <= m < 1e19 and |exp10| <= 44) and the digits
   * dropped past the 19th (< 1e-18 < 2^-59 relative), so x and X are both within 2^-50 of v
   * (relative). The interval [v(1 - 2^-46), v(1 + 2^-46)] (its ends computed with one more
   * rounding each) therefore contains both; float32 rounding is monotone, so when both ends round
   * to the same float32, so does X, and that float32 is the answer. Otherwise (probability about
   * 2^-21 per value) false sends the caller to parseNumber. (Any error up to about 2^-46.2 would
   * do: an end computed as fl(v(1 - 2^-46)) is below v(1 - 2^-46 + 2^-53).) A float32 that is
   * infinite (the decimal is beyond the float32 range) is false too: the caller refuses it.
   */
  private float32Value(hi: number, lo: number, sig: number, exp10: number, negative: boolean): boolean {
    const m = sig <= 15 ? hi : hi * POW10[sig - 15]! + lo;
    let v: number;
    if (exp10 >= 0) {
      if (exp10 <= 22) v = m * POW10[exp10]!;
      else if (exp10 <= 44) v = m * POW10[22]! * POW10[exp10 - 22]!;
      else return false;
    } else if (exp10 >= -22) {
      v = m / POW10[-exp10]!;
    } else if (exp10 >= -44) {
      v = m / POW10[22]! / POW10[-exp10 - 22]!;
    } else {
      return false;
    }
    const f = Math.fround(v * (1 - MARGIN));
    if (f !== Math.fround(v * (1 + MARGIN)) || f === Infinity) return false;
    this.exact = false;
    this.value = negative ? -f : f;
    return true;
  }
}
