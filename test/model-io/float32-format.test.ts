import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatFloat32, formatFloat32G9 } from '../../src/util/float32-format.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/models', import.meta.url));

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const fromBits = (b: number): number => {
  u32[0] = b >>> 0;
  return f32[0]!;
};
const bitsOf = (x: number): number => {
  f32[0] = x;
  return u32[0]!;
};

/** Deterministic pseudo-random 32-bit integers (xorshift32). */
function* randomBits(n: number, seed = 0x9e3779b9): Generator<number> {
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    yield s;
  }
}

/** Finite float32 from random bits (NaN/inf patterns skipped). */
function randomFloats(n: number, seed?: number): number[] {
  const out: number[] = [];
  for (const b of randomBits(n, seed)) {
    const x = fromBits(b);
    if (Number.isFinite(x)) out.push(x);
  }
  return out;
}

// ---- An independent oracle: exact rational arithmetic with BigInt -------------------------
/** A positive rational num / den. */
type Rat = { num: bigint; den: bigint };
const cmpRat = (a: Rat, b: Rat): number => {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
};
/** |x| of a finite non-zero float32 as m * 2^e. */
function exactOf(x: number): { m: bigint; e: number; even: boolean } {
  const b = bitsOf(Math.abs(x));
  const exp = (b >>> 23) & 0xff;
  const frac = b & 0x7fffff;
  const m = exp === 0 ? frac : frac | 0x800000;
  return { m: BigInt(m), e: (exp === 0 ? 1 : exp) - 150, even: (m & 1) === 0 };
}
const ratOf = (m: bigint, e: number): Rat => (e >= 0 ? { num: m << BigInt(e), den: 1n } : { num: m, den: 1n << BigInt(-e) });
/** The shortest decimal (nearest, ties to even digit) that rounds to x under round-to-nearest-even. */
function oracle(x: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0E0' : '0E0';
  const neg = x < 0;
  const { m, e, even } = exactOf(x);
  // Rounding interval [lo, hi] around x: halfway to the neighbours (the lower gap halves at a
  // power of two, except for subnormals), bounds included when the mantissa is even.
  const lowerGapHalves = m === 0x800000n && e > -149;
  const lo: Rat = lowerGapHalves ? ratOf(4n * m - 1n, e - 2) : ratOf(2n * m - 1n, e - 1);
  const hi: Rat = ratOf(2n * m + 1n, e - 1);
  const xr = ratOf(m, e);
  // Exact decimal digits of x.
  let digits: string;
  let pointPos: number; // value = 0.digits * 10^pointPos
  if (e >= 0) {
    digits = (m << BigInt(e)).toString();
    pointPos = digits.length;
  } else {
    const n = m * 5n ** BigInt(-e);
    digits = n.toString();
    pointPos = digits.length + e;
  }
  digits = digits.replace(/0+$/, '');
  const inside = (d: Rat): boolean => {
    const a = cmpRat(d, lo);
    const b = cmpRat(d, hi);
    return (a > 0 || (a === 0 && even)) && (b < 0 || (b === 0 && even));
  };
  for (let p = 1; p <= 9; p++) {
    const head = BigInt(digits.slice(0, p).padEnd(p, '0'));
    const exp10 = pointPos - p; // candidate = c * 10^exp10
    const asRat = (c: bigint): Rat => (exp10 >= 0 ? { num: c * 10n ** BigInt(exp10), den: 1n } : { num: c, den: 10n ** BigInt(-exp10) });
    const cands = [head, head + 1n].filter((c) => inside(asRat(c)));
    if (cands.length === 0) continue;
    let best = cands[0]!;
    if (cands.length === 2) {
      // distance comparison: |c - x|
      const d0: Rat = { num: xr.num * asRat(head).den - asRat(head).num * xr.den, den: xr.den * asRat(head).den };
      const d1: Rat = { num: asRat(head + 1n).num * xr.den - xr.num * asRat(head + 1n).den, den: xr.den * asRat(head + 1n).den };
      const c = cmpRat(d0, d1);
      best = c < 0 ? head : c > 0 ? head + 1n : head % 2n === 0n ? head : head + 1n;
    }
    let s = best.toString();
    let exp = exp10 + s.length - 1;
    s = s.replace(/0+$/, '');
    if (s === '') {
      s = '0';
      exp = 0;
    }
    return (neg ? '-' : '') + (s.length === 1 ? s : `${s[0]}.${s.slice(1)}`) + 'E' + exp;
  }
  throw new Error('oracle: no decimal');
}

describe('formatFloat32', () => {
  it('writes XGBoost 1.7.4 tokens byte for byte (every float in the fixture models)', () => {
    let n = 0;
    const dirs = ['xgboost-1.7.4', 'xgboost-1.7.4-features'];
    for (const dir of dirs) {
      for (const file of readdirSync(join(FIXTURES, dir)).filter((f) => f.endsWith('.model.json') && !f.includes('-3x'))) {
        const text = readFileSync(join(FIXTURES, dir, file), 'utf8');
        for (const m of text.matchAll(/-?\d[\d.]*E-?\d+/g)) {
          const s = m[0];
          const got = formatFloat32(Math.fround(Number(s)));
          if (got !== s) expect(got, `${file}: ${s}`).toBe(s);
          n++;
        }
      }
    }
    expect(n).toBeGreaterThan(150_000);
  });

  it('agrees with an exact BigInt oracle on special and random float32 values', () => {
    const specials = [
      0, -0, 1, -1, 0.5, 0.1, 1e-45, -1e-45, 1.1754942e-38, 1.17549435e-38, 3.4028235e38, -3.4028235e38, 16777216,
      16777218, 8388608.5, 282.140625, 1245000.25, 100000.0625, 2 ** -126, 2 ** -127, 2 ** -149, 2 ** 127, 2 ** 100, 9.999999e-41,
      123456789, 0.3, 2.5e-10, 1e10, 1e-10,
    ].map(Math.fround);
    for (let k = -149; k <= 127; k++) specials.push(Math.fround(2 ** k), fromBits(bitsOf(Math.fround(2 ** k)) + 1), fromBits(bitsOf(Math.fround(2 ** k)) - 1));
    const values = [...specials, ...randomFloats(20_000, 12345)];
    // Denormals and small integers, densely.
    for (let b = 1; b < 2000; b++) values.push(fromBits(b));
    for (let i = 0; i < 2000; i++) values.push(i * 0.25, i * 1.1);
    let mismatches = 0;
    for (const x of values) {
      const want = oracle(Math.fround(x));
      const got = formatFloat32(x);
      if (got !== want) {
        mismatches++;
        expect(got, `value ${x}`).toBe(want);
      }
    }
    expect(mismatches).toBe(0);
  });

  it('round-trips: fround(Number(text)) is the same float32, sign of zero included', () => {
    for (const x of randomFloats(300_000, 777)) {
      const s = formatFloat32(x);
      const back = Math.fround(Number(s));
      if (!Object.is(back, x)) expect(back, s).toBe(x);
    }
    expect(Object.is(Math.fround(Number(formatFloat32(-0))), -0)).toBe(true);
  });

  it('rounds its argument to float32 and spells non-finite values as XGBoost does', () => {
    expect(formatFloat32(0.1)).toBe('1E-1');
    expect(formatFloat32(0.30000000000000004)).toBe('3E-1');
    expect(formatFloat32(-2.5)).toBe('-2.5E0');
    expect(formatFloat32(1e39)).toBe('Infinity');
    expect(formatFloat32(NaN)).toBe('NaN');
    expect(formatFloat32(-Infinity)).toBe('-Infinity');
    expect(formatFloat32(1e-46)).toBe('0E0');
  });
});

describe('formatFloat32G9 (printf %.9g of a float)', () => {
  it('matches C printf on known values', () => {
    // Expected strings from C/Python '%.9g' % numpy.float32(v).
    const cases: [number, string][] = [
      [0.1, '0.100000001'],
      [0.5, '0.5'],
      [-3.5, '-3.5'],
      [1e-5, '9.99999975e-06'],
      [123456789, '123456792'],
      [1234567890, '1.23456794e+09'],
      [3.4028235e38, '3.40282347e+38'],
      [1e-45, '1.40129846e-45'],
      [100000.0625, '100000.062'],
      [0.000123, '0.000123000005'],
      [400, '400'],
      [3, '3'],
      [0, '0'],
      [-0, '-0'],
      [631.421753, '631.421753'],
      [-0.304476887, '-0.304476887'],
    ];
    for (const [v, s] of cases) expect(formatFloat32G9(v), String(v)).toBe(s);
  });
});

describe('formatFloat32G9 on random floats', () => {
  it('matches printf %.9g on ~3000 random float32 values (fixture made with Python)', () => {
    const lines = readFileSync(join(FIXTURES, 'printf-g9-float32.txt'), 'utf8').split('\n');
    let n = 0;
    for (const line of lines) {
      if (line === '' || line.startsWith('#')) continue;
      const [hex, want] = line.split('\t');
      const x = fromBits(parseInt(hex!, 16));
      const got = formatFloat32G9(x);
      if (got !== want) expect(got, hex).toBe(want);
      n++;
    }
    expect(n).toBeGreaterThan(2900);
  });
});
