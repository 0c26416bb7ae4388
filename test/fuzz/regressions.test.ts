/**
 * Regression tests for the reader bugs the fuzz suites found, one per fix (see each test's note).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/load.js';
import { MAX_LIBSVM_FEATURES } from '../../src/data/libsvm-reader.js';
import { DataError } from '../../src/errors.js';
import { makeFuzzDir } from './harness.js';

const dir = makeFuzzDir('regress');
afterAll(() => dir.cleanup());

async function rejection(p: Promise<unknown>): Promise<DataError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(DataError);
    return err as DataError;
  }
  throw new Error('expected a DataError');
}

describe('LibSVM: a huge feature index in a tiny file (memory and time bounded)', () => {
  // Before the fix, `1 2000000000:1` filled an 8 GiB duplicate-check array (33 s, 9.6 GB RSS)
  // before the dense-size check refused it, and `1 5000000:1` loaded 5 million one-row
  // columns (10 s, 1.5 GB of heap).
  it('refuses an index beyond MAX_LIBSVM_FEATURES at once, naming the line and the limit', async () => {
    for (const index of ['2000000000', '5000000', String(MAX_LIBSVM_FEATURES), '99999999999999999999']) {
      const rss0 = process.memoryUsage.rss();
      const t0 = performance.now();
      const e = await rejection(loadDataset(dir.write('big.svm', `0 1:1\n1 ${index}:1\n`)));
      expect(performance.now() - t0).toBeLessThan(1000);
      expect(process.memoryUsage.rss() - rss0).toBeLessThan(64 * 2 ** 20);
      expect(e.location.line).toBe(2);
      expect(e.message).toMatch(/feature index .* is too large: at most 1048575/);
    }
  });

  it('still reads the largest allowed index', async () => {
    const d = await loadDataset(dir.write('edge.svm', `1 ${MAX_LIBSVM_FEATURES - 1}:2.5\n`));
    expect(d.nFeatures).toBe(MAX_LIBSVM_FEATURES);
    expect(d.columns[MAX_LIBSVM_FEATURES - 1]![0]).toBe(2.5);
    expect(Number.isNaN(d.columns[0]![0]!)).toBe(true);
  });

  it('refuses an nFeatures option beyond the limit', async () => {
    const e = await rejection(loadDataset(dir.write('pad.svm', '1 1:1\n'), { nFeatures: MAX_LIBSVM_FEATURES + 1 }));
    expect(e.message).toMatch(/at most 1048576 feature columns/);
  });
});
