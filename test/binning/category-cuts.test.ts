/**
 * Categorical features are binned one bin per category code (XGBoost 3.4.1's AddCategories: codes
 * 0..the largest code present, whatever max_bin), by the same kernels as numeric features: bin =
 * code, missing = nBins, identical for the TS and WASM kernels and on two threads (cut search and
 * binning), next to numeric features in the same matrix.
 */
import { afterEach, afterAll, describe, expect, it } from 'vitest';
import { binDataset, fitBinMapper } from '../../src/binning/bin-mapper.js';
import { categoryCuts } from '../../src/binning/category-cuts.js';
import { fitBinMapperParallel } from '../../src/binning/parallel-fit.js';
import { binColumnsParallel, rowMajorParallel, setBinningChunkRowsForTesting } from '../../src/binning/parallel-binning.js';
import { columnMajorCopy } from '../../src/binning/bin-mapper.js';
import type { Dataset } from '../../src/data/dataset.js';
import type { CategoryList } from '../../src/model-io/category-table.js';
import { DataError } from '../../src/errors.js';
import { createSharedTsKernels } from '../../src/kernels/ts/ts-kernels.js';
import { createWasmKernels } from '../../src/kernels/wasm/wasm-kernels.js';
import { createExecutor, setParallelCostForTesting } from '../../src/parallel/executor.js';
import { destroyWorkerPool } from '../../src/parallel/pool.js';
import { WASM } from '../wasm-available.js';

afterEach(() => {
  setParallelCostForTesting(null);
  setBinningChunkRowsForTesting(null);
});
afterAll(async () => {
  await destroyWorkerPool();
});

/**
 * Columns: numeric, a `levels[0]`-level category, numeric, a `levels[1]`-level category, ...; 10%
 * missing cells; the categories' lists are longer than the largest code present (the list has
 * levels + 3 entries, codes drawn from 0..levels-1).
 */
function mixed(nRows: number, levels: readonly number[], seed: number): Dataset {
  let s = seed >>> 0;
  const rnd = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const columns: Float32Array[] = [];
  const categories: (CategoryList | null)[] = [];
  for (const k of levels) {
    const num = new Float32Array(nRows);
    const cat = new Float32Array(nRows);
    for (let r = 0; r < nRows; r++) {
      num[r] = rnd() < 0.1 ? NaN : (rnd() - 0.5) * 100;
      cat[r] = rnd() < 0.1 ? NaN : Math.floor(rnd() * k);
    }
    columns.push(num, cat);
    categories.push(null, { kind: 'string', names: Array.from({ length: k + 3 }, (_, i) => `c${i}`) });
  }
  return {
    nRows, nFeatures: columns.length, featureNames: columns.map((_, f) => `f${f}`), hasFeatureNames: true, columns,
    label: new Float32Array(nRows), weight: null, queryOffsets: null, position: null, source: 'mixed.csv', categories,
  };
}

describe('categoryCuts', () => {
  it('one bin per code up to the largest code present, the codes as bins', () => {
    const c = categoryCuts(Float32Array.of(2, NaN, 0, 5, 5, 1), { file: 'x', column: 'a' });
    expect(Array.from(c.cuts)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(categoryCuts(Float32Array.of(NaN, NaN), { file: 'x', column: 'a' }).cuts.length).toBe(1);
  });

  it.each([[-1], [1.5], [2 ** 24], [Infinity]])('code %d is refused naming file, row and column', (v) => {
    const run = (): unknown => categoryCuts(Float32Array.of(0, NaN, v), { file: 'x.csv', column: 'city' });
    expect(run).toThrow(DataError);
    expect(run).toThrow(/x\.csv.*row 3.*city/);
  });

  it('a 400-level feature gets 400 bins under max_bin 64; numeric features keep their sketch', () => {
    const data = mixed(3000, [400, 5], 7);
    const m = fitBinMapper(data, 64);
    const codes = data.columns[1]!;
    let max = 0;
    for (const v of codes) if (v === v && v > max) max = v;
    expect(m.nBins[1]).toBe(max + 1);
    expect(m.nBins[0]).toBeLessThanOrEqual(64);
    expect(Array.from(m.categorical)).toEqual([0, 1, 0, 1]);
    const binned = binDataset(data, m);
    for (const f of [1, 3]) {
      for (let r = 0; r < data.nRows; r++) {
        const v = data.columns[f]![r]!;
        expect(binned.bins[r * data.nFeatures + f]).toBe(v === v ? v : m.nBins[f]);
      }
    }
  });
});

const kernelSets = [
  ['wasm', () => createWasmKernels()],
  ['shared ts', () => createSharedTsKernels()],
] as const;

describe.each(kernelSets.filter(([name]) => WASM || name !== 'wasm'))('categorical binning, %s kernels, two threads', (_name, make) => {
  it.each([
    [2000, [3, 12, 60], 64, 97],
    [1500, [400], 256, 50],
  ] as const)('%i rows, levels %j, max_bin %i: mapper and codes equal the serial TS ones', async (nRows, levels, maxBin, chunk) => {
    setParallelCostForTesting(0);
    setBinningChunkRowsForTesting(chunk);
    const kernels = make();
    if (!kernels) throw new Error('kernels not available');
    const data = mixed(nRows, levels, nRows);
    const want = fitBinMapper(data, maxBin);
    const got = await fitBinMapperParallel(data, maxBin, createExecutor(kernels, 2), kernels.shared!);
    expect(Array.from(got.nBins)).toEqual(Array.from(want.nBins));
    expect(Array.from(got.categorical)).toEqual(Array.from(want.categorical));
    for (let f = 0; f < data.nFeatures; f++) expect(Array.from(got.cuts[f]!)).toEqual(Array.from(want.cuts[f]!));
    const serial = binDataset(data, want);
    expect(binDataset(data, want, kernels).bins).toEqual(serial.bins);
    const columns = await binColumnsParallel(data, got, createExecutor(kernels, 2));
    expect(columns.codes).toEqual(columnMajorCopy(serial));
    expect((await rowMajorParallel(columns, createExecutor(kernels, 2))).bins).toEqual(serial.bins);
  });
});

describe('training on categorical features', () => {
  it('splits a categorical feature by category set, not by its codes as numbers', async () => {
    const { train } = await import('../../src/booster/booster.js');
    const data = mixed(200, [5], 3);
    // the label depends on categories 1 and 3 of f1 only: no threshold on the codes separates them
    data.label!.set(data.columns[1]!.map((v) => (v === 1 || v === 3 ? 5 : 0)));
    const model = JSON.parse((await train({ nthread: 1, max_depth: 2 }, data)).toJSON()) as {
      learner: { gradient_booster: { model: { trees: { split_type: number[]; split_indices: number[]; categories: number[] }[] } } };
    };
    const trees = model.learner.gradient_booster.model.trees;
    const catNodes = trees.flatMap((t) => t.split_type.map((k, i) => [k, t.split_indices[i]!] as const).filter(([k]) => k === 1));
    expect(catNodes.length).toBeGreaterThan(0);
    for (const [, f] of catNodes) expect(f).toBe(1); // only the categorical feature
    // the first root splits {1, 3} from the rest (XGBoost stores the categories that go right)
    const root = trees[0]!;
    expect(root.split_type[0]).toBe(1);
    expect([[1, 3], [0, 2, 4]]).toContainEqual([...root.categories].sort((a, b) => a - b));
    // the same data declared numeric: no categorical node
    const numeric = JSON.parse((await train({ nthread: 1, max_depth: 2 }, { ...data, categories: [null, null] })).toJSON()) as typeof model;
    expect(numeric.learner.gradient_booster.model.trees.every((t) => t.split_type.every((k) => k === 0))).toBe(true);
  });
});
