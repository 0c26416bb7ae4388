/**
 * valueReleaser: each feature's values are emptied when binning reports them done, and not before;
 * binning with it gives the codes binning without it gives.
 */
import { needsWasm, WASM } from '../wasm-available.js';
import { createExecutor } from '../../src/parallel/executor.js';
import { afterAll, describe, expect, it } from 'vitest';
import { binColumns, fitBinMapper } from '../../src/binning/bin-mapper.js';
import { valueReleaser } from '../../src/booster/value-release.js';
import { selectKernels } from '../../src/kernels/select.js';
import { binColumnsParallel, setBinningChunkRowsForTesting } from '../../src/binning/parallel-binning.js';
import { destroyWorkerPool } from '../../src/parallel/pool.js';
import { setParallelCostForTesting } from '../../src/parallel/executor.js';
import { dataset } from '../parallel/random-data.js';

afterAll(async () => {
  setParallelCostForTesting(null);
  setBinningChunkRowsForTesting(null);
  await destroyWorkerPool();
});

describe.skipIf(!WASM)(needsWasm('valueReleaser'), () => {
  it('empties exactly the features reported, in order, and the codes do not change', () => {
    const data = dataset(2000, 7, 3, 'regression');
    const mapper = fitBinMapper(data, 64);
    const expected = binColumns(data, mapper).codes;
    const release = valueReleaser(data);
    const order: number[] = [];
    const got = binColumns(data, mapper, undefined, (f) => {
      // Features after f still hold their values when f is released.
      for (let g = f + 1; g < data.nFeatures; g++) expect(data.columns[g]!.length).toBe(2000);
      release(f);
      expect(data.columns[f]!.length).toBe(0);
      order.push(f);
    }).codes;
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(Array.from(got)).toEqual(Array.from(expected));
  });

  it('on two threads, every feature is reported once, after all its chunks are read', async () => {
    setParallelCostForTesting(0);
    setBinningChunkRowsForTesting(300);
    const data = dataset(2000, 7, 4, 'regression');
    const mapper = fitBinMapper(data, 64);
    const kernels = selectKernels('wasm', true);
    const expected = binColumns(data, mapper, kernels).codes;
    const release = valueReleaser(data);
    const reported: number[] = [];
    const got = await binColumnsParallel(data, mapper, createExecutor(kernels, 2), (f) => {
      release(f);
      reported.push(f);
    });
    expect([...reported].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(data.columns.every((c) => c.length === 0)).toBe(true);
    expect(Array.from(got.codes)).toEqual(Array.from(expected));
  });
});
