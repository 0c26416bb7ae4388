import { describe, expect, it } from 'vitest';
import { isMissingText, parseNumber, parseNumberText } from '../../src/data/parse-number.js';

const parse = parseNumberText;
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('parseNumber', () => {
  it('parses decimal forms', () => {
    expect(parse('0')).toBe(0);
    expect(parse('-0')).toBe(-0);
    expect(parse('42')).toBe(42);
    expect(parse('+1')).toBe(1);
    expect(parse('-1.5')).toBe(-1.5);
    expect(parse('.5')).toBe(0.5);
    expect(parse('5.')).toBe(5);
    expect(parse('1e3')).toBe(1000);
    expect(parse('1E-3')).toBe(0.001);
    expect(parse('-2.5e+2')).toBe(-250);
    expect(parse('  7.25\t')).toBe(7.25);
    expect(parse('000123')).toBe(123);
    expect(parse('0.000001')).toBe(0.000001);
  });

  it('gives infinities for inf words and for overflow', () => {
    expect(parse('inf')).toBe(Infinity);
    expect(parse('-Inf')).toBe(-Infinity);
    expect(parse('+INFINITY')).toBe(Infinity);
    expect(parse('Infinity')).toBe(Infinity);
    expect(parse('1e400')).toBe(Infinity);
    expect(parse('1e-400')).toBe(0);
  });

  it('rejects non-numbers and JavaScript-only forms', () => {
    for (const s of ['', ' ', 'abc', '1a', '0x10', '1_000', '1e', '1e+', '-', '+', '.', '1.2.3', '1 2', 'e5', 'infinit', '--1', 'NaN']) {
      expect(parse(s), s).toBeNaN();
    }
  });

  it('parses a range inside a larger string', () => {
    const s = bytes('ab,12.5,cd');
    expect(parseNumber(s, 3, 7)).toBe(12.5);
    expect(parseNumber(s, 0, 2)).toBeNaN();
  });

  it('is correctly rounded (matches Number) on random decimals, including the slow path', () => {
    let seed = 12345;
    const rnd = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let i = 0; i < 20000; i++) {
      const digits = 1 + Math.floor(rnd() * 20);
      let m = '';
      for (let d = 0; d < digits; d++) m += Math.floor(rnd() * 10);
      const dot = Math.floor(rnd() * (digits + 1));
      let s = m.slice(0, dot) + '.' + m.slice(dot);
      if (rnd() < 0.4) s += 'e' + (Math.floor(rnd() * 80) - 40);
      if (rnd() < 0.5) s = '-' + s;
      if (s === '.' || s === '-.' || s.startsWith('.e') || s.startsWith('-.e')) continue;
      expect(parse(s), s).toBe(Number(s));
    }
  });
});

describe('isMissingText', () => {
  it('knows the missing tokens', () => {
    for (const s of ['', '  ', 'NA', 'NaN', 'nan', '?', 'N/A', 'null', ' NA ']) expect(isMissingText(s), s).toBe(true);
    for (const s of ['x', '0', 'NAN1', 'missing']) expect(isMissingText(s), s).toBe(false);
  });
});
