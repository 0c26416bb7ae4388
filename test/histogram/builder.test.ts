/**
 * HistogramBuilder's units (src/histogram/builder.ts): nodes below the row-halves threshold are
 * built as one unit over all features, or per feature block where the cost model says so
 * (unit-schedule.ts). Either way each node's histogram, and its sibling's by subtraction, must
 * equal the naive build to the bit, on one thread or two.
 */
import { needsWasm, WASM } from '../wasm-available.js';
import { afterAll, describe, expect, it } from 'vitest';
import { binDataset, fitBinMapper, placeMapper } from '../../src/binning/bin-mapper.js';
import { HistogramBuilder } from '../../src/histogram/builder.js';
import { histogramUnitCost, splitNodes } from '../../src/histogram/unit-schedule.js';
import { featureBlocks } from '../../src/parallel/feature-blocks.js';
import { createExecutor, setParallelCostForTesting } from '../../src/parallel/executor.js';
import { naiveHistogram } from '../../src/kernels/naive.js';
import { createWasmKernels } from '../../src/kernels/wasm/wasm-kernels.js';
import { HISTOGRAM_UNIT, histogramUnits } from '../../src/kernels/units/histogram.js';
import { destroyWorkerPool } from '../../src/parallel/pool.js';
import { dataset } from '../parallel/random-data.js';

afterAll(async () => {
  setParallelCostForTesting(null);
  await destroyWorkerPool();
});

describe.skipIf(!WASM)(needsWasm('histogram builder units'), () => {
  it('a batch of small nodes (whole-node units) and one large one (feature blocks) equals the naive build, siblings too', async () => {
    const kernels = createWasmKernels();
    if (!kernels) throw new Error('WASM kernels not built');
    const data = dataset(2000, 9, 7, 'regression');
    const mapper = placeMapper(fitBinMapper(data, 64), kernels.memory);
    const binned = binDataset(data, mapper, kernels);
    const n = data.nRows;
    const nF = data.nFeatures;
    const rows = kernels.memory.u32(n);
    for (let i = 0; i < n; i++) rows[i] = (i * 13) % n;
    const gh = kernels.memory.f32(2 * n);
    let s = 9;
    const rnd = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
    for (let i = 0; i < 2 * n; i++) gh[i] = Math.fround((rnd() - (i % 2 === 0 ? 0.5 : 0)) * 2 ** Math.floor(rnd() * 40 - 20));
    const len = 2 * mapper.histOffsets[nF]!;
    // Windows: one node of 1600 rows (feature blocks on two threads: the batch ends sooner so),
    // then four of 100 (some whole); each with a parent whose sibling is made by subtraction.
    const windows: [number, number][] = [[0, 1600]];
    for (let k = 0; k < 4; k++) windows.push([1600 + 100 * k, 1700 + 100 * k]);
    const blocks = featureBlocks(nF, 2);
    expect(blocks.length).toBe(3);
    const costs = windows.map(([a, b]) => ({
      whole: histogramUnitCost(b - a, nF), blocks: [0, 1].map((k) => histogramUnitCost(b - a, blocks[k + 1]! - blocks[k]!)),
    }));
    const split = splitNodes(costs, [], 2);
    expect(split[0]).toBe(true);
    expect(split.filter((x) => !x).length).toBeGreaterThan(0);
    const naive = (a: number, b: number): Float64Array =>
      naiveHistogram(binned.bins, n, nF, mapper.histOffsets, Array.from(rows.subarray(a, b)), gh);
    const parentOf = windows.map(() => Float64Array.from({ length: len }, () => rnd() * 1000));

    setParallelCostForTesting(0);
    for (const threads of [1, 2]) {
      const executor = createExecutor(kernels, threads);
      // The feature ranges of each histogram's units (hists index -> [featStart, featEnd) list).
      const ranges = new Map<number, [number, number][]>();
      const run = executor.run.bind(executor);
      executor.run = (kernel, args, nUnits, work) => {
        if ((kernel as unknown) === histogramUnits) {
          const recs = (args as unknown as { units: readonly number[] }).units;
          const A = HISTOGRAM_UNIT.at;
          for (let u = 0; u < nUnits; u++) {
            const r = u * HISTOGRAM_UNIT.size;
            const h = recs[r + A.hist]!;
            ranges.set(h, [...(ranges.get(h) ?? []), [recs[r + A.featStart]!, recs[r + A.featEnd]!]]);
          }
        }
        return run(kernel, args, nUnits, work);
      };
      const builder = new HistogramBuilder(kernels, mapper, binned, executor);
      const jobs = windows.map(([a, b], k) => {
        const sibling = kernels.memory.f64(len);
        sibling.set(parentOf[k]!);
        return { rows: { aStart: a, aEnd: b, bStart: b, bEnd: b }, hist: kernels.memory.f64(len).fill(7), sibling };
      });
      await builder.build(jobs, rows, gh);
      // Each node (hists index 2k: hist, then its sibling) in the units the cost model chose (two
      // threads: node 0 in its two feature blocks), whose ranges cover [0, nF) once.
      expect(ranges.size).toBe(windows.length);
      windows.forEach((_, k) => {
        const got = (ranges.get(2 * k) ?? []).sort((x, y) => x[0] - y[0]);
        const want = threads === 2 && split[k] ? [[0, blocks[1]!], [blocks[1]!, nF]] : [[0, nF]];
        expect(got, `${threads} threads, node ${k}`).toEqual(want);
      });
      jobs.forEach((j, k) => {
        const want = naive(windows[k]![0], windows[k]![1]);
        for (let i = 0; i < len; i++) {
          expect(Object.is(j.hist[i], want[i]), `${threads} threads, node ${k}, double ${i}`).toBe(true);
          expect(Object.is(j.sibling[i], parentOf[k]![i]! - want[i]!), `${threads} threads, sibling ${k}, double ${i}`).toBe(true);
        }
      });
    }
  });
});
