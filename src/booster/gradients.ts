/**
 * The round's gradient pairs, chosen once per session by what the objective allows: a
 * row-separable objective runs as pointwise units (one run of rows per thread), biased LambdaMART
 * (either weight rule) and LightGBM's lambdarank / rank_xendcg as query-block units, and unbiased
 * LambdaMART (which accumulates position-bias costs across queries) on the calling thread.
 * LightGBM's position-bias update (one pass over the rows after the gradients) stays on the calling
 * thread. Every path gives the serial gradients to the bit.
 */
import type { KernelMemory } from '../kernels/kernels.js';
import { lambdaRankUnits } from '../kernels/units/lambdarank-gradients.js';
import { pointwiseUnits, pointwiseWork } from '../kernels/units/pointwise-gradients.js';
import { lightgbmRankUnits } from '../kernels/units/lightgbm-rank-gradients.js';
import { LambdaRankObjective } from '../objective/lambdarank.js';
import { LightGbmRankObjective } from '../objective/lightgbm-rank.js';
import { LightGbmSigmoid, scoreSpread } from '../kernels/ts/lightgbm-lambda.js';
import { LIGHTGBM_SIGMOID_BINS } from '../kernels/ts/lightgbm-pairs.js';
import { identityOrders } from '../kernels/ts/lightgbm-rank-queries.js';
import type { Objective, ObjectiveData } from '../objective/objective.js';
import type { PointwiseOptions } from '../kernels/ts/pointwise-gradients.js';
import type { Executor } from '../parallel/executor.js';
import type { GradArray } from '../types.js';

/**
 * The round's gradients from the margins: Float32Array, or for LightGBM's objectives the session's
 * Float64Array scores (LightGBM keeps double scores; session.ts).
 */
export type GradientStage = (margins: Float32Array | Float64Array, gh: GradArray, iteration: number) => Promise<void>;

/**
 * @param objective initialised on `data` (its arrays in the kernels' memory: session.ts).
 * @param memory where derived per-query inputs are copied once for the workers.
 */
export function gradientStage(
  executor: Executor, memory: KernelMemory, objective: Objective, options: PointwiseOptions, data: ObjectiveData,
): GradientStage {
  const T = executor.threads;
  if (objective.gradientsRange) {
    const n = data.nRows;
    const runs = Array.from({ length: T + 1 }, (_, k) => Math.round((n * k) / T));
    const work = pointwiseWork(objective.name, executor.scope.kernelName, n);
    return (margins, gh) => executor.run(pointwiseUnits, {
      objective: objective.name, options, labels: data.label, weights: data.weight, margins: margins as Float32Array, gh, runs,
    }, T, work);
  }
  if (objective instanceof LightGbmRankObjective && data.queryOffsets !== null && data.queryOffsets.length >= 3) {
    return lightgbmRankStage(executor, memory, objective, data.queryOffsets);
  }
  const inputs = objective instanceof LambdaRankObjective ? objective.kernelInputs() : null;
  // Unbiased LambdaMART (position-bias costs summed across queries) stays on one thread.
  if (inputs === null || inputs.config.unbiased || inputs.queryOffsets.length < 3) {
    return (margins, gh, iteration) => {
      if (objective instanceof LightGbmRankObjective) objective.gradients(margins, gh, iteration);
      else objective.gradients(margins as Float32Array, gh, iteration);
      return Promise.resolve();
    };
  }
  const offs = inputs.queryOffsets;
  const { blocks, maxQuery } = queryBlocks(offs, T);
  const n = offs[offs.length - 1]!;
  const shared = sharedCopies(memory);
  const args = {
    config: { ...inputs.config }, labels: inputs.labels, queryOffsets: offs, positions: inputs.positions,
    invIdcg: inputs.invIdcg ? shared.f64(inputs.invIdcg) : null, queryWeight: shared.f32(inputs.queryWeight), weightNorm: inputs.weightNorm,
    rowWeight: inputs.rowWeight ? shared.f32(inputs.rowWeight) : null,
    discount: shared.f64(inputs.discount.subarray(0, maxQuery)),
    pairF32: memory.f32(4 * maxQuery * T), pairF64: memory.f64(2 * maxQuery * T),
  };
  return (margins, gh, iteration) => executor.run(lambdaRankUnits, { ...args, margins: margins as Float32Array, gh, iteration, blocks }, T, n);
}

/**
 * Query blocks of near-equal row counts, T of them (one per thread for rank:ndcg): `blocks` (T + 1
 * query indices ascending) and the largest query's length.
 * @param offs Uint32Array, length nQueries + 1.
 */
function queryBlocks(offs: Uint32Array, T: number): { blocks: number[]; maxQuery: number } {
  const nQ = offs.length - 1;
  const n = offs[nQ]!;
  let maxQuery = 1;
  for (let q = 0; q < nQ; q++) maxQuery = Math.max(maxQuery, offs[q + 1]! - offs[q]!);
  const blocks = [0];
  let q = 0;
  for (let b = 1; b < T; b++) {
    while (q < nQ && offs[q]! < (n * b) / T) q++;
    blocks.push(q);
  }
  blocks.push(nQ);
  return { blocks, maxQuery };
}

/** Copies of per-data tables in the kernels' memory, made once per session. */
function sharedCopies(memory: KernelMemory) {
  return {
    f64: (a: Float64Array): Float64Array => {
      const c = memory.f64(a.length);
      c.set(a);
      return c;
    },
    f32: (a: Float32Array): Float32Array => {
      const c = memory.f32(a.length);
      c.set(a);
      return c;
    },
    u32: (a: Uint32Array | Int32Array): Uint32Array => {
      const c = memory.u32(a.length);
      c.set(a);
      return c;
    },
  };
}

/**
 * LightGBM's lambdarank / rank_xendcg as query-block units. Per round: the coming bias factors and
 * the generators' states are copied in, the units run, the states are copied back and the
 * objective updates its factors (endRound).
 */
function lightgbmRankStage(executor: Executor, memory: KernelMemory, objective: LightGbmRankObjective, offsets: Uint32Array): GradientStage {
  const T = executor.threads;
  const inp = objective.blockInputs();
  const shared = sharedCopies(memory);
  const offs = shared.u32(inp.offsets);
  const n = offsets[offsets.length - 1]!;
  // Up to four query blocks per thread, claimed as threads come free, so a late or slowed thread
  // holds back less of the batch than one block per thread would; each unit's pair arrays are
  // maxQuery long, so units x maxQuery stays within 2 nRows (a few long queries: one per thread).
  const units = T > 1 ? Math.max(T, Math.min(4 * T, offs.length - 1, Math.floor((2 * n) / queryBlocks(offs, 1).maxQuery))) : 1;
  const { blocks, maxQuery } = queryBlocks(offs, units);
  const lambda = inp.lambda;
  const index = inp.biasIndex ? shared.u32(inp.biasIndex) : null;
  const factors = inp.biasFactors ? memory.f32(inp.biasFactors.length) : null;
  const states = inp.rngStates ? memory.u32(inp.rngStates.length) : null;
  // lambdarank: one sigmoid table in the kernels' memory, filled here before each batch as far as
  // the round's scores reach; the units only read it.
  const sigmoid = lambda ? new LightGbmSigmoid(lambda.sigmoid.sigmoid, memory.f64(LIGHTGBM_SIGMOID_BINS + 1)) : null;
  const args = {
    queryOffsets: offs, labels: shared.f32(inp.labels),
    labelGain: lambda ? shared.f64(lambda.labelGain) : null,
    invMaxDcg: lambda ? shared.f64(lambda.invMaxDcg) : null,
    discount: lambda ? shared.f64(lambda.discount.subarray(0, maxQuery)) : null,
    sigmoid: lambda ? lambda.sigmoid.sigmoid : 1, sigmoidTable: sigmoid ? sigmoid.table : null,
    truncation: lambda ? lambda.truncation : 0, norm: lambda?.norm ? 1 : 0,
    rowWeight: inp.rowWeight ? shared.f32(inp.rowWeight) : null,
    queryWeight: inp.queryWeight ? shared.f32(inp.queryWeight) : null,
    weightNorm: inp.weightNorm,
    biasIndex: index ? new Int32Array(index.buffer, index.byteOffset, index.length) : null,
    biasFactors: factors, rngStates: states, maxQuery, blocks,
    pairF32: lambda ? memory.f32(3 * maxQuery * units) : null, pairF64: lambda ? memory.f64(2 * maxQuery * units) : null,
    orders: lambda ? identityOrders(offs, memory.u32(n)) : null,
  };
  return async (margins, gh, iteration) => {
    objective.beginRound(iteration);
    const now = objective.blockInputs();
    if (factors) factors.set(now.biasFactors!);
    if (states) states.set(now.rngStates!);
    if (!(margins instanceof Float64Array)) throw new Error('lambdarank / rank_xendcg: the gradient units read the double scores');
    if (sigmoid) sigmoid.cover(scoreSpread(margins, offs, args.biasIndex, factors));
    await executor.run(lightgbmRankUnits, { ...args, margins, gh }, units, n);
    if (states) now.rngStates!.set(states);
    objective.endRound(gh, iteration);
  };
}
