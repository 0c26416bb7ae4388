import { describe, expect, it } from 'vitest';
import { expf } from '../../src/util/expf.js';
import { hasLibm, libmValues } from './libm.js';

const f = Math.fround;

/** float32 bit pattern -> value. */
function fromBits(b: number): number {
  const u = new Uint32Array([b >>> 0]);
  return new Float32Array(u.buffer)[0]!;
}

// glibc 2.36's expf on this machine (python3 ctypes) at inputs where the correctly rounded float32
// exp (Math.fround(Math.exp(x))) is 1 ulp away: the port must give libm's value, not the other one.
// The first two are the only float32s of the ordinary range where the double-rounded product
// x 32/ln2 (glibc's build without FMA) gives another result than the fused one (this machine's).
const LIBM: readonly [number, number][] = [
  [32.564632415771484, 138880149880832],
  [-63.09946060180664, 3.946866735154823e-28],
  [2.585430383682251, 13.268999099731445],
  [-9.018399238586426, 0.00012115992285544053],
  [-63.902767181396484, 1.7675872065970088e-28],
  [26.996856689453125, 530378489856],
  [6.400193214416504, 601.9613037109375],
  [-0.7415950298309326, 0.4763535261154175],
];

describe('expf (glibc)', () => {
  it('special values and thresholds', () => {
    expect(expf(0)).toBe(1);
    expect(expf(-0)).toBe(1);
    expect(expf(Infinity)).toBe(Infinity);
    expect(expf(-Infinity)).toBe(0);
    expect(expf(NaN)).toBeNaN();
    expect(expf(1)).toBe(f(Math.E));
    // log(2^128) as a float32 (0x42b17217) still gives a finite float32; the next float32 overflows
    expect(expf(fromBits(0x42b17217))).toBe(fromBits(0x7f7fff84));
    expect(expf(fromBits(0x42b17218))).toBe(Infinity);
    expect(expf(1e10)).toBe(Infinity);
    // log(2^-150) (0xc2cff1b4) and below round to 0; just above it, the smallest subnormal
    expect(expf(fromBits(0xc2cff1b5))).toBe(0);
    expect(expf(-1e10)).toBe(0);
    expect(expf(fromBits(0xc2cff1b3))).toBe(fromBits(1));
    // subnormal results keep their bits (one rounding, from double)
    expect(expf(-100)).toBe(f(Math.exp(-100)));
    expect(expf(-88)).toBe(f(Math.exp(-88)));
    // the input is rounded to float32 first
    expect(expf(0.1)).toBe(expf(f(0.1)));
  });

  it.each(LIBM)('expf(%d) is libm\'s %d', (x, want) => {
    expect(expf(x)).toBe(want);
    expect(f(Math.exp(x))).not.toBe(want);
  });

  const libm = hasLibm('expf');
  it.skipIf(!libm)('equals this machine\'s libm expf on 450,000 float32s (python3 ctypes)', () => {
    const xs: number[] = [];
    let s = 20261207;
    const next = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let i = 0; i < 300000; i++) {
      const u = next();
      switch (i % 5) {
        case 0: xs.push(f(-104 + u * 193)); break; // the whole finite range, subnormal results included
        case 1: xs.push(f((u - 0.5) * 40)); break; // typical margins
        case 2: xs.push(f((u - 0.5) * 2)); break;
        case 3: xs.push(f(-(u * 30))); break; // softmax: x - max <= 0
        default: { // any float32 bit pattern (NaN, infinities, tiny values included)
          const b = Math.floor(u * 2 ** 32);
          xs.push(fromBits(b));
        }
      }
    }
    // every float32 around the thresholds and the |x| >= 88 band
    for (const c of [0x42b00000, 0x42b17217, 0xc2b00000, 0xc2cff1b4, 0xc2ce8ed0]) for (let d = -15000; d <= 15000; d++) xs.push(fromBits(c + d));
    const want = libmValues('expf', xs);
    expect(want.length).toBe(xs.length);
    const bad = xs.filter((x, i) => !Object.is(expf(x), want[i]) && !(Number.isNaN(want[i]) && Number.isNaN(expf(x))));
    expect(bad).toEqual([]);
    // the correctly rounded float32 exp is not glibc's: the comparison can tell them apart
    const rounded = xs.filter((x, i) => Math.abs(x) < 88 && f(Math.exp(x)) !== want[i]).length;
    expect(rounded).toBeGreaterThan(50);
  }, 60000);
});
