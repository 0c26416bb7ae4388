/**
 * Kernels.sketchCuts: the WASM cut search (native/assembly/quantile-sketch.ts) against the
 * TypeScript sketch (src/kernels/ts/quantile-cuts.ts sketchCuts, itself checked against XGBoost
 * 3.4.1 in test/binning/sketch-parity.test.ts), bit for bit: the cut count, every cut's float32 bits
 * and minValue's. Columns: realistic values to 6 digits with missing cells (many queue flushes and
 * levels), few distinct values, long runs of equal values, sorted and reversed order, -0 and +0
 * mixed, infinities, subnormals, heavy tails, all missing, tiny columns around max_bin distinct
 * values; unit, random, zero, per-group and large integer weights (rank sums past 2^24); max_bin 2 to 1024; a work area reused across
 * columns of different lengths.
 */
import { needsWasm, WASM } from '../wasm-available.js';
import { describe, expect, it } from 'vitest';
import { createWasmKernels } from '../../src/kernels/wasm/wasm-kernels.js';
import { sketchCuts } from '../../src/kernels/ts/quantile-cuts.js';
import { tsKernels } from '../../src/kernels/ts/ts-kernels.js';
import type { Kernels } from '../../src/kernels/kernels.js';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
}

function normal(rnd: () => number): number {
  return Math.sqrt(-2 * Math.log(rnd())) * Math.cos(2 * Math.PI * rnd());
}

function column(n: number, seed: number, make: (rnd: () => number, i: number) => number): Float32Array {
  const rnd = lcg(seed);
  const c = new Float32Array(n);
  for (let i = 0; i < n; i++) c[i] = make(rnd, i);
  return c;
}

const COLUMNS: [string, Float32Array][] = [
  ['realistic 6 digits, 2% missing', column(60000, 1, (r) => (r() < 0.02 ? NaN : Number(normal(r).toPrecision(6))))],
  ['realistic, 30% missing', column(20000, 2, (r) => (r() < 0.3 ? NaN : Number(normal(r).toPrecision(6))))],
  ['10 levels', column(30000, 3, (r) => Math.floor(r() * 10))],
  ['long runs', column(40000, 4, (_r, i) => Math.floor(i / 37) % 500)],
  ['sorted', column(25000, 5, (_r, i) => i * 0.37)],
  ['reversed', column(25000, 6, (_r, i) => -i * 1.25)],
  ['signed zeros and infinities', column(20000, 7, (r) => {
    const u = r();
    return u < 0.2 ? 0 : u < 0.4 ? -0 : u < 0.45 ? Infinity : u < 0.5 ? -Infinity : Math.round(normal(r) * 100) / 100;
  })],
  ['subnormals', column(10000, 8, (r) => normal(r) * 1e-40)],
  ['heavy tail', column(30000, 9, (r) => Math.exp(3 * normal(r)))],
  ['all missing', new Float32Array(500).fill(NaN)],
  ['empty', new Float32Array(0)],
  ['one value', Float32Array.of(3.5)],
  ['255 distinct', column(255, 10, (_r, i) => i * 0.5)],
  ['256 distinct', column(256, 11, (_r, i) => i * 0.5)],
  ['257 distinct, shuffled', column(257, 12, (r) => Math.floor(r() * 257))],
  ['3000 distinct', column(3000, 13, (r) => r())],
];

function weightsFor(kind: string, n: number): Float32Array | null {
  if (kind === 'unit') return null;
  const rnd = lcg(n + 99);
  const w = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    if (kind === 'random') w[i] = rnd() * 3;
    else if (kind === 'some zero') w[i] = rnd() < 0.3 ? 0 : 1;
    else if (kind === 'large') w[i] = 1 + Math.floor(rnd() * 2000); // rank sums past 2^24: every float32 rounding shows
    else w[i] = 0.5 + (Math.floor(i / 50) % 7) * 0.25; // per group of 50 rows, as ranking weights
  }
  return w;
}

/** [count, minValue bits, cut bits...] from a kernel set, the column and weights copied into its memory. */
function run(k: Kernels, values: Float32Array, weights: Float32Array | null, maxBin: number, work: Uint8Array): number[] {
  const m = k.memory;
  const v = m.f32(values.length);
  v.set(values);
  let w: Float32Array | null = null;
  if (weights) {
    w = m.f32(weights.length);
    w.set(weights);
  }
  const out = m.f32(maxBin + 1);
  const count = k.sketchCuts(v, w, maxBin, work, out);
  return [count, ...new Uint32Array(out.buffer, out.byteOffset, count + 1)];
}

function reference(values: Float32Array, weights: Float32Array | null, maxBin: number): number[] {
  const fc = sketchCuts(values, weights, maxBin);
  return [fc.cuts.length, new Uint32Array(Float32Array.of(fc.minValue).buffer)[0]!, ...new Uint32Array(fc.cuts.buffer)];
}

describe('sketchCuts: TypeScript kernels', () => {
  it('write the reference sketch into out', () => {
    const [, c] = COLUMNS[0]!;
    expect(run(tsKernels, c, null, 256, new Uint8Array(0))).toEqual(reference(c, null, 256));
  });
});

describe.skipIf(!WASM)(needsWasm('sketchCuts: WASM equals TypeScript'), () => {
  const wasm = WASM ? createWasmKernels()! : null;
  for (const maxBin of [2, 16, 256, 1024]) {
    for (const wk of ['unit', 'random', 'some zero', 'groups', 'large']) {
      it(`max_bin ${maxBin}, ${wk} weights`, () => {
        const k = wasm!;
        const mark = k.memory.mark();
        // One work area for the longest column, reused for every column (as the cut search does per feature).
        const work = k.memory.u8(k.sketchWorkBytes(60000, maxBin));
        for (const [name, c] of COLUMNS) {
          const w = weightsFor(wk, c.length);
          const ref = reference(c, w, maxBin);
          expect(run(k, c, w, maxBin, work.subarray(0, k.sketchWorkBytes(c.length, maxBin))), name).toEqual(ref);
          expect(run(k, c, w, maxBin, work), `${name}, a larger work area`).toEqual(ref);
        }
        k.memory.release(mark);
      });
    }
  }

  it('refuses a short work area or out', () => {
    const k = wasm!;
    const v = k.memory.f32(1000);
    const out = k.memory.f32(257);
    expect(() => k.sketchCuts(v, null, 256, k.memory.u8(16), out)).toThrow(/work shorter/);
    expect(() => k.sketchCuts(v, null, 256, k.memory.u8(k.sketchWorkBytes(1000, 256)), k.memory.f32(10))).toThrow(/out shorter/);
  });
});
