import { describe, expect, it } from 'vitest';
import { DecimalScanner } from '../../src/data/decimal-scanner.js';
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
    for (let i = 0; i < 50000; i++) {
      const digits = 1 + Math.floor(rnd() * 25);
      let m = '';
      for (let d = 0; d < digits; d++) m += Math.floor(rnd() * 10);
      const dot = Math.floor(rnd() * (digits + 1));
      let s = m.slice(0, dot) + '.' + m.slice(dot);
      if (rnd() < 0.5) s += 'e' + (Math.floor(rnd() * 100) - 50);
      if (rnd() < 0.5) s = '-' + s;
      if (s.startsWith('.e') || s.startsWith('-.e')) continue;
      if (scanned(sc, s) !== null) taken++;
    }
    expect(taken).toBeGreaterThan(45000); // it declines only rarely
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
});
