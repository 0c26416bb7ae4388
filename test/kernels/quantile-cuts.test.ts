import { describe, expect, it } from 'vitest';
import { binOf, sketchCuts } from '../../src/kernels/ts/quantile-cuts.js';
import { limitSizeLevel, summaryBudget } from '../../src/kernels/ts/quantile-sketch.js';
import { binDataset, fitBinMapper } from '../../src/binning/bin-mapper.js';
import type { Dataset } from '../../src/data/dataset.js';

function dataset(columns: number[][], weight?: number[]): Dataset {
  const nRows = columns[0]!.length;
  return {
    nRows,
    nFeatures: columns.length,
    featureNames: columns.map((_, i) => `f${i}`),
    hasFeatureNames: false,
    columns: columns.map((c) => Float32Array.from(c)),
    label: new Float32Array(nRows),
    weight: weight ? Float32Array.from(weight) : null,
    queryOffsets: null,
    position: null,
    source: 'test',
  };
}

describe('sketchCuts', () => {
  it('uses every distinct value but the smallest when they fit, plus the float32 sentinel', () => {
    const { cuts, minValue } = sketchCuts(Float32Array.of(5, 0, 1, NaN, 1, 2, 5, 9), null, 256);
    const top = Math.fround(9 + Math.fround(9 + Math.fround(1e-5)));
    expect(Array.from(cuts)).toEqual([1, 2, 5, 9, top]);
    expect(minValue).toBe(Math.fround(0 - 1e-5));
  });

  it('an integer feature 0..9 splits at data values (x < 6 style)', () => {
    const vals = Float32Array.from({ length: 100 }, (_, i) => i % 10);
    const { cuts } = sketchCuts(vals, null, 256);
    expect(Array.from(cuts.subarray(0, 9))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('an empty or all-missing column gets the single cut 1e-5', () => {
    expect(Array.from(sketchCuts(new Float32Array(0), null, 16).cuts)).toEqual([Math.fround(1e-5)]);
    expect(Array.from(sketchCuts(Float32Array.of(NaN, NaN), null, 16).cuts)).toEqual([Math.fround(1e-5)]);
  });

  it('zero-weight rows are not sketched', () => {
    const { cuts } = sketchCuts(Float32Array.of(1, 2, 3, 4), Float32Array.of(1, 0, 1, 1), 256);
    expect(Array.from(cuts.subarray(0, 2))).toEqual([3, 4]);
  });

  it('with more distinct values than max_bin: max_bin strictly increasing cuts near the weighted quantiles', () => {
    const vals = Float32Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1000); // 0..999, scrambled row order
    const { cuts } = sketchCuts(vals, null, 4);
    expect(cuts.length).toBe(4);
    expect(Math.abs(cuts[0]! - 250)).toBeLessThanOrEqual(10); // within the sketch's rank error
    expect(Math.abs(cuts[1]! - 500)).toBeLessThanOrEqual(10); // within the sketch's rank error
    expect(Math.abs(cuts[2]! - 750)).toBeLessThanOrEqual(10); // within the sketch's rank error
    for (let i = 1; i < cuts.length; i++) expect(cuts[i]!).toBeGreaterThan(cuts[i - 1]!);
  });

  it('weights move the quantiles', () => {
    const vals = Float32Array.from({ length: 100 }, (_, i) => i);
    const w = Float32Array.from({ length: 100 }, (_, i) => (i < 50 ? 9 : 1));
    const { cuts } = sketchCuts(vals, w, 2);
    // total weight 500, half = 250 -> inside the heavy first half (value ~ 27)
    expect(cuts[0]!).toBeLessThan(35);
  });

  it("XGBoost's summary sizes (LimitSizeLevel with eps = 1 / min(max_bin, n), halved)", () => {
    expect(limitSizeLevel(0, 1)).toBe(1);
    expect(summaryBudget(256, 1000)).toBe(513); // one level: 2 x 513 >= 1000
    expect(summaryBudget(256, 100000)).toBe(6 * 512 + 1); // nlevel 6: 2^6 x 3073 >= 1e5 > 2^5 x 2561
    expect(summaryBudget(16, 10)).toBe(10); // min(n, ...)
  });
});

describe('binOf', () => {
  it('binOf returns the first cut strictly greater, clamped', () => {
    const cuts = Float32Array.of(1, 2, 5, 19);
    expect(binOf(cuts, 0)).toBe(0);
    expect(binOf(cuts, 1)).toBe(1); // equality goes to the upper bin (x < cut goes left)
    expect(binOf(cuts, 4.9)).toBe(2);
    expect(binOf(cuts, 5)).toBe(3);
    expect(binOf(cuts, 100)).toBe(3);
  });

  it('binOf equals a linear scan for every cut count 1..70, at, between and beyond every cut', () => {
    const linear = (c: Float32Array, v: number): number => {
      for (let i = 0; i < c.length - 1; i++) if (c[i]! > v) return i;
      return c.length - 1;
    };
    for (let len = 1; len <= 70; len++) {
      const cuts = Float32Array.from({ length: len }, (_, i) => i * 2 - 10);
      const probes = [-Infinity, Infinity, -1e30, 1e30];
      for (let i = 0; i < len; i++) probes.push(cuts[i]!, cuts[i]! - 1, cuts[i]! + 0.5, Math.fround(cuts[i]! + 1e-6));
      for (const v of probes) expect(binOf(cuts, v), `len ${len} v ${v}`).toBe(linear(cuts, v));
    }
  });
});

describe('BinMapper', () => {
  it('bins values consistently with thresholds: bin <= b iff x < cut[b]', () => {
    const col = Array.from({ length: 500 }, (_, i) => Math.sin(i) * 100);
    const data = dataset([col]);
    const m = fitBinMapper(data, 16);
    const { bins } = binDataset(data, m);
    const cuts = m.cuts[0]!;
    for (let r = 0; r < 500; r++) {
      const b = bins[r]!;
      const x = data.columns[0]![r]!;
      for (let k = 0; k < cuts.length - 1; k++) expect(b <= k).toBe(x < cuts[k]!);
    }
  });

  it('missing values get their own code nBins[f]; storage widens to Uint16 only when needed', () => {
    const withNaN = Array.from({ length: 300 }, (_, i) => (i % 7 === 0 ? NaN : i));
    const m = fitBinMapper(dataset([withNaN]), 256);
    expect(m.nBins[0]).toBe(256);
    const b = binDataset(dataset([withNaN]), m);
    expect(b.bins).toBeInstanceOf(Uint16Array);
    expect(b.bins[0]).toBe(256);
    const m2 = fitBinMapper(dataset([withNaN]), 255);
    const b2 = binDataset(dataset([withNaN]), m2);
    expect(b2.bins).toBeInstanceOf(Uint8Array);
    expect(b2.bins[0]).toBe(m2.nBins[0]);
    const noNaN = Array.from({ length: 300 }, (_, i) => i);
    const b3 = binDataset(dataset([noNaN]), fitBinMapper(dataset([noNaN]), 256));
    expect(b3.bins).toBeInstanceOf(Uint8Array);
  });

  it('histogram offsets leave one extra (missing) slot per feature', () => {
    const m = fitBinMapper(dataset([[1, 2, 3], [5, 5, 5]]), 256);
    expect(Array.from(m.nBins)).toEqual([3, 1]);
    expect(Array.from(m.histOffsets)).toEqual([0, 4, 6]);
  });
});
