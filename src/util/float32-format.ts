/**
 * Decimal text of float32 values: the shortest decimal that reads back as the same float32, in
 * the form XGBoost writes floats into its JSON models (a Ryu-style `<digits>E<exponent>`: `5E-1`,
 * `3.0852735E-2`, `-0E0`; xgboost-spec.md §3.3), and C's `%.9g` as XGBoost's text dumps print.
 * Candidate decimals are read back with the project's one decimal reader (decimal-scanner.ts).
 */
import { decimalToDouble, POW10 } from '../data/decimal-scanner.js';

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The float32 next to `x` (a float32) in the direction of `toward` (x != toward, both finite). */
function nextFloat32(x: number, toward: number): number {
  if (x === 0) return toward > 0 ? 1.401298464324817e-45 : -1.401298464324817e-45;
  f32[0] = x;
  // For positive x, increasing the bit pattern moves away from 0; for negative x, toward -inf.
  if (toward > x === x > 0) u32[0] = u32[0]! + 1;
  else u32[0] = u32[0]! - 1;
  return f32[0]!;
}

/**
 * True when the double `d` lies exactly halfway between two adjacent float32 values.
 * Only there can decimal -> double -> float32 differ from decimal -> float32 in one step.
 */
function isFloat32Midpoint(d: number): boolean {
  const f = Math.fround(d);
  if (f === d || !Number.isFinite(f)) return false;
  const g = nextFloat32(f, d);
  return d - f === g - d;
}

/** True when the decimal `digits` x 10^`exp10` equals the double `d` exactly (d finite, non-zero). */
function decimalEqualsDouble(digits: number, exp10: number, d: number): boolean {
  // d = m * 2^e2 with integer m (53 bits at most).
  let m = Math.abs(d);
  let e2 = 0;
  while (!Number.isInteger(m)) {
    m *= 2;
    e2--;
  }
  while (m > Number.MAX_SAFE_INTEGER) {
    m /= 2;
    e2++;
  }
  let left = BigInt(digits);
  let right = BigInt(m);
  if (exp10 >= 0) left *= 10n ** BigInt(exp10);
  else right *= 10n ** BigInt(-exp10);
  if (e2 >= 0) right <<= BigInt(e2);
  else left <<= BigInt(-e2);
  return left === right;
}

/**
 * Whether the decimal `digits` x 10^`exp10` reads back as the float32 `x`, both by correct
 * decimal -> float32 rounding (what XGBoost's parser does) and by `Math.fround(Number(text))`
 * (what ours does). The two agree except when the double lands exactly on a float32 midpoint;
 * such a candidate is accepted only when the decimal is that midpoint exactly and rounds to x
 * (ties to even).
 */
function readsBackAs(digits: number, exp10: number, x: number): boolean {
  // The correctly rounded double of the decimal, as Number(text) gives (digits < 2^53).
  const ad = decimalToDouble(digits, exp10);
  const d = x < 0 ? -ad : ad;
  if (Math.fround(d) !== x) return false;
  if (!isFloat32Midpoint(d)) return true;
  return decimalEqualsDouble(digits, exp10, d);
}

/** Renders digits (no leading zeros) x 10^exp10 as `d.dddE<exp>` with the decimal point after the first digit. */
function render(negative: boolean, digits: number, exp10: number): string {
  let s = String(digits);
  // Strip trailing zeros into the exponent.
  let end = s.length;
  while (end > 1 && s.charCodeAt(end - 1) === 48) end--;
  const exp = exp10 + s.length - 1;
  s = s.slice(0, end);
  const mant = s.length === 1 ? s : s[0] + '.' + s.slice(1);
  return (negative ? '-' : '') + mant + 'E' + exp;
}

/**
 * Formats a float32 as the shortest decimal that reads back as the same float32, written as
 * XGBoost's JSON writer does: `<d>[.<ddd>]E<exp>` (`0E0`, `-0E0`, `5E-1`, `1.00462124E-1`).
 * Among the shortest candidates the one nearest to the value is chosen. Non-finite values
 * give `NaN`, `Infinity`, `-Infinity` (XGBoost's spelling; not valid JSON).
 * @param x a number; it is rounded to float32 first (`Math.fround`).
 */
export function formatFloat32(x: number): string {
  x = Math.fround(x);
  if (x !== x) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  const negative = x < 0 || Object.is(x, -0);
  if (x === 0) return negative ? '-0E0' : '0E0';
  const ax = Math.abs(x);
  // The significant digits of the shortest double text of x. Truncated to p <= 9 digits they
  // give x's truncation, or, when a p-digit decimal lies within double precision of x, that
  // decimal itself, which is then the nearest candidate; either way the pair tested below
  // holds the answer.
  const t = ax.toExponential();
  const ePos = t.indexOf('e');
  const ds = t[0]! + t.slice(2, ePos);
  const exp = Number(t.slice(ePos + 1));
  // A decimal with p digits is also one with p + 1, so "some p-digit decimal reads back" is
  // monotone in p: binary search for the smallest p (9 always works).
  let lo = 1;
  let hi = 9;
  while (lo < hi) {
    const p = (lo + hi) >> 1;
    if (probe(ds, exp, x, p) !== NONE) hi = p;
    else lo = p + 1;
  }
  const exp10 = exp - (lo - 1);
  const head = Number(ds.slice(0, lo).padEnd(lo, '0'));
  switch (probe(ds, exp, x, lo)) {
    case HEAD:
      return render(negative, head, exp10);
    case NEXT:
      return render(negative, head + 1, exp10);
    case BOTH: {
      // The nearer one. ds is within a double ulp of x, so its digits decide unless they sit
      // at (or within a last-digit error of) the midpoint head + 0.5, where x's exact digits do.
      const rest = ds.slice(lo);
      if (/^(50*|49*)\d?$/.test(rest)) {
        const r = formatExact(negative, x, ax, lo);
        if (r !== null) return r;
        break;
      }
      return render(negative, rest.charCodeAt(0) >= 53 ? head + 1 : head, exp10);
    }
  }
  throw new Error(`formatFloat32: no round-trip decimal for ${x}`);
}

const NONE = 0;
const HEAD = 1;
const NEXT = 2;
const BOTH = 3;

/**
 * Which of the two p-digit decimals around x read back as x: `head` (the digits `ds`
 * truncated to p) and `head + 1`. HEAD alone when the truncation is exact. The rounding interval
 * is contiguous and holds x, so when neither reads back no p-digit decimal does.
 */
function probe(ds: string, exp: number, x: number, p: number): number {
  const head = Number(ds.slice(0, p).padEnd(p, '0'));
  const exp10 = exp - (p - 1);
  if (ds.length <= p) return HEAD;
  const okHead = readsBackAs(head, exp10, x);
  const okNext = readsBackAs(head + 1, exp10, x);
  return (okHead ? HEAD : 0) | (okNext ? NEXT : 0);
}

/**
 * formatFloat32's slow path for p digits when both candidates read back: decides on x's exact
 * digits (nearest; an exact tie goes to the even digit, as Ryu does).
 */
function formatExact(negative: boolean, x: number, ax: number, p: number): string | null {
  const { all, exp } = exactDigits(ax);
  const head = Number(all.slice(0, p).padEnd(p, '0'));
  const exp10 = exp - (p - 1);
  const rest = all.slice(p);
  if (/^0*$/.test(rest)) return render(negative, head, exp10);
  const first = rest.charCodeAt(0) - 48;
  const upFirst = first > 5 || (first === 5 && (!/^.0*$/.test(rest) || head % 2 === 1));
  const order = upFirst ? [head + 1, head] : [head, head + 1];
  for (const cand of order) {
    if (readsBackAs(cand, exp10, x)) return render(negative, cand, exp10);
  }
  return null;
}

/**
 * The exact decimal digits of a positive finite double: `all` is its significant digits (up
 * to 100; longer expansions only occur deep in the subnormals) and `exp` the decimal exponent
 * of the first digit.
 */
function exactDigits(ax: number): { all: string; exp: number } {
  const t = ax.toExponential(99);
  const ePos = t.indexOf('e');
  return { all: (t[0]! + t.slice(2, ePos)).replace(/0+$/, ''), exp: Number(t.slice(ePos + 1)) };
}

/**
 * Formats a float32 as C++ `ostream << setprecision(9) << value` does (printf `%.9g`, exact
 * value rounded half to even): the form of XGBoost's text dumps (`0.100462124`, `1e-05`, `-3.5`).
 */
export function formatFloat32G9(x: number): string {
  x = Math.fround(x);
  if (x !== x) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  if (x === 0) return sign + '0';
  // 100 significant digits hold every float32 except the tail of some subnormals, whose
  // tails are never an exact tie at the 10th digit.
  const ex = exactDigits(Math.abs(x));
  const all = ex.all.padEnd(10, '0');
  let exp = ex.exp;
  let head = Number(all.slice(0, 9));
  const rest = all.slice(9);
  const first = rest.charCodeAt(0) - 48;
  const restIsZeroAfterFirst = /^.0*$/.test(rest);
  if (first > 5 || (first === 5 && (!restIsZeroAfterFirst || head % 2 === 1))) head++;
  if (head >= 1e9) {
    head /= 10;
    exp++;
  }
  const digits = String(head).replace(/0+$/, '');
  if (exp < -4 || exp >= 9) {
    const mant = digits.length === 1 ? digits : digits[0] + '.' + digits.slice(1);
    const ae = Math.abs(exp);
    return `${sign}${mant}e${exp < 0 ? '-' : '+'}${ae < 10 ? '0' : ''}${ae}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return sign + digits + '0'.repeat(exp + 1 - digits.length);
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

/**
 * A short decimal that reads back as the same float32, in JavaScript's plain number form (`0.89`,
 * `-3.5`, `1e-7`), for prediction output and text data files: the first of 6, 7, 8, 9 significant
 * digits that round-trips (9 always does for a float32), printed as JavaScript prints that double,
 * which drops trailing zeros. Cheaper than formatFloat32's exact shortest search (hundreds of
 * thousands of predictions are written at once); the digits can differ from formatFloat32's in
 * rare cases where a shorter decimal also round-trips, the value read back never does.
 *
 * The text is formatFloat32PlainReference's (the definition); values in the usual range take a
 * fast path computing the same digits with exact double arithmetic (see plainDigits).
 */
export function formatFloat32Plain(x: number): string {
  x = Math.fround(x);
  if (x === 0 || x !== x || !plainDigits(x < 0 ? -x : x)) return formatFloat32PlainReference(x);
  const s = String(digitsN);
  const len = digitsLen;
  const point = pointPos;
  const body = point >= len ? s + '0'.repeat(point - len) : point > 0 ? `${s.slice(0, point)}.${s.slice(point)}` : `0.${'0'.repeat(-point)}${s}`;
  return x < 0 ? `-${body}` : body;
}

/** Bytes formatFloat32Plain's text of any number can take (sign, 21 digits and zeros, point). */
export const FLOAT32_PLAIN_MAX_BYTES = 24;

/**
 * Writes formatFloat32Plain(x) as ASCII at `out[pos ..]` and returns the position after it;
 * allocates nothing for values in the fast path's range.
 * @param out out: Uint8Array with at least FLOAT32_PLAIN_MAX_BYTES bytes from pos.
 */
export function writeFloat32Plain(x: number, out: Uint8Array, pos: number): number {
  x = Math.fround(x);
  if (x === 0 || x !== x || !plainDigits(x < 0 ? -x : x)) {
    const s = formatFloat32PlainReference(x);
    for (let i = 0; i < s.length; i++) out[pos + i] = s.charCodeAt(i);
    return pos + s.length;
  }
  if (x < 0) out[pos++] = 45; // '-'
  const len = digitsLen;
  const point = pointPos;
  let n = digitsN;
  if (point <= 0) {
    out[pos++] = 48; // '0'
    out[pos++] = 46; // '.'
    for (let i = 0; i < -point; i++) out[pos++] = 48;
    for (let i = pos + len - 1; i >= pos; i--) {
      out[i] = 48 + (n % 10);
      n = (n / 10) | 0;
    }
    return pos + len;
  }
  if (point >= len) {
    for (let i = pos + len - 1; i >= pos; i--) {
      out[i] = 48 + (n % 10);
      n = (n / 10) | 0;
    }
    pos += len;
    for (let i = len; i < point; i++) out[pos++] = 48;
    return pos;
  }
  // Digits with the point after the first `point` of them.
  const end = pos + len + 1;
  for (let i = end - 1; i >= pos; i--) {
    if (i === pos + point) {
      out[i] = 46;
      continue;
    }
    out[i] = 48 + (n % 10);
    n = (n / 10) | 0;
  }
  return end;
}

/**
 * The definition of formatFloat32Plain's text, on the engine's own decimal conversions
 * (toPrecision, Number, String): slower, used for values outside the fast path's range.
 */
export function formatFloat32PlainReference(x: number): string {
  x = Math.fround(x);
  if (x !== x || x === Infinity || x === -Infinity) return formatFloat32(x);
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  for (let p = 6; p < 9; p++) {
    const s = x.toPrecision(p);
    if (Math.fround(Number(s)) === x) return String(Number(s));
  }
  return String(Number(x.toPrecision(9)));
}

// plainDigits' results (module scratch, so the fast path allocates nothing).
/** The significant digits as an integer, trailing zeros removed. */
let digitsN = 0;
/** How many digits digitsN has. */
let digitsLen = 0;
/** JavaScript's decimal point position: the value is digitsN x 10^(pointPos - digitsLen). */
let pointPos = 0;

/**
 * formatFloat32PlainReference's digits of a positive finite float32 `ax`, computed exactly.
 * y = ax x 10^k with k = 8 - e10 (e10 = ax's decimal exponent, so floor(y) has 9 digits) is exact
 * for k in 0..12: ax has 24 significant bits and 5^12 < 2^28, so y fits a double's 53. For
 * p = 6, 7, 8, 9, floor(y) split by 10^(9-p) gives the p-digit decimal nearest to ax, ties up
 * (toPrecision's n) from exact integer and fraction parts; the first whose n / 10^(p-1-e) (one
 * correctly rounded operation, as Number(text) is) rounds to ax in float32 is the answer. Sets
 * digitsN, digitsLen and pointPos and returns true; false outside that range (ax below 1e-4 or
 * from 1e9 on), where the caller takes the reference.
 */
function plainDigits(ax: number): boolean {
  // ax's decimal exponent from its binary one (log10(2) = 0.30103, one too low at worst).
  f32[0] = ax;
  let e10 = Math.floor(((u32[0]! >>> 23) - 127) * 0.30102999566398120);
  let y = 0;
  let whole = 0;
  for (let tries = 0; ; tries++) {
    const k = 8 - e10;
    if (k < 0 || k > 12 || tries > 3) return false;
    y = ax * POW10[k]!;
    whole = Math.floor(y);
    // The truncation has 9 digits exactly when e10 is right.
    if (whole >= 1e9) e10++;
    else if (whole < 1e8) e10--;
    else break;
  }
  const frac = y - whole;
  for (let p = 6; p <= 9; p++) {
    const q = POW10[9 - p]!;
    let n = Math.floor(whole / q);
    const rest = whole - n * q + frac; // exact: below q, a multiple of y's ulp
    if (rest >= q / 2) n++;
    let e = e10;
    if (n === POW10[p]!) {
      // Rounding carried into a new digit.
      n = POW10[p - 1]!;
      e++;
    }
    const k = p - 1 - e;
    const back = k >= 0 ? n / POW10[k]! : n * POW10[-k]!;
    if (Math.fround(back) === ax || p === 9) {
      let len = p;
      while (n % 10 === 0) {
        n /= 10;
        len--;
      }
      digitsN = n;
      digitsLen = len;
      pointPos = e + 1;
      return true;
    }
  }
  return false;
}

/**
 * The text of one value a line (formatFloat32Plain's, each followed by '\n') as ASCII bytes.
 * @param values in: the values (Float32Array, or any array-like of numbers, each rounded to float32).
 * @param width values a line, tab-separated (default 1); values.length is a multiple of it.
 * @returns Uint8Array of the text (a view of a larger buffer).
 */
export function float32Lines(values: ArrayLike<number>, width = 1): Uint8Array {
  const out = new Uint8Array(values.length * (FLOAT32_PLAIN_MAX_BYTES + 1));
  let pos = 0;
  for (let i = 0; i < values.length; i++) {
    pos = writeFloat32Plain(values[i]!, out, pos);
    // `width` values a line, tab-separated (a multi-class model's K outputs of a row).
    out[pos++] = (i + 1) % width === 0 ? 10 : 9;
  }
  return out.subarray(0, pos);
}
