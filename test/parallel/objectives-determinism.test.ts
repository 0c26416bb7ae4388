/**
 * The objectives added for XGBoost 3.4.1 parity give byte-identical models for 1, 2 and 3 threads
 * and both kernels (row-separable ones compute gradients on row halves; quantile and cox, which
 * need every row, on the calling thread; the multi-class softmax and several quantiles, K trees a
 * round, on the calling thread too), as threads-determinism.test.ts checks for the others.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainModel } from '../../src/booster/train.js';
import type { Dataset } from '../../src/data/dataset.js';
import { modelToJSON } from '../../src/model-io/xgboost-json.js';
import { destroyWorkerPool } from '../../src/parallel/pool.js';
import { setParallelCostForTesting } from '../../src/parallel/executor.js';
import { dataset } from './random-data.js';
import { needsWasm, WASM } from '../wasm-available.js';

/** The kernels to compare: WASM only where it is built (the title says when it is not). */
const KERNELS = WASM ? (['ts', 'wasm'] as const) : (['ts'] as const);

beforeAll(() => {
  setParallelCostForTesting(0);
});
afterAll(async () => {
  setParallelCostForTesting(null);
  await destroyWorkerPool();
});

/** The regression data with labels made positive (gamma, tweedie) or survival times (cox: every 3rd censored). */
function withLabels(data: Dataset, map: (y: number, i: number) => number): Dataset {
  return { ...data, label: Float32Array.from(data.label!, map) };
}

describe(WASM ? 'new objectives with 1, 2 and 3 threads' : needsWasm('new objectives with 1, 2 and 3 threads, the WASM kernel'), () => {
  const reg = dataset(3000, 11, 4321, 'regression');
  const bin = dataset(3000, 11, 4321, 'binary');
  const pos = withLabels(reg, (y) => Math.exp(y / 4));
  const surv = withLabels(pos, (y, i) => (i % 3 === 0 ? -y : y));
  // Four classes cut from the regression label.
  const classes = withLabels(reg, (y) => (y < -1 ? 0 : y < 0 ? 1 : y < 1 ? 2 : 3));
  it.each([
    ['reg:logistic', bin, {}],
    ['binary:logitraw', bin, {}],
    ['binary:hinge', bin, {}],
    ['reg:gamma', pos, {}],
    ['reg:tweedie', pos, { tweedie_variance_power: 1.2 }],
    ['reg:squaredlogerror', pos, {}],
    ['reg:quantileerror', reg, { quantile_alpha: 0.3, subsample: 0.8 }],
    ['reg:quantileerror', reg, { quantile_alpha: [0.1, 0.5, 0.9], subsample: 0.8, colsample_bynode: 0.7 }],
    ['survival:cox', surv, {}],
    ['multi:softprob', classes, { num_class: 4, subsample: 0.8, colsample_bynode: 0.7, eval_metric: ['merror'] }],
    ['multi:softmax', classes, { num_class: 4 }],
  ] as const)('%s: byte-identical models for every thread count and kernel', async (objective, data, extra) => {
    const params = { objective, max_depth: 5, num_round: 5, ...extra };
    const reference = await trainModel({ ...params, kernel: 'ts', nthread: 1 }, data);
    const want = modelToJSON(reference.model);
    expect(reference.model.trees.some((t) => t.left.length > 7)).toBe(true);
    for (const kernel of KERNELS) {
      for (const nthread of [1, 2, 3]) {
        const r = await trainModel({ ...params, kernel, nthread }, data);
        expect(modelToJSON(r.model), `kernel ${kernel}, ${nthread} threads`).toBe(want);
      }
    }
  });
});
