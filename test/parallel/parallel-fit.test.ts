/**
 * The cut search on two threads (src/parallel/parallel-fit.ts) gives the serial fitBinMapper's
 * mapper exactly: features alternate between the calling thread and a worker that sorts in the
 * shared staging area in place.
 */
import { needsWasm, WASM } from '../wasm-available.js';
import { createExecutor } from '../../src/parallel/executor.js';
import { afterAll, describe, expect, it } from 'vitest';
import { fitBinMapper } from '../../src/binning/bin-mapper.js';
import { createWasmKernels } from '../../src/kernels/wasm/wasm-kernels.js';
import { injectWorkerFaultForTesting } from '../../src/parallel/fault.js';
import { fitBinMapperParallel } from '../../src/binning/parallel-fit.js';
import { setParallelCostForTesting } from '../../src/parallel/executor.js';
import { destroyWorkerPool } from '../../src/parallel/pool.js';
import { WorkerFailedError } from '../../src/parallel/worker-error.js';
import { dataset } from './random-data.js';

afterAll(async () => {
  setParallelCostForTesting(null);
  injectWorkerFaultForTesting(null);
  await destroyWorkerPool();
});

describe.skipIf(!WASM)(needsWasm('fitBinMapperParallel'), () => {
  it.each([
    [2000, 7, 256],
    [3000, 4, 16],
    [700, 3, 64],
  ])('%i rows x %i features, max_bin %i: the serial mapper exactly', async (nRows, nF, maxBin) => {
    setParallelCostForTesting(0);
    const kernels = createWasmKernels();
    if (!kernels) throw new Error('WASM kernels not built');
    const data = dataset(nRows, nF, nRows + nF, 'regression');
    // One column entirely missing, one constant.
    if (nF >= 4) {
      data.columns[2]!.fill(NaN);
      data.columns[3]!.fill(1.5);
    }
    const want = fitBinMapper(data, maxBin);
    const staging = kernels.memory.f32(2 * nRows);
    const got = await fitBinMapperParallel(data, maxBin, createExecutor(kernels, 2), staging);
    expect(Array.from(got.nBins)).toEqual(Array.from(want.nBins));
    expect(Array.from(got.histOffsets)).toEqual(Array.from(want.histOffsets));
    expect(Array.from(got.minValues)).toEqual(Array.from(want.minValues));
    for (let f = 0; f < nF; f++) expect(Array.from(got.cuts[f]!), `feature ${f}`).toEqual(Array.from(want.cuts[f]!));
  });

  it('a worker failure fails the search with the worker error', async () => {
    setParallelCostForTesting(0);
    const kernels = createWasmKernels();
    if (!kernels) throw new Error('WASM kernels not built');
    const data = dataset(500, 3, 1, 'regression');
    injectWorkerFaultForTesting('throw');
    await expect(fitBinMapperParallel(data, 32, createExecutor(kernels, 2), kernels.memory.f32(1000))).rejects.toBeInstanceOf(WorkerFailedError);
    injectWorkerFaultForTesting(null);
  });
});
