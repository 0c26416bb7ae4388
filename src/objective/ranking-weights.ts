/**
 * How sample weights enter a ranking gradient, both engines' rules (`ranking_weight`):
 * - `group` (XGBoost's rule for rank:*): one weight per query, the weight of its first row,
 *   normalised by G / sum_q w_q so the weights average 1 over the queries (xgboost-spec.md §1.1);
 *   the query's gradients are multiplied by w_q and by that norm.
 * - `row` (LightGBM's rule for lambdarank and rank_xendcg, rank_objective.hpp): every row's g and h
 *   are multiplied by its own weight, unnormalised.
 * `auto` takes the objective's own rule.
 */
import { DataError } from '../errors.js';

/** The resolved weighting of one training set. */
export type RankingWeights =
  | { readonly kind: 'group'; readonly queryWeight: Float32Array; readonly weightNorm: number }
  | { readonly kind: 'row'; readonly rowWeight: Float32Array | null };

/**
 * Checks the weights and resolves the rule.
 * @param weight in: Float32Array, length nRows, or null (all 1).
 * @param offsets in: Uint32Array, length nQueries + 1.
 * @param rule `group` or `row` (after resolving `auto` from the objective).
 * @throws DataError for a negative or non-finite weight (of a query's first row for `group`, of any
 *   row for `row`), or when every weight is 0.
 */
export function rankingWeights(weight: Float32Array | null, offsets: Uint32Array, rule: 'group' | 'row', source: string): RankingWeights {
  const nQueries = offsets.length - 1;
  if (rule === 'row') {
    if (weight === null) return { kind: 'row', rowWeight: null };
    let any = false;
    for (let i = 0; i < weight.length; i++) {
      const w = weight[i]!;
      if (!(Number.isFinite(w) && w >= 0)) throw new DataError({ file: source, row: i + 1, column: 'weight' }, `weight ${w} is not a finite number >= 0`);
      if (w > 0) any = true;
    }
    if (weight.length > 0 && !any) throw new DataError({ file: source, column: 'weight' }, 'every weight is 0');
    return { kind: 'row', rowWeight: weight };
  }
  // Query weights: the weight of each query's first row, normalised by G / sum w (spec §1.1).
  const queryWeight = new Float32Array(nQueries).fill(1);
  let sumWeight = nQueries;
  if (weight !== null) {
    sumWeight = 0;
    for (let q = 0; q < nQueries; q++) {
      const begin = offsets[q]!;
      if (begin === offsets[q + 1]) {
        sumWeight += 1;
        continue;
      }
      const w = weight[begin]!;
      if (!(Number.isFinite(w) && w >= 0)) {
        throw new DataError({ file: source, row: begin + 1, column: 'weight' }, `query weight ${w} is not a finite number >= 0`);
      }
      queryWeight[q] = w;
      sumWeight += w;
    }
    if (nQueries > 0 && !(sumWeight > 0)) throw new DataError({ file: source, column: 'weight' }, 'every query weight is 0');
  }
  return { kind: 'group', queryWeight, weightNorm: nQueries > 0 ? nQueries / sumWeight : 1 };
}

/** `ranking_weight` resolved for an objective whose own rule is `own`. */
export function weightRule(setting: 'auto' | 'group' | 'row', own: 'group' | 'row'): 'group' | 'row' {
  return setting === 'auto' ? own : setting;
}
