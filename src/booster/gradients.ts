/**
 * The round's gradient pairs, chosen once per session by what the objective allows: a
 * row-separable objective runs as pointwise units (one run of rows per thread), biased LambdaMART
 * as query-block units, and unbiased LambdaMART (which accumulates position-bias costs across
 * queries) on the calling thread. Every path gives the serial gradients to the bit.
 */
import type { KernelMemory } from '../kernels/kernels.js';
import { lambdaRankUnits } from '../kernels/units/lambdarank-gradients.js';
import { pointwiseUnits } from '../kernels/units/pointwise-gradients.js';
import { LambdaRankObjective } from '../objective/lambdarank.js';
import type { Objective, ObjectiveData } from '../objective/objective.js';
import type { PointwiseOptions } from '../objective/pointwise.js';
import type { Executor } from '../parallel/executor.js';
import type { GradArray } from '../types.js';

export type GradientStage = (margins: Float32Array, gh: GradArray, iteration: number) => Promise<void>;

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
    return (margins, gh) => executor.run(pointwiseUnits, {
      objective: objective.name, options, labels: data.label, weights: data.weight, margins, gh, runs,
    }, T, n);
  }
  const inputs = objective instanceof LambdaRankObjective ? objective.kernelInputs() : null;
  // Unbiased LambdaMART (position-bias costs summed across queries) and per-row ranking weights stay on one thread.
  if (inputs === null || inputs.config.unbiased || inputs.rowWeight !== null || inputs.queryOffsets.length < 3) {
    return (margins, gh, iteration) => {
      objective.gradients(margins, gh, iteration);
      return Promise.resolve();
    };
  }
  const offs = inputs.queryOffsets;
  const nQ = offs.length - 1;
  const n = offs[nQ]!;
  let maxQuery = 1;
  for (let q = 0; q < nQ; q++) maxQuery = Math.max(maxQuery, offs[q + 1]! - offs[q]!);
  // Query blocks of near-equal row counts.
  const blocks = [0];
  let q = 0;
  for (let b = 1; b < T; b++) {
    while (q < nQ && offs[q]! < (n * b) / T) q++;
    blocks.push(q);
  }
  blocks.push(nQ);
  // The per-query tables the objective derived (1/IDCG, query weights, discounts), copied once.
  const f64 = (a: Float64Array): Float64Array => {
    const c = memory.f64(a.length);
    c.set(a);
    return c;
  };
  const queryWeight = memory.f32(inputs.queryWeight.length);
  queryWeight.set(inputs.queryWeight);
  const args = {
    config: { ...inputs.config }, labels: inputs.labels, queryOffsets: offs, positions: inputs.positions,
    invIdcg: inputs.invIdcg ? f64(inputs.invIdcg) : null, queryWeight, weightNorm: inputs.weightNorm,
    discount: f64(inputs.discount.subarray(0, maxQuery)),
  };
  return (margins, gh, iteration) => executor.run(lambdaRankUnits, { ...args, margins, gh, iteration, blocks }, T, n);
}
