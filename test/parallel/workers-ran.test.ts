/**
 * Proof that the workers run the stages: with the calling thread kept out of the claim loop
 * (setCallerClaimsForTesting(false)) and every batch sent to workers (cost rule 0), training on 2
 * threads must still give the 1-thread model, and every stage's unit kernel must have had units run
 * by workers. A silent fallback to the calling thread leaves the counts at 0 and fails this test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setBinningChunkRowsForTesting } from '../../src/binning/parallel-binning.js';
import { trainModel } from '../../src/booster/train.js';
import { createWasmKernels } from '../../src/kernels/wasm/wasm-kernels.js';
import { modelToJSON } from '../../src/model-io/xgboost-json.js';
import { setCallerClaimsForTesting, setParallelCostForTesting, workerUnitCounts } from '../../src/parallel/executor.js';
import { destroyWorkerPool } from '../../src/parallel/pool.js';
import { setRowHalvesMinRowsForTesting } from '../../src/histogram/row-halves.js';
import { Predictor } from '../../src/predict/predictor.js';
import { dataset } from './random-data.js';

const wasm = createWasmKernels() !== null;

beforeAll(() => {
  setParallelCostForTesting(0);
  setBinningChunkRowsForTesting(256);
});
afterAll(async () => {
  setParallelCostForTesting(null);
  setBinningChunkRowsForTesting(null);
  setCallerClaimsForTesting(true);
  await destroyWorkerPool();
});

function counts(): Map<string, number> {
  return new Map(workerUnitCounts());
}

function ranSince(before: Map<string, number>, name: string): number {
  return (workerUnitCounts().get(name) ?? 0) - (before.get(name) ?? 0);
}

describe('stages run on the workers', () => {
  it.each<'ts' | 'wasm'>(['ts', ...(wasm ? ['wasm' as const] : [])])('kernel %s: every training stage has units run by workers, same model', async (kernel) => {
    for (const [kind, params, stages] of [
      ['regression', { objective: 'reg:squarederror', max_depth: 4 },
        ['cuts', 'binRing', 'transpose', 'histogram', 'splits', 'histogramSplits', 'partition', 'leafAdd', 'pointwise', 'applyTree']],
      ['rank', { objective: 'rank:ndcg', max_depth: 4 }, ['lambdarank', 'histogram', 'splits', 'histogramSplits', 'partition', 'leafAdd']],
      ['rank', { objective: 'lambdarank', max_depth: 4 }, ['lightgbm-rank']],
    ] as const) {
      const data = dataset(2000, 6, 17, kind);
      const evals = [{ name: 'valid', data: dataset(300, 6, 5, kind) }];
      const p = { ...params, num_round: 3, kernel, verbosity: 0 };
      const want = modelToJSON((await trainModel({ ...p, nthread: 1 }, data, { evals })).model);
      const before = counts();
      setCallerClaimsForTesting(false);
      try {
        const got = modelToJSON((await trainModel({ ...p, nthread: 2 }, data, { evals })).model);
        expect(got).toBe(want);
      } finally {
        setCallerClaimsForTesting(true);
      }
      for (const s of stages) expect(ranSince(before, s), `${kind}: units of ${s} run by workers`).toBeGreaterThan(0);
    }
  });

  it('nodes built as two row halves: their reduction and split searches (addHalvesSplits) run on workers, same model', async () => {
    setRowHalvesMinRowsForTesting(400);
    try {
      const data = dataset(3000, 6, 23, 'regression');
      const p = { objective: 'reg:squarederror' as const, max_depth: 4, num_round: 3, verbosity: 0 };
      const want = modelToJSON((await trainModel({ ...p, nthread: 1 }, data)).model);
      const before = counts();
      setCallerClaimsForTesting(false);
      try {
        expect(modelToJSON((await trainModel({ ...p, nthread: 2 }, data)).model)).toBe(want);
      } finally {
        setCallerClaimsForTesting(true);
      }
      expect(ranSince(before, 'addHalvesSplits')).toBeGreaterThan(0);
    } finally {
      setRowHalvesMinRowsForTesting(null);
    }
  });

  it('batch prediction: the row blocks are walked by workers', async () => {
    const data = dataset(3000, 6, 3, 'regression');
    const { model } = await trainModel({ objective: 'reg:squarederror', num_round: 3, nthread: 1 }, data);
    const predictor = Predictor.fromModel(model);
    const want = await predictor.predictMarginAsync(data, undefined, { nthread: 1 });
    const before = counts();
    setCallerClaimsForTesting(false);
    try {
      expect(await predictor.predictMarginAsync(data, undefined, { nthread: 2 })).toEqual(want);
    } finally {
      setCallerClaimsForTesting(true);
    }
    expect(ranSince(before, 'predict')).toBeGreaterThan(0);
  });
});
