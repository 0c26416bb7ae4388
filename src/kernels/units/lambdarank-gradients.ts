/**
 * LambdaMART gradient units (biased mode): unit u computes queries [blocks[u], blocks[u + 1])
 * (lambdaRankQueries) through its thread's own scratch, whose topk rank:ndcg pair arrays are unit
 * u's slice of `pairF32` / `pairF64` in the kernels' memory (the pairs run in the thread's kernels,
 * Kernels.ndcgPairs). A query reads only the shared read-only inputs and writes only its own rows of
 * gh, so the gradients are identical for any cut.
 */
import type { LambdaRankConfig } from '../../objective/lambdarank-config.js';
import { LambdaRankScratch, lambdaRankQueries, type LambdaRankInputs } from '../ts/lambdarank-query.js';
import { arg, unitKernel } from '../../parallel/unit-kernel.js';

export const lambdaRankUnits = unitKernel('lambdarank', {
  config: arg.data<LambdaRankConfig>(),
  /** Float32Array labels [nRows]; Uint32Array query offsets [nQueries + 1]. */
  labels: arg.f32,
  queryOffsets: arg.u32,
  /** Int32Array positions [nRows] or null; Float64Array 1/IDCG [nQueries] or null. */
  positions: arg.optional(arg.i32),
  invIdcg: arg.optional(arg.f64),
  /** Float32Array [nQueries]. */
  queryWeight: arg.f32,
  weightNorm: arg.number,
  /** Float32Array [nRows]: per-row ranking weights (ranking_weight row), or null. */
  rowWeight: arg.optional(arg.f32),
  /** Float64Array [maxQuery]: the position discounts. */
  discount: arg.f64,
  /** Float32Array margins [nRows]; Float32Array gh [2 nRows] (out). */
  margins: arg.f32,
  gh: arg.f32,
  iteration: arg.number,
  /** Query block boundaries, units + 1 ascending. */
  blocks: arg.data<readonly number[]>(),
  /** Float32Array [units x 4 maxQuery], Float64Array [units x 2 maxQuery]: each unit's pair arrays (LambdaRankScratch.usePairKernel). */
  pairF32: arg.f32,
  pairF64: arg.f64,
}, 64, (scope, a, unit) => {
  const maxQuery = a.discount.length;
  const scratch = scope.local(`lambdarank:${maxQuery}`, () => new LambdaRankScratch(maxQuery));
  scratch.usePairKernel(
    scope.kernels, a.pairF32.subarray(4 * maxQuery * unit, 4 * maxQuery * (unit + 1)),
    a.pairF64.subarray(2 * maxQuery * unit, 2 * maxQuery * (unit + 1)),
  );
  const inputs: LambdaRankInputs = {
    config: a.config, labels: a.labels, queryOffsets: a.queryOffsets, positions: a.positions, invIdcg: a.invIdcg,
    queryWeight: a.queryWeight, weightNorm: a.weightNorm, rowWeight: a.rowWeight, discount: a.discount, tPlus: null, tMinus: null,
  };
  lambdaRankQueries(inputs, a.margins, a.iteration, a.blocks[unit]!, a.blocks[unit + 1]!, scratch, a.gh, null, null);
});
