/**
 * Kernels.scanSplitsCounted: the WASM scan (native/assembly/lightgbm-scan.ts) against the TypeScript
 * reference (src/kernels/ts/lightgbm-scan.ts, itself checked against a naive count in
 * lightgbm-scan.test.ts and, through the trees, against LightGBM 4.6 in
 * test/objective/lightgbm-rank.test.ts), bit for bit: the result, every flag (and the bytes around
 * them), and every double of the record. Histograms: rows drawn into bins (skewed, with empty bins
 * and missing rows), hessians constant, small and uneven (lambdarank-like, some zero) and near
 * kEpsilon (where its float32 value shows), up to 300 bins; one-value-bin features; L1, L2,
 * max_delta_step, min_gain_to_split, min_child_weight and min_data_in_leaf varied; the data's
 * missing flags or none; a best so far from an earlier scan; extremes (NaN, infinities, -0,
 * subnormal and huge sums); arrays inside and outside the kernels' memory; wide nodes where the
 * WASM scan bounds blocks of bins instead of scoring them.
 */
import { needsWasm, WASM } from '../wasm-available.js';
import { describe, expect, it } from 'vitest';
import { createWasmKernels } from '../../src/kernels/wasm/wasm-kernels.js';
import { tsKernels } from '../../src/kernels/ts/ts-kernels.js';
import type { Kernels } from '../../src/kernels/kernels.js';
import { mulberry32 } from '../../src/util/rng.js';

interface Case {
  l1: number;
  l2: number;
  mds: number;
  gamma: number;
  mcw: number;
  nodeRows: number;
  minData: number;
  G: number;
  H: number;
  nBins: number[];
  hist: Float64Array;
  nan: Uint8Array | null;
  features: number[];
  bestChg: number;
}

/** A node: `n` rows with (g, h) drawn per regime, each feature's rows put into its bins. */
function makeCase(rng: () => number, trial: number): Case {
  const nF = 1 + Math.floor(rng() * 8);
  const wide = trial % 4 === 0;
  const nBins = Array.from({ length: nF }, () => (rng() < 0.15 ? 1 : 1 + Math.floor(rng() * (wide ? 300 : 24))));
  let slots = 0;
  for (const nb of nBins) slots += nb + 1;
  const hist = new Float64Array(2 * slots);
  const n = 2 + Math.floor(rng() * (wide ? 4000 : 300));
  const regime = trial % 11 === 10 ? 5 : trial % 5;
  const g = Array.from({ length: n }, () => Math.fround(regime === 4 ? (rng() < 0.3 ? 0 : rng() * 0.02 - 0.01) : rng() * 2 - 1));
  const h = Array.from({ length: n }, () => {
    if (regime === 0) return 1;
    if (regime === 1) return Math.fround(0.05 + rng() * 0.2);
    if (regime === 2) return rng() < 0.1 ? 0 : Math.fround(Math.pow(rng(), 4)); // lambdarank-like: many tiny, some zero
    if (regime === 5) return Math.fround(rng() * 3e-15); // sums where the kEpsilons count
    return Math.fround(0.01 + rng());
  });
  let off = 0;
  for (let f = 0; f < nF; f++) {
    const nb = nBins[f]!;
    const pMissing = rng() < 0.4 ? rng() * 0.3 : 0;
    const skew = 1 + rng() * 3;
    for (let r = 0; r < n; r++) {
      const b = rng() < pMissing ? nb : Math.min(nb - 1, Math.floor(Math.pow(rng(), skew) * nb));
      hist[2 * (off + b)] += g[r]!;
      hist[2 * (off + b) + 1] += h[r]!;
    }
    off += nb + 1;
  }
  let G = 0;
  let H = 0;
  for (let r = 0; r < n; r++) {
    G += g[r]!;
    H += h[r]!;
  }
  let nan: Uint8Array | null = null;
  if (trial % 3 !== 0) {
    nan = new Uint8Array(nF);
    for (let f = 0; f < nF; f++) nan[f] = rng() < 0.5 ? 1 : 0;
  }
  const features = Array.from({ length: nF }, (_, i) => i).filter(() => rng() < 0.85);
  return {
    l1: trial % 3 === 1 ? 0.3 : 0, l2: trial % 2 === 0 ? 0 : 1, mds: trial % 4 === 1 ? 0.05 : 0, gamma: trial % 7 === 3 ? 0.5 : 0,
    mcw: regime === 5 ? 0 : trial % 5 === 0 ? 1 : 1e-3, nodeRows: n, minData: 1 + Math.floor(rng() * Math.min(60, n)), G, H, nBins, hist, nan, features,
    bestChg: trial % 6 === 5 ? rng() * 0.5 : -Infinity,
  };
}

/** Histogram offsets of `nBins` (each feature nBins + 1 slots). */
function offsetsOf(nBins: number[]): Uint32Array {
  const o = new Uint32Array(nBins.length + 1);
  for (let f = 0; f < nBins.length; f++) o[f + 1] = o[f]! + nBins[f]! + 1;
  return o;
}

/** The arrays of a case in `k`'s memory (or on the heap with `heap`), run through k.scanSplitsCounted. */
function run(k: Kernels, c: Case, heap = false): { found: boolean; out: number[]; flags: number[] } {
  const m = heap ? tsKernels.memory : k.memory;
  // (the staged run allocates the kernels' staging once, which a scratch area refuses)
  const mark = heap ? -1 : k.shared?.mark() ?? -1;
  const nF = c.nBins.length;
  const hist = k.memory.f64(c.hist.length);
  hist.set(c.hist);
  const offsets = m.u32(nF + 1);
  offsets.set(offsetsOf(c.nBins));
  const nBins = m.u32(nF);
  nBins.set(c.nBins);
  const fu = m.u32(Math.max(1, c.features.length));
  const features = new Int32Array(fu.buffer, fu.byteOffset, fu.length);
  features.set(c.features);
  const out = m.f64(12).fill(-7);
  const flags = m.u8(c.features.length + 5).fill(9);
  let nan: Uint8Array | null = null;
  if (c.nan !== null) {
    nan = m.u8(nF);
    nan.set(c.nan);
  }
  const found = k.scanSplitsCounted(
    c.l1, c.l2, c.mds, c.gamma, hist, offsets, nBins, features, c.features.length, c.G, c.H, c.mcw, c.bestChg, out, c.nodeRows,
    c.minData, flags, 2, nan,
  );
  const result = { found, out: Array.from(out), flags: Array.from(flags) };
  if (mark >= 0) k.shared!.release(mark);
  return result;
}

/** Bit-for-bit equality of two records (Object.is: -0 differs from 0, NaN equals NaN). */
function sameBits(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

describe.skipIf(!WASM)(needsWasm('scanSplitsCounted: WASM equals TypeScript'), () => {
  const wasm = createWasmKernels()!;

  it('on 1500 random nodes (all parameter regimes): result, flags and the whole record bit for bit', () => {
    const rng = mulberry32(18);
    let found = 0;
    let withMissing = 0;
    for (let trial = 0; trial < 1500; trial++) {
      const c = makeCase(rng, trial);
      const want = run(tsKernels, c);
      const got = run(wasm, c);
      expect(got.found, `trial ${trial}`).toBe(want.found);
      expect(got.flags, `trial ${trial}`).toEqual(want.flags);
      expect(sameBits(got.out, want.out), `trial ${trial}: ${got.out} vs ${want.out}`).toBe(true);
      if (want.found) found++;
      if (want.found && want.out[2] === 1) withMissing++;
    }
    expect(found).toBeGreaterThan(700);
    expect(withMissing).toBeGreaterThan(50);
  });

  it('on wide nodes (40 features x 255 bins, features of graded strength): the blocks the WASM scan leaves unscored change nothing', () => {
    // Gradients follow the bin in some features (strong splits early in the list, so most later
    // blocks are bounded below the best) and are noise in others; both passes run (missing flags).
    const rng = mulberry32(77);
    for (let trial = 0; trial < 40; trial++) {
      const nF = 40;
      const nb = 255;
      const n = 200 + Math.floor(rng() * 6000);
      const h = Array.from({ length: n }, () => (trial % 2 === 0 ? 1 : Math.fround(Math.pow(rng(), 3) * 0.25)));
      const hist = new Float64Array(2 * nF * (nb + 1));
      for (let f = 0; f < nF; f++) {
        const strength = f < 3 ? 1 : rng() * 0.3;
        for (let r = 0; r < n; r++) {
          const b = rng() < 0.02 ? nb : Math.floor(rng() * nb);
          const g = Math.fround((b / nb - 0.5) * strength + (rng() - 0.5) * 0.5);
          hist[2 * (f * (nb + 1) + b)] += g;
          hist[2 * (f * (nb + 1) + b) + 1] += h[r]!;
        }
      }
      // node totals from feature 0's slots (every feature holds the same rows; sums differ in the
      // last bits between features, as a node's do)
      let G = 0;
      let H = 0;
      for (let b = 0; b <= nb; b++) {
        G += hist[2 * b]!;
        H += hist[2 * b + 1]!;
      }
      const c: Case = {
        l1: trial % 3 === 1 ? 0.2 : 0, l2: trial % 4 === 3 ? 1 : 0, mds: 0, gamma: trial % 5 === 2 ? 0.3 : 0,
        mcw: trial % 7 === 0 ? 5 : 1e-3, nodeRows: n, minData: 1 + Math.floor(rng() * 100), G, H,
        nBins: new Array<number>(nF).fill(nb), hist, nan: new Uint8Array(nF).fill(1), features: Array.from({ length: nF }, (_, i) => i),
        bestChg: -Infinity,
      };
      const want = run(tsKernels, c);
      const got = run(wasm, c);
      expect(got.found, `trial ${trial}`).toBe(want.found);
      expect(got.flags, `trial ${trial}`).toEqual(want.flags);
      expect(sameBits(got.out, want.out), `trial ${trial}: ${got.out} vs ${want.out}`).toBe(true);
    }
  });

  it('with arrays outside the kernels memory (staged), the same as inside', () => {
    const rng = mulberry32(5);
    for (let trial = 0; trial < 200; trial++) {
      const c = makeCase(rng, trial);
      const want = run(tsKernels, c);
      const got = run(wasm, c, true);
      expect(got.found).toBe(want.found);
      expect(got.flags).toEqual(want.flags);
      expect(sameBits(got.out, want.out)).toBe(true);
    }
  });

  it('on extreme sums: NaN, infinities, -0, subnormal and huge values in the bins', () => {
    const rng = mulberry32(99);
    const odd = [NaN, Infinity, -Infinity, -0, 0, 5e-324, -1e-310, 1e300, -1e300, 1e-15];
    let differentFound = 0;
    for (let trial = 0; trial < 600; trial++) {
      const c = makeCase(rng, trial);
      for (let i = 0; i < 1 + (trial % 4); i++) {
        const at = Math.floor(rng() * c.hist.length);
        c.hist[at] = odd[Math.floor(rng() * odd.length)]!;
      }
      if (trial % 10 === 0) c.G = odd[trial % odd.length]!;
      const want = run(tsKernels, c);
      const got = run(wasm, c);
      expect(got.found, `trial ${trial}`).toBe(want.found);
      expect(got.flags, `trial ${trial}`).toEqual(want.flags);
      expect(sameBits(got.out, want.out), `trial ${trial}: ${got.out} vs ${want.out}`).toBe(true);
      if (want.found) differentFound++;
    }
    expect(differentFound).toBeGreaterThan(200);
  });

  it('clears the flags and finds nothing when the node cannot leave min_data_in_leaf rows on each side', () => {
    const c = makeCase(mulberry32(3), 1);
    c.minData = Math.floor(c.nodeRows / 2) + 1;
    const got = run(wasm, c);
    expect(got.found).toBe(false);
    expect(got.flags).toEqual([9, 9, ...c.features.map(() => 0), 9, 9, 9]);
  });
});
