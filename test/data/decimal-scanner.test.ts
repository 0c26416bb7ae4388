import { describe, expect, it } from 'vitest';
import { decimalToDouble, DecimalScanner, isJsonNumber, POW10 } from '../../src/data/decimal-scanner.js';
import { parseNumberText } from '../../src/data/parse-number.js';

const encoder = new TextEncoder();

/**
 * Scans `text` followed by a delimiter; returns the scanner's value when it took exactly the
 * text (checking it against parseNumber: the same float64 when `exact`, else the same float32),
 * or null when it declined. Declining is always allowed (the caller falls back to parseNumber).
 */
function scanned(sc: DecimalScanner, text: string): number | null {
  const b = encoder.encode(text + ',');
  const stop = sc.scan(b, 0, b.length);
  if (stop < 0) return null;
  expect(stop, text).toBe(text.length);
  const want = parseNumberText(text);
  if (sc.exact) expect(Object.is(sc.value, want), `${text}: ${sc.value} (exact), parseNumber ${want}`).toBe(true);
  else expect(Object.is(sc.value, Math.fround(want)), `${text}: ${sc.value}, fround(parseNumber) ${Math.fround(want)}`).toBe(true);
  return sc.value;
}

/** Deterministic pseudo-random numbers in [0, 1). */
function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

describe('DecimalScanner', () => {
  it('reads plain decimals exactly as parseNumber does', () => {
    const sc = new DecimalScanner();
    for (const s of ['0', '-0', '+0', '0.0', '-0.000', '42', '+1', '-1.5', '.5', '5.', '000123', '0.000001', '0.6271', '123456789012345', '1e3', '1E-3', '-2.5e+2', '0e999']) {
      expect(scanned(sc, s), s).not.toBeNull();
      expect(sc.exact, s).toBe(true);
    }
  });

  it('stops at the first byte that cannot continue the number and declines non-numbers', () => {
    const sc = new DecimalScanner();
    const b = encoder.encode('12.5x');
    expect(sc.scan(b, 0, b.length)).toBe(4);
    expect(sc.value).toBe(12.5);
    expect(sc.scan(b, 0, 2)).toBe(2); // `end` bounds the scan
    expect(sc.value).toBe(12);
    const e = encoder.encode('1.5e3,-7');
    expect([sc.scan(e, 0, 3), sc.value]).toEqual([3, 1.5]);
    expect([sc.scan(e, 0, 1), sc.value]).toEqual([1, 1]);
    expect([sc.scan(e, 0, 5), sc.value]).toEqual([5, 1500]);
    expect([sc.scan(e, 6, 8), sc.value]).toEqual([8, -7]); // a number running to the array's end
    expect(sc.scan(e, 6, 7)).toBe(-1); // just the sign
    for (const s of ['', ' 1', '.', '-', '+', 'e5', '.e5', '1e', '1e+', 'NA', 'inf', '-nan']) {
      const t = encoder.encode(s + ',');
      expect(sc.scan(t, 0, t.length), s).toBe(-1);
    }
  });

  it('gives the float32 of parseNumber for long mantissas and large exponents (or declines)', () => {
    const rnd = lcg(777);
    const sc = new DecimalScanner();
    let taken = 0;
    let candidates = 0;
    for (let i = 0; i < 50000; i++) {
      const digits = 1 + Math.floor(rnd() * 25);
      let m = '';
      for (let d = 0; d < digits; d++) m += Math.floor(rnd() * 10);
      const dot = Math.floor(rnd() * (digits + 1));
      let s = m.slice(0, dot) + '.' + m.slice(dot);
      if (rnd() < 0.5) s += 'e' + (Math.floor(rnd() * 100) - 50);
      if (rnd() < 0.5) s = '-' + s;
      if (s.startsWith('.e') || s.startsWith('-.e')) continue;
      candidates++;
      const finite = Number.isFinite(Math.fround(parseNumberText(s)));
      if (!finite) candidates--;
      const v = scanned(sc, s);
      if (v !== null) {
        expect(finite, `${s}: beyond the float32 range, must be declined`).toBe(true);
        taken++;
      }
    }
    expect(taken).toBeGreaterThan(candidates * 0.9); // it declines rarely (and always beyond the float32 range)
  });

  it('declines or agrees next to float32 rounding boundaries', () => {
    // Decimals within a few units of the 17th-19th digit of the midpoint between two adjacent
    // float32 values, where the inexact path must not guess.
    const rnd = lcg(4242);
    const sc = new DecimalScanner();
    const f32 = new Float32Array(1);
    const u32 = new Uint32Array(f32.buffer);
    let declined = 0;
    for (let i = 0; i < 20000; i++) {
      u32[0] = Math.floor(rnd() * 0x7f000000) + (rnd() < 0.1 ? 0 : 0x00800000); // subnormals too
      const a = f32[0]!;
      u32[0]++;
      const mid = (a + f32[0]!) / 2; // exact in float64
      for (const digits of [16, 17, 18, 19, 21]) {
        const text = mid.toPrecision(Math.min(digits, 21));
        if (scanned(sc, text) === null) declined++;
        const e = text.indexOf('e');
        const mant = e < 0 ? text : text.slice(0, e);
        const last = Number(mant[mant.length - 1]);
        for (const delta of [-1, 1]) {
          if (last + delta < 0 || last + delta > 9) continue;
          scanned(sc, mant.slice(0, -1) + String(last + delta) + (e < 0 ? '' : text.slice(e)));
        }
      }
    }
    expect(declined).toBeGreaterThan(0); // the check is exercised
  });

  it('never gives a value whose float32 is infinite: those are left to the caller, which refuses them', () => {
    const sc = new DecimalScanner();
    for (const text of ['1e39', '-1e39', '3.5e38', '3.4028236e38', '1e400', '340282357000000000000000000000000000000', '3.40282357e38']) {
      const b = encoder.encode(text + ',');
      expect(sc.scan(b, 0, b.length), text).toBe(-1);
      // The float64 mode gives the correctly rounded double (finite or not), as Number does.
      expect(sc.scanDouble(b, 0, b.length), text).toBe(text.length);
      expect(sc.value, text).toBe(Number(text));
    }
    // At the boundary: decimals that round to FLT_MAX are values.
    for (const text of ['3.4028235e38', '3.40282356e38', '-3.402823567e38']) {
      expect(scanned(sc, text), text).toBe(Math.fround(Number(text)));
    }
  });

  it('scanDouble is parseNumber: correctly rounded, the grammar of scan', () => {
    const rnd = lcg(99);
    const sc = new DecimalScanner();
    for (let i = 0; i < 20000; i++) {
      const digits = 1 + Math.floor(rnd() * 22);
      let s = '';
      for (let d = 0; d < digits; d++) s += Math.floor(rnd() * 10);
      if (rnd() < 0.5) s = s.slice(0, 1 + Math.floor(rnd() * digits)) + '.' + s.slice(1);
      if (rnd() < 0.5) s += 'e' + (Math.floor(rnd() * 700) - 350);
      if (rnd() < 0.3) s = '-' + s;
      const b = encoder.encode(s + ']');
      expect(sc.scanDouble(b, 0, b.length), s).toBe(s.length);
      expect(Object.is(sc.value, Number(s)), `${s}: ${sc.value} vs ${Number(s)}`).toBe(true);
      expect(sc.exact).toBe(true);
    }
  });

  it('isJsonNumber tells JSON numbers from the rest of the grammar', () => {
    const sc = new DecimalScanner();
    const json = (t: string): boolean => {
      const b = encoder.encode(t + ',');
      const stop = sc.scanDouble(b, 0, b.length);
      return stop === t.length && isJsonNumber(b, 0, stop);
    };
    for (const t of ['0', '-0', '1', '10', '0.5', '-0.5', '1e5', '1E+5', '1.5e-3', '0e0', '123.456']) expect(json(t), t).toBe(true);
    for (const t of ['+1', '01', '-01', '.5', '-.5', '5.', '5.e3', '00']) expect(json(t), t).toBe(false);
  });

  it('decimalToDouble is the correctly rounded double of digits x 10^exp', () => {
    expect(POW10.length).toBe(23);
    for (let k = 0; k < 23; k++) expect(POW10[k]).toBe(Number(`1e${k}`));
    const rnd = lcg(5);
    for (let i = 0; i < 5000; i++) {
      const digits = Math.floor(rnd() * 1e9);
      const e = Math.floor(rnd() * 90) - 45;
      expect(decimalToDouble(digits, e)).toBe(Number(`${digits}e${e}`));
    }
  });
});
