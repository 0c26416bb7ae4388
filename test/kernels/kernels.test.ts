import { describe, expect, it } from 'vitest';
import type { KernelMemory } from '../../src/kernels/kernels.js';
import { naiveHistogram, naivePartition, naiveScanSplits } from '../../src/kernels/naive.js';
import { sortFloat32 } from '../../src/kernels/radix-sort.js';
import { binOf } from '../../src/kernels/ts/quantile-cuts.js';
import { availableKernels } from '../../src/kernels/select.js';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** A Uint32Array in `mem` holding `values`. */
function u32From(mem: KernelMemory, values: ArrayLike<number>): Uint32Array {
  const a = mem.u32(values.length);
  a.set(values);
  return a;
}

/** Kernel arrays come from the kernels' own memory (the WASM kernels accept nothing else). Bins are row-major. */
function fixture(mem: KernelMemory, nRows: number, nBinsPer: number[], seed: number) {
  const rnd = lcg(seed);
  const nF = nBinsPer.length;
  const histOffsets = mem.u32(nF + 1);
  for (let f = 0; f < nF; f++) histOffsets[f + 1] = histOffsets[f]! + nBinsPer[f]! + 1;
  const bins = nBinsPer.some((b) => b > 255) ? mem.u16(nF * nRows) : mem.u8(nF * nRows);
  for (let f = 0; f < nF; f++) {
    for (let r = 0; r < nRows; r++) {
      // ~10% missing (code nBins[f])
      bins[r * nF + f] = rnd() < 0.1 ? nBinsPer[f]! : Math.floor(rnd() * nBinsPer[f]!);
    }
  }
  const gh = mem.f32(2 * nRows);
  for (let i = 0; i < gh.length; i++) gh[i] = Math.fround(rnd() * 2 - (i % 2 === 0 ? 1 : 0));
  return { bins, histOffsets, gh, nF };
}

describe.each(availableKernels().map((k) => [k.name, k] as const))('kernels: %s', (_name, k) => {
  it('buildHistogram equals the naive build, bit for bit, for any row window', () => {
    const n = 1000;
    const { bins, histOffsets, gh, nF } = fixture(k.memory, n, [5, 256 - 1, 17, 2], 7);
    const rows = u32From(k.memory, Array.from({ length: n }, (_, i) => (i * 7919) % n));
    const hist = k.memory.f64(2 * histOffsets[nF]!);
    k.buildHistogram(bins, nF, 0, nF, histOffsets, rows, 100, 900, gh, hist);
    const expected = naiveHistogram(bins, n, nF, histOffsets, Array.from(rows.subarray(100, 900)), gh);
    expect(Array.from(hist)).toEqual(Array.from(expected));
  });

  it.each([
    ['u8', [5, 255, 17, 2, 9, 30, 1, 3, 8, 100, 4, 6, 7, 11, 12, 13, 14, 15, 16, 40, 2, 3, 4, 5, 6, 7, 8, 9, 250, 2, 3]],
    ['u16', [300, 1000, 7, 65534, 3, 9, 12, 600, 4, 5, 6, 700, 2, 3, 4, 5, 6, 8, 900, 10, 11]],
  ] as const)('buildHistogram (%s codes, rows wider than one SIMD load) equals naive over every feature block', (_w, nBinsPer) => {
    const n = 700;
    const { bins, histOffsets, gh, nF } = fixture(k.memory, n, [...nBinsPer], 31);
    const rows = u32From(k.memory, Array.from({ length: n }, (_, i) => (i * 101) % n));
    const full = naiveHistogram(bins, n, nF, histOffsets, Array.from(rows.subarray(50, 650)), gh);
    for (const [f0, f1] of [[0, nF], [0, 16], [3, 20], [nF - 5, nF], [7, 8], [9, 9]] as const) {
      const hist = k.memory.f64(2 * histOffsets[nF]!);
      k.buildHistogram(bins, nF, f0, f1, histOffsets, rows, 50, 650, gh, hist);
      let wrong = 0;
      for (let i = 0; i < hist.length; i++) {
        const inBlock = i >= 2 * histOffsets[f0]! && i < 2 * histOffsets[f1]!;
        if (!Object.is(hist[i], inBlock ? full[i] : 0)) wrong++;
      }
      expect(wrong, `slots differing from naive, features [${f0}, ${f1})`).toBe(0);
    }
  });

  it.each([
    ['dense, no missing', 0, 0, 1, 0],
    ['half the bins empty, missing present', 0.5, 0.3, 1, 1],
    ['heavy min_child_weight', 0.2, 0.5, 40, 2],
    ['lambda 0, every bin filled', 0, 1, 0, 3],
  ] as const)('scanSplits equals the naive enumeration bit for bit (%s)', (_label, emptyRate, missRate, mcw, seed) => {
    const rnd = lcg(100 + seed);
    const nBinsPer = [1, 2, 7, 40, 255, 256, 3, 300];
    const nF = nBinsPer.length;
    const histOffsets = k.memory.u32(nF + 1);
    const nBins = k.memory.u32(nF);
    for (let f = 0; f < nF; f++) {
      nBins[f] = nBinsPer[f]!;
      histOffsets[f + 1] = histOffsets[f]! + nBinsPer[f]! + 1;
    }
    const hist = k.memory.f64(2 * histOffsets[nF]!);
    let G = 0;
    let H = 0;
    for (let f = 0; f < nF; f++) {
      for (let b = 0; b <= nBinsPer[f]!; b++) {
        const isMissing = b === nBinsPer[f]!;
        if (isMissing ? rnd() >= missRate : rnd() < emptyRate) continue;
        const s = 2 * (histOffsets[f]! + b);
        hist[s] = rnd() * 4 - 2;
        hist[s + 1] = rnd() * 3;
      }
    }
    // The node totals are one feature's sum (each feature partitions the same rows).
    for (let b = 0; b <= nBinsPer[0]!; b++) {
      G += hist[2 * b]!;
      H += hist[2 * b + 1]!;
    }
    const lambda = seed === 3 ? 0 : 1.5;
    const parentGain = (G * G) / (H + lambda);
    const features = Int32Array.of(0, 1, 2, 3, 4, 5, 6, 7);
    for (const [list, bestChg] of [[[0, 1, 2, 3, 4, 5, 6, 7], -Infinity], [[2, 5, 7], -Infinity], [[0, 1, 2, 3, 4, 5, 6, 7], 5]] as const) {
      features.set(list);
      const out = new Float64Array(8).fill(-7);
      const found = k.scanSplits(hist, histOffsets, nBins, features, list.length, G, H, lambda, mcw, parentGain, bestChg, out);
      const want = naiveScanSplits(hist, histOffsets, nBins, list, G, H, lambda, mcw, parentGain, bestChg);
      expect(found).toBe(want !== null);
      if (want === null) {
        expect(Array.from(out)).toEqual(new Array(8).fill(-7));
        continue;
      }
      const got = [out[0], out[1], out[2] === 1, out[3], out[4], out[5], out[6], out[7]];
      const exp = [want.feature, want.splitBin, want.defaultLeft, want.lossChg, want.sumGradLeft, want.sumHessLeft, want.sumGradRight, want.sumHessRight];
      for (let i = 0; i < 8; i++) expect(Object.is(got[i], exp[i]), `field ${i}: ${got[i]} vs ${exp[i]}`).toBe(true);
    }
  });

  it.each([
    ['u8', 1, 255],
    ['u8, one cut', 1, 1],
    ['u16', 2, 700],
  ] as const)('binValues (%s codes) equals binOf per value, with NaN, ties, strides and any range', (_label, bytes, nCuts) => {
    const rnd = lcg(nCuts);
    const cuts = Float32Array.from({ length: nCuts }, (_, i) => Math.fround(i * 0.5 - 20));
    const n = 10_000; // more than one staging block of the WASM kernels
    const values = Float32Array.from({ length: n }, (_, i) => {
      const u = rnd();
      if (u < 0.1) return NaN;
      if (u < 0.3) return cuts[Math.floor(rnd() * nCuts)]!; // exactly on a cut
      if (i % 97 === 0) return i % 2 === 0 ? -Infinity : Infinity;
      return Math.fround(rnd() * (nCuts * 0.5 + 10) - 25);
    });
    const missing = nCuts;
    const stride = 3;
    for (const [start, end] of [[0, n], [1, 4099], [n - 3, n], [5, 5]] as const) {
      const out = bytes === 1 ? k.memory.u8(stride * n + 1) : k.memory.u16(stride * n + 1);
      k.binValues(values, start, end, cuts, missing, out, 1, stride);
      for (let i = start; i < end; i++) {
        const v = values[i]!;
        const want = v !== v ? missing : binOf(cuts, v);
        expect(out[1 + (i - start) * stride], `value ${i}: ${v}`).toBe(want);
      }
      // Nothing written outside the strided codes.
      expect(out[0]).toBe(0);
      if (end > start) expect(out[2]).toBe(0);
    }
  });

  it.each([
    // label, gradient scale, hessian (h, or -1 for a mix with negative values), lambda, mcw, informative feature, seed
    ['squared error, informative feature first', 1, 1, 1, 1, 0, 1],
    ['squared error, informative feature last', 1, 1, 1, 1, 23, 2],
    ['logistic-like hessians, informative in the middle', 0.5, 0.25, 1, 0.5, 11, 3],
    ['lambda 0, mcw 0', 1, 1, 0, 0, 5, 4],
    ['negative hessians in some bins', 1, -1, 1, 0, 7, 5],
    ['large gradients (scores near 1e32)', 1e15, 1, 1, 1, 3, 6],
    ['tiny gradients (the squared weight underflows float32)', 1e-25, 1, 1, 1, 9, 7],
    ['huge hessians', 1, 1e30, 1, 1, 2, 8],
  ] as const)('scanSplits equals the naive enumeration on row-built histograms, where most runs of bins cannot win (%s)', (_label, gScale, hKind, lambda, mcw, informative, seed) => {
    // 24 features of 256 bins + missing (2 % of rows), built from one gradient per row, as a node's
    // histogram is: feature `informative` follows the gradient, two copies of it tie, the rest are
    // noise, so once a good candidate is known most runs of bins are bounded below it.
    const rnd = lcg(900 + seed);
    const nF = 24;
    const nb = 256;
    const nRows = 3000;
    const histOffsets = k.memory.u32(nF + 1);
    const nBins = k.memory.u32(nF);
    for (let f = 0; f < nF; f++) {
      nBins[f] = nb;
      histOffsets[f + 1] = histOffsets[f]! + nb + 1;
    }
    const hist = k.memory.f64(2 * histOffsets[nF]!);
    const g = Array.from({ length: nRows }, () => Math.fround((rnd() + rnd() - 1 + 0.2) * gScale));
    const h = Array.from({ length: nRows }, () => (hKind === -1 ? Math.fround(rnd() * 2 - 0.3) : hKind));
    let G = 0;
    let H = 0;
    for (let r = 0; r < nRows; r++) {
      G += g[r]!;
      H += h[r]!;
    }
    const twin = (informative + 13) % nF;
    for (let f = 0; f < nF; f++) {
      const follows = f === informative || f === twin;
      for (let r = 0; r < nRows; r++) {
        const u = rnd();
        const z = g[r]! / gScale;
        const b = u < 0.02 ? nb : follows ? Math.max(0, Math.min(nb - 1, Math.floor((z + 1.2) * 100))) : Math.floor(rnd() * nb);
        const slot = 2 * (histOffsets[f]! + b);
        hist[slot] += g[r]!;
        hist[slot + 1] += h[r]!;
      }
    }
    const parentGain = (G * G) / (H + lambda);
    const features = k.memory.u32(nF);
    const list = Array.from({ length: nF }, (_, i) => i);
    for (const order of [list, [...list].reverse(), list.filter((f) => f % 3 !== 0)]) {
      for (const bestChg of [-Infinity, 0, 1e-3]) {
        const feats = new Int32Array(features.buffer, features.byteOffset, order.length);
        feats.set(order);
        const out = new Float64Array(8).fill(-7);
        const found = k.scanSplits(hist, histOffsets, nBins, feats, order.length, G, H, lambda, mcw, parentGain, bestChg, out);
        const want = naiveScanSplits(hist, histOffsets, nBins, order, G, H, lambda, mcw, parentGain, bestChg);
        expect(found).toBe(want !== null);
        if (want === null) continue;
        const got = [out[0], out[1], out[2] === 1, out[3], out[4], out[5], out[6], out[7]];
        const exp = [want.feature, want.splitBin, want.defaultLeft, want.lossChg, want.sumGradLeft, want.sumHessLeft, want.sumGradRight, want.sumHessRight];
        // A loss change of exactly zero (every score underflowed) may be -0 in the WASM kernel and
        // +0 in the naive one (pre-existing, with or without pruning; no split has a zero loss change).
        if (got[3] === 0 && exp[3] === 0) got[3] = exp[3];
        for (let i = 0; i < 8; i++) expect(Object.is(got[i], exp[i]), `field ${i}: ${got[i]} vs ${exp[i]}`).toBe(true);
      }
    }
  });

  it('scanSplits keeps the first of equal candidates (strictly larger replaces)', () => {
    // Two features with identical histograms: the first listed wins, in either list order.
    const histOffsets = k.memory.u32(3);
    histOffsets.set([0, 5, 10]);
    const nBins = k.memory.u32(2);
    nBins.set([4, 4]);
    const hist = k.memory.f64(20);
    const one = [1, 1, -2, 1, 0.5, 1, 1, 1, 0, 0];
    hist.set(one, 0);
    hist.set(one, 10);
    const features = Int32Array.of(1, 0);
    const out = new Float64Array(8);
    expect(k.scanSplits(hist, histOffsets, nBins, features, 2, 0.5, 4, 1, 0, 0.05, -Infinity, out)).toBe(true);
    expect(out[0]).toBe(1);
    features.set([0, 1]);
    expect(k.scanSplits(hist, histOffsets, nBins, features, 2, 0.5, 4, 1, 0, 0.05, -Infinity, out)).toBe(true);
    expect(out[0]).toBe(0);
  });

  it('buildHistogram over a feature block touches only that block', () => {
    const n = 200;
    const { bins, histOffsets, gh, nF } = fixture(k.memory, n, [3, 4, 5], 3);
    const rows = u32From(k.memory, Array.from({ length: n }, (_, i) => i));
    const hist = k.memory.f64(2 * histOffsets[nF]!);
    k.buildHistogram(bins, nF, 1, 2, histOffsets, rows, 0, n, gh, hist);
    const full = naiveHistogram(bins, n, nF, histOffsets, Array.from(rows), gh);
    for (let i = 0; i < hist.length; i++) {
      const inBlock = i >= 2 * histOffsets[1]! && i < 2 * histOffsets[2]!;
      expect(hist[i]).toBe(inBlock ? full[i] : 0);
    }
  });

  it('subtraction: parent - child equals a direct build of the sibling (exactly, on dyadic gradients)', () => {
    const n = 600;
    const { bins, histOffsets, nF } = fixture(k.memory, n, [9, 30], 11);
    const rnd = lcg(5);
    // Gradients that are multiples of 1/8 keep every float64 sum exact, so subtraction is exact.
    const gh = k.memory.f32(2 * n);
    for (let i = 0; i < gh.length; i++) gh[i] = Math.floor(rnd() * 64) / 8;
    const rows = u32From(k.memory, Array.from({ length: n }, (_, i) => i));
    const parent = k.memory.f64(2 * histOffsets[nF]!);
    parent.set(naiveHistogram(bins, n, nF, histOffsets, Array.from(rows), gh));
    const child = k.memory.f64(parent.length);
    child.set(naiveHistogram(bins, n, nF, histOffsets, Array.from(rows.subarray(0, 250)), gh));
    const sibling = naiveHistogram(bins, n, nF, histOffsets, Array.from(rows.subarray(250)), gh);
    const out = k.memory.f64(parent.length);
    k.subtractHistogram(parent, child, out, 0, out.length);
    expect(Array.from(out)).toEqual(Array.from(sibling));
    // In place over the parent (as the grower does), odd range ends included.
    k.subtractHistogram(parent, child, parent, 0, 5);
    k.subtractHistogram(parent, child, parent, 5, parent.length);
    expect(Array.from(parent)).toEqual(Array.from(sibling));
  });

  it('histogram sums do not depend on the row order within float64 rounding', () => {
    const n = 500;
    const { bins, histOffsets, gh, nF } = fixture(k.memory, n, [6, 6], 13);
    const a = u32From(k.memory, Array.from({ length: n }, (_, i) => i));
    const b = u32From(k.memory, Array.from({ length: n }, (_, i) => n - 1 - i));
    const ha = k.memory.f64(2 * histOffsets[nF]!);
    const hb = k.memory.f64(2 * histOffsets[nF]!);
    k.buildHistogram(bins, nF, 0, nF, histOffsets, a, 0, n, gh, ha);
    k.buildHistogram(bins, nF, 0, nF, histOffsets, b, 0, n, gh, hb);
    for (let i = 0; i < ha.length; i++) expect(hb[i]).toBeCloseTo(ha[i]!, 9);
  });

  it.each([
    [3, false],
    [3, true],
    [-1, true],
    [8, false],
  ])('partition (splitBin %i, defaultLeft %s) is stable and equals the naive filter', (splitBin, defaultLeft) => {
    const n = 300;
    const { bins } = fixture(k.memory, n, [4, 9, 6], 17);
    const rows = u32From(k.memory, Array.from({ length: n }, (_, i) => (i * 31) % n));
    const before = Array.from(rows.subarray(50, 250));
    const scratch = k.memory.u32(n);
    const nLeft = k.partition(bins, 3, 1, splitBin, 9, defaultLeft, rows, 50, 250, scratch);
    const [l, r] = naivePartition(bins, 3, 1, splitBin, 9, defaultLeft, before);
    expect(nLeft).toBe(l.length);
    expect(Array.from(rows.subarray(50, 250))).toEqual([...l, ...r]);
    // the same feature from a column-major copy (rowStride 1, first = feature * nRows)
    const cols = k.memory.u8(bins.length);
    for (let row = 0; row < n; row++) for (let f = 0; f < 3; f++) cols[f * n + row] = bins[row * 3 + f]!;
    const rows2 = u32From(k.memory, before);
    expect(k.partition(cols, 1, n, splitBin, 9, defaultLeft, rows2, 0, before.length, scratch)).toBe(l.length);
    expect(Array.from(rows2)).toEqual([...l, ...r]);
    // rows outside the window untouched
    expect(rows[0]).toBe(0);
    expect(rows[299]).toBe((299 * 31) % n);
  });
});

describe('sortFloat32 (radix) equals Float32Array.prototype.sort', () => {
  it.each([10, 63, 64, 1000, 20000])('n = %i, mixed signs, zeros, duplicates, infinities, subnormals', (n) => {
    let s = n * 7919;
    const rnd = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
    const specials = [0, -0, Infinity, -Infinity, 1e-45, -1e-45, 3.4e38, -3.4e38, 1, -1];
    const v = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const u = rnd();
      v[i] = u < 0.1 ? specials[Math.floor(rnd() * specials.length)]! : u < 0.3 ? Math.floor(rnd() * 5) : (rnd() - 0.5) * 10 ** Math.floor(rnd() * 12 - 6);
    }
    const want = v.slice().sort();
    sortFloat32(v);
    expect(new Uint32Array(v.buffer)).toEqual(new Uint32Array(want.buffer));
  });
});
