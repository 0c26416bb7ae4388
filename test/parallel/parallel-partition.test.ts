/**
 * Row partitions on two and three threads (src/parallel/parallel-partition.ts) equal the serial
 * partition exactly: node groups, and large nodes cut in halves and joined.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createWasmKernels } from '../../src/kernels/wasm/wasm-kernels.js';
import { ParallelPartitioner, setMinParallelPartitionForTesting, setPartitionSplitRowsForTesting } from '../../src/parallel/parallel-partition.js';
import { destroyWorkerPool } from '../../src/parallel/pool.js';
import { partitionSerial, type PartitionJob } from '../../src/tree/partition-job.js';

afterAll(async () => {
  setMinParallelPartitionForTesting(null);
  setPartitionSplitRowsForTesting(null);
  await destroyWorkerPool();
});

describe('ParallelPartitioner', () => {
  it.each([2, 3])('equals the serial partition (%i threads), with whole and halved nodes', async (threads) => {
    setMinParallelPartitionForTesting(0);
    setPartitionSplitRowsForTesting(300);
    const kernels = createWasmKernels();
    if (!kernels) throw new Error('WASM kernels not built');
    let s = 17;
    const rnd = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
    const nRows = 2000;
    const nF = 3;
    const codes = kernels.memory.u8(nRows * nF); // column-major
    for (let i = 0; i < codes.length; i++) codes[i] = rnd() < 0.1 ? 9 : Math.floor(rnd() * 9);
    const order = Array.from({ length: nRows }, (_, i) => i).sort(() => rnd() - 0.5);
    // Windows: one of 1000 rows (halved), 0, 1 and 299 rows (whole), 700 rows (halved).
    const windows = [[0, 1000], [1000, 1000], [1000, 1001], [1001, 1300], [1300, 2000]];
    const jobs = (): PartitionJob[] => windows.map(([start, end], k) => ({
      start: start!, end: end!, feature: k % nF, splitBin: 3 + k, missingCode: 9, defaultLeft: k % 2 === 0, nLeft: -1,
    }));
    const rowsSerial = kernels.memory.u32(nRows);
    rowsSerial.set(order);
    const want = jobs();
    partitionSerial(kernels, want, codes, nRows, rowsSerial, kernels.memory.u32(nRows));
    const rows = kernels.memory.u32(nRows);
    rows.set(order);
    const got = jobs();
    await new ParallelPartitioner(kernels, threads).partition(got, codes, nRows, rows, kernels.memory.u32(nRows));
    expect(got.map((j) => j.nLeft)).toEqual(want.map((j) => j.nLeft));
    expect(Array.from(rows)).toEqual(Array.from(rowsSerial));
    expect(want[0]!.nLeft).toBeGreaterThan(0);
    expect(want[0]!.nLeft).toBeLessThan(1000);
  });
});
