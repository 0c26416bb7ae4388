import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { expm1f, tanhf } from '../../src/util/tanhf.js';
import { hasLibm, libmValues } from './libm.js';

/** Float32s spread over every range the functions branch on: near 0, [2^-25, 1), [1, 22), beyond, both signs. */
function samples(n: number): number[] {
  let s = 987654321;
  const next = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    const sign = next() < 0.5 ? -1 : 1;
    const r = i % 4;
    const v = r === 0 ? next() * 5 : r === 1 ? next() : r === 2 ? Math.exp((next() - 0.5) * 60) : next() * 100;
    xs.push(Math.fround(sign * v));
  }
  xs.push(0, 1, -1, 22, -22, 9, 0.5, 1e-30, -1e-30, 2 ** -25, 88.7, -88.7, 100, 0.34657359, 1.0397208);
  return xs;
}

const HAS_LIBM = hasLibm('tanhf') && hasLibm('expm1f');
const glibc236 = HAS_LIBM && (() => {
  const v = execFileSync('/usr/bin/python3', ['-c', 'import platform; print(platform.libc_ver()[1])'], { encoding: 'utf8' }).trim();
  const [maj, min] = v.split('.').map(Number);
  // glibc 2.41 made tanhf and expm1f correctly rounded (CORE-MATH): the fdlibm code ported here is that of 2.40 and before.
  return maj === 2 && min! <= 40;
})();

describe('tanhf / expm1f (glibc 2.36)', () => {
  it('special values', () => {
    expect(tanhf(0)).toBe(0);
    expect(Object.is(tanhf(-0), -0)).toBe(true);
    expect(tanhf(Infinity)).toBe(1);
    expect(tanhf(-Infinity)).toBe(-1);
    expect(tanhf(NaN)).toBeNaN();
    expect(tanhf(30)).toBe(1);
    expect(expm1f(0)).toBe(0);
    expect(expm1f(-Infinity)).toBe(-1);
    expect(expm1f(Infinity)).toBe(Infinity);
    expect(expm1f(100)).toBe(Infinity);
    expect(expm1f(-30)).toBe(-1);
  });

  it('within 2 float32 ulps of the exact value (the bound glibc states for tanhf; it is not correctly rounded)', () => {
    for (const x of samples(20000)) {
      const want = Math.tanh(x);
      const ulp = 2 ** (Math.floor(Math.log2(Math.max(Math.abs(want), 2 ** -126))) - 23);
      expect(Math.abs(tanhf(x) - want), `tanhf(${x})`).toBeLessThanOrEqual(2 * ulp);
    }
  });

  it.skipIf(!glibc236)('equal to this machine\'s libm (glibc <= 2.40) tanhf and expm1f on 200,000 float32s (python3 ctypes)', () => {
    const xs = samples(200000);
    const t = libmValues('tanhf', xs);
    expect(xs.filter((x, i) => tanhf(x) !== t[i]).slice(0, 10), 'tanhf').toEqual([]);
    const small = xs.map((x) => Math.fround(x / 4));
    const e = libmValues('expm1f', small);
    expect(small.filter((x, i) => expm1f(x) !== e[i] && !(Number.isNaN(e[i]!) && Number.isNaN(expm1f(x)))).slice(0, 10), 'expm1f').toEqual([]);
  });
});
