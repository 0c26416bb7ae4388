/**
 * bestCategoricalSplit (src/kernels/ts/categorical-split.ts: sort by 64-bit keys, module scratch)
 * against the plain search it replaced (naiveCategoricalSplit in src/kernels/naive.ts): every field
 * equal, categories included, over histograms built to hit ties of weight (stability), zero
 * gradients (-0 and +0 weights), empty bins, tiny hessians (min_child_weight), NaN and infinite
 * gradients, one-hot and partition paths, max_cat_threshold below, at and above the bin count, and
 * L1 / max_delta_step / lambda 0. XGBoost 3.4.1 itself is the reference in test/split/categorical-split.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { bestCategoricalSplit, sortByWeight, type CategoricalParams } from '../../src/kernels/ts/categorical-split.js';
import { leafWeight } from '../../src/kernels/ts/gain.js';
import { naiveCategoricalSplit } from '../../src/kernels/naive.js';
import type { GainParams } from '../../src/kernels/ts/gain.js';

let s = 2024;
const rnd = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);

type Kind = 'random' | 'ties' | 'zeros' | 'sparse' | 'nan' | 'inf';

/** A histogram of two features: a 3-bin numerical one, then the categorical one of `nb` bins (+ missing slots). */
function histogram(nb: number, kind: Kind): { hist: Float64Array; offsets: Uint32Array; nBins: Uint32Array; G: number; H: number } {
  const offsets = Uint32Array.of(0, 4, 4 + nb + 1);
  const nBins = Uint32Array.of(3, nb);
  const hist = new Float64Array(2 * offsets[2]!);
  // A few (g, h) pairs reused for `ties`: equal weights across many codes.
  const pool = [[-3, 2], [1.5, 1], [0, 4], [-3, 2], [6, 3], [2, 1]];
  let G = 0;
  let H = 0;
  for (let b = 0; b <= nb; b++) {
    let g: number;
    let h: number;
    if (kind === 'ties') [g, h] = pool[Math.floor(rnd() * pool.length)]!;
    else if (kind === 'zeros') [g, h] = rnd() < 0.3 ? [0, 1 + Math.floor(rnd() * 3)] : rnd() < 0.2 ? [-0, 2] : [Math.round(rnd() * 8 - 4), 1 + Math.floor(rnd() * 5)];
    else if (kind === 'sparse') [g, h] = rnd() < 0.6 ? [0, 0] : [rnd() * 10 - 5, rnd() < 0.3 ? 0.01 : rnd() * 6];
    else [g, h] = [rnd() * 20 - 10, rnd() * 8];
    if (kind === 'nan' && b === Math.floor(nb / 2)) g = NaN;
    if (kind === 'inf' && b === Math.floor(nb / 3)) g = rnd() < 0.5 ? Infinity : -Infinity;
    const slot = offsets[1]! + b; // b = nb: the missing slot
    hist[2 * slot] = g;
    hist[2 * slot + 1] = h;
    // The totals leave the NaN / infinite bin out, so that candidates without it stay finite.
    if (Number.isFinite(g)) G += g;
    H += h;
  }
  return { hist, offsets, nBins, G, H };
}

const PARAMS: GainParams[] = [
  { lambda: 1, alpha: 0, maxDeltaStep: 0, minChildWeight: 1 },
  { lambda: 0, alpha: 0, maxDeltaStep: 0, minChildWeight: 0 },
  { lambda: 3, alpha: 0.5, maxDeltaStep: 0, minChildWeight: 4 },
  { lambda: 1, alpha: 0, maxDeltaStep: 0.7, minChildWeight: 1 },
];
const CATS: CategoricalParams[] = [
  { maxCatToOnehot: 4, maxCatThreshold: 64 },
  { maxCatToOnehot: 1, maxCatThreshold: 1 },
  { maxCatToOnehot: 1, maxCatThreshold: 8 },
  { maxCatToOnehot: 2, maxCatThreshold: 5000 },
  { maxCatToOnehot: 500, maxCatThreshold: 64 },
];

describe('kernels/ts/categorical-split', () => {
  const kinds: Kind[] = ['random', 'ties', 'zeros', 'sparse', 'nan', 'inf'];
  it.each(kinds)('equals the plain search on %s histograms', (kind) => {
    let compared = 0;
    let withSet = 0;
    for (const nb of [1, 2, 3, 4, 5, 17, 64, 65, 401, 1000]) {
      for (let rep = 0; rep < 3; rep++) {
        const { hist, offsets, nBins, G, H } = histogram(nb, kind);
        for (const p of PARAMS) {
          for (const cp of CATS) {
            const want = naiveCategoricalSplit(p, cp, hist, offsets, nBins, 1, G, H);
            const got = bestCategoricalSplit(p, cp, hist, offsets, nBins, 1, G, H);
            expect(got).toEqual(want);
            // Without the set: the same split, no categories.
            expect(bestCategoricalSplit(p, cp, hist, offsets, nBins, 1, G, H, false)).toEqual({ ...want, categories: [] });
            compared++;
            if (want.categories.length > 1) withSet++;
          }
        }
      }
    }
    expect(compared).toBe(10 * 3 * PARAMS.length * CATS.length);
    expect(withSet).toBeGreaterThan(50); // partition splits of more than one category were compared
  });

  it('sortByWeight: the stable sort by float32 weight, -0 equal to +0', () => {
    // Weights: +0 (empty bins), -0 (zero gradient), ties of equal weight, and distinct ones.
    const pairs = [[0, 0], [-4, 2], [0, 3], [0, 0], [-4, 2], [8, 4], [0, 1], [2, 1], [0, 0], [-1e-30, 1], [1e-30, 1], [-6, 3]];
    const hist = new Float64Array(2 * (pairs.length + 2));
    pairs.forEach(([g, h], b) => {
      hist[4 + 2 * b] = g!;
      hist[4 + 2 * b + 1] = h!;
    });
    for (const p of PARAMS) {
      const w = pairs.map(([g, h]) => Math.fround(leafWeight(p, g!, h!)));
      expect(w.some((v) => Object.is(v, -0)) && w.some((v) => Object.is(v, 0))).toBe(true);
      const want = pairs.map((_, b) => b).sort((a, b) => (w[a]! < w[b]! ? -1 : w[b]! < w[a]! ? 1 : 0));
      expect(Array.from(sortByWeight(p, hist, 4, pairs.length))).toEqual(want);
    }
  });
});
