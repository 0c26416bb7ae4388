/**
 * The cut search by the kernels' sketch and on two threads (src/binning/parallel-fit.ts) gives the
 * serial fitBinMapper's mapper exactly, with and without weights, on the WASM and the shared TS
 * kernels: features alternate between the calling thread and a worker sketching the shared staging
 * area; with one thread every feature goes through the kernels' sketch on the calling thread.
 */
import { needsWasm, WASM } from '../wasm-available.js';
import { createExecutor } from '../../src/parallel/executor.js';
import { afterAll, describe, expect, it } from 'vitest';
import { fitBinMapper } from '../../src/binning/bin-mapper.js';
import { createWasmKernels } from '../../src/kernels/wasm/wasm-kernels.js';
import { createSharedTsKernels } from '../../src/kernels/ts/ts-kernels.js';
import { injectWorkerFaultForTesting } from '../../src/parallel/fault.js';
import { fitBinMapperParallel } from '../../src/binning/parallel-fit.js';
import { setParallelCostForTesting, workerUnitCounts } from '../../src/parallel/executor.js';
import { destroyWorkerPool } from '../../src/parallel/pool.js';
import { WorkerFailedError } from '../../src/parallel/worker-error.js';
import { dataset } from './random-data.js';

afterAll(async () => {
  setParallelCostForTesting(null);
  injectWorkerFaultForTesting(null);
  await destroyWorkerPool();
});

const kernelSets = [
  ['wasm', () => createWasmKernels()],
  ['shared ts', () => createSharedTsKernels()],
] as const;

/** Row weights as the sketch gets them (sample or query weights), zeros included. */
function rowWeights(n: number): Float32Array {
  const w = new Float32Array(n);
  for (let i = 0; i < n; i++) w[i] = i % 11 === 0 ? 0 : 0.25 + ((i * 7919) % 13) * 0.5;
  return w;
}

describe.each(kernelSets.filter(([name]) => WASM || name !== 'wasm'))('fitBinMapperParallel, %s kernels', (_name, make) => {
  it.each([
    [2000, 7, 256, 2, false],
    [3000, 4, 16, 2, false],
    [700, 3, 64, 2, false],
    [2500, 5, 256, 2, true],
    [2500, 5, 256, 1, true],
    [3000, 4, 32, 1, false],
  ])('%i rows x %i features, max_bin %i, %i threads, weighted %s: the serial mapper exactly', async (nRows, nF, maxBin, threads, weighted) => {
    setParallelCostForTesting(0);
    const kernels = make();
    if (!kernels) throw new Error('kernels not available');
    const data = dataset(nRows, nF, nRows + nF, 'regression');
    // One column entirely missing, one constant.
    if (nF >= 4) {
      data.columns[2]!.fill(NaN);
      data.columns[3]!.fill(1.5);
    }
    const weights = weighted ? rowWeights(nRows) : null;
    const want = fitBinMapper(data, maxBin, weights);
    const got = await fitBinMapperParallel(data, maxBin, createExecutor(kernels, threads), kernels.shared!, weights);
    expect(Array.from(got.nBins)).toEqual(Array.from(want.nBins));
    expect(Array.from(got.histOffsets)).toEqual(Array.from(want.histOffsets));
    expect(Array.from(got.minValues)).toEqual(Array.from(want.minValues));
    for (let f = 0; f < nF; f++) expect(Array.from(got.cuts[f]!), `feature ${f}`).toEqual(Array.from(want.cuts[f]!));
    if (threads === 2) expect(workerUnitCounts().get('cuts') ?? 0).toBeGreaterThan(0);
  });
});

describe.skipIf(!WASM)(needsWasm('fitBinMapperParallel'), () => {
  it('a worker failure fails the search with the worker error', async () => {
    setParallelCostForTesting(0);
    const kernels = createWasmKernels();
    if (!kernels) throw new Error('WASM kernels not built');
    const data = dataset(500, 3, 1, 'regression');
    injectWorkerFaultForTesting('throw');
    await expect(fitBinMapperParallel(data, 32, createExecutor(kernels, 2), kernels.memory)).rejects.toBeInstanceOf(WorkerFailedError);
    injectWorkerFaultForTesting(null);
  });
});
