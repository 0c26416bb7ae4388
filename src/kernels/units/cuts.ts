/**
 * The cut search of one feature staged in shared memory: its values, in row order, with the sketch
 * weights or unit weights, sketched as XGBoost 3.4.1 does (Kernels.sketchCuts, whose reference is
 * src/kernels/ts/quantile-cuts.ts sketchCuts). Result: [number of cuts, min value, cuts ...]. One
 * unit per task: the calling thread searches another feature meanwhile (src/binning/parallel-fit.ts).
 */
import { arg, unitKernel } from '../../parallel/unit-kernel.js';

export const cutsUnits = unitKernel('cuts', {
  /** Float32Array, length n: the feature's values in row order (NaN = missing); read only. */
  values: arg.f32,
  /** Float32Array, length n: row weights, read when `weighted` is 1 (else unit weights). */
  weights: arg.f32,
  weighted: arg.number,
  maxBin: arg.number,
  /** Uint8Array of Kernels.sketchWorkBytes(n, maxBin) bytes (at least 8): the sketch's scratch. */
  work: arg.u8,
  /** Float32Array, length maxBin + 2 (out). */
  out: arg.f32,
}, 4, (scope, a) => {
  a.out[0] = scope.kernels.sketchCuts(a.values, a.weighted === 1 ? a.weights : null, a.maxBin, a.work, a.out.subarray(1));
});
