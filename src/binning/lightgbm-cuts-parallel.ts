/**
 * LightGBM's bins of every feature (src/kernels/ts/lightgbm-bins.ts lightgbmCuts) on two threads.
 * The values live on the JavaScript heap, which workers cannot see, so features go in pairs: the
 * calling thread copies feature k + 1 into a staging array of the kernels' shared memory, a worker
 * bins it there (the lightgbm-cuts unit) while the calling thread bins feature k on the heap. The
 * same function on the same values in the same order: the mapper equals the serial one
 * (session.ts searchCutsSerial). One thread, one feature or few rows (the executor's cost rule):
 * every feature on the calling thread. The staging is scratch the caller releases afterwards.
 */
import { mapperFromCuts, type BinMapper } from './bin-mapper.js';
import { cutsInPairs, type StagingMemory } from './parallel-fit.js';
import type { Dataset } from '../data/dataset.js';
import type { FeatureCuts } from '../kernels/ts/quantile-cuts.js';
import { lightgbmCuts } from '../kernels/ts/lightgbm-bins.js';
import { lightgbmCutsUnits } from '../kernels/units/lightgbm-cuts.js';
import type { Executor } from '../parallel/executor.js';

/**
 * The LightGBM bin mapper of `data` (numerical features only), a worker taking every second feature.
 * @param memory staging from the executor's kernels' shared memory (nRows + maxBin + 2 floats).
 */
export async function lightgbmCutsParallel(
  data: Dataset, maxBin: number, minDataInBin: number, minSplitData: number, executor: Executor, memory: StagingMemory | null,
): Promise<BinMapper> {
  const nF = data.nFeatures;
  const own = (f: number): FeatureCuts => lightgbmCuts(data.columns[f]!, maxBin, minDataInBin, minSplitData);
  const all: FeatureCuts[] = new Array<FeatureCuts>(nF);
  if (memory === null || nF < 2 || !executor.parallel(lightgbmCutsUnits, data.nRows)) {
    for (let f = 0; f < nF; f++) all[f] = own(f);
    return mapperFromCuts(all);
  }
  const args = { values: memory.f32(data.nRows), maxBin, minDataInBin, minSplitData, out: memory.f32(maxBin + 2) };
  await cutsInPairs(all, own, (f) => {
    args.values.set(data.columns[f]!);
    return true;
  }, executor, lightgbmCutsUnits, args);
  return mapperFromCuts(all);
}
