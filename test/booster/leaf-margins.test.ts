/**
 * addLeafWindows: how the leaves' windows are cut into units. With two threads each unit must hold
 * the windows of one segment of the partition array (so each thread writes its own half of the
 * margins), whatever order the windows come in; the margins are those of the serial loop.
 */
import { describe, expect, it } from 'vitest';
import { addLeafValues, addLeafWindows } from '../../src/booster/leaf-margins.js';
import { tsKernels } from '../../src/kernels/ts/ts-kernels.js';
import { createExecutor, type Executor } from '../../src/parallel/executor.js';
import { segmentStart } from '../../src/tree/node-rows.js';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** A serial executor that reports `threads` and records each batch's units (the windows each unit adds). */
function recordingExecutor(threads: number) {
  const serial = createExecutor(tsKernels, 1);
  const units: number[][][] = [];
  const ex: Executor = {
    threads,
    scope: serial.scope,
    parallel: () => true,
    run: (kernel, args, nUnits) => {
      const a = args as unknown as { windows: readonly number[]; runs: readonly number[] };
      for (let u = 0; u < nUnits; u++) {
        const w: number[][] = [];
        for (let k = a.runs[u]!; k < a.runs[u + 1]!; k++) w.push([a.windows[3 * k]!, a.windows[3 * k + 1]!]);
        units.push(w);
        kernel.run(serial.scope, args, u);
      }
      return Promise.resolve();
    },
    runMany: () => Promise.reject(new Error('not used')),
    share: () => Promise.reject(new Error('not used')),
  };
  return { ex, units };
}

/**
 * A grown tree's layout: nLeaves leaves, each with one window in each segment of the partition
 * array (rows of segment A are < segmentStart(n), ascending within a window), windows listed leaf by
 * leaf (A then B) as leafValueWindows lists them.
 */
function layout(n: number, nLeaves: number, seed: number) {
  const rnd = lcg(seed);
  const mid = segmentStart(n);
  const rows = new Uint32Array(n);
  const leafOf = Array.from({ length: n }, () => Math.floor(rnd() * nLeaves));
  const bounds: number[][] = Array.from({ length: nLeaves }, () => []);
  let at = 0;
  for (const [s, e] of [[0, mid], [mid, n]] as const) {
    for (let leaf = 0; leaf < nLeaves; leaf++) {
      const start = at;
      for (let r = s; r < e; r++) if (leafOf[r] === leaf) rows[at++] = r;
      bounds[leaf]!.push(start, at);
    }
  }
  const windows: number[] = [];
  for (let leaf = 0; leaf < nLeaves; leaf++) {
    const v = Math.fround((rnd() - 0.5) * 0.3);
    windows.push(bounds[leaf]![0]!, bounds[leaf]![1]!, v, bounds[leaf]![2]!, bounds[leaf]![3]!, v);
  }
  return { rows, windows, mid };
}

describe('addLeafWindows', () => {
  it.each([1001, 1000, 37])('with two threads, unit 0 holds segment A windows and unit 1 segment B (n = %i)', async (n) => {
    const { rows, windows, mid } = layout(n, 9, n);
    const margins = Float32Array.from({ length: n }, (_, i) => Math.fround(i * 0.01));
    const expected = Float32Array.from(margins);
    addLeafValues(rows, expected, windows, 0, windows.length / 3);
    const { ex, units } = recordingExecutor(2);
    await addLeafWindows(ex, rows, margins, windows);
    expect(units.length).toBe(2);
    for (const [s, e] of units[0]!) if (e > s) for (let i = s; i < e; i++) expect(rows[i]!).toBeLessThan(mid);
    for (const [s, e] of units[1]!) if (e > s) for (let i = s; i < e; i++) expect(rows[i]!).toBeGreaterThanOrEqual(mid);
    // Every window is in exactly one unit.
    expect(units.flat().length).toBe(windows.length / 3);
    expect(Array.from(margins)).toEqual(Array.from(expected));
  });

  it.each([1, 3, 4])('with %i threads the margins are the serial ones, every window added once', async (T) => {
    const n = 777;
    const { rows, windows } = layout(n, 5, T);
    const margins = new Float32Array(n).fill(0.5);
    const expected = Float32Array.from(margins);
    addLeafValues(rows, expected, windows, 0, windows.length / 3);
    const { ex, units } = recordingExecutor(T);
    await addLeafWindows(ex, rows, margins, windows);
    expect(units.length).toBe(T);
    expect(units.flat().length).toBe(windows.length / 3);
    expect(Array.from(margins)).toEqual(Array.from(expected));
  });
});
