/**
 * A kernel worker that throws or whose thread exits fails training promptly with the worker's
 * error as a one-line UserError (no hang), and the pool is destroyed; the next training starts
 * fresh workers and succeeds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainModel } from '../../src/booster/train.js';
import { UserError } from '../../src/errors.js';
import { modelToJSON } from '../../src/model-io/xgboost-json.js';
import { injectWorkerFaultForTesting } from '../../src/parallel/fault.js';
import { setParallelCostForTesting } from '../../src/parallel/executor.js';
import { destroyWorkerPool, hasWorkerPool } from '../../src/parallel/pool.js';
import { dataset } from './random-data.js';

beforeAll(() => setParallelCostForTesting(0));
afterAll(async () => {
  injectWorkerFaultForTesting(null);
  setParallelCostForTesting(null);
  await destroyWorkerPool();
});

const params = { objective: 'reg:squarederror', max_depth: 4, num_round: 3, nthread: 2 } as const;

describe('a failing worker', () => {
  it.each([
    ['throws', 'throw', /worker thread failed: injected worker fault \(test\)/],
    ['exits', 'exit', /worker thread failed: .*exit/i],
  ] as const)('%s: training rejects promptly with a UserError and the pool is cleaned up', async (_n, fault, message) => {
    const data = dataset(1500, 6, 5, 'regression');
    const good = await trainModel(params, data);
    expect(hasWorkerPool()).toBe(true);
    injectWorkerFaultForTesting(fault);
    const t0 = Date.now();
    const err = await trainModel(params, data).then(() => null, (e: unknown) => e);
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain('\n');
    expect(hasWorkerPool()).toBe(false);
    // The next run starts a new pool and gives the same model as before.
    const again = await trainModel(params, data);
    expect(modelToJSON(again.model)).toBe(modelToJSON(good.model));
  });
});
