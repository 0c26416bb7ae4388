/**
 * Batch prediction on worker threads (src/parallel/parallel-predict.ts): the margins are the
 * single-thread ones and the naive walk's to the bit for 1, 2 and 3 threads, with either kernel;
 * calls on one Predictor may overlap; bad rows fail before any worker runs; a failing worker fails
 * the call with its error and the next call works.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/dataset.js';
import { DataError, UserError } from '../../src/errors.js';
import { injectWorkerFaultForTesting } from '../../src/parallel/fault.js';
import { setCallerWalksForTesting, setSegmentRowsForTesting } from '../../src/parallel/parallel-predict.js';
import { destroyWorkerPool, hasWorkerPool } from '../../src/parallel/pool.js';
import { Predictor } from '../../src/predict/predictor.js';
import { makeModel } from '../model-io/tiny-model.js';
import { naiveMargin, randomModel, randomRow, rng } from '../predict/random-model.js';

afterEach(() => {
  injectWorkerFaultForTesting(null);
  setCallerWalksForTesting(true);
  setSegmentRowsForTesting(null);
});
afterAll(async () => {
  await destroyWorkerPool();
});

/** Rows enough for the parallel path (it predicts below 2048 rows on the calling thread). */
const N_ROWS = 5000;

function datasetOf(rows: number[][], nFeatures: number): Dataset {
  const columns = Array.from({ length: nFeatures }, (_, f) => Float32Array.from(rows, (row) => row[f]!));
  return {
    nRows: rows.length,
    nFeatures,
    featureNames: columns.map((_, f) => `f${f}`),
    hasFeatureNames: false,
    columns,
    label: null,
    weight: null,
    queryOffsets: null,
    position: null,
    source: 'test rows',
  };
}

describe('parallel batch prediction', () => {
  const configs = [
    { name: 'numeric, WASM kernel', cats: false, kernel: 'auto' as const },
    { name: 'numeric, TypeScript kernel', cats: false, kernel: 'ts' as const },
    { name: 'categorical', cats: true, kernel: 'auto' as const },
  ];
  for (const c of configs) {
    it(`${c.name}: 1, 2 and 3 threads give the naive walk's margins bit for bit`, async () => {
      const r = rng(c.name.length * 17 + 1);
      const nFeatures = 5;
      const model = randomModel(r, { nFeatures, nTrees: 40, maxNodes: 80, cats: c.cats, weights: true });
      const p = Predictor.fromModel(model, { kernel: c.kernel });
      const rows = Array.from({ length: N_ROWS + 37 }, () => randomRow(r, nFeatures));
      const data = datasetOf(rows, nFeatures);
      const want = Float32Array.from(rows, (row) => naiveMargin(model, Float32Array.from(row)));
      expect(Array.from(p.predictMargin(data))).toEqual(Array.from(want));
      // Workers alone (the caller waits) and workers with the caller; one segment, and segments of
      // 1000 rows (rounded to 1024; the last one partial).
      for (const segmentRows of [null, 1000]) {
        setSegmentRowsForTesting(segmentRows);
        for (const callerWalks of [false, true]) {
          setCallerWalksForTesting(callerWalks);
          for (const nthread of [1, 2, 3]) {
            const got = await p.predictMarginAsync(data, undefined, { nthread });
            expect(got.length).toBe(want.length);
            let same = 0;
            for (let i = 0; i < want.length; i++) if (Object.is(got[i], want[i])) same++;
            expect(same, `nthread ${nthread}, caller walks: ${callerWalks}, segment rows ${segmentRows}`).toBe(want.length);
          }
        }
      }
      setSegmentRowsForTesting(null);
      setCallerWalksForTesting(true);
      expect(hasWorkerPool()).toBe(true);
      // Array rows and a tree prefix go the same way.
      const k = 17;
      const sub = { ...model, trees: model.trees.slice(0, k), treeWeights: model.treeWeights.slice(0, k), treeInfo: model.treeInfo.slice(0, k) };
      const prefix = await p.predictMarginAsync(rows, new Float32Array(rows.length + 3), { nthread: 2, nTrees: k });
      expect(prefix.length).toBe(rows.length);
      for (let i = 0; i < rows.length; i += 97) expect(prefix[i]).toBe(naiveMargin(sub, Float32Array.from(rows[i]!)));
    });
  }

  it('predictAsync applies the output transform as predict does', async () => {
    const r = rng(77);
    const base = randomModel(r, { nFeatures: 4, nTrees: 12, maxNodes: 40 });
    const model = { ...base, objective: { ...base.objective, name: 'binary:logistic' } };
    const p = Predictor.fromModel(model);
    const rows = Array.from({ length: N_ROWS }, () => randomRow(r, 4));
    expect(Array.from(await p.predictAsync(rows, undefined, { nthread: 2 }))).toEqual(Array.from(p.predict(rows)));
  });

  it('overlapping calls on one Predictor each get their own rows right', async () => {
    const r = rng(5);
    const model = randomModel(r, { nFeatures: 3, nTrees: 25, maxNodes: 60 });
    const p = Predictor.fromModel(model);
    const a = Array.from({ length: N_ROWS }, () => randomRow(r, 3));
    const b = Array.from({ length: 2 * N_ROWS + 1 }, () => randomRow(r, 3));
    const [pa, pb] = await Promise.all([p.predictMarginAsync(a, undefined, { nthread: 2 }), p.predictMarginAsync(b, undefined, { nthread: 2 })]);
    expect(Array.from(pa)).toEqual(Array.from(p.predictMargin(a)));
    expect(Array.from(pb)).toEqual(Array.from(p.predictMargin(b)));
  });

  it('a row of the wrong length is a DataError naming it; a bad nthread is refused', async () => {
    const model = makeModel({ nFeatures: 2, trees: [[{ leaf: 1 }]] });
    const p = Predictor.fromModel(model);
    const rows = Array.from({ length: N_ROWS }, () => [1, 2]);
    rows[4000] = [1];
    // Workers waiting for rows that will never be filled stop; the pool stays usable.
    for (const callerWalks of [true, false]) {
      setCallerWalksForTesting(callerWalks);
      const err = await p.predictMarginAsync(rows, undefined, { nthread: 3 }).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(DataError);
      expect((err as Error).message).toMatch(/row 4001.*1 values, the model expects 2/);
      expect(hasWorkerPool()).toBe(true);
    }
    rows[4000] = [1, 2];
    expect(Array.from(await p.predictMarginAsync(rows, undefined, { nthread: 2 }))).toEqual(Array.from(p.predictMargin(rows)));
    await expect(p.predictMarginAsync([[1, 2]], undefined, { nthread: -1 })).rejects.toThrow(/nthread must be a non-negative integer/);
  });

  it('a failing worker fails the call with its error; the pool is replaced and the next call works', async () => {
    const r = rng(11);
    const model = randomModel(r, { nFeatures: 3, nTrees: 10, maxNodes: 30 });
    const p = Predictor.fromModel(model);
    const rows = Array.from({ length: N_ROWS }, () => randomRow(r, 3));
    const want = p.predictMargin(rows);
    injectWorkerFaultForTesting('throw');
    const err = await p.predictMarginAsync(rows, undefined, { nthread: 2 }).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(/worker thread failed: injected worker fault \(test\)/);
    expect(hasWorkerPool()).toBe(false);
    expect(Array.from(await p.predictMarginAsync(rows, undefined, { nthread: 2 }))).toEqual(Array.from(want));
  });
});
