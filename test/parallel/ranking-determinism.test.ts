/**
 * Learning to rank through the parallel runtime: the ranking gradients run as query-block units
 * (rank:* with per-row weights; LightGBM's lambdarank and rank_xendcg with weights, positions and
 * bagging by query) and min_data_in_leaf's per-node minimum travels with the split units. Every
 * configuration must give the 1-thread TypeScript model byte for byte on 1, 2 and 3 threads and
 * both kernels, and with the calling thread kept out of the claim loop the workers must have run
 * the gradient units (a silent fallback to the calling thread leaves their count at 0).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainModel } from '../../src/booster/train.js';
import type { Dataset } from '../../src/data/dataset.js';
import { createWasmKernels } from '../../src/kernels/wasm/wasm-kernels.js';
import type { Model } from '../../src/model-io/model.js';
import { modelToJSON } from '../../src/model-io/xgboost-json.js';
import type { RawParamInput } from '../../src/index.js';
import { setCallerClaimsForTesting, setParallelCostForTesting, workerUnitCounts } from '../../src/parallel/executor.js';
import { destroyWorkerPool } from '../../src/parallel/pool.js';
import { dataset } from './random-data.js';

const wasm = createWasmKernels() !== null;
const kernels: ('ts' | 'wasm')[] = ['ts', ...(wasm ? ['wasm' as const] : [])];

beforeAll(() => {
  setParallelCostForTesting(0);
});
afterAll(async () => {
  setParallelCostForTesting(null);
  setCallerClaimsForTesting(true);
  await destroyWorkerPool();
});

/** Rank data with uneven row weights and 1-based display positions within each query. */
function rankData(): Dataset {
  const d = dataset(2400, 7, 99, 'rank');
  const offs = d.queryOffsets!;
  const position = new Int32Array(d.nRows);
  for (let q = 0; q + 1 < offs.length; q++) for (let r = offs[q]!; r < offs[q + 1]!; r++) position[r] = r - offs[q]! + 1;
  const weight = Float32Array.from({ length: d.nRows }, (_, i) => 0.25 + ((i * 7919) % 13) / 6);
  return { ...d, weight, position };
}

/** The model file's md5 (a short message when models differ). */
function md5(model: Model): string {
  return createHash('md5').update(modelToJSON(model)).digest('hex');
}

const leafWise = { grow_policy: 'lossguide', max_leaves: 15, max_depth: 0, lambda: 0, min_child_weight: 1e-3, min_data_in_leaf: 20 };
const cases: [string, RawParamInput, string][] = [
  ['lambdarank, row weights, positions, leaf-wise, min_data_in_leaf', { objective: 'lambdarank', ...leafWise }, 'lightgbm-rank'],
  ['lambdarank, ranking_weight group', { objective: 'lambdarank', ranking_weight: 'group', ...leafWise }, 'lightgbm-rank'],
  ['rank_xendcg, bagging by query every 2 rounds', {
    objective: 'rank_xendcg', subsample: 0.7, bagging_freq: 2, bagging_by_query: true, objective_seed: 11, ...leafWise,
  }, 'lightgbm-rank'],
  ['rank:ndcg, ranking_weight row', { objective: 'rank:ndcg', ranking_weight: 'row', max_depth: 5 }, 'lambdarank'],
  ['rank:pairwise, min_data_in_leaf', { objective: 'rank:pairwise', max_depth: 5, min_data_in_leaf: 30 }, 'lambdarank'],
];

describe('ranking with 1, 2 and 3 threads and both kernels', () => {
  const data = rankData();
  it.each(cases)('%s: byte-identical models, gradient units run by workers', async (_name, extra, unit) => {
    const params = { ...extra, num_round: 6, eta: 0.3, verbosity: 0 };
    const reference = await trainModel({ ...params, kernel: 'ts', nthread: 1 }, data);
    const want = md5(reference.model);
    expect(reference.model.trees.some((t) => t.left.length > 7)).toBe(true);
    for (const kernel of kernels) {
      for (const nthread of [1, 2, 3]) {
        const r = await trainModel({ ...params, kernel, nthread }, data);
        expect(md5(r.model), `kernel ${kernel}, ${nthread} threads`).toBe(want);
      }
      const before = workerUnitCounts().get(unit) ?? 0;
      setCallerClaimsForTesting(false);
      try {
        const r = await trainModel({ ...params, kernel, nthread: 2 }, data);
        expect(md5(r.model), `kernel ${kernel}, workers only`).toBe(want);
      } finally {
        setCallerClaimsForTesting(true);
      }
      expect((workerUnitCounts().get(unit) ?? 0) - before, `units of ${unit} run by workers`).toBeGreaterThan(0);
    }
  });
});
