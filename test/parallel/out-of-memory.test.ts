/**
 * Out-of-memory-sized requests (issue #6): a max_bin / data shape whose histograms cannot fit in the
 * kernels' 4 GiB WebAssembly memory is refused before anything big is allocated, with a one-line
 * UserError; allocation failures that still happen are turned into the same kind of message.
 */
import { needsWasm, WASM } from '../wasm-available.js';
import { describe, expect, it } from 'vitest';
import { trainModel } from '../../src/booster/train.js';
import type { Dataset } from '../../src/data/dataset.js';
import { UserError } from '../../src/errors.js';
import { allocationError, arenaBytes, isAllocationFailure, liveHistograms } from '../../src/histogram/memory-estimate.js';
import { createWasmKernels } from '../../src/kernels/wasm/wasm-kernels.js';

function wideDistinct(nRows: number, nFeatures: number): Dataset {
  const columns: Float32Array[] = [];
  for (let f = 0; f < nFeatures; f++) {
    const c = new Float32Array(nRows);
    for (let r = 0; r < nRows; r++) c[r] = ((r * 7919 + f * 104729) % nRows) + f; // all distinct per column
    columns.push(c);
  }
  const label = new Float32Array(nRows);
  for (let r = 0; r < nRows; r++) label[r] = r % 7;
  return {
    nRows, nFeatures, featureNames: columns.map((_, f) => `f${f}`), hasFeatureNames: false, columns, label,
    weight: null, queryOffsets: null, position: null, source: 'wide.csv',
  };
}

describe('memory estimate', () => {
  it('counts bins (row-major and the column copy), gradients, partition and the live histograms of the growth policy', () => {
    const s = { nRows: 1000, nFeatures: 10, histSlots: 2570, binBytes: 1, maxDepth: 6, maxLeaves: 0, growPolicy: 'depthwise' as const };
    expect(liveHistograms(s)).toBe(33);
    expect(liveHistograms({ ...s, maxLeaves: 7 })).toBe(8);
    expect(liveHistograms({ ...s, maxDepth: 0, growPolicy: 'lossguide' })).toBe(64);
    expect(arenaBytes(s)).toBe(2 * 10_000 + 16_000 + 16 * 2570 * 33);
  });

  it.skipIf(!WASM)(needsWasm('refuses max_bin 65535 on 70k distinct rows x 64 features at depth 10 (> 4 GiB of histograms), one line, nothing allocated'), async () => {
    const data = wideDistinct(70_000, 64);
    const rss0 = process.memoryUsage().rss;
    const err = await trainModel({ max_bin: 65535, max_depth: 10, num_round: 1, kernel: 'wasm', nthread: 1 }, data).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/^not enough memory to train: 70000 rows x 64 features with max_bin 65535 needs at least [\d.]+ GiB .*4 GiB.*lower max_bin/);
    expect(msg).not.toContain('\n');
    expect(process.memoryUsage().rss - rss0).toBeLessThan(1.5 * 2 ** 30);
  });

  it('turns allocation RangeErrors into a one-line UserError', () => {
    const k = createWasmKernels({ maxPages: 16 });
    expect(k).not.toBeNull();
    let caught: unknown = null;
    try {
      k!.memory.f64(1 << 20); // 8 MiB in a 1 MiB memory
    } catch (e) {
      caught = e;
    }
    expect(isAllocationFailure(caught)).toBe(true);
    expect(isAllocationFailure(new RangeError('Array buffer allocation failed'))).toBe(true);
    expect(isAllocationFailure(new RangeError('wasm kernels: partition: window outside rows'))).toBe(false);
    const u = allocationError(caught as RangeError);
    expect(u).toBeInstanceOf(UserError);
    expect(u.message).toMatch(/^not enough memory to train: kernel memory exhausted/);
  });
});
