/**
 * Batch prediction kernels (block layout, native/assembly/predict.ts and block-walk.ts) against the
 * naive walk and the single-row walk (tree-walk.ts): same float32 margins to the bit, for row counts
 * that do not fill the eight-row groups or the blocks, any tree prefix, deep and unbalanced trees.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BLOCK_ROWS } from '../../src/kernels/ts/block-rows.js';
import { compileForest } from '../../src/predict/compiled-forest.js';
import { Predictor } from '../../src/predict/predictor.js';
import { MAX_SHARED_BLOCK_BYTES, SharedForest } from '../../src/kernels/shared-forest.js';
import { makeModel } from '../model-io/tiny-model.js';
import { naiveMargin, randomModel, randomRow, rng } from './random-model.js';
import { needsWasm, WASM } from '../wasm-available.js';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('batch kernels', () => {
  it.skipIf(!WASM)(needsWasm('the WASM walk runs numeric forests; categorical ones walk in TypeScript'), () => {
    const r = rng(3);
    const numeric = randomModel(r, { nFeatures: 3, nTrees: 4, maxNodes: 15 });
    const categorical = randomModel(rng(4), { nFeatures: 3, nTrees: 30, maxNodes: 15, cats: true });
    expect(compileForest(categorical).hasCategorical).toBe(true);
    expect(SharedForest.create(compileForest(numeric))!.kernel).toBe('wasm');
    expect(SharedForest.create(compileForest(numeric), 'ts')!.kernel).toBe('ts');
    expect(SharedForest.create(compileForest(categorical))!.kernel).toBe('ts');
  });

  const configs = [
    { name: 'balanced numeric', chain: false, cats: false, shuffle: false, weights: false, maxNodes: 60 },
    { name: 'deep chains (unequal depths in one block)', chain: true, cats: false, shuffle: false, weights: false, maxNodes: 40 },
    { name: 'shuffled node ids, unreachable nodes, tree weights', chain: false, cats: false, shuffle: true, weights: true, maxNodes: 60 },
    { name: 'categorical', chain: false, cats: true, shuffle: true, weights: false, maxNodes: 60 },
  ];
  for (const c of configs) {
    it(`${c.name}: WASM and TypeScript batch margins equal the naive and single-row walks`, () => {
      const r = rng(c.name.length * 131 + 7);
      for (let trial = 0; trial < 6; trial++) {
        const nFeatures = 1 + Math.floor(r() * 6);
        const model = randomModel(r, { nFeatures, nTrees: Math.floor(r() * 20), ...c });
        const auto = Predictor.fromModel(model);
        const ts = Predictor.fromModel(model, { kernel: 'ts' });
        const nRows = [1, 7, 9, 127, 128, 129, 300][trial % 7]! + Math.floor(r() * 3);
        const rows = Array.from({ length: nRows }, () => randomRow(r, nFeatures));
        const a = auto.predictMargin(rows);
        const t = ts.predictMargin(rows);
        rows.forEach((row, i) => {
          const x = Float32Array.from(row);
          const want = naiveMargin(model, x);
          expect(a[i], `trial ${trial} row ${i}`).toBe(want);
          expect(t[i], `trial ${trial} row ${i}`).toBe(want);
          expect(auto.predictRowMargin(x)).toBe(want);
        });
        for (let k = 0; k <= model.trees.length; k += 3) {
          const sub = { ...model, trees: model.trees.slice(0, k), treeWeights: model.treeWeights.slice(0, k), treeInfo: model.treeInfo.slice(0, k) };
          const ak = auto.predictMargin(rows, undefined, { nTrees: k });
          const tk = ts.predictMargin(rows, undefined, { nTrees: k });
          for (let i = 0; i < nRows; i += 5) {
            const want = naiveMargin(sub, Float32Array.from(rows[i]!));
            expect(ak[i]).toBe(want);
            expect(tk[i]).toBe(want);
          }
        }
      }
    });
  }

  it('without WebAssembly the TypeScript walk runs on heap blocks, on the calling thread', async () => {
    const r = rng(12);
    const model = randomModel(r, { nFeatures: 4, nTrees: 12, maxNodes: 40 });
    const rows = Array.from({ length: 3000 }, () => randomRow(r, 4));
    const want = Float32Array.from(rows, (row) => naiveMargin(model, Float32Array.from(row)));
    vi.stubGlobal('WebAssembly', undefined);
    expect(SharedForest.create(compileForest(model))).toBeNull();
    const p = Predictor.fromModel(model);
    expect(Array.from(p.predictMargin(rows))).toEqual(Array.from(want));
    expect(Array.from(await p.predictMarginAsync(rows, undefined, { nthread: 2 }))).toEqual(Array.from(want));
  });

  it('a model too wide for shared blocks (more than 131072 features) walks heap blocks', async () => {
    const nFeatures = MAX_SHARED_BLOCK_BYTES / (4 * BLOCK_ROWS) + 1;
    const last = nFeatures - 1;
    const model = makeModel({ nFeatures, baseScore: 0.5, trees: [[{ f: last, t: 1, left: 1, right: 2 }, { leaf: -1 }, { leaf: 1 }]] });
    expect(SharedForest.create(compileForest(model))).toBeNull();
    const p = Predictor.fromModel(model);
    const rows = [0, 1, 2, NaN].map((v) => {
      const x = new Float32Array(nFeatures);
      x[last] = v;
      return x;
    });
    const want = rows.map((x) => naiveMargin(model, x));
    expect(Array.from(p.predictMargin(rows))).toEqual(want);
    expect(Array.from(await p.predictMarginAsync(rows, undefined, { nthread: 2 }))).toEqual(want);
  });

  it('Predictor.fromModel refuses an unknown kernel', () => {
    const model = randomModel(rng(9), { nFeatures: 2, nTrees: 2, maxNodes: 7 });
    expect(() => Predictor.fromModel(model, { kernel: 'gpu' as 'ts' })).toThrow(/kernel must be "auto" or "ts"/);
  });
});
