/**
 * The cut search (fitBinMapper) on two threads. The feature values live on the JavaScript heap,
 * which workers cannot see, so features go in pairs: the calling thread copies feature k + 1 into a
 * staging area of the kernels' shared memory and a worker gathers, sorts and cuts it there in place
 * (unweightedCuts) while the calling thread cuts feature k from its own heap copy. Every feature's
 * cuts come from the same function on the same values, so the mapper equals the serial one.
 *
 * The staging area (2 x nRows floats: values, then the sort's second buffer) is a scratch area of the
 * shared memory that the booster releases afterwards, so the bin codes reuse its pages.
 * Weighted data, one thread, or few rows: the serial fitBinMapper.
 */
import { fitBinMapper, mapperFromCuts, unweightedCuts, type BinMapper } from '../binning/bin-mapper.js';
import type { FeatureCuts } from '../binning/quantile-cuts.js';
import type { Dataset } from '../data/dataset.js';
import type { Kernels, SharedKernelMemory } from '../kernels/kernels.js';
import { RadixScratch } from '../kernels/radix-sort.js';
import { faultPending, takeWorkerFault } from './fault.js';
import { memoryId } from './memory-id.js';
import { alongside } from './settle.js';
import type { Ticket } from './channel.js';
import { kernelWorkers } from './pool.js';
import type { CutsTask } from './tasks.js';
import { thresholds } from './thresholds.js';

/**
 * fitBinMapper with a worker taking every second feature.
 * @param staging Float32Array from `kernels`' shared memory, length >= 2 * data.nRows; overwritten.
 * @param threads threads allowed (the calling thread and one worker are used when >= 2).
 */
export async function fitBinMapperParallel(
  data: Dataset, maxBin: number, kernels: Kernels, staging: Float32Array, threads: number,
): Promise<BinMapper> {
  const n = data.nRows;
  const nF = data.nFeatures;
  if (threads < 2 || !kernels.shared || data.weight || nF < 2 || (n < thresholds.cutSearchRows && !faultPending())) return fitBinMapper(data, maxBin);
  if (staging.length < 2 * n) throw new RangeError(`fitBinMapperParallel: staging shorter than 2 x ${n}`);
  const sh: SharedKernelMemory = kernels.shared;
  const values = staging.subarray(0, n);
  const out = sh.f32(maxBin + 2);
  const base = {
    kind: 'cuts' as const, memId: memoryId(sh.memory), memory: sh.memory, kernel: kernels.name,
    valuesAt: sh.address(staging, 'staging'), n, tmpAt: sh.address(staging, 'staging') + 4 * n, maxBin,
    outAt: sh.address(out, 'out'),
  };
  const worker = kernelWorkers(1)[0]!;
  const scratch = new Float32Array(n);
  const radix = new RadixScratch();
  const all: FeatureCuts[] = new Array<FeatureCuts>(nF);
  for (let f = 0; f < nF; f += 2) {
    const pending: Ticket[] = [];
    if (f + 1 < nF) {
      values.set(data.columns[f + 1]!);
      const task: CutsTask = { ...base, fault: takeWorkerFault() };
      pending.push(worker.post(task));
    }
    await alongside(pending, () => {
      all[f] = unweightedCuts(data.columns[f]!, scratch, radix, maxBin);
    });
    if (f + 1 < nF) {
      const count = out[0]!;
      all[f + 1] = { cuts: out.slice(2, 2 + count), minValue: out[1]! };
    }
  }
  return mapperFromCuts(all);
}
