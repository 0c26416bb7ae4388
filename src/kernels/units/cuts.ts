/**
 * The cut search of one unweighted feature staged in shared memory (unweightedCuts): its values are
 * gathered, sorted and cut in place. Result: [number of cuts, min value, cuts ...]. One unit per
 * task: the calling thread searches another feature meanwhile (src/binning/fit-parallel.ts).
 */
import { unweightedCuts } from '../../binning/bin-mapper.js';
import { RadixScratch } from '../radix-sort.js';
import { arg, unitKernel } from '../../parallel/unit-kernel.js';

export const cutsUnits = unitKernel('cuts', {
  /** Float32Array, length n: the feature's values (overwritten). */
  values: arg.f32,
  /** Uint32Array, length n: the radix sort's second buffer. */
  tmp: arg.u32,
  maxBin: arg.number,
  /** Float32Array, length maxBin + 2 (out). */
  out: arg.f32,
}, 4, (scope, a) => {
  const radix = scope.local('cuts:radix', () => new RadixScratch());
  // Sorted in place: the keys are the values' own bits, the second buffer the task's.
  radix.keys = new Uint32Array(a.values.buffer, a.values.byteOffset, a.values.length);
  radix.tmp = a.tmp;
  const fc = unweightedCuts(a.values, a.values, radix, a.maxBin);
  a.out[0] = fc.cuts.length;
  a.out[1] = fc.minValue;
  a.out.set(fc.cuts, 2);
});
