/**
 * LightGBM's bins on two threads (src/binning/lightgbm-cuts-parallel.ts) give the serial mapper
 * (lightgbmCuts of every column on the calling thread) exactly, on the WASM and the shared TS
 * kernels' memory: every second feature binned by a worker from the shared staging array, odd and
 * even feature counts, missing, constant and all-missing columns, min_data_in_leaf's pre-filter on
 * and off; one thread: every feature on the calling thread, no unit sent.
 */
import { WASM } from '../wasm-available.js';
import { afterAll, describe, expect, it } from 'vitest';
import { mapperFromCuts } from '../../src/binning/bin-mapper.js';
import { lightgbmCutsParallel } from '../../src/binning/lightgbm-cuts-parallel.js';
import { lightgbmCuts } from '../../src/kernels/ts/lightgbm-bins.js';
import { createSharedTsKernels } from '../../src/kernels/ts/ts-kernels.js';
import { createWasmKernels } from '../../src/kernels/wasm/wasm-kernels.js';
import { createExecutor, setParallelCostForTesting, workerUnitCounts } from '../../src/parallel/executor.js';
import { destroyWorkerPool } from '../../src/parallel/pool.js';
import { dataset } from './random-data.js';

afterAll(async () => {
  setParallelCostForTesting(null);
  await destroyWorkerPool();
});

const kernelSets = [
  ['wasm', () => createWasmKernels()],
  ['shared ts', () => createSharedTsKernels()],
] as const;

describe.each(kernelSets.filter(([name]) => WASM || name !== 'wasm'))('lightgbmCutsParallel, %s kernels', (_name, make) => {
  it.each([
    [3000, 7, 255, 20, 2],
    [2500, 6, 16, 0, 2],
    [800, 3, 64, 5, 2],
    [2000, 5, 255, 20, 1],
  ])('%i rows x %i features, max_bin %i, min_data_in_leaf %i, %i threads: the serial mapper exactly', async (nRows, nF, maxBin, minData, threads) => {
    setParallelCostForTesting(0);
    const kernels = make();
    if (!kernels) throw new Error('kernels not available');
    const data = dataset(nRows, nF, nRows + nF, 'regression');
    data.columns[1]!.fill(NaN);
    if (nF >= 4) data.columns[3]!.fill(1.5);
    for (let r = 0; r < nRows; r += 9) data.columns[0]![r] = r % 2 === 0 ? 0 : NaN;
    const want = mapperFromCuts(data.columns.map((c) => lightgbmCuts(c, maxBin, 3, minData)));
    const before = workerUnitCounts().get('lightgbm-cuts') ?? 0;
    const got = await lightgbmCutsParallel(data, maxBin, 3, minData, createExecutor(kernels, threads), kernels.shared!);
    expect(Array.from(got.nBins)).toEqual(Array.from(want.nBins));
    expect(Array.from(got.histOffsets)).toEqual(Array.from(want.histOffsets));
    expect(Array.from(got.minValues)).toEqual(Array.from(want.minValues));
    for (let f = 0; f < nF; f++) expect(Array.from(got.cuts[f]!), `feature ${f}`).toEqual(Array.from(want.cuts[f]!));
    const sent = (workerUnitCounts().get('lightgbm-cuts') ?? 0) - before;
    expect(sent).toBe(threads === 2 ? Math.floor(nF / 2) : 0);
  });
});
