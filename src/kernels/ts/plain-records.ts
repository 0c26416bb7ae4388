/**
 * Kernels.scanPlainRecords in TypeScript: native/assembly/record-scan.ts step for step (its file
 * comment states the rules), for the TypeScript kernel set. The digits go into an exact integer
 * (at most 15 digits < 2^53), then one correctly rounded multiplication or division by an exact
 * power of ten, then float32 rounding: the same value the WASM scan and the decimal scanner store.
 */

const C_LF = 10;
const C_CR = 13;
const C_MINUS = 45;
const C_PLUS = 43;
const C_DOT = 46;
const C_0 = 48;
const C_e = 101;
const FEATURE = 1;
const WEIGHT = 3;

/** The byte at i, or 0 past the end (the WASM scan reads the module memory's next byte there). */
function at(text: Uint8Array, i: number): number {
  return i < text.length ? text[i]! : 0;
}

/** See Kernels.scanPlainRecords (src/kernels/kernels.ts). */
export function scanPlainRecords(
  text: Uint8Array, pos: number, end: number, delim: number, roles: Uint8Array, width: number,
  pow10: Float64Array, out: Float32Array, maxRecords: number, state: Uint32Array,
): number {
  let records = 0;
  let p = pos;
  while (records < maxRecords && p < end) {
    let q = p;
    let j = 0;
    let next = 0;
    let ok = false;
    let o = records;
    for (;;) {
      const role = roles[j]!;
      let c = at(text, q);
      let v: number;
      if (c === delim || c === C_LF || c === C_CR) {
        // An empty cell: a feature's missing value (a label or weight must be given; a blank line is no record).
        if (role !== FEATURE || (j === 0 && c !== delim)) break;
        v = NaN;
      } else {
        const negative = c === C_MINUS;
        if (negative || c === C_PLUS) c = at(text, ++q);
        const digitsStart = q;
        let m = 0;
        let d = c - C_0;
        while (d >= 0 && d <= 9) {
          m = m * 10 + d;
          d = at(text, ++q) - C_0;
        }
        let nDigits = q - digitsStart;
        let fraction = 0;
        if (d + C_0 === C_DOT) {
          const fractionStart = ++q;
          d = at(text, q) - C_0;
          while (d >= 0 && d <= 9) {
            m = m * 10 + d;
            d = at(text, ++q) - C_0;
          }
          fraction = q - fractionStart;
          nDigits += fraction;
        }
        if (nDigits === 0 || nDigits > 15 || q >= end) break;
        c = d + C_0;
        let exp10 = -fraction;
        if ((c | 32) === C_e) {
          c = at(text, ++q);
          const expNegative = c === C_MINUS;
          if (expNegative || c === C_PLUS) c = at(text, ++q);
          const expStart = q;
          let e = 0;
          d = c - C_0;
          while (d >= 0 && d <= 9) {
            e = e * 10 + d;
            d = at(text, ++q) - C_0;
          }
          if (q === expStart || q - expStart > 4 || q >= end) break;
          c = d + C_0;
          exp10 += expNegative ? -e : e;
        }
        if (c !== delim && c !== C_LF && c !== C_CR) break;
        if (exp10 >= 0) {
          if (exp10 > 22) break;
          v = exp10 === 0 ? m : m * pow10[exp10]!;
        } else {
          if (exp10 < -22) break;
          v = m / pow10[-exp10]!;
        }
        if (negative) v = -v;
        if (role === WEIGHT && v < 0) break;
        if (role < 1 || role > 3) break;
      }
      out[o] = v;
      o += maxRecords;
      if (c === delim) {
        j++;
        if (j === width) break; // a cell too many
        q++;
        continue;
      }
      if (j !== width - 1) break; // too few cells
      if (c === C_LF) next = q + 1;
      else if (q + 1 < end && at(text, q + 1) === C_LF) next = q + 2;
      else break; // a lone CR, or a CR at the end of the run
      ok = true;
      break;
    }
    if (!ok) break;
    records++;
    p = next;
  }
  state[0] = p;
  return records;
}
