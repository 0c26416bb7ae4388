/**
 * Model bytes pinned across refactors: a matrix of models (every objective, both growth policies,
 * row and column sampling, uint8 and uint16 bins, the general gain, weights, evaluation sets) on
 * data with many distinct values and missing cells (golden-data.ts), trained with kernels ts and
 * wasm on 1, 2 and 3 threads with every stage on the workers (thresholds 0). The md5 of each
 * model file plus its evaluation history must equal the one recorded in model-md5.json from the
 * code before the refactor, for every kernel and thread count.
 *
 * Re-record (only for an intentional, documented change of model bytes):
 *   LAMBDABOOST_RECORD_GOLDEN=1 npx vitest run test/golden/model-bytes.test.ts
 */
import { needsWasm, WASM } from '../wasm-available.js';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainModel } from '../../src/booster/train.js';
import { modelToJSON } from '../../src/model-io/xgboost-json.js';
import { destroyWorkerPool } from '../../src/parallel/pool.js';
import { setParallelCostForTesting } from '../../src/parallel/executor.js';
import { setRowHalvesMinRowsForTesting } from '../../src/histogram/row-halves.js';
import { goldenData, type GoldenKind } from './golden-data.js';

const FILE = new URL('./model-md5.json', import.meta.url).pathname;
const RECORD = process.env.LAMBDABOOST_RECORD_GOLDEN === '1';

type Case = readonly [name: string, kind: GoldenKind, params: Record<string, unknown>, weighted?: boolean, halvesFrom?: number];

const SAMPLING = { subsample: 0.7, colsample_bytree: 0.8, colsample_bylevel: 0.75, colsample_bynode: 0.8, seed: 11 };
const LOSSGUIDE = { grow_policy: 'lossguide', max_leaves: 20, max_depth: 0 };
const OBJECTIVES: readonly [string, GoldenKind, Record<string, unknown>][] = [
  ['reg:squarederror', 'regression', { objective: 'reg:squarederror' }],
  ['binary:logistic', 'binary', { objective: 'binary:logistic' }],
  ['count:poisson', 'count', { objective: 'count:poisson' }],
  ['reg:absoluteerror', 'regression', { objective: 'reg:absoluteerror' }],
  ['rank:ndcg', 'rank', { objective: 'rank:ndcg', min_child_weight: 0.1 }],
  ['rank:pairwise', 'rank', { objective: 'rank:pairwise', min_child_weight: 0.1 }],
  ['rank:map', 'binrank', { objective: 'rank:map', min_child_weight: 0.1 }],
  ['unbiased lambdamart', 'rank', { objective: 'rank:ndcg', lambdarank_unbiased: true, min_child_weight: 0.1 }],
];
const CASES: Case[] = [];
for (const [name, kind, p] of OBJECTIVES) {
  CASES.push([`${name} depthwise`, kind, { ...p, max_depth: 5 }]);
  CASES.push([`${name} lossguide`, kind, { ...p, ...LOSSGUIDE }]);
  CASES.push([`${name} depthwise sampled`, kind, { ...p, max_depth: 4, ...SAMPLING }]);
}
CASES.push(
  ['reg:squarederror lossguide sampled, 1024 bins', 'regression', { objective: 'reg:squarederror', ...LOSSGUIDE, ...SAMPLING, max_bin: 1024 }],
  ['reg:squarederror weighted, alpha and max_delta_step', 'regression',
    { objective: 'reg:squarederror', max_depth: 6, alpha: 0.5, max_delta_step: 0.8, gamma: 0.1, lambda: 2 }, true],
  ['binary:logistic weighted, 16 bins, scale_pos_weight', 'binary', { objective: 'binary:logistic', max_bin: 16, scale_pos_weight: 2 }, true],
  ['count:poisson weighted lossguide', 'count', { objective: 'count:poisson', ...LOSSGUIDE, max_delta_step: 0.3 }, true],
  ['rank:ndcg mean pairs', 'rank', { objective: 'rank:ndcg', lambdarank_pair_method: 'mean', lambdarank_num_pair_per_sample: 3, max_depth: 5 }],
  ['rank:ndcg topk 5, no normalisation', 'rank',
    { objective: 'rank:ndcg', lambdarank_num_pair_per_sample: 5, lambdarank_normalization: false, lambdarank_score_normalization: false }],
  ['reg:pseudohubererror', 'regression', { objective: 'reg:pseudohubererror', huber_slope: 0.7, max_depth: 3 }],
  ['reg:squarederror, nodes of 300+ rows as row halves', 'regression', { objective: 'reg:squarederror', max_depth: 6 }, false, 300],
  ['rank:ndcg lossguide, nodes of 300+ rows as row halves', 'rank', { objective: 'rank:ndcg', ...LOSSGUIDE, ...SAMPLING }, false, 300],
);

const recorded: Record<string, string> = RECORD ? {} : (JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, string>);

beforeAll(() => setParallelCostForTesting(0));
afterAll(async () => {
  setParallelCostForTesting(null);
  await destroyWorkerPool();
  if (RECORD) writeFileSync(FILE, `${JSON.stringify(recorded, null, 2)}\n`);
});

describe.skipIf(!WASM)(needsWasm('model bytes equal the recorded ones (1, 2, 3 threads; ts and wasm)'), () => {
  it.each(CASES.map((c) => ({ name: c[0], c })))('$name', async ({ c }) => {
    const [name, kind, params, weighted, halvesFrom] = c;
    setRowHalvesMinRowsForTesting(halvesFrom ?? null);
    const data = goldenData(1600, 1234, kind, weighted ?? false);
    const evals = [{ name: 'valid', data: goldenData(700, 99, kind, weighted ?? false) }];
    const md5 = async (kernel: 'ts' | 'wasm', nthread: number): Promise<string> => {
      const r = await trainModel({ num_round: 6, eta: 0.3, ...params, kernel, nthread, verbosity: 0 }, data, { evals });
      return createHash('md5').update(modelToJSON(r.model)).update(JSON.stringify(r.history)).digest('hex');
    };
    const want = RECORD ? await md5('ts', 1) : recorded[name];
    expect(want, `no recorded md5 for ${name}`).toBeDefined();
    for (const kernel of ['ts', 'wasm'] as const) {
      for (const nthread of [1, 2, 3]) expect(await md5(kernel, nthread), `${name}: kernel ${kernel}, ${nthread} threads`).toBe(want);
    }
    if (RECORD) recorded[name] = want!;
    setRowHalvesMinRowsForTesting(null);
  });
});
