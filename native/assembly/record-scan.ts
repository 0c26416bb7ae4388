/**
 * The delimited reader's plainest records (src/data/delimited-fast-path.ts is the reference: this
 * takes a subset of what it takes, and stores the same values): lines of exactly `width` cells,
 * each cell either empty (a feature's missing value, NaN) or `[-+]digits[.digits][(e|E)[-+]digits]`
 * with at most 15 digits before the exponent (leading zeros included) and a power of ten within
 * 10^+-22, cells separated by the delimiter byte and the record ended by LF or CR LF.
 * The value is the decimal scanner's exact path (src/data/decimal-scanner.ts scan): every digit
 * into m = m * 10 + d (an exact integer below 2^53), then m times or divided by the power of ten
 * (10^(exponent - fraction digits): one correctly rounded operation on exact doubles), negated for
 * a minus sign, then rounded to float32.
 *
 * Anything else (a quote, a space, an exponent, more digits, a cell of another role, a wrong
 * cell count, a label or weight that is empty, a negative weight, a lone CR) ends the run before
 * that record: the TS fast path reads it next, with the general path behind it for the rest.
 *
 * Arguments are byte addresses: text u8[end] (the run's bytes; every record taken ends with its
 * line break before `end`), roles u8[width] (1 feature, 2 label, 3 weight: any other role is not
 * taken), pow10 f64[23] (10^0 .. 10^22), out f32 column-major, value of cell j of record i at
 * out[j * maxRecords + i]. Takes at most `maxRecords` records from `pos`; returns their count,
 * and stores the position after the last one at `state` (u32).
 */
const C_LF: u32 = 10;
const C_CR: u32 = 13;
const C_MINUS: u32 = 45;
const C_PLUS: u32 = 43;
const C_DOT: u32 = 46;
const C_0: u32 = 48;
const C_e: u32 = 101;

const FEATURE: u32 = 1;
const WEIGHT: u32 = 3;

export function scanPlainRecords(
  text: usize, pos: u32, end: u32, delim: u32, roles: usize, width: u32, pow10: usize, out: usize, maxRecords: u32, state: usize,
): u32 {
  let records: u32 = 0;
  let p = <usize>pos;
  const stop = <usize>end;
  const colStep = <usize>maxRecords << 2;
  while (records < maxRecords && p < stop) {
    let q = p;
    let j: u32 = 0;
    let next: usize = 0;
    let ok = false;
    let at = out + (<usize>records << 2);
    for (;;) {
      const role = <u32>load<u8>(roles + j);
      let c = <u32>load<u8>(text + q);
      let v: f64;
      if (c == delim || c == C_LF || c == C_CR) {
        // An empty cell: a feature's missing value; a label or weight must be given, and a blank
        // line is no record (the general path skips it).
        if (role != FEATURE || (j == 0 && c != delim)) break;
        v = NaN;
      } else {
        const negative = c == C_MINUS;
        if (negative || c == C_PLUS) c = <u32>load<u8>(text + ++q);
        const digitsStart = q;
        // The digits in an integer (exact: at most 15 digits < 2^53, so the same value the
        // scanner's double m * 10 + d holds).
        let m: u64 = 0;
        let d = c - C_0;
        while (d <= 9) {
          m = m * 10 + <u64>d;
          d = <u32>load<u8>(text + ++q) - C_0;
        }
        let nDigits = <u32>(q - digitsStart);
        let fraction: u32 = 0;
        if (d + C_0 == C_DOT) {
          const fractionStart = ++q;
          d = <u32>load<u8>(text + q) - C_0;
          while (d <= 9) {
            m = m * 10 + <u64>d;
            d = <u32>load<u8>(text + ++q) - C_0;
          }
          fraction = <u32>(q - fractionStart);
          nDigits += fraction;
        }
        if (nDigits == 0 || nDigits > 15 || q >= stop) break;
        c = d + C_0;
        // The power of ten: minus the fraction digits, plus an exponent.
        let exp10 = -<i32>fraction;
        if ((c | 32) == C_e) {
          c = <u32>load<u8>(text + ++q);
          const expNegative = c == C_MINUS;
          if (expNegative || c == C_PLUS) c = <u32>load<u8>(text + ++q);
          const expStart = q;
          let e: i32 = 0;
          d = c - C_0;
          while (d <= 9) {
            e = e * 10 + <i32>d;
            d = <u32>load<u8>(text + ++q) - C_0;
          }
          if (q == expStart || q - expStart > 4 || q >= stop) break;
          c = d + C_0;
          exp10 += expNegative ? -e : e;
        }
        if (c != delim && c != C_LF && c != C_CR) break;
        // One exact operation (Clinger's fast path, as the scanner's): m and 10^|exp10| <= 10^22
        // are exact doubles. (m = 0 gives a signed zero whatever the exponent, as the scanner.)
        const mm = <f64>m;
        if (exp10 >= 0) {
          if (exp10 > 22) break;
          v = exp10 == 0 ? mm : mm * load<f64>(pow10 + (<usize>exp10 << 3));
        } else {
          if (exp10 < -22) break;
          v = mm / load<f64>(pow10 + (<usize>-exp10 << 3));
        }
        if (negative) v = -v;
        if (role == WEIGHT && v < 0) break;
        if (role - 1 > 2) break; // (FEATURE, LABEL, WEIGHT are 1, 2, 3)
      }
      store<f32>(at, <f32>v);
      at += colStep;
      // q is at the cell's end: the delimiter or a line break.
      if (c == delim) {
        j++;
        if (j == width) break; // a cell too many (or a trailing delimiter: the TS path decides)
        q++;
        continue;
      }
      if (j != width - 1) break; // too few cells
      if (c == C_LF) next = q + 1;
      else if (q + 1 < stop && <u32>load<u8>(text + q + 1) == C_LF) next = q + 2;
      else break; // a lone CR, or a CR at the end of the run
      ok = true;
      break;
    }
    if (!ok) break;
    records++;
    p = next;
  }
  store<u32>(state, <u32>p);
  return records;
}
