/**
 * WASM-specific kernel tests: bit-identity with the TS kernels on both bin widths and every
 * feature-block remainder, the arena (alignment, zeroing, growth, limits), ownership and range
 * checks, and kernel selection.
 */
import { needsWasm, WASM } from '../wasm-available.js';
import { describe, expect, it } from 'vitest';
import type { Kernels } from '../../src/kernels/kernels.js';
import { selectKernels } from '../../src/kernels/select.js';
import { tsKernels } from '../../src/kernels/ts/ts-kernels.js';
import { kernelWasmPath } from '../../src/kernels/wasm/loader.js';
import { createWasmKernels, type WasmKernels } from '../../src/kernels/wasm/wasm-kernels.js';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function wasm(): WasmKernels {
  const k = createWasmKernels();
  if (!k) throw new Error('WASM kernels unavailable: run npm run build');
  return k;
}

/** Random row-major binned data (`bins[r * nF + f]`) with ~10% missing codes, allocated from `k.memory`. */
function data(k: Kernels, nRows: number, nBins: number[], wide: boolean, seed: number) {
  const rnd = lcg(seed);
  const nF = nBins.length;
  const histOffsets = k.memory.u32(nF + 1);
  for (let f = 0; f < nF; f++) histOffsets[f + 1] = histOffsets[f]! + nBins[f]! + 1;
  const bins = wide ? k.memory.u16(nF * nRows) : k.memory.u8(nF * nRows);
  for (let f = 0; f < nF; f++) {
    for (let r = 0; r < nRows; r++) bins[r * nF + f] = rnd() < 0.1 ? nBins[f]! : Math.floor(rnd() * nBins[f]!);
  }
  // Non-dyadic float32 gradients: every float64 sum rounds, so any change of summation order shows.
  const gh = k.memory.f32(2 * nRows);
  for (let i = 0; i < gh.length; i++) gh[i] = Math.fround((rnd() - 0.5) * 3.7) + (i % 2) * 1.3;
  const rows = k.memory.u32(nRows);
  for (let r = 0; r < nRows; r++) rows[r] = r;
  for (let i = nRows - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    const t = rows[i]!;
    rows[i] = rows[j]!;
    rows[j] = t;
  }
  return { bins, histOffsets, gh, rows, nF };
}

function sameBits(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

describe.skipIf(!WASM)(needsWasm('wasm kernels: availability'), () => {
  it('native/build/kernels.wasm is built and loads (npm run build)', () => {
    expect(kernelWasmPath()).not.toBeNull();
    expect(createWasmKernels()?.name).toBe('wasm');
  });
});

describe.skipIf(!WASM)(needsWasm('kernel memory mark / release'), () => {
  it('hands the released bytes to the next allocation; refuses a release past the top', () => {
    const k = createWasmKernels();
    if (!k) throw new Error('WASM kernels not built');
    const keep = k.memory.f64(10);
    const mark = k.memory.mark();
    const scratch = k.memory.f32(1000);
    k.memory.release(mark);
    const next = k.memory.u8(4000);
    expect(next.byteOffset).toBe(scratch.byteOffset);
    expect(next.byteOffset).toBeGreaterThanOrEqual(keep.byteOffset + 80);
    expect(() => k.memory.release(k.memory.used + 16)).toThrow(RangeError);
  });

  it('refuses to put the kernels\' own staging in a scratch area; allows it once released', () => {
    const k = createWasmKernels();
    if (!k) throw new Error('WASM kernels not built');
    const values = Float32Array.from([0.5, 2, NaN, 7]); // on the heap: binValues stages it
    const cuts = Float32Array.from([1, 3, 8]);
    const out = k.memory.u8(4);
    const mark = k.memory.mark();
    expect(() => k.binValues(values, 0, 4, cuts, 3, out, 0, 1)).toThrow(/inside a scratch area/);
    k.memory.release(mark);
    k.binValues(values, 0, 4, cuts, 3, out, 0, 1);
    expect(Array.from(out)).toEqual([0, 1, 3, 2]);
  });
});

describe.skipIf(!WASM)(needsWasm('wasm kernels vs ts kernels, bit for bit'), () => {
  const k = wasm();

  it.each([
    ['u8', false, [5, 255, 17, 2, 9, 30, 1]],
    ['u16', true, [300, 1000, 7, 65534, 3]],
    // rows wider than a SIMD load: 16-code (u8) and 8-code (u16) chunks, then 4-code chunks, then scalar
    ['u8, 39 features', false, Array.from({ length: 39 }, (_, f) => 1 + ((f * 37) % 255))],
    ['u16, 23 features', true, Array.from({ length: 23 }, (_, f) => 2 + ((f * 2903) % 65533))],
  ] as const)('buildHistogram (%s codes) over random windows and feature blocks', (_w, wide, nBins) => {
    const n = 3000;
    const d = data(k, n, [...nBins], wide, 19);
    const rnd = lcg(23);
    const hw = k.memory.f64(2 * d.histOffsets[d.nF]!);
    const ht = new Float64Array(hw.length);
    for (let trial = 0; trial < 40; trial++) {
      const a = Math.floor(rnd() * n);
      const b = a + Math.floor(rnd() * (n - a + 1));
      const f0 = Math.floor(rnd() * d.nF);
      const f1 = f0 + Math.floor(rnd() * (d.nF - f0 + 1));
      // accumulate on top of previous contents: the kernels must not clear
      tsKernels.buildHistogram(d.bins, d.nF, f0, f1, d.histOffsets, d.rows, a, b, d.gh, ht);
      k.buildHistogram(d.bins, d.nF, f0, f1, d.histOffsets, d.rows, a, b, d.gh, hw);
      expect(sameBits(hw, ht)).toBe(true);
    }
  });

  it('buildHistogram over ascending windows, rows close together (no touch-ahead) and far apart, equals TS', () => {
    const n = 4000;
    for (const [wide, nBins] of [[false, [7, 200, 3, 90, 255, 12, 40, 5, 9, 16, 33, 2, 100, 60, 70, 80, 90, 20, 30]], [true, [700, 3, 4000, 9, 12]]] as const) {
      const d = data(k, n, [...nBins], wide, 31);
      // ascending rows with gaps of 1 (a root), 3 (close) and 40 (far apart: touched ahead)
      for (const gap of [1, 3, 40]) {
        const count = Math.floor(n / gap);
        for (let i = 0; i < count; i++) d.rows[i] = i * gap;
        for (const [a, b] of [[0, count], [5, count - 3], [17, 17 + 33], [0, 1]] as const) {
          const hw = k.memory.f64(2 * d.histOffsets[d.nF]!);
          const ht = new Float64Array(hw.length);
          tsKernels.buildHistogram(d.bins, d.nF, 0, d.nF, d.histOffsets, d.rows, a, b, d.gh, ht);
          k.buildHistogram(d.bins, d.nF, 0, d.nF, d.histOffsets, d.rows, a, b, d.gh, hw);
          expect(sameBits(hw, ht), `gap ${gap}, window [${a}, ${b})`).toBe(true);
        }
      }
    }
  });

  it('buildHistogram accepts histOffsets on the JS heap (BinMapper keeps it there) with the same result', () => {
    const n = 500;
    const d = data(k, n, [4, 9, 40, 3, 6], false, 5);
    const heapOffsets = Uint32Array.from(d.histOffsets);
    const h1 = k.memory.f64(2 * d.histOffsets[d.nF]!);
    const h2 = k.memory.f64(h1.length);
    k.buildHistogram(d.bins, d.nF, 0, d.nF, d.histOffsets, d.rows, 0, n, d.gh, h1);
    k.buildHistogram(d.bins, d.nF, 0, d.nF, heapOffsets, d.rows, 0, n, d.gh, h2);
    expect(sameBits(h1, h2)).toBe(true);
    // the same heap array with new contents: the new layout is used (copied on every call)
    for (let f = 0; f <= d.nF; f++) heapOffsets[f] = d.histOffsets[f]! + 1;
    const h5 = k.memory.f64(h1.length + 2);
    k.buildHistogram(d.bins, d.nF, 0, d.nF, heapOffsets, d.rows, 0, n, d.gh, h5);
    expect(sameBits(h5.subarray(2), h1)).toBe(true);
    // a longer heap offsets array afterwards (the staging area grows)
    const wide = data(k, 50, [3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3], false, 6);
    const h3 = k.memory.f64(2 * wide.histOffsets[wide.nF]!);
    const h4 = new Float64Array(h3.length);
    k.buildHistogram(wide.bins, wide.nF, 0, wide.nF, Uint32Array.from(wide.histOffsets), wide.rows, 0, 50, wide.gh, h3);
    tsKernels.buildHistogram(wide.bins, wide.nF, 0, wide.nF, wide.histOffsets, wide.rows, 0, 50, wide.gh, h4);
    expect(sameBits(h3, h4)).toBe(true);
  });

  it('subtractHistogram over any range, odd or even, and on subarrays', () => {
    const rnd = lcg(3);
    const len = 37;
    const p = k.memory.f64(len);
    const c = k.memory.f64(len);
    for (let i = 0; i < len; i++) {
      p[i] = rnd() * 100 - 30;
      c[i] = rnd() * 0.1;
    }
    for (const [s, e] of [[0, 37], [1, 36], [5, 6], [3, 3], [0, 2], [2, 35]] as const) {
      const ow = k.memory.f64(len);
      const ot = new Float64Array(len);
      k.subtractHistogram(p, c, ow, s, e);
      tsKernels.subtractHistogram(p, c, ot, s, e);
      expect(sameBits(ow, ot)).toBe(true);
    }
    const ow = k.memory.f64(len);
    k.subtractHistogram(p.subarray(1), c.subarray(1), ow.subarray(1), 0, 36);
    for (let i = 1; i < len; i++) expect(ow[i]).toBe(p[i]! - c[i]!);
    expect(ow[0]).toBe(0);
  });

  it.each([
    ['u8', false, 9, [-1, 0, 3, 8, 9]],
    ['u16', true, 700, [-1, 0, 255, 256, 699]],
  ] as const)('partition (%s codes) equals the TS partition for every split and default direction', (_w, wide, nBins, splits) => {
    const n = 1000;
    const d = data(k, n, [nBins, nBins], wide, 29);
    const scratch = k.memory.u32(n);
    const tsScratch = new Uint32Array(n);
    for (const splitBin of splits) {
      for (const defaultLeft of [false, true]) {
        for (const [s, e] of [[0, n], [100, 700], [5, 5], [999, 1000]] as const) {
          const rw = k.memory.u32(n);
          rw.set(d.rows);
          const rt = Uint32Array.from(d.rows);
          const nw = k.partition(d.bins, d.nF, 1, splitBin, nBins, defaultLeft, rw, s, e, scratch);
          const nt = tsKernels.partition(d.bins, d.nF, 1, splitBin, nBins, defaultLeft, rt, s, e, tsScratch);
          expect(nw).toBe(nt);
          expect(Array.from(rw)).toEqual(Array.from(rt));
        }
      }
    }
  });

  it.each([
    ['u8', false, 9, [-1, 0, 4, 8, 9]],
    ['u16', true, 700, [-1, 0, 255, 256, 699]],
    ['u16 from 2^15', true, 40000, [-1, 0, 32767, 32768, 39999]],
  ] as const)('partition over a column-major copy (%s codes, four rows a step) equals the naive filter for windows of every length', (_w, wide, nBins, splits) => {
    const n = 1000;
    const nF = 3;
    const rnd = lcg(37);
    // Column-major codes (feature f of row r at f * n + r) with ~10% missing codes, as the grower's copy.
    const codes = wide ? k.memory.u16(nF * n) : k.memory.u8(nF * n);
    for (let i = 0; i < codes.length; i++) codes[i] = rnd() < 0.1 ? nBins : Math.floor(rnd() * nBins);
    const rows0 = Uint32Array.from({ length: n }, (_, i) => (i * 7919) % n);
    const scratch = k.memory.u32(n);
    const tsScratch = new Uint32Array(n);
    let moved = 0;
    for (const splitBin of splits) {
      for (const defaultLeft of [false, true]) {
        for (const [f, s, e] of [[0, 0, n], [1, 3, 998], [2, 1, 18], [0, 500, 505], [1, 7, 10], [2, 64, 64], [0, 998, 1000], [1, 1, 999]] as const) {
          const rw = k.memory.u32(n);
          rw.set(rows0);
          const rt = Uint32Array.from(rows0);
          // The partition unit passes the scratch from the window's start.
          const nw = k.partition(codes, 1, f * n, splitBin, nBins, defaultLeft, rw, s, e, scratch.subarray(s));
          const nt = tsKernels.partition(codes, 1, f * n, splitBin, nBins, defaultLeft, rt, s, e, tsScratch);
          const window = Array.from(rows0.subarray(s, e));
          const goesLeft = (r: number): boolean => (codes[f * n + r] === nBins ? defaultLeft : codes[f * n + r]! <= splitBin);
          const left = window.filter(goesLeft);
          expect(nw).toBe(left.length);
          expect(nt).toBe(left.length);
          expect(Array.from(rw.subarray(s, e))).toEqual([...left, ...window.filter((r) => !goesLeft(r))]);
          expect(Array.from(rw)).toEqual(Array.from(rt));
          if (left.length > 0 && left.length < window.length) moved++;
        }
      }
    }
    expect(moved).toBeGreaterThan(20);
  });

  it.each([
    ['u8', false, 9],
    ['u16', true, 700],
  ] as const)('partitionByTable (%s codes) equals the TS partition and the naive filter for any table', (_w, wide, nBins) => {
    const n = 1000;
    const nF = 3;
    const rnd = lcg(31);
    // Column-major codes (feature f of row r at f * n + r), missing code nBins included.
    const codes = wide ? k.memory.u16(nF * n) : k.memory.u8(nF * n);
    for (let i = 0; i < codes.length; i++) codes[i] = Math.floor(rnd() * (nBins + 1));
    const rows0 = Uint32Array.from({ length: n }, (_, i) => (i * 7919) % n);
    const scratch = k.memory.u32(n);
    const tsScratch = new Uint32Array(n);
    const table = k.memory.u8(7 + nBins + 1);
    let moved = 0;
    for (const share of [0, 0.1, 0.5, 1]) {
      for (let c = 0; c <= nBins; c++) table[7 + c] = rnd() < share ? 1 : 0;
      for (const [f, s, e] of [[0, 0, n], [2, 100, 700], [1, 5, 5], [1, 999, 1000], [0, 3, 998], [2, 1, 18], [1, 7, 10], [0, 1, 999], [2, 500, 506]] as const) {
        const rw = k.memory.u32(n);
        rw.set(rows0);
        const rt = Uint32Array.from(rows0);
        const nw = k.partitionByTable(codes, f * n, table, 7, rw, s, e, scratch);
        const nt = tsKernels.partitionByTable(codes, f * n, table, 7, rt, s, e, tsScratch);
        const window = Array.from(rows0.subarray(s, e));
        const left = window.filter((r) => table[7 + codes[f * n + r]!] === 1);
        expect(nw).toBe(left.length);
        expect(nt).toBe(left.length);
        expect(Array.from(rw.subarray(s, e))).toEqual([...left, ...window.filter((r) => table[7 + codes[f * n + r]!] === 0)]);
        expect(Array.from(rw)).toEqual(Array.from(rt));
        if (left.length > 0 && left.length < window.length) moved++;
      }
    }
    expect(moved).toBeGreaterThan(3);
    expect(() => k.partitionByTable(codes, 0, table, 7, k.memory.u32(n), 0, n, scratch.subarray(1))).toThrow(RangeError);
  });
});

describe.skipIf(!WASM)(needsWasm('wasm kernel memory'), () => {
  it('hands out 16-byte aligned, zeroed arrays of the requested length', () => {
    const k = wasm();
    const arrays = [k.memory.u8(3), k.memory.u16(5), k.memory.f32(7), k.memory.u32(1), k.memory.f64(9), k.memory.u8(0)];
    const lengths = [3, 5, 7, 1, 9, 0];
    arrays.forEach((a, i) => {
      expect(a.byteOffset % 16).toBe(0);
      expect(a.length).toBe(lengths[i]);
      expect(Array.from(a).every((v) => v === 0)).toBe(true);
      expect(k.memory.owns(a)).toBe(true);
    });
    // no overlap
    const spans = arrays.map((a) => [a.byteOffset, a.byteOffset + a.byteLength] as const).sort((x, y) => x[0] - y[0]);
    for (let i = 1; i < spans.length; i++) expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1]);
  });

  it('growing the memory keeps earlier arrays valid and usable by the kernels', () => {
    const k = wasm();
    const n = 64;
    const d = data(k, n, [5, 6, 7], false, 41);
    const before = k.memory.f64(2 * d.histOffsets[d.nF]!);
    k.buildHistogram(d.bins, d.nF, 0, d.nF, d.histOffsets, d.rows, 0, n, d.gh, before);
    const snapshot = Float64Array.from(before);
    const pagesBefore = k.wasmMemory.buffer.byteLength;
    const big = k.memory.f64(3_000_000); // 24 MB: forces growth, maybe several times
    const big2 = k.memory.u8(5_000_000);
    expect(k.wasmMemory.buffer.byteLength).toBeGreaterThan(pagesBefore);
    big[big.length - 1] = 1.5;
    big2[big2.length - 1] = 7;
    expect(big[big.length - 1]).toBe(1.5);
    expect(sameBits(before, snapshot)).toBe(true);
    // old arrays (views of an older buffer object) and new ones work together in one call
    const after = k.memory.f64(before.length);
    k.buildHistogram(d.bins, d.nF, 0, d.nF, d.histOffsets, d.rows, 0, n, d.gh, after);
    expect(sameBits(after, snapshot)).toBe(true);
    k.subtractHistogram(before, after, big, 0, before.length);
    expect(Array.from(big.subarray(0, before.length)).every((v) => v === 0)).toBe(true);
  });

  it('throws a RangeError when the memory maximum is reached', () => {
    const k = createWasmKernels({ maxPages: 32 })!;
    k.memory.u8(1_500_000);
    expect(() => k.memory.u8(1_000_000)).toThrow(/kernel memory exhausted/);
    expect(() => createWasmKernels({ maxPages: 0 })).toThrow(RangeError);
    expect(() => k.memory.f64(-1)).toThrow(RangeError);
  });

  it('every instance has its own memory', () => {
    const a = wasm();
    const b = wasm();
    expect(a.wasmMemory).not.toBe(b.wasmMemory);
    const x = a.memory.f64(4);
    const y = b.memory.f64(4);
    x[0] = 1;
    expect(y[0]).toBe(0);
  });
});

describe.skipIf(!WASM)(needsWasm('wasm kernels reject arrays from elsewhere'), () => {
  const k = wasm();
  const other = wasm();
  const n = 10;
  const d = data(k, n, [3], false, 1);
  const hist = k.memory.f64(2 * d.histOffsets[1]!);
  const scratch = k.memory.u32(n);

  it('a heap array throws an Error naming the argument', () => {
    expect(() => k.buildHistogram(d.bins, d.nF, 0, 1, d.histOffsets, d.rows, 0, n, d.gh, new Float64Array(hist.length)))
      .toThrow(/argument hist \(Float64Array, length 8\) is not in this kernel instance's memory/);
    expect(() => k.buildHistogram(Uint8Array.from(d.bins), d.nF, 0, 1, d.histOffsets, d.rows, 0, n, d.gh, hist)).toThrow(/argument bins/);
    expect(() => k.partition(d.bins, d.nF, 0, 1, 3, true, d.rows, 0, n, new Uint32Array(n))).toThrow(/argument scratch/);
    expect(() => k.subtractHistogram(hist, new Float64Array(8), hist, 0, 8)).toThrow(/argument child/);
  });

  it('an array of another WASM instance throws', () => {
    expect(() => k.buildHistogram(d.bins, d.nF, 0, 1, d.histOffsets, d.rows, 0, n, other.memory.f32(2 * n), hist)).toThrow(/argument gh/);
  });

  it('a shared array that is not WASM memory throws', () => {
    const sab = new Float64Array(new SharedArrayBuffer(64));
    expect(() => k.subtractHistogram(sab, hist, hist, 0, 8)).toThrow(/argument parent/);
  });

  it('windows outside the arrays throw RangeError before touching memory', () => {
    expect(() => k.buildHistogram(d.bins, d.nF, 0, 1, d.histOffsets, d.rows, 0, n + 1, d.gh, hist)).toThrow(RangeError);
    expect(() => k.buildHistogram(d.bins, d.nF, 0, 2, d.histOffsets, d.rows, 0, n, d.gh, hist)).toThrow(RangeError);
    expect(() => k.buildHistogram(d.bins, d.nF, 0, 1, d.histOffsets, d.rows, 0, n, d.gh, hist.subarray(1))).toThrow(RangeError);
    expect(() => k.subtractHistogram(hist, hist, hist, 0, 9)).toThrow(RangeError);
    expect(() => k.partition(d.bins, d.nF, n * d.nF, 1, 3, true, d.rows, 0, n, scratch)).toThrow(RangeError);
    expect(() => k.partition(d.bins, d.nF, 0, 1, 3, true, d.rows, 0, n, scratch.subarray(1))).toThrow(RangeError);
  });
});

describe.skipIf(!WASM)(needsWasm('kernel selection'), () => {
  it("'ts' gives the TS kernels; 'wasm' and 'auto' a fresh WASM instance each time", () => {
    expect(selectKernels('ts')).toBe(tsKernels);
    const a = selectKernels('wasm');
    const b = selectKernels('wasm');
    expect(a.name).toBe('wasm');
    expect(a).not.toBe(b);
    expect(selectKernels('auto').name).toBe('wasm');
  });
});
