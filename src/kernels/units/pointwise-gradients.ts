/**
 * Gradient units of a row-separable objective (reg:*, binary:logistic, count:poisson): unit u
 * computes rows [runs[u], runs[u + 1]) with the objective made from its name and options (once per
 * thread and labels), reading margins, labels and weights. Each row's (g, h) is a function of that
 * row alone, so any cut into runs gives the serial gradients.
 */
import { createPointwiseObjective, type PointwiseOptions } from '../../objective/pointwise.js';
import { arg, unitKernel } from '../../parallel/unit-kernel.js';

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
  const key = `pointwise:${a.objective}:${JSON.stringify(a.options)}:${a.labels.byteOffset}:${a.labels.length}`;
  const objective = scope.local(key, () => {
    const o = createPointwiseObjective(a.objective, a.options);
    if (!o?.gradientsRange) throw new Error(`kernel worker: ${a.objective} is not a row-separable objective`);
    o.init({ label: a.labels, weight: a.weights, queryOffsets: null, position: null, nRows: a.labels.length, source: 'shared memory' });
    return o;
  });
  objective.gradientsRange!(a.margins, a.gh, a.runs[unit]!, a.runs[unit + 1]!);
});
