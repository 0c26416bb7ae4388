/**
 * The cut search (fitBinMapper) on two threads. The feature values live on the JavaScript heap,
 * which workers cannot see, so features go in pairs: the calling thread copies feature k + 1 into a
 * staging area of the kernels' shared memory and a worker sketches it there (sketchCuts) while the
 * calling thread sketches feature k from its own heap copy. Every feature's cuts come from the same
 * function on the same values in the same row order, so the mapper equals the serial one.
 *
 * The staging area (nRows floats) is a scratch area of the shared memory that the booster releases
 * afterwards, so the bin codes reuse its pages.
 * Weighted data, one thread, or few rows (the executor's cost rule): the serial fitBinMapper. A categorical
 * feature's cuts (one scan for its largest code, category-cuts.ts) are made on the calling thread.
 */
import { categoricalMask, featureCuts, fitBinMapper, isCategorical, mapperFromCuts, type BinMapper } from './bin-mapper.js';
import type { FeatureCuts } from '../kernels/ts/quantile-cuts.js';
import type { Dataset } from '../data/dataset.js';
import { cutsUnits } from '../kernels/units/cuts.js';
import type { Executor } from '../parallel/executor.js';

/**
 * fitBinMapper with a worker taking every second feature.
 * @param staging Float32Array from the executor's kernels' shared memory, length >= data.nRows; overwritten.
 * @param weights in: the sketch's row weights (fitBinMapper's); weighted data is cut serially.
 */
export async function fitBinMapperParallel(data: Dataset, maxBin: number, executor: Executor, staging: Float32Array, weights: Float32Array | null = data.weight): Promise<BinMapper> {
  const n = data.nRows;
  const nF = data.nFeatures;
  if (weights || nF < 2 || !executor.parallel(cutsUnits, n)) return fitBinMapper(data, maxBin, weights);
  if (staging.length < n) throw new RangeError(`fitBinMapperParallel: staging shorter than ${n}`);
  const sh = executor.scope.kernels.shared!;
  const values = staging.subarray(0, n);
  const args = { values, maxBin, out: sh.f32(maxBin + 2) };
  const all: FeatureCuts[] = new Array<FeatureCuts>(nF);
  for (let f = 0; f < nF; f += 2) {
    const own = (): void => {
      all[f] = featureCuts(data, f, null, maxBin);
    };
    if (f + 1 < nF && isCategorical(data, f + 1)) {
      own();
      all[f + 1] = featureCuts(data, f + 1, null, maxBin);
    } else if (f + 1 < nF) {
      values.set(data.columns[f + 1]!);
      await executor.share(cutsUnits, args, 1, 1, own);
      const count = args.out[0]!;
      all[f + 1] = { cuts: args.out.slice(2, 2 + count), minValue: args.out[1]! };
    } else own();
  }
  return mapperFromCuts(all, categoricalMask(data));
}
