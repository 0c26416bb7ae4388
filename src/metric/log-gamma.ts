/**
 * ln Γ(x) for x > 0 in float64, by the Lanczos approximation (Lanczos 1964; g = 7 with the nine
 * coefficients popularised by Numerical Recipes / Godfrey), relative error about 1e-15. Used by the
 * Poisson negative log-likelihood, whose ln(y!) = ln Γ(y + 1) term XGBoost computes the same way.
 */

const LANCZOS_G = 7;
/** Float64Array, length 9: Lanczos coefficients for g = 7. */
const LANCZOS = new Float64Array([
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
]);
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** ln Γ(x). Uses the reflection formula below 0.5; returns +Infinity at poles (x = 0, -1, ...). */
export function logGamma(x: number): number {
  if (x < 0.5) {
    const s = Math.sin(Math.PI * x);
    if (s === 0) return Infinity;
    return Math.log(Math.PI / Math.abs(s)) - logGamma(1 - x);
  }
  const z = x - 1;
  let a = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) a += LANCZOS[i] / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return HALF_LOG_2PI + (z + 0.5) * Math.log(t) - t + Math.log(a);
}
