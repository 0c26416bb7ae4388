/**
 * LambdaMART gradient units (biased mode): unit u computes queries [blocks[u], blocks[u + 1])
 * (lambdaRankQueries) through its thread's own scratch. A query reads only the shared read-only
 * inputs and writes only its own rows of gh, so the gradients are identical for any cut.
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
}, 64, (scope, a, unit) => {
  const maxQuery = a.discount.length;
  const scratch = scope.local(`lambdarank:${maxQuery}`, () => new LambdaRankScratch(maxQuery));
  const inputs: LambdaRankInputs = {
    config: a.config, labels: a.labels, queryOffsets: a.queryOffsets, positions: a.positions, invIdcg: a.invIdcg,
    queryWeight: a.queryWeight, weightNorm: a.weightNorm, rowWeight: a.rowWeight, discount: a.discount, tPlus: null, tMinus: null,
  };
  lambdaRankQueries(inputs, a.margins, a.iteration, a.blocks[unit]!, a.blocks[unit + 1]!, scratch, a.gh, null, null);
});
