/**
 * The pairs of one LightGBM lambdarank query (Kernels.lightgbmPairs; the TypeScript kernel
 * src/kernels/ts/lightgbm-pairs.ts is the reference, LightGBM 4.6's
 * LambdarankNDCG::GetGradientsForOneQuery): for i < top and i < j < n with y[i] != y[j], sign = +1
 * when row i has the larger label (else -1),
 *   ds = sign (s_i - s_j), delta = sign (gain_i - gain_j) |D_i - D_j| invMaxDcg [/ (0.01f + |ds|)],
 *   p = table[bin(ds)], lambda = p (-sigma delta), hess = p (1 - p) (sigma^2 delta),
 * g_i += sign f32(lambda), g_j -= sign f32(lambda), h_i, h_j += f32(hess) in float32, S -= 2 lambda
 * in f64, every sum in the reference's order (i ascending, then j ascending). Negating is exact,
 * and an f32 add of two float32 values is the correctly rounded sum, which is what the reference's
 * double add followed by Math.fround gives (a double carries more than 2 x 24 + 2 bits).
 *
 * Arguments are byte addresses: y f32[n] (labels in rank order), s f64[n] (scores in rank order,
 * finite), gain f64[n] (label gains in rank order), disc f64[>= n] (1/log2(2 + r)), gR, hR f32[n]
 * (in/out sums in rank order), table f64[2^20 + 1] (LightGBM's sigmoid table, every bin a pair of this
 * query reaches filled). tMin / tMax / tFactor: the table's input range and bins per unit.
 * @returns S, the sum of -2 lambda over the pairs (added to no previous value).
 */

/** LightGBM's 0.01f. */
const SCORE_GAP_EPS: f64 = <f64><f32>0.01;
/** The sigmoid table's last bin (2^20 - 1). */
const LAST_BIN: usize = (1 << 20) - 1;

export function lightgbmPairs(
  y: usize, s: usize, gain: usize, disc: usize, gR: usize, hR: usize, table: usize,
  n: u32, top: u32, invMaxDcg: f64, sigma: f64, tMin: f64, tMax: f64, tFactor: f64, scaleByGap: u32,
): f64 {
  const negSigma = -sigma;
  const sigma2 = sigma * sigma;
  const nn = <usize>n;
  let sum: f64 = 0;
  for (let i: usize = 0; i < <usize>top; i++) {
    const yi = load<f32>(y + (i << 2));
    const si = load<f64>(s + (i << 3));
    const gainI = load<f64>(gain + (i << 3));
    const di = load<f64>(disc + (i << 3));
    let gi = load<f32>(gR + (i << 2));
    let hi = load<f32>(hR + (i << 2));
    for (let j: usize = i + 1; j < nn; j++) {
      const yj = load<f32>(y + (j << 2));
      if (yi == yj) continue;
      const sign: f64 = select<f64>(1, -1, yi > yj);
      const ds = sign * (si - load<f64>(s + (j << 3)));
      let delta = sign * (gainI - load<f64>(gain + (j << 3))) * abs(di - load<f64>(disc + (j << 3))) * invMaxDcg;
      if (scaleByGap) delta /= SCORE_GAP_EPS + abs(ds);
      let bin: usize;
      if (ds <= tMin) bin = 0;
      else if (ds >= tMax) bin = LAST_BIN;
      else bin = <usize>floor((ds - tMin) * tFactor);
      const p = load<f64>(table + (bin << 3));
      const pLambda = p * (negSigma * delta);
      const lf = <f32>(sign * <f64><f32>pLambda);
      gi = gi + lf;
      store<f32>(gR + (j << 2), load<f32>(gR + (j << 2)) - lf);
      const hf = <f32>(p * (1 - p) * (sigma2 * delta));
      hi = hi + hf;
      store<f32>(hR + (j << 2), load<f32>(hR + (j << 2)) + hf);
      sum -= 2 * pLambda;
    }
    store<f32>(gR + (i << 2), gi);
    store<f32>(hR + (i << 2), hi);
  }
  return sum;
}
