/**
 * LightGBM ranking gradient units (`lambdarank`, `rank_xendcg`): unit u computes queries
 * [blocks[u], blocks[u + 1]) (lightgbmRankQueries) through its thread's own scratch; lambdarank's
 * pairs run in the thread's kernels (Kernels.lightgbmPairs) on unit u's slice of `pairF32` /
 * `pairF64`, reading the one sigmoid table the calling thread filled before the batch. A query reads
 * only the shared read-only inputs and writes only its own rows of gh and (rank_xendcg) its own
 * generator state and (lambdarank) its own slice of `orders`, so the gradients are identical for
 * any cut. The position-bias factors are read only; their update runs after the batch on the
 * calling thread (LightGbmRankObjective.endRound).
 */
import { LightGbmLambdaScratch, LightGbmSigmoid } from '../ts/lightgbm-lambda.js';
import { lightgbmRankQueries } from '../ts/lightgbm-rank-queries.js';
import { XendcgScratch } from '../ts/xendcg.js';
import { arg, unitKernel } from '../../parallel/unit-kernel.js';
import { LightGbmRandom } from '../../util/lightgbm-random.js';

export const lightgbmRankUnits = unitKernel('lightgbm-rank', {
  /** Uint32Array query offsets [nQueries + 1]; Float32Array labels [nRows]. */
  queryOffsets: arg.u32,
  labels: arg.f32,
  /** lambdarank (null for rank_xendcg): Float64Array label gains, 1/maxDCG [nQueries], discounts [>= maxQuery]. */
  labelGain: arg.optional(arg.f64),
  invMaxDcg: arg.optional(arg.f64),
  discount: arg.optional(arg.f64),
  sigmoid: arg.number,
  /** Float64Array [2^20 + 1]: LightGBM's sigmoid table, covering this round's scores (lambdarank; null for rank_xendcg). */
  sigmoidTable: arg.optional(arg.f64),
  truncation: arg.number,
  /** 1 = lambdarank_norm. */
  norm: arg.number,
  /** Float32Array [nRows] (row rule) or null; Float32Array [nQueries] (group rule) or null. */
  rowWeight: arg.optional(arg.f32),
  queryWeight: arg.optional(arg.f32),
  weightNorm: arg.number,
  /** Int32Array [nRows] position-id index and Float32Array factors, or null. */
  biasIndex: arg.optional(arg.i32),
  biasFactors: arg.optional(arg.f32),
  /** Uint32Array [nQueries] generator states (rank_xendcg; in and out), or null. */
  rngStates: arg.optional(arg.u32),
  maxQuery: arg.number,
  /** Float64Array scores [nRows] (the session's double scores, as LightGBM's); Float32Array gh [2 nRows] (out). */
  margins: arg.f64,
  gh: arg.f32,
  /** Query block boundaries, units + 1 ascending. */
  blocks: arg.data<readonly number[]>(),
  /**
   * lambdarank: Float32Array [units x 3 maxQuery], Float64Array [units x 2 maxQuery], each unit's
   * pair arrays (LightGbmLambdaScratch.usePairKernel); null for rank_xendcg.
   */
  pairF32: arg.optional(arg.f32),
  pairF64: arg.optional(arg.f64),
  /** Uint32Array [nRows] (lambdarank; in and out): each query's last order (LightGbmRankBlockInputs.orders), or null. */
  orders: arg.optional(arg.u32),
}, 64, (scope, a, unit) => {
  const lambda = a.labelGain !== null;
  const m = a.maxQuery;
  let scratch: LightGbmLambdaScratch | XendcgScratch;
  if (lambda) {
    const s = scope.local(`lightgbm-lambda:${m}`, () => new LightGbmLambdaScratch(m));
    s.usePairKernel(scope.kernels, a.pairF32!.subarray(3 * m * unit, 3 * m * (unit + 1)), a.pairF64!.subarray(2 * m * unit, 2 * m * (unit + 1)));
    scratch = s;
  } else scratch = scope.local(`xendcg:${m}`, () => new XendcgScratch(m));
  const rng = scope.local('lightgbm-rank:rng', () => new LightGbmRandom(0));
  lightgbmRankQueries({
    offsets: a.queryOffsets, labels: a.labels,
    lambda: lambda
      ? {
        labels: a.labels, labelGain: a.labelGain!, invMaxDcg: a.invMaxDcg!, discount: a.discount!,
        sigmoid: new LightGbmSigmoid(a.sigmoid, a.sigmoidTable!), truncation: a.truncation, norm: a.norm === 1,
      }
      : null,
    rowWeight: a.rowWeight, queryWeight: a.queryWeight, weightNorm: a.weightNorm,
    biasIndex: a.biasIndex, biasFactors: a.biasFactors, rngStates: a.rngStates, orders: a.orders,
  }, a.margins, a.gh, a.blocks[unit]!, a.blocks[unit + 1]!, scratch, rng);
});
