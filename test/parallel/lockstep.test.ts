/**
 * LockstepExecutor (src/parallel/lockstep.ts): flows side by side send their batches of a step
 * as one dispatch, each flow's results are its own, an error is thrown once every flow has
 * settled; and Executor.runMany on threads runs every batch's units (the workers alone, with the
 * calling thread kept out of the claim loop) with the serial results.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { leafAddUnits } from '../../src/kernels/units/leaf-add.js';
import { selectKernels } from '../../src/kernels/select.js';
import {
  batchOf, createExecutor, setCallerClaimsForTesting, setParallelCostForTesting, workerUnitCounts, type Batch, type Executor,
} from '../../src/parallel/executor.js';
import { LockstepExecutor } from '../../src/parallel/lockstep.js';
import { destroyWorkerPool } from '../../src/parallel/pool.js';

afterAll(async () => {
  setParallelCostForTesting(null);
  setCallerClaimsForTesting(true);
  await destroyWorkerPool();
});

/** An inner executor that runs everything in place and records what reached it. */
function recorder(): { inner: Executor; log: string[] } {
  const serial = createExecutor(selectKernels('ts'), 1);
  const log: string[] = [];
  const inner: Executor = {
    threads: 2,
    scope: serial.scope,
    parallel: () => true,
    run: async (k, a, n, w) => {
      log.push('run 1');
      await serial.run(k, a, n, w);
    },
    runMany: async (batches: readonly Batch[]) => {
      log.push(`runMany ${batches.length}`);
      await serial.runMany(batches);
    },
    share: () => Promise.reject(new Error('unused')),
  };
  return { inner, log };
}

/** A flow that adds `value` to `out[0]` in `steps` batches (leafAdd units over a one-row window). */
function flow(ex: Executor, rows: Uint32Array, out: Float32Array, steps: number, value: number): () => Promise<number> {
  return async () => {
    for (let s = 0; s < steps; s++) await ex.run(leafAddUnits, { rows, margins: out, windows: [0, 1, value], runs: [0, 1] }, 1, 1);
    return out[0]!;
  };
}

describe('LockstepExecutor', () => {
  it('sends the live flows\' batches of a step together; a flow left alone runs straight through', async () => {
    const { inner, log } = recorder();
    const ex = new LockstepExecutor(inner);
    const rows = new Uint32Array([0]);
    const outs = [0, 1, 2].map(() => new Float32Array(1));
    const got = await ex.all([flow(ex, rows, outs[0]!, 1, 1), flow(ex, rows, outs[1]!, 2, 10), flow(ex, rows, outs[2]!, 4, 100)]);
    expect(got).toEqual([1, 20, 400]);
    // flow 2's third batch waits for flow 1 to finish (one dispatch of one), its fourth goes straight
    expect(log).toEqual(['runMany 3', 'runMany 2', 'runMany 1', 'run 1']);
    // outside a group: straight to the inner executor
    log.length = 0;
    await flow(ex, rows, outs[0]!, 1, 1)();
    expect(log).toEqual(['run 1']);
  });

  it('throws a flow\'s error once every flow has settled, and can run the next group', async () => {
    const { inner } = recorder();
    const ex = new LockstepExecutor(inner);
    const rows = new Uint32Array([0]);
    const out = new Float32Array(1);
    let finished = false;
    const failing = async (): Promise<number> => {
      await ex.run(leafAddUnits, { rows, margins: out, windows: [0, 1, 1], runs: [0, 1] }, 1, 1);
      throw new Error('flow failed');
    };
    const slow = async (): Promise<number> => {
      const v = await flow(ex, rows, out, 5, 1)();
      finished = true;
      return v;
    };
    await expect(ex.all([failing, slow])).rejects.toThrow('flow failed');
    expect(finished).toBe(true);
    expect(await ex.all([flow(ex, rows, out, 2, 1)])).toEqual([8]);
  });
});

describe('Executor.runMany on threads', () => {
  it('every batch\'s units run by the workers give the serial results', async () => {
    const kernels = selectKernels('ts', true);
    const threaded = createExecutor(kernels, 2);
    const serial = createExecutor(kernels, 1);
    const n = 1000;
    const rows = kernels.memory.u32(n);
    for (let i = 0; i < n; i++) rows[i] = (i * 7919) % n;
    const make = (): Float32Array[] => [0, 1, 2, 3, 4].map(() => kernels.memory.f32(n));
    const want = make();
    const got = make();
    // batch b: 4 units of 50 leaves (windows of 5 rows) adding b + leaf / 8 to its margins
    const batches = (margins: Float32Array[]): Batch[] => margins.map((m, b) => {
      const windows: number[] = [];
      for (let leaf = 0; leaf < 200; leaf++) windows.push(5 * leaf, 5 * leaf + 5, b + leaf / 8);
      return batchOf(leafAddUnits, { rows, margins: m, windows, runs: [0, 50, 100, 150, 200] }, 4, n);
    });
    await serial.runMany(batches(want));
    setParallelCostForTesting(0);
    setCallerClaimsForTesting(false);
    const before = workerUnitCounts().get('leafAdd') ?? 0;
    try {
      await threaded.runMany(batches(got));
    } finally {
      setCallerClaimsForTesting(true);
      setParallelCostForTesting(null);
    }
    expect((workerUnitCounts().get('leafAdd') ?? 0) - before).toBe(20);
    for (let b = 0; b < 5; b++) expect(Array.from(got[b]!)).toEqual(Array.from(want[b]!));
    expect(want[4]![rows[999]!]).toBe(4 + 199 / 8);
  });
});
