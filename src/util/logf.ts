/**
 * logf as glibc computes it (glibc's e_logf.c, from Arm's optimized-routines math/logf.c and
 * logf_data.c, MIT): XGBoost's ProbToMargin calls `std::log(float)`, which is this function, not
 * the correctly rounded float32 log (`Math.fround(Math.log(x))` differs from it by 1 ulp on about
 * 0.07% of inputs, e.g. 1/0.49519095 - 1). The algorithm, restated: write x = 2^k z with z in
 * [0x3f330000, 2 x 0x3f330000) as float bits, pick one of 16 subintervals of z by its top mantissa
 * bits, and evaluate log(c) + k ln2 + log1p(z/c - 1) with a degree-4 polynomial, all in double
 * (no fused multiply-add, as glibc's generic x86-64 build), rounded once to float32.
 * Checked against this machine's libm logf on 20,000 float32s (0 differences) by
 * test/util/logf.test.ts where python3 is present, and exhaustively over every positive normal
 * float32 by scripts/logf-exhaustive.c (0 differences, with or without fused multiply-adds).
 */

/** 1/c and log(c) for the 16 subintervals (logf_data.c's table: the same doubles, written in decimal). */
const TABLE: readonly (readonly [number, number])[] = [
  [1.398907162146528, -0.33569133332882284],
  [1.3403141896637998, -0.2929040563774074],
  [1.286432210124115, -0.2518726580937369],
  [1.2367150214269895, -0.21245868807117255],
  [1.1906977166711752, -0.17453945183745634],
  [1.1479821020556429, -0.1380057072319758],
  [1.1082251448272158, -0.10275976698545139],
  [1.0711297413057381, -0.06871392447020525],
  [1.036437278977283, -0.0357891387398228],
  [1.0, 0],
  [0.9492859795739057, 0.05204517742929496],
  [0.8951049428609004, 0.11081431298787942],
  [0.8476821620351103, 0.1652495223695143],
  [0.8050314851692001, 0.21687389031699977],
  [0.7664671008843108, 0.2659635028121397],
  [0.731428603316328, 0.3127556664073557],
];

/** ln 2 as a double. */
const LN2 = 0.6931471805599453;
/** The polynomial's coefficients of r^4, r^3, r^2 (that of r is 1). */
const A0 = -0.25089342214237154;
const A1 = 0.333456765744066;
const A2 = -0.4999997485802103;
/** Float bits of the lower end of z's range (about 0.6992). */
const OFF = 0x3f330000;

const bits = new DataView(new ArrayBuffer(4));

/**
 * glibc's float32 natural log of float32 `x` (x is rounded to float32 first); NaN below 0,
 * -Infinity at 0, Infinity at Infinity.
 */
export function logf(x: number): number {
  bits.setFloat32(0, x);
  let ix = bits.getUint32(0);
  if (ix === 0x3f800000) return 0;
  if (ix - 0x00800000 >= 0x7f800000 - 0x00800000 || ix < 0x00800000) {
    // zero, subnormal, negative, infinite or NaN
    const f = Math.fround(x);
    if (f === 0) return -Infinity;
    if (f === Infinity) return Infinity;
    if (!(f > 0)) return NaN;
    bits.setFloat32(0, f * 0x800000); // subnormal: scale by 2^23 (exact), take 23 off the exponent
    ix = (bits.getUint32(0) - (23 << 23)) >>> 0;
  }
  const tmp = (ix - OFF) >>> 0;
  const i = (tmp >>> 19) % 16;
  const k = (tmp | 0) >> 23;
  bits.setUint32(0, (ix - (tmp & 0xff800000)) >>> 0);
  const z = bits.getFloat32(0);
  const [invc, logc] = TABLE[i]!;
  const r = z * invc - 1;
  const y0 = logc + k * LN2;
  const r2 = r * r;
  let y = A1 * r + A2;
  y = A0 * r2 + y;
  y = y * r2 + (y0 + r);
  return Math.fround(y);
}
