/**
 * K trees a round (10 classes; several quantiles) grown side by side (session.ts roundTrees,
 * src/parallel/lockstep.ts): the model bytes equal the ones recorded before class-parallel growth
 * existed (one tree after the other), for kernels ts and wasm and 1, 2 and 3 threads, with every
 * batch on the workers (cost threshold 0). Cases cover row subsampling (a bag per tree),
 * colsample_bytree (drawn per tree: grown side by side), colsample_bylevel / bynode (drawn while
 * growing: grown one after the other), min_data_in_leaf (a bag mask per tree), both growth policies.
 *
 * The md5s were recorded from the code before class-parallel growth (commit "Tests: md5s of
 * K-tree rounds ..."), the categorical case's from the serial (one tree after the other) run once
 * categorical training had landed; re-record only for an intentional, documented change of model bytes:
 *   LAMBDABOOST_RECORD_CLASS_PARALLEL=1 npx vitest run test/booster/class-parallel.test.ts
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainModel } from '../../src/booster/train.js';
import type { Dataset } from '../../src/data/dataset.js';
import { modelToJSON } from '../../src/model-io/xgboost-json.js';
import { setParallelCostForTesting } from '../../src/parallel/executor.js';
import { destroyWorkerPool } from '../../src/parallel/pool.js';
import { dataset } from '../parallel/random-data.js';
import { WASM } from '../wasm-available.js';

const FILE = new URL('./class-parallel-md5.json', import.meta.url).pathname;
const RECORD = process.env.LAMBDABOOST_RECORD_CLASS_PARALLEL === '1';

beforeAll(() => {
  setParallelCostForTesting(0);
});
afterAll(async () => {
  setParallelCostForTesting(null);
  await destroyWorkerPool();
});

const reg = dataset(2500, 9, 777, 'regression');
/** Ten classes cut from the regression label at its deciles (every class present). */
function tenClasses(data: Dataset): Dataset {
  const y = data.label!;
  const sorted = Float32Array.from(y).sort();
  const edges = Array.from({ length: 9 }, (_, i) => sorted[Math.floor(((i + 1) * y.length) / 10)]!);
  return { ...data, label: Float32Array.from(y, (v) => edges.filter((e) => v >= e).length) };
}
const classes = tenClasses(reg);
/** The same with columns 0 and 3 (whole numbers 0..6, ~8% missing) as categorical features. */
const digitsCodes = { kind: 'number' as const, values: [0, 1, 2, 3, 4, 5, 6] };
const categorical: Dataset = { ...classes, categories: classes.columns.map((_, f) => (f === 0 || f === 3 ? digitsCodes : null)) };
const LOSSGUIDE = { grow_policy: 'lossguide', max_leaves: 12, max_depth: 0 };

const CASES: readonly [string, Dataset, Record<string, unknown>][] = [
  ['softprob depthwise, subsample + colsample_bytree', classes, { objective: 'multi:softprob', subsample: 0.8, colsample_bytree: 0.7 }],
  ['softprob lossguide, subsample + colsample_bytree', classes, { objective: 'multi:softprob', subsample: 0.7, colsample_bytree: 0.8, ...LOSSGUIDE }],
  ['softmax depthwise, subsample + colsample_bynode', classes, { objective: 'multi:softmax', subsample: 0.8, colsample_bynode: 0.7 }],
  ['softmax lossguide, colsample_bylevel + bytree', classes, { objective: 'multi:softmax', colsample_bylevel: 0.7, colsample_bytree: 0.9, ...LOSSGUIDE }],
  ['softprob depthwise, subsample + min_data_in_leaf', classes, { objective: 'multi:softprob', subsample: 0.8, min_data_in_leaf: 20, min_child_weight: 0 }],
  ['softmax depthwise, bagging_freq (a bag shared by the round)', classes, { objective: 'multi:softmax', subsample: 0.7, bagging_freq: 2, colsample_bytree: 0.8 }],
  ['softprob depthwise, categorical features, subsample + colsample_bytree', categorical,
    { objective: 'multi:softprob', subsample: 0.8, colsample_bytree: 0.8, max_cat_to_onehot: 4 }],
  ['three quantiles lossguide, subsample', reg, { objective: 'reg:quantileerror', quantile_alpha: [0.2, 0.5, 0.8], subsample: 0.8, ...LOSSGUIDE }],
];

function md5(s: string): string {
  return createHash('md5').update(s).digest('hex');
}

const TITLE = 'K trees a round grown side by side: the bytes of one tree after the other';
describe(WASM ? TITLE : `${TITLE} (wasm kernel not checked: native/build/kernels.wasm is not built or lacks SIMD)`, () => {
  const recorded = RECORD ? {} as Record<string, string> : JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, string>;
  afterAll(() => {
    if (RECORD) writeFileSync(FILE, JSON.stringify(recorded, null, 2) + '\n');
  });
  it.each(CASES)('%s', async (name, data, extra) => {
    const params: Record<string, unknown> = { max_depth: 5, num_round: 4, eta: 0.3, seed: 5, ...extra };
    if (String(params.objective).startsWith('multi:')) params.num_class = 10;
    const reference = await trainModel({ ...params, kernel: 'ts', nthread: 1 }, data);
    const want = md5(modelToJSON(reference.model));
    expect(reference.model.trees.length).toBe(4 * (reference.model.nOutputGroups));
    expect(reference.model.trees.some((t) => t.left.length > 7)).toBe(true);
    if (data.categories) expect(reference.model.trees.some((t) => t.catNodes.length > 0), 'categorical splits').toBe(true);
    if (RECORD) recorded[name] = want;
    else expect(want, 'serial ts model vs the md5 recorded before class-parallel growth').toBe(recorded[name]);
    const kernels = WASM ? (['ts', 'wasm'] as const) : (['ts'] as const);
    for (const kernel of kernels) {
      for (const nthread of [1, 2, 3]) {
        const r = await trainModel({ ...params, kernel, nthread }, data);
        expect(md5(modelToJSON(r.model)), `kernel ${kernel}, ${nthread} threads`).toBe(want);
      }
    }
  });
});
