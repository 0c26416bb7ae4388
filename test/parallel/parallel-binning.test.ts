/**
 * Binning on two threads (src/parallel/parallel-binning.ts) gives binDataset's codes byte for byte:
 * column-major (columnMajorCopy's layout) from binColumnsParallel, row-major from rowMajorParallel,
 * same element type, whatever the chunking, for the WASM and the shared TS kernels. Thresholds are 0
 * so that small data takes the parallel path; the chunk override makes many chunks of it.
 */
import { needsWasm, WASM } from '../wasm-available.js';
import { createExecutor } from '../../src/parallel/executor.js';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  binColumns, binDataset, codeBytes, columnMajorCopy, fitBinMapper, rowMajorCopy,
} from '../../src/binning/bin-mapper.js';
import type { Dataset } from '../../src/data/dataset.js';
import type { Kernels } from '../../src/kernels/kernels.js';
import { createSharedTsKernels } from '../../src/kernels/ts/ts-kernels.js';
import { createWasmKernels } from '../../src/kernels/wasm/wasm-kernels.js';
import { injectWorkerFaultForTesting } from '../../src/parallel/fault.js';
import { binColumnsParallel, rowMajorParallel, setBinningChunkRowsForTesting } from '../../src/binning/parallel-binning.js';
import { destroyWorkerPool } from '../../src/parallel/pool.js';
import { setParallelCostForTesting } from '../../src/parallel/executor.js';
import { WorkerFailedError } from '../../src/parallel/worker-error.js';

afterEach(() => {
  setParallelCostForTesting(null);
  setBinningChunkRowsForTesting(null);
  injectWorkerFaultForTesting(null);
});
afterAll(async () => {
  await destroyWorkerPool();
});

const kernelSets: [string, () => Kernels][] = [
  ['wasm', () => {
    const k = createWasmKernels();
    if (!k) throw new Error('WASM kernels not built');
    return k;
  }],
  ['shared ts', () => {
    const k = createSharedTsKernels();
    if (!k) throw new Error('no WebAssembly.Memory for shared TS kernels');
    return k;
  }],
];

/**
 * Random values: feature f % 3 === 2 takes integers 0..6, the others `distinct` different values;
 * `nanRate` of the values are missing (256 cuts need more than 256 distinct values).
 */
function values(nRows: number, nFeatures: number, nanRate: number, seed: number, distinct = 100_003): Dataset {
  let s = seed >>> 0;
  const rnd = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const columns: Float32Array[] = [];
  for (let f = 0; f < nFeatures; f++) {
    const col = new Float32Array(nRows);
    for (let r = 0; r < nRows; r++) {
      if (rnd() < nanRate) col[r] = NaN;
      else col[r] = f % 3 === 2 ? Math.floor(rnd() * 7) : (Math.floor(rnd() * distinct) - distinct / 2) / 7;
    }
    columns.push(col);
  }
  return {
    nRows, nFeatures, featureNames: columns.map((_, f) => `f${f}`), hasFeatureNames: false, columns,
    label: new Float32Array(nRows), weight: null, queryOffsets: null, position: null, source: 'random values',
  };
}

/** Checks both parallel layouts against binDataset's codes. */
async function expectSerialCodes(data: Dataset, maxBin: number, kernels: Kernels, bytes: 1 | 2): Promise<void> {
  const mapper = fitBinMapper(data, maxBin);
  const want = binDataset(data, mapper);
  expect(want.bins.BYTES_PER_ELEMENT).toBe(bytes);
  const columns = await binColumnsParallel(data, mapper, createExecutor(kernels, 2));
  expect(kernels.shared!.owns(columns.codes)).toBe(true);
  expect(columns.codes.BYTES_PER_ELEMENT).toBe(bytes);
  expect(columns.codes).toEqual(columnMajorCopy(want));
  const rows = await rowMajorParallel(columns, createExecutor(kernels, 2));
  expect(kernels.shared!.owns(rows.bins)).toBe(true);
  expect(rows.bins.BYTES_PER_ELEMENT).toBe(bytes);
  expect(rows.nRows).toBe(data.nRows);
  expect(rows.nFeatures).toBe(data.nFeatures);
  expect(rows.bins).toEqual(want.bins);
}

describe.each(kernelSets.filter(([name]) => WASM || name !== 'wasm'))('parallel binning, %s kernels', (_name, makeKernels) => {
  it.each([
    // rows, features, max_bin, rows per chunk (null: the default, one chunk per feature here), code bytes
    [1237, 7, 64, 64, 1],
    [1000, 5, 256, 97, 2],
    [777, 1, 32, 50, 1],
    [2003, 3, 16, 1, 1],
    [641, 4, 64, null, 1],
  ] as const)('%i rows x %i features, max_bin %i, %s-row chunks, one column all NaN, one constant: codes byte-identical (%i bytes)', async (nRows, nF, maxBin, chunk, bytes) => {
    setParallelCostForTesting(0);
    setBinningChunkRowsForTesting(chunk);
    const data = values(nRows, nF, 0.08, nRows + nF);
    if (nF >= 4) {
      data.columns[2]!.fill(NaN);
      data.columns[3]!.fill(1.5);
    }
    await expectSerialCodes(data, maxBin, makeKernels(), bytes);
  });

  it.each([
    [3001, 5, 128],
    [1500, 1, 37],
    [2500, 6, null],
  ] as const)('%i rows x %i features with NaNs and 256 bins, %s-row chunks: u16 codes byte-identical', async (nRows, nF, chunk) => {
    setParallelCostForTesting(0);
    setBinningChunkRowsForTesting(chunk);
    const data = values(nRows, nF, 0.05, nRows);
    await expectSerialCodes(data, 256, makeKernels(), 2);
  });

  it('max_bin 256 without NaNs stays u8', async () => {
    setParallelCostForTesting(0);
    setBinningChunkRowsForTesting(100);
    await expectSerialCodes(values(1800, 3, 0, 11), 256, makeKernels(), 1);
  });

  it.each(['throw', 'exit'] as const)('a worker that fails (%s) fails binning with the worker error', async (fault) => {
    setParallelCostForTesting(0);
    setBinningChunkRowsForTesting(50);
    const kernels = makeKernels();
    const data = values(900, 3, 0.1, 3);
    const mapper = fitBinMapper(data, 64);
    injectWorkerFaultForTesting(fault);
    await expect(binColumnsParallel(data, mapper, createExecutor(kernels, 2))).rejects.toBeInstanceOf(WorkerFailedError);
    const columns = await binColumnsParallel(data, mapper, createExecutor(kernels, 2));
    injectWorkerFaultForTesting(fault);
    await expect(rowMajorParallel(columns, createExecutor(kernels, 2))).rejects.toBeInstanceOf(WorkerFailedError);
    // Fresh workers afterwards, same codes.
    expect((await rowMajorParallel(columns, createExecutor(kernels, 2))).bins).toEqual(binDataset(data, mapper).bins);
  });
});

describe.skipIf(!WASM)(needsWasm('three threads'), () => {
  it('the transposition with two workers gives the same codes', async () => {
    setParallelCostForTesting(0);
    setBinningChunkRowsForTesting(33);
    const kernels = createWasmKernels()!;
    const data = values(2000, 6, 0.05, 21);
    const mapper = fitBinMapper(data, 256);
    const want = binDataset(data, mapper);
    const columns = await binColumnsParallel(data, mapper, createExecutor(kernels, 3));
    expect(columns.codes).toEqual(columnMajorCopy(want));
    expect((await rowMajorParallel(columns, createExecutor(kernels, 3))).bins).toEqual(want.bins);
  });
});

describe('serial layouts', () => {
  it.each([
    [500, 3, 64, 0.1],
    [5000, 2, 256, 0.02],
    [4100, 5, 256, 0],
    [3000, 8, 64, 0.1],
    [999, 3, 256, 0.05],
  ] as const)('%i x %i, max_bin %i, NaN rate %d: binColumns and rowMajorCopy (by words or by codes) equal binDataset and columnMajorCopy', (nRows, nF, maxBin, nanRate) => {
    const data = values(nRows, nF, nanRate, 7);
    const mapper = fitBinMapper(data, maxBin);
    const want = binDataset(data, mapper);
    expect(want.bins.BYTES_PER_ELEMENT).toBe(codeBytes(data, mapper));
    const columns = binColumns(data, mapper);
    expect(columns.codes).toEqual(columnMajorCopy(want));
    expect(rowMajorCopy(columns).bins).toEqual(want.bins);
  });

  it('the serial fallback (one thread) gives the same codes', async () => {
    const kernels = createWasmKernels()!;
    const data = values(800, 4, 0.1, 9);
    const mapper = fitBinMapper(data, 64);
    const columns = await binColumnsParallel(data, mapper, createExecutor(kernels, 1));
    expect((await rowMajorParallel(columns, createExecutor(kernels, 1))).bins).toEqual(binDataset(data, mapper).bins);
  });
});
