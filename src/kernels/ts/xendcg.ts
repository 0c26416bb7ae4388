/**
 * LightGBM 4.6's rank_xendcg gradient of one query (src/objective/rank_objective.hpp, RankXENDCG;
 * Bruch, "An Alternative Cross Entropy Loss for Learning-to-Rank", WWW 2021, arXiv:1911.09798),
 * restated: rho = softmax(scores); phi_i = 2^floor(y_i) - gamma_i with gamma_i uniform in [0, 1)
 * (the query's own LightGBM Random, seeded objective_seed + query, one draw per document per
 * round); with t_i = rho_i - phi_i / max(1e-15f, sum phi) the gradient is the third-order
 * expansion
 *   g_i = t_i + rho_i (L1 - t_i/(1 - rho_i)) + rho_i (L2 - u_i/(1 - rho_i)),
 * L1 = sum t/(1 - rho), u_i = rho_i (L1 - t_i/(1 - rho_i)), L2 = sum u/(1 - rho), each term added
 * in float32; h_i = rho_i (1 - rho_i). Queries of one document get 0.
 */
import type { LightGbmRandom } from '../../util/lightgbm-random.js';

/** LightGBM's kEpsilon (1e-15f). */
const K_EPSILON = Math.fround(1e-15);

/** Per-query working memory, sized to the largest query. */
export class XendcgScratch {
  /** Float64Array, length maxQuery: scores in, then softmax. */
  readonly rho: Float64Array;
  /** Float64Array, length maxQuery: phi, then the terms. */
  readonly params: Float64Array;
  readonly g: Float32Array;
  readonly h: Float32Array;
  constructor(maxQuery: number) {
    this.rho = new Float64Array(maxQuery);
    this.params = new Float64Array(maxQuery);
    this.g = new Float32Array(maxQuery);
    this.h = new Float32Array(maxQuery);
  }
}

/**
 * The gradient of one query into `s.g[0..n)` / `s.h[0..n)`.
 * @param scores in: Float64Array, the query's scores at [0, n) (overwritten with the softmax in `s.rho` when the same array).
 * @param labels in: Float32Array holding the query's labels at `begin .. begin + n`.
 * @param rng the query's generator (advanced by n draws when n > 1).
 */
export function xendcgQuery(scores: Float64Array, labels: Float32Array, begin: number, n: number, rng: LightGbmRandom, s: XendcgScratch): void {
  const g = s.g;
  const h = s.h;
  if (n <= 1) {
    for (let i = 0; i < n; i++) {
      g[i] = 0;
      h[i] = 0;
    }
    return;
  }
  const rho = s.rho;
  const params = s.params;
  // Common::Softmax
  let wmax = scores[0]!;
  for (let i = 1; i < n; i++) wmax = Math.max(scores[i]!, wmax);
  let wsum = 0;
  for (let i = 0; i < n; i++) {
    rho[i] = Math.exp(scores[i]! - wmax);
    wsum += rho[i]!;
  }
  for (let i = 0; i < n; i++) rho[i] = rho[i]! / wsum;

  let inv = 0;
  for (let i = 0; i < n; i++) {
    params[i] = 2 ** Math.trunc(labels[begin + i]!) - rng.nextFloat();
    inv += params[i]!;
  }
  inv = 1 / Math.max(K_EPSILON, inv);
  let sumL1 = 0;
  for (let i = 0; i < n; i++) {
    const term = -params[i]! * inv + rho[i]!;
    g[i] = Math.fround(term);
    params[i] = term / (1 - rho[i]!);
    sumL1 += params[i]!;
  }
  let sumL2 = 0;
  for (let i = 0; i < n; i++) {
    const term = rho[i]! * (sumL1 - params[i]!);
    g[i] = Math.fround(g[i]! + Math.fround(term));
    params[i] = term / (1 - rho[i]!);
    sumL2 += params[i]!;
  }
  for (let i = 0; i < n; i++) {
    g[i] = Math.fround(g[i]! + Math.fround(rho[i]! * (sumL2 - params[i]!)));
    h[i] = Math.fround(rho[i]! * (1 - rho[i]!));
  }
}
