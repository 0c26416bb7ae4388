/**
 * Large nodes are built as two row halves (src/histogram/row-halves.ts): node = first half's sums +
 * second half's sums, slot by slot, on one thread or two. Checked against the naive build of each
 * half, to the bit, with the threshold lowered so a small matrix takes that path.
 */
import { needsWasm, WASM } from '../wasm-available.js';
import { afterAll, describe, expect, it } from 'vitest';
import { binDataset, fitBinMapper, placeMapper } from '../../src/binning/bin-mapper.js';
import { HistogramBuilder } from '../../src/histogram/builder.js';
import { createExecutor } from '../../src/parallel/executor.js';
import { setRowHalvesMinRowsForTesting } from '../../src/histogram/row-halves.js';
import { naiveHistogram } from '../../src/kernels/naive.js';
import { createWasmKernels } from '../../src/kernels/wasm/wasm-kernels.js';
import { setParallelCostForTesting } from '../../src/parallel/executor.js';
import { destroyWorkerPool } from '../../src/parallel/pool.js';
import { dataset } from '../parallel/random-data.js';

afterAll(async () => {
  setRowHalvesMinRowsForTesting(null);
  setParallelCostForTesting(null);
  await destroyWorkerPool();
});

/**
 * 1500 rows x 9 features binned, a partition array `rows[i] = (i * step) % n` and gradient pairs
 * whose magnitudes spread over 2^-30 .. 2^30, so float64 sums round and the order shows.
 */
function setup(step: number, seed: number) {
  const kernels = createWasmKernels();
  if (!kernels) throw new Error('WASM kernels not built');
  const data = dataset(1500, 9, 5, 'regression');
  const mapper = placeMapper(fitBinMapper(data, 64), kernels.memory);
  const binned = binDataset(data, mapper, kernels);
  const n = data.nRows;
  const rows = kernels.memory.u32(n);
  for (let i = 0; i < n; i++) rows[i] = (i * step) % n;
  const gh = kernels.memory.f32(2 * n);
  let s = seed;
  const rnd = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
  for (let i = 0; i < 2 * n; i++) gh[i] = Math.fround((rnd() - (i % 2 === 0 ? 0.5 : 0)) * 2 ** Math.floor(rnd() * 60 - 30));
  return { kernels, data, mapper, binned, n, rows, gh, len: 2 * mapper.histOffsets[data.nFeatures]! };
}

describe.skipIf(!WASM)(needsWasm('row halves'), () => {
  it('a node at or above the threshold sums as first half + second half; below it, in one pass', async () => {
    const { kernels, data, mapper, binned, n, rows, gh, len } = setup(7, 3);
    const [start, end] = [100, 1300];
    const mid = start + (end - start) / 2;
    const first = naiveHistogram(binned.bins, n, data.nFeatures, mapper.histOffsets, Array.from(rows.subarray(start, mid)), gh);
    const second = naiveHistogram(binned.bins, n, data.nFeatures, mapper.histOffsets, Array.from(rows.subarray(mid, end)), gh);
    const whole = naiveHistogram(binned.bins, n, data.nFeatures, mapper.histOffsets, Array.from(rows.subarray(start, end)), gh);
    const halves = first.map((v, i) => v + second[i]!);
    expect(halves.some((v, i) => !Object.is(v, whole[i]))).toBe(true); // the two orders round differently here

    setParallelCostForTesting(0);
    for (const [threshold, want] of [[1200, halves], [1201, whole]] as const) {
      setRowHalvesMinRowsForTesting(threshold);
      for (const threads of [1, 2]) {
        const builder = new HistogramBuilder(kernels, mapper, binned, createExecutor(kernels, threads));
        const hist = kernels.memory.f64(len);
        await builder.build([{ rows: { aStart: start, aEnd: end, bStart: end, bEnd: end }, hist }], rows, gh);
        for (let i = 0; i < len; i++) expect(Object.is(hist[i], want[i]), `threshold ${threshold}, ${threads} threads, double ${i}`).toBe(true);
      }
    }
  });

  it('a node in two windows sums its rows in order, halved at its middle row whichever window that falls in', async () => {
    const { kernels, data, mapper, binned, n, rows, gh, len } = setup(11, 5);
    // 300 rows in the first window, 700 in the second: the middle row (500) is in the second.
    const node = { aStart: 100, aEnd: 400, bStart: 700, bEnd: 1400 };
    const ordered = [...rows.subarray(node.aStart, node.aEnd), ...rows.subarray(node.bStart, node.bEnd)];
    const naive = (r: number[]): Float64Array => naiveHistogram(binned.bins, n, data.nFeatures, mapper.histOffsets, r, gh);
    const first = naive(ordered.slice(0, 500));
    const second = naive(ordered.slice(500));
    const halves = first.map((v, i) => v + second[i]!);
    const whole = naive(ordered);
    expect(halves.some((v, i) => !Object.is(v, whole[i]))).toBe(true);

    setParallelCostForTesting(0);
    for (const [threshold, want] of [[1000, halves], [1001, whole]] as const) {
      setRowHalvesMinRowsForTesting(threshold);
      for (const threads of [1, 2]) {
        const builder = new HistogramBuilder(kernels, mapper, binned, createExecutor(kernels, threads));
        const hist = kernels.memory.f64(len);
        await builder.build([{ rows: node, hist }], rows, gh);
        for (let i = 0; i < len; i++) expect(Object.is(hist[i], want[i]), `threshold ${threshold}, ${threads} threads, double ${i}`).toBe(true);
      }
    }
  });
});
