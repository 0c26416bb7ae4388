import { describe, expect, it } from 'vitest';
import { binDataset, fitBinMapper } from '../../src/binning/bin-mapper.js';
import type { Dataset } from '../../src/data/dataset.js';
import { naiveHistogram } from '../../src/kernels/naive.js';
import { availableKernels } from '../../src/kernels/select.js';
import { findBestSplit } from '../../src/split/finder.js';
import { lossChange, nodeGain } from '../../src/kernels/ts/gain.js';
import { noSplit } from '../../src/split/split-info.js';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
}

function randomData(nRows: number, nF: number, seed: number, missingRate: number): { data: Dataset; gh: Float32Array } {
  const rnd = lcg(seed);
  const columns = Array.from({ length: nF }, () =>
    Float32Array.from({ length: nRows }, () => (rnd() < missingRate ? NaN : Math.floor(rnd() * 12) / 2)),
  );
  const gh = Float32Array.from({ length: 2 * nRows }, (_, i) => Math.fround(i % 2 === 0 ? rnd() * 2 - 1 : 0.25 + rnd()));
  const data: Dataset = {
    nRows, nFeatures: nF, featureNames: [], hasFeatureNames: false, columns, label: null, weight: null,
    queryOffsets: null, position: null, source: 'test',
  };
  return { data, gh };
}

const kernelSets = availableKernels().map((k) => [k.name, k] as const);

describe.each(kernelSets)('findBestSplit (%s kernels) against brute force over thresholds and missing directions', (_name, kernels) => {
  it.each([
    [0, 1, 0.1],
    [0.2, 2, 0.1],
    [0.5, 3, 0.1],
    [0, 4, 0],
    [0.2, 5, 0],
    [0.5, 6, 0],
  ])('missing rate %f (seed %i, alpha %f: alpha 0 runs the scanSplits kernel)', (missingRate, seed, alpha) => {
    const params = { lambda: 1, alpha, maxDeltaStep: 0, minChildWeight: 1 };
    const { data, gh } = randomData(300, 4, seed, missingRate);
    const mapper = fitBinMapper(data, 256);
    const { bins } = binDataset(data, mapper);
    const rows = Array.from({ length: data.nRows }, (_, i) => i);
    const hist = kernels.memory.f64(2 * mapper.histOffsets[data.nFeatures]!);
    hist.set(naiveHistogram(bins, data.nRows, data.nFeatures, mapper.histOffsets, rows, gh));
    let G = 0;
    let H = 0;
    for (const r of rows) {
      G += gh[2 * r]!;
      H += gh[2 * r + 1]!;
    }
    const best = noSplit();
    findBestSplit(params, mapper, hist, Int32Array.of(0, 1, 2, 3), 4, G, H, best, kernels);

    // Brute force: every feature, every threshold among the data's values (and below the min), missing left or right.
    let bestChg = -Infinity;
    const parent = nodeGain(params, G, H);
    for (let f = 0; f < 4; f++) {
      const col = data.columns[f]!;
      const thresholds = [...new Set(Array.from(col).filter((v) => v === v))].sort((a, b) => a - b);
      thresholds.push(Infinity);
      for (const t of thresholds) {
        for (const missLeft of [false, true]) {
          let gl = 0, hl = 0;
          for (const r of rows) {
            const v = col[r]!;
            if (v !== v ? missLeft : v < t) {
              gl += gh[2 * r]!;
              hl += gh[2 * r + 1]!;
            }
          }
          const gr = G - gl, hr = H - hl;
          if (hl <= 0 || hr <= 0 || hl < 1 || hr < 1) continue;
          const chg = lossChange(nodeGain(params, gl, hl), nodeGain(params, gr, hr), parent);
          bestChg = Math.max(bestChg, chg);
        }
      }
    }
    expect(best.feature).toBeGreaterThanOrEqual(0);
    // Loss changes are float32 values (XGBoost 3.4.1's steps); the brute force's sums run in another
    // order, so the two may differ by a float32 rounding of the sums' last bits.
    expect(Math.fround(best.lossChg)).toBe(best.lossChg);
    expect(Math.abs(best.lossChg - bestChg)).toBeLessThanOrEqual(4 * 2 ** (Math.floor(Math.log2(Math.abs(bestChg))) - 23));
    // The chosen threshold reproduces the chosen partition on raw values.
    const col = data.columns[best.feature]!;
    let gl = 0;
    for (const r of rows) {
      const v = col[r]!;
      if (v !== v ? best.defaultLeft : v < best.threshold) gl += gh[2 * r]!;
    }
    expect(gl).toBeCloseTo(best.sumGradLeft, 9);
  });

  it('min_child_weight rules out splits with a light child', () => {
    const { data, gh } = randomData(50, 1, 9, 0);
    const mapper = fitBinMapper(data, 256);
    const { bins } = binDataset(data, mapper);
    const rows = Array.from({ length: 50 }, (_, i) => i);
    const hist = kernels.memory.f64(2 * mapper.histOffsets[1]!);
    hist.set(naiveHistogram(bins, 50, 1, mapper.histOffsets, rows, gh));
    let H = 0, G = 0;
    for (const r of rows) { G += gh[2 * r]!; H += gh[2 * r + 1]!; }
    const best = noSplit();
    findBestSplit({ lambda: 1, alpha: 0, maxDeltaStep: 0, minChildWeight: H }, mapper, hist, Int32Array.of(0), 1, G, H, best, kernels);
    expect(best.feature).toBe(-1);
  });
});
