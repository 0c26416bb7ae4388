/**
 * The cut search of one unweighted feature staged in shared memory: its values, in row order, are
 * sketched as XGBoost 3.4.1 does (sketchCuts). Result: [number of cuts, min value, cuts ...]. One
 * unit per task: the calling thread searches another feature meanwhile (src/binning/parallel-fit.ts).
 */
import { sketchCuts } from '../ts/quantile-cuts.js';
import { arg, unitKernel } from '../../parallel/unit-kernel.js';

export const cutsUnits = unitKernel('cuts', {
  /** Float32Array, length n: the feature's values in row order (NaN = missing); read only. */
  values: arg.f32,
  maxBin: arg.number,
  /** Float32Array, length maxBin + 2 (out). */
  out: arg.f32,
}, 4, (_scope, a) => {
  const fc = sketchCuts(a.values, null, a.maxBin);
  a.out[0] = fc.cuts.length;
  a.out[1] = fc.minValue;
  a.out.set(fc.cuts, 2);
});
