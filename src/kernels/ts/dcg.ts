/**
 * DCG building blocks shared by the NDCG metric and the LambdaMART objective (one module, so the
 * two cannot drift apart; XGBoost's ranking_utils.h and LightGBM's DCGCalculator play this role).
 *
 * - gain G(y) = 2^y - 1 (`ndcg_exp_gain=true`, y an integer 0..31) or G(y) = y (linear gain);
 * - discount D(r) = 1 / log2(r + 2) for the 0-based rank position r, from a precomputed table;
 * - ideal DCG at truncation level k: sum_{i < min(n, k)} D(i) * G(y sorted descending)_i
 *   (xgboost-spec.md §1.5, §1.8).
 */
import { argsortDesc } from './argsort.js';

/** Largest label accepted with exponential gain (XGBoost's MaxRel: 2^31 - 1 is the largest gain). */
export const MAX_EXP_GAIN_LABEL = 31;

/** Float64Array, length 32: EXP_GAIN[y] = 2^y - 1 (exact in float64). */
const EXP_GAIN = new Float64Array(MAX_EXP_GAIN_LABEL + 1);
for (let y = 0; y <= MAX_EXP_GAIN_LABEL; y++) EXP_GAIN[y] = 2 ** y - 1;

/**
 * The DCG gain of one label (xgboost-spec.md §1.5).
 * @param label a validated label: an integer 0..31 when `expGain`, any finite value >= 0 otherwise.
 * @param expGain true for 2^y - 1, false for y.
 */
export function dcgGain(label: number, expGain: boolean): number {
  return expGain ? EXP_GAIN[label] : label;
}

let discounts = new Float64Array(0);

/**
 * The discount table D(r) = 1/log2(r + 2), r = 0, 1, ... (LambdaMART and NDCG, Burges 2010 §3).
 * The table is shared and grows on demand; a returned array stays valid (its values never change),
 * so fetch it once before a loop and index it directly.
 * @param n number of rank positions needed.
 * @returns Float64Array with length >= max(n, 1).
 */
export function discountTable(n: number): Float64Array {
  if (discounts.length >= n && discounts.length > 0) return discounts;
  let size = Math.max(64, discounts.length);
  while (size < n) size *= 2;
  const t = new Float64Array(size);
  for (let r = 0; r < size; r++) t[r] = 1 / Math.log2(r + 2);
  discounts = t;
  return t;
}

/**
 * Ideal DCG of one query at truncation level k: the labels sorted descending (stable), the first
 * min(n, k) of them weighted by D(i).
 * @param labels in: Float32Array holding the query's validated labels at `begin .. begin + n`.
 * @param begin in: first row of the query.
 * @param n in: number of rows of the query.
 * @param k in: truncation level (>= 1; `Infinity` for the whole list).
 * @param expGain in: gain rule, see `dcgGain`.
 * @param order scratch: Uint32Array, length >= n.
 * @param tmp scratch: Uint32Array, length >= n.
 */
export function idealDcg(
  labels: Float32Array, begin: number, n: number, k: number, expGain: boolean,
  order: Uint32Array, tmp: Uint32Array,
): number {
  const m = Math.min(n, k);
  if (m <= 0) return 0;
  const disc = discountTable(m);
  argsortDesc(labels, begin, n, order, tmp);
  let idcg = 0;
  for (let i = 0; i < m; i++) idcg += disc[i] * dcgGain(labels[begin + order[i]], expGain);
  return idcg;
}

/** 1/IDCG, or 0 when IDCG = 0 (a query without relevant documents: zero lambdas, spec §1.5). */
export function inverseIdcg(idcg: number): number {
  return idcg === 0 ? 0 : 1 / idcg;
}

/**
 * 1/IDCG@k of every query (0 for a query whose IDCG is 0).
 * @param labels in: Float32Array, length nRows, validated for the gain rule.
 * @param queryOffsets in: Uint32Array, length nQueries + 1.
 * @param k in: truncation level (`Infinity` for the whole list).
 * @param expGain in: gain rule.
 * @returns Float64Array, length nQueries.
 */
export function inverseIdcgPerQuery(
  labels: Float32Array, queryOffsets: Uint32Array, k: number, expGain: boolean,
): Float64Array {
  const nQueries = queryOffsets.length - 1;
  let maxN = 0;
  for (let q = 0; q < nQueries; q++) maxN = Math.max(maxN, queryOffsets[q + 1] - queryOffsets[q]);
  const order = new Uint32Array(maxN);
  const tmp = new Uint32Array(maxN);
  const out = new Float64Array(Math.max(nQueries, 0));
  for (let q = 0; q < nQueries; q++) {
    const begin = queryOffsets[q];
    out[q] = inverseIdcg(idealDcg(labels, begin, queryOffsets[q + 1] - begin, k, expGain, order, tmp));
  }
  return out;
}
