/**
 * tanhf as glibc 2.36 computes it (sysdeps/ieee754/flt-32/s_tanhf.c and s_expm1f.c, the float
 * versions of Sun's fdlibm): XGBoost 3.4.1's reg:quantileerror calls `tanhf`, which on this
 * machine's glibc is not correctly rounded (`Math.fround(Math.tanh(x))` differs from it by 1 ulp
 * on about a quarter of float32s in [-5, 5]), so a gradient, and then a leaf, would be 1 ulp off
 * XGBoost's. (glibc 2.41 replaced both with correctly rounded CORE-MATH code; on such a system
 * XGBoost's tanhf is Math.fround(Math.tanh(x)), which this module does not follow.)
 *
 * The algorithm, restated, every operation in float32 (no fused multiply-add, as glibc's generic
 * x86-64 build): tanh(x) = sign(x) (1 - 2 / (expm1(2|x|) + 2)) for |x| >= 1,
 * -expm1(-2|x|) / (expm1(-2|x|) + 2) below, x (1 + x) for |x| < 2^-55, +-1 from |x| >= 22.
 * expm1f reduces x = k ln2 + r (ln2 split in a hi and lo part), |r| <= ln2 / 2, evaluates
 * fdlibm's rational approximation of expm1(r) with a degree-5 polynomial in r^2/2, and scales back
 * by 2^k through the float's exponent bits. Checked against this machine's libm tanhf on 200,000
 * float32s (0 differences) by test/util/tanhf.test.ts where python3 is present.
 */
const f = Math.fround;

const bits = new DataView(new ArrayBuffer(4));
function floatBits(x: number): number {
  bits.setFloat32(0, x);
  return bits.getUint32(0);
}
function fromBits(u: number): number {
  bits.setUint32(0, u >>> 0);
  return bits.getFloat32(0);
}

/** ln 2 split: LN2_HI (its top bits, so k LN2_HI is exact for small k) + LN2_LO, and 1 / ln 2 (float32 values). */
const LN2_HI = f(6.9313812256e-1);
const LN2_LO = f(9.0580006145e-6);
const INV_LN2 = f(1.4426950216);
/** fdlibm's coefficients of the expm1 rational approximation (float32 values). */
const Q1 = f(-3.3333335072e-2);
const Q2 = f(1.5873016091e-3);
const Q3 = f(-7.9365076090e-5);
const Q4 = f(4.0082177293e-6);
const Q5 = f(-2.0109921195e-7);
/** Above this expm1f overflows (float32 value of 88.72168). */
const OVERFLOW = f(8.8721679688e1);

/** glibc 2.36's float32 expm1 (e^x - 1) of float32 `x`. */
export function expm1f(xIn: number): number {
  let x = f(xIn);
  const u = floatBits(x);
  const negative = (u & 0x80000000) !== 0;
  const hx = u & 0x7fffffff;
  if (hx >= 0x4195b844) {
    // |x| >= 27 ln2: overflow, NaN, +-inf, or -1
    if (hx >= 0x42b17218) {
      if (hx > 0x7f800000) return x + x;
      if (hx === 0x7f800000) return negative ? -1 : x;
      if (x > OVERFLOW) return Infinity;
    }
    if (negative) return -1;
  }
  let k: number;
  let c = 0;
  if (hx > 0x3eb17218) {
    // |x| > ln2 / 2: x = k ln2 + (hi - lo)
    let hi: number;
    let lo: number;
    if (hx < 0x3f851592) {
      hi = negative ? f(x + LN2_HI) : f(x - LN2_HI);
      lo = negative ? -LN2_LO : LN2_LO;
      k = negative ? -1 : 1;
    } else {
      k = Math.trunc(f(f(INV_LN2 * x) + (negative ? -0.5 : 0.5)));
      hi = f(x - f(k * LN2_HI));
      lo = f(k * LN2_LO);
    }
    x = f(hi - lo);
    c = f(f(hi - x) - lo);
  } else if (hx < 0x33000000) {
    return x; // |x| < 2^-25
  } else {
    k = 0;
  }
  const hfx = f(0.5 * x);
  const hxs = f(x * hfx);
  let poly = f(Q4 + f(hxs * Q5));
  poly = f(Q3 + f(hxs * poly));
  poly = f(Q2 + f(hxs * poly));
  poly = f(Q1 + f(hxs * poly));
  const r1 = f(1 + f(hxs * poly));
  const t = f(3 - f(r1 * hfx));
  let e = f(hxs * f(f(r1 - t) / f(6 - f(x * t))));
  if (k === 0) return f(x - f(f(x * e) - hxs));
  e = f(f(x * f(e - c)) - c);
  e = f(e - hxs);
  if (k === -1) return f(f(0.5 * f(x - e)) - 0.5);
  if (k === 1) {
    if (x < -0.25) return f(-2 * f(e - f(x + 0.5)));
    return f(1 + f(2 * f(x - e)));
  }
  if (k <= -2 || k > 56) {
    // exp(x) - 1 as 2^k (1 - (e - x)) - 1
    const y = f(1 - f(e - x));
    return f(fromBits(floatBits(y) + (k << 23)) - 1);
  }
  if (k < 23) {
    const tk = fromBits(0x3f800000 - (0x1000000 >> k)); // 1 - 2^-k
    const y = f(tk - f(e - x));
    return fromBits(floatBits(y) + (k << 23));
  }
  const tk = fromBits((0x7f - k) << 23); // 2^-k
  const y = f(f(x - f(e + tk)) + 1);
  return fromBits(floatBits(y) + (k << 23));
}

/** glibc 2.36's float32 hyperbolic tangent of float32 `x`. */
export function tanhf(xIn: number): number {
  const x = f(xIn);
  const u = floatBits(x);
  const ix = u & 0x7fffffff;
  const negative = (u & 0x80000000) !== 0;
  if (ix >= 0x7f800000) return Number.isNaN(x) ? NaN : negative ? -1 : 1;
  let z: number;
  if (ix < 0x41b00000) {
    // |x| < 22
    if (ix === 0) return x;
    if (ix < 0x24000000) return f(x * f(1 + x)); // |x| < 2^-55
    const ax = Math.abs(x);
    if (ix >= 0x3f800000) {
      const t = expm1f(f(2 * ax));
      z = f(1 - f(2 / f(t + 2)));
    } else {
      const t = expm1f(f(-2 * ax));
      z = f(-t / f(t + 2));
    }
  } else {
    z = 1; // 1 - tiny rounds to 1
  }
  return negative ? -z : z;
}
