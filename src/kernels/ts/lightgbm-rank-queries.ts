/**
 * The per-query gradients of LightGBM's ranking objectives over a block of queries (lambdarank:
 * lightgbm-lambda.ts, rank_xendcg: xendcg.ts), with LightGBM's position-bias factors and weights;
 * src/objective/lightgbm-rank.ts prepares the inputs, the lightgbm-rank units run blocks on threads.
 */
import type { GradArray } from '../../types.js';
import type { LightGbmRandom } from '../../util/lightgbm-random.js';
import { LightGbmLambdaScratch, lightgbmLambdaQuery, type LightGbmLambdaInputs } from './lightgbm-lambda.js';
import { xendcgQuery, type XendcgScratch } from './xendcg.js';

/**
 * The shared read-only inputs of a block of queries' gradients. Arrays: `offsets` Uint32Array
 * [nQueries + 1]; `labels` Float32Array [nRows]; `rowWeight` Float32Array [nRows] (row rule) or
 * null; `queryWeight` Float32Array [nQueries] (group rule) or null; `biasIndex` Int32Array [nRows]
 * and `biasFactors` Float32Array [ids] (positions) or null; `rngStates` Uint32Array [nQueries]
 * (rank_xendcg; read and advanced by the block's queries only) or null; `orders` (lambdarank's
 * last orders, see below) or null.
 */
export interface LightGbmRankBlockInputs {
  readonly offsets: Uint32Array;
  readonly labels: Float32Array;
  /** lambdarank's inputs, or null for rank_xendcg. */
  readonly lambda: LightGbmLambdaInputs | null;
  readonly rowWeight: Float32Array | null;
  readonly queryWeight: Float32Array | null;
  readonly weightNorm: number;
  readonly biasIndex: Int32Array | null;
  readonly biasFactors: Float32Array | null;
  readonly rngStates: Uint32Array | null;
  /**
   * lambdarank: Uint32Array [nRows], each query's order of the last round at its first row (local
   * indices; a permutation per query, identity before the first round), re-sorted by the block's
   * queries only; or null (sort from scratch).
   */
  readonly orders: Uint32Array | null;
}

/**
 * Uint32Array [nRows]: every query's identity order (local indices 0 .. n-1 from its first row),
 * the starting point of LightGbmRankBlockInputs.orders.
 * @param into where to write them (a new array when omitted).
 */
export function identityOrders(offsets: Uint32Array, into?: Uint32Array): Uint32Array {
  const o = into ?? new Uint32Array(offsets[offsets.length - 1]!);
  for (let q = 0; q + 1 < offsets.length; q++) for (let r = offsets[q]!; r < offsets[q + 1]!; r++) o[r] = r - offsets[q]!;
  return o;
}

/**
 * g and h of queries [qBegin, qEnd) into their rows of `gh` (Float32Array, 2 * nRows, interleaved):
 * each query reads only the shared inputs and writes only its own rows and its own generator
 * state, so any split of the queries into blocks gives the serial gradients to the bit.
 * @param scratch sized to the largest query (LightGbmLambdaScratch for lambdarank, XendcgScratch
 *   for rank_xendcg). @param rng a generator reseeded from each query's state (rank_xendcg).
 */
export function lightgbmRankQueries(
  inp: LightGbmRankBlockInputs, margins: Float32Array | Float64Array, gh: GradArray, qBegin: number, qEnd: number,
  scratch: LightGbmLambdaScratch | XendcgScratch, rng: LightGbmRandom,
): void {
  const { offsets, labels, rowWeight, queryWeight, weightNorm, biasIndex, biasFactors, rngStates } = inp;
  const lambda = inp.lambda;
  const score = scratch instanceof LightGbmLambdaScratch ? scratch.score : scratch.rho;
  for (let q = qBegin; q < qEnd; q++) {
    const begin = offsets[q]!;
    const n = offsets[q + 1]! - begin;
    for (let i = 0; i < n; i++) score[i] = biasFactors !== null ? margins[begin + i]! + biasFactors[biasIndex![begin + i]!]! : margins[begin + i]!;
    if (lambda !== null) lightgbmLambdaQuery(lambda, q, begin, n, scratch as LightGbmLambdaScratch, inp.orders);
    else {
      rng.state = rngStates![q]!;
      xendcgQuery(score, labels, begin, n, rng, scratch as XendcgScratch);
      rngStates![q] = rng.state;
    }
    const g = scratch.g;
    const h = scratch.h;
    for (let i = 0; i < n; i++) {
      let gi = g[i]!;
      let hi = h[i]!;
      if (rowWeight !== null) {
        gi = Math.fround(gi * rowWeight[begin + i]!);
        hi = Math.fround(hi * rowWeight[begin + i]!);
      } else if (queryWeight !== null && (queryWeight[q] !== 1 || weightNorm !== 1)) {
        gi = Math.fround(Math.fround(gi * queryWeight[q]!) * weightNorm);
        hi = Math.fround(Math.fround(hi * queryWeight[q]!) * weightNorm);
      }
      gh[2 * (begin + i)] = gi;
      gh[2 * (begin + i) + 1] = hi;
    }
  }
}
