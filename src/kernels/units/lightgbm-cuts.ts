/**
 * LightGBM's bins of one feature staged in shared memory (src/kernels/ts/lightgbm-bins.ts
 * lightgbmCuts on its values in row order). Result: [number of cuts, min value, cuts ...]. One unit
 * per task: the calling thread bins another feature meanwhile (src/binning/lightgbm-cuts-parallel.ts).
 */
import { lightgbmCuts } from '../ts/lightgbm-bins.js';
import { arg, unitKernel } from '../../parallel/unit-kernel.js';

export const lightgbmCutsUnits = unitKernel('lightgbm-cuts', {
  /** Float32Array, length n: the feature's values in row order (NaN = missing); read only. */
  values: arg.f32,
  maxBin: arg.number,
  minDataInBin: arg.number,
  /** min_data_in_leaf (0: no pre-filter). */
  minSplitData: arg.number,
  /** Float32Array, length maxBin + 2 (out; a feature has at most maxBin cuts). */
  out: arg.f32,
}, 4, (_scope, a) => {
  const c = lightgbmCuts(a.values, a.maxBin, a.minDataInBin, a.minSplitData);
  if (c.cuts.length + 2 > a.out.length) throw new Error(`lightgbm-cuts: ${c.cuts.length} cuts do not fit ${a.out.length - 2}`);
  a.out[0] = c.cuts.length;
  a.out[1] = c.minValue;
  a.out.set(c.cuts, 2);
});
