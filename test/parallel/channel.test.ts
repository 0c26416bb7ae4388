/**
 * WorkerChannel: tasks posted to a worker's serve loop run in order and are seen done by the
 * caller; a loop that has ended after being idle is restarted by the next post (and is sent the
 * shared memory again); a task that throws is reported with its message while the loop goes on.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { addLeafValues } from '../../src/booster/leaf-margins.js';
import { selectKernels } from '../../src/kernels/select.js';
import { WASM } from '../wasm-available.js';
import { memoryId } from '../../src/parallel/memory-id.js';
import { destroyWorkerPool, kernelWorkers } from '../../src/parallel/pool.js';
import type { UnitsTask } from '../../src/parallel/tasks.js';
import { encodeArgs } from '../../src/parallel/unit-kernel.js';
import { leafAddUnits } from '../../src/kernels/units/leaf-add.js';

afterAll(async () => {
  await destroyWorkerPool();
});

const kernels = selectKernels(WASM ? 'wasm' : 'ts', true);
const sh = kernels.shared!;
const n = 1000;
const rows = sh.u32(n);
for (let i = 0; i < n; i++) rows[i] = (i * 7) % n;
const margins = sh.f32(n);

/** One unit of leafAdd (its own counter word, so tasks queued on the channel do not share one). */
function leafAdd(windows: number[], fault: UnitsTask['fault'] = null): UnitsTask {
  return {
    kind: 'units', memId: memoryId(sh.memory), memory: sh.memory, kernel: kernels.name, fault,
    unitKernel: leafAddUnits.name, args: encodeArgs(leafAddUnits.args, sh, { rows, margins, windows, runs: [0, 1] }),
    nUnits: 1, counterAt: sh.u32(1).byteOffset,
  };
}

describe('WorkerChannel', () => {
  it('runs tasks in order, restarts an idle loop, and reports a failing task without stopping', async () => {
    const channel = kernelWorkers(1)[0]!;
    margins.fill(0);
    const expected = new Float32Array(n);
    // Many small tasks back to back: each adds to rows it shares with the next, so order matters.
    const windows: number[][] = [];
    for (let k = 0; k < 50; k++) windows.push([0, n, Math.fround(0.1 * (k + 1))]);
    const tickets = windows.map((w) => channel.post(leafAdd(w)));
    for (const w of windows) addLeafValues(rows, expected, w, 0, 1);
    for (const t of tickets) expect(await channel.wait(t.seq)).toBeNull();
    expect(Array.from(margins)).toEqual(Array.from(expected));

    // Past the serve loop's idle time, it has ended; the next post starts another.
    expect(channel.serving).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    expect(channel.serving).toBe(false);
    const later = channel.post(leafAdd([0, n, 1]));
    expect(channel.serving).toBe(true);
    addLeafValues(rows, expected, [0, n, 1], 0, 1);
    expect(await channel.wait(later.seq)).toBeNull();
    expect(Array.from(margins)).toEqual(Array.from(expected));

    const failing = channel.post(leafAdd([0, n, 1], 'throw'));
    const after = channel.post(leafAdd([0, 10, 2]));
    addLeafValues(rows, expected, [0, 10, 2], 0, 1);
    expect(await channel.wait(failing.seq)).toBe('injected worker fault (test)');
    expect(await channel.wait(after.seq)).toBeNull();
    expect(Array.from(margins)).toEqual(Array.from(expected));
  });

  it('a task withdrawn before its loop entered it is skipped; one the loop has entered cannot be withdrawn', async () => {
    const channel = kernelWorkers(1)[0]!;
    margins.fill(0);
    const expected = new Float32Array(n);
    // A long task (a second or so): 200000 passes over every row.
    const passes = 100000;
    const long: number[] = [];
    for (let k = 0; k < passes; k++) long.push(0, n, 0.5);
    const busy = channel.post({ ...leafAdd([]), args: encodeArgs(leafAddUnits.args, sh, { rows, margins, windows: long, runs: [0, passes] }) });
    // Once the loop is in it (its first margins are written), the next task is withdrawn while it
    // runs: the loop must skip that one (no 1000 added).
    const t0 = Date.now();
    while (margins[rows[0]!] === 0 && Date.now() - t0 < 10000) await new Promise((r) => setImmediate(r));
    const skipped = channel.post(leafAdd([0, 10, 1000]));
    expect(channel.withdraw(skipped.seq)).toBe(true);
    const after = channel.post(leafAdd([0, 10, 2]));
    for (let k = 0; k < passes; k++) addLeafValues(rows, expected, [0, n, 0.5], 0, 1);
    addLeafValues(rows, expected, [0, 10, 2], 0, 1);
    expect(await channel.wait(busy.seq)).toBeNull();
    expect(await channel.wait(after.seq)).toBeNull();
    expect(Array.from(margins)).toEqual(Array.from(expected));
    // Entered (and done): no longer withdrawable.
    expect(channel.withdraw(after.seq)).toBe(false);
  });
});
