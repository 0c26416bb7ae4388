/**
 * expf as glibc computes it (glibc 2.27+'s e_expf.c, from Arm's optimized-routines math/expf.c and
 * exp2f_data.c, MIT): XGBoost calls `expf` / `std::exp(float)` in its sigmoid, softmax, the exp
 * transforms and gradients of count:poisson, reg:gamma, reg:tweedie, and LambdaMART's pair sigmoid;
 * `Math.fround(Math.exp(x))` (the correctly rounded float32 exp) differs from it by 1 ulp on about
 * 0.04% of inputs. The algorithm, restated:
 *
 * - |x| >= 88 or NaN: NaN and +Infinity return themselves, -Infinity returns 0, x > log(2^128)
 *   (float32 88.72283) overflows to Infinity, x < log(2^-150) (float32 -103.972076) underflows to 0;
 *   anything else in that band takes the ordinary path (results down to float32 subnormals).
 * - z = x * 32/ln2; k = z rounded to the nearest integer (ties to even) by adding and subtracting
 *   1.5 * 2^52 (the "shift" trick: no float-to-int conversion); r = z - k, |r| <= 1/2. glibc's
 *   x86-64 build for CPUs with FMA (which glibc selects at load on such machines, as on this one)
 *   contracts these into fused multiply-adds: k and r come from the exact product x * 32/ln2, not
 *   its double rounding. Here the product's rounding error is added back (32/ln2 split into 26-
 *   and 27-bit halves, so both halves' products with a float32 are exact): without it, 2 of the
 *   1.78e9 float32s in the ordinary range (32.564632 and -63.099461) came out 1 ulp off libm.
 * - exp(x) = 2^(k/32) 2^(r/32) ~= s (c0 r^3 + c1 r^2 + c2 r + 1) with s = 2^(floor(k/32)) x
 *   2^((k mod 32)/32) from a 32-entry table, evaluated as glibc writes it (c0 r + c1) r^2 + (c2 r + 1),
 *   all in double, then rounded once to float32.
 *
 * glibc builds the table entries as bit patterns with k's high part added to the exponent field; here
 * s is the table's double times a power of two from a second table (the same double: both factors
 * and the product are exact). The polynomial is evaluated without fused operations: fusing them
 * changes no float32 result (checked exhaustively: a C program over every float32 in the
 * ordinary range, glibc 2.36's expf against both evaluations, 0 differences with the exact
 * product, fused polynomial or not). test/util/expf.test.ts compares this function with this
 * machine's libm expf (python3 ctypes) on 450,000 float32s and at the two inputs above. On a CPU
 * without FMA, glibc's generic build rounds the product; it then differs from this function on
 * those two inputs.
 */

/** Bit patterns of 2^(i/32), i = 0..31, high and low 32-bit words (exp2f_data.c's tab[i] + (i << 47)). */
const TABLE_BITS = [
  0x3ff00000, 0x00000000, 0x3ff059b0, 0xd3158574, 0x3ff0b558, 0x6cf9890f, 0x3ff11301, 0xd0125b51,
  0x3ff172b8, 0x3c7d517b, 0x3ff1d487, 0x3168b9aa, 0x3ff2387a, 0x6e756238, 0x3ff29e9d, 0xf51fdee1,
  0x3ff306fe, 0x0a31b715, 0x3ff371a7, 0x373aa9cb, 0x3ff3dea6, 0x4c123422, 0x3ff44e08, 0x6061892d,
  0x3ff4bfda, 0xd5362a27, 0x3ff5342b, 0x569d4f82, 0x3ff5ab07, 0xdd485429, 0x3ff6247e, 0xb03a5585,
  0x3ff6a09e, 0x667f3bcd, 0x3ff71f75, 0xe8ec5f74, 0x3ff7a114, 0x73eb0187, 0x3ff82589, 0x994cce13,
  0x3ff8ace5, 0x422aa0db, 0x3ff93737, 0xb0cdc5e5, 0x3ff9c491, 0x82a3f090, 0x3ffa5503, 0xb23e255d,
  0x3ffae89f, 0x995ad3ad, 0x3ffb7f76, 0xf2fb5e47, 0x3ffc199b, 0xdd85529c, 0x3ffcb720, 0xdcef9069,
  0x3ffd5818, 0xdcfba487, 0x3ffdfc97, 0x337b9b5f, 0x3ffea4af, 0xa2a490da, 0x3fff5076, 0x5b6e4540,
];

/** 2^(i/32) for i = 0..31 (Float64Array of length 32), decoded once from TABLE_BITS. */
const T = ((): Float64Array => {
  const t = new Float64Array(32);
  const words = new Uint32Array(t.buffer);
  const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  for (let i = 0; i < 32; i++) {
    words[2 * i + (little ? 1 : 0)] = TABLE_BITS[2 * i]!;
    words[2 * i + (little ? 0 : 1)] = TABLE_BITS[2 * i + 1]!;
  }
  return t;
})();

/** Lowest exponent floor(k / 32) reaches (k >= round(-103.98 x 32 / ln2) = -4800, so >= -150). */
const E_MIN = -152;
/** 2^e for e = E_MIN..128 (Float64Array, index e - E_MIN), built by exact halving and doubling. */
const P2 = ((): Float64Array => {
  const p = new Float64Array(128 - E_MIN + 1);
  p[-E_MIN] = 1;
  for (let e = 1; e <= 128; e++) p[e - E_MIN] = p[e - 1 - E_MIN]! * 2;
  for (let e = -1; e >= E_MIN; e--) p[e - E_MIN] = p[e + 1 - E_MIN]! / 2;
  return p;
})();

/** 32 / ln 2 (exp2f_data.c's invln2_scaled, 0x1.71547652b82fep+0 x 32). */
const INV_LN2_32 = 46.16624130844683;
/** INV_LN2_32 = INV_HI + INV_LO exactly, with 26 and 27 significant bits (Veltkamp split by 2^27 + 1). */
const INV_HI = 46.16624164581299;
const INV_LO = -3.3736615989710117e-7;
/** 1.5 x 2^52 (0x1.8p+52): adding it rounds a double below 2^51 in magnitude to an integer. */
const SHIFT = 6755399441055744;
/** poly_scaled: c0 = 0x1.c6af84b912394p-5 / 32^3, c1 = 0x1.ebfce50fac4f3p-3 / 32^2, c2 = 0x1.62e42ff0c52d6p-1 / 32. */
const C0 = 1.6938359250920212e-6;
const C1 = 0.00023459809789509004;
const C2 = 0.021660849396613134;
/** float32 log(2^128) (0x1.62e42ep6): above it the result overflows. */
const OVERFLOW = 88.72283172607422;
/** float32 log(2^-150) (-0x1.9fe368p6): below it the result rounds to 0. */
const UNDERFLOW = -103.97207641601562;

/**
 * glibc's float32 e^x of float32 `x` (x is rounded to float32 first): the float32 result as a
 * number. NaN for NaN, 0 at -Infinity and below -103.972076, Infinity above 88.72283.
 * Allocates nothing.
 */
export function expf(x: number): number {
  const xd = Math.fround(x);
  if (!(Math.abs(xd) < 88)) {
    if (xd !== xd) return xd;
    if (xd > OVERFLOW) return Infinity;
    if (xd < UNDERFLOW) return 0;
  }
  const z = INV_LN2_32 * xd;
  let kd = z + SHIFT - SHIFT;
  // r = x 32/ln2 - k from the exact product, as glibc's fused multiply-add computes it: z - kd is
  // exact, and so is INV_HI x - z; the product's rounding error is that plus INV_LO x.
  let r = z - kd + (INV_HI * xd - z + INV_LO * xd);
  if (r > 0.5) {
    // z was a tie rounded down that the exact product is above (and below, next branch)
    kd += 1;
    r -= 1;
  } else if (r < -0.5) {
    kd -= 1;
    r += 1;
  }
  const k = kd | 0;
  const s = T[k & 31]! * P2[(k >> 5) - E_MIN]!;
  const p = C0 * r + C1;
  const r2 = r * r;
  let y = C2 * r + 1;
  y = p * r2 + y;
  return Math.fround(y * s);
}
