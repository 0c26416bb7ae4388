/**
 * Gradient units of a row-separable objective (reg:*, binary:logistic, count:poisson): unit u
 * computes rows [runs[u], runs[u + 1]) with the objective's per-row formula (pointGradient, made
 * once per thread from the name and options; reg:squarederror by Kernels.squaredErrorGradients),
 * reading margins, labels and weights. Each row's
 * (g, h) is a function of that row alone, so any cut into runs gives the serial gradients. The
 * labels were checked by the objective on the calling thread before any gradients. A batch's work
 * for the cost rule is pointwiseWork's (itemCost 1).
 */
import { pointGradient, pointGradients, type PointwiseOptions } from '../ts/pointwise-gradients.js';
import { arg, unitKernel } from '../../parallel/unit-kernel.js';

/**
 * The cost rule's work for `rows` rows of `objective`'s gradients (the executor's units, itemCost
 * 1): a row of reg:squarederror by the WASM SIMD kernel counts 1/4 (a batch goes to the workers from
 * 2^19 rows), by the TS kernel 2, of any other objective's TS formula 8 (exp, log or pow per row).
 * Per-row times behind these are in bench/RESULTS.md ("Small per-round kernels").
 */
export function pointwiseWork(objective: string, kernelName: 'ts' | 'wasm', rows: number): number {
  if (objective !== 'reg:squarederror') return 8 * rows;
  return kernelName === 'wasm' ? rows / 4 : 2 * rows;
}

export const pointwiseUnits = unitKernel('pointwise', {
  objective: arg.data<string>(),
  options: arg.data<PointwiseOptions>(),
  /** Float32Array, length nRows: labels; weights or null. */
  labels: arg.f32,
  weights: arg.optional(arg.f32),
  /** Float32Array, length nRows: margins; Float32Array, length 2 * nRows: gradient pairs (out). */
  margins: arg.f32,
  gh: arg.f32,
  /** Row run boundaries, units + 1 ascending. */
  runs: arg.data<readonly number[]>(),
}, 1, (scope, a, unit) => {
  const start = a.runs[unit]!;
  const end = a.runs[unit + 1]!;
  if (a.objective === 'reg:squarederror') {
    // The most common objective has a kernel (WASM SIMD in the wasm set), the same bits.
    scope.kernels.squaredErrorGradients(a.margins, a.labels, a.weights, a.options.scalePosWeight, a.gh, start, end);
    return;
  }
  const grad = scope.local(`pointwise:${a.objective}:${JSON.stringify(a.options)}`, () => {
    const g = pointGradient(a.objective, a.options);
    if (g === null) throw new Error(`kernel worker: ${a.objective} is not a row-separable objective`);
    return g;
  });
  pointGradients(grad, a.margins, a.labels, a.weights, a.gh, start, end);
});
