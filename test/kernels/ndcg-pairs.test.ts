/**
 * Kernels.ndcgPairs: the WASM SIMD kernel (native/assembly/ndcg-pairs.ts) against the TypeScript
 * kernel (src/kernels/ts/ndcg-pairs.ts, itself checked against the general per-pair path in
 * test/objective/lambdarank.test.ts), bit for bit: the returned sum, every g and h, signs of zero
 * included. Queries of every length parity and truncation, label ties, score ties, score gaps from
 * 0 to float32 overflow (expf's subnormal and underflow bands), glibc's two expf inputs whose
 * product needs the fused multiply-add, non-zero starting sums, and non-finite scores (the WASM
 * kernel hands those queries to the TypeScript one).
 */
import { needsWasm, WASM } from '../wasm-available.js';
import { describe, expect, it } from 'vitest';
import { tsKernels } from '../../src/kernels/ts/ts-kernels.js';
import { createWasmKernels } from '../../src/kernels/wasm/wasm-kernels.js';
import type { Kernels } from '../../src/kernels/kernels.js';
import { discountTable } from '../../src/kernels/ts/dcg.js';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

interface Query {
  y: number[];
  s: number[];
  g0: number[];
  h0: number[];
}

/** Runs `k.ndcgPairs` on the query in arrays from `k.memory`; returns [S, g..., h...]. */
function run(k: Kernels, q: Query, top: number, invIdcg: number, normByDiff: boolean): number[] {
  const n = q.y.length;
  const m = k.memory;
  const y = m.f32(n);
  const sc = m.f32(n);
  const gain = m.f64(n);
  const disc = m.f64(n);
  const gR = m.f32(n);
  const hR = m.f32(n);
  const gd = m.f64(n);
  y.set(q.y);
  sc.set(q.s);
  for (let r = 0; r < n; r++) gain[r] = 2 ** q.y[r]! - 1;
  disc.set(discountTable(n).subarray(0, n));
  gR.set(q.g0);
  hR.set(q.h0);
  const S = k.ndcgPairs(y, sc, gain, disc, gR, hR, gd, n, top, invIdcg, normByDiff);
  return [S, ...gR, ...hR];
}

function sameBits(a: number[], b: number[]): number {
  let bad = 0;
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (!Object.is(a[i], b[i])) bad++;
  return bad;
}

/** A query of n documents sorted by score, descending; scores of scale `scale` (0: all equal). */
function query(rnd: () => number, n: number, scale: number, labels: number, tiesEvery: number, startSums: boolean): Query {
  const s: number[] = [];
  for (let r = 0; r < n; r++) {
    const v = tiesEvery > 0 && r % tiesEvery === 1 ? s[r - 1]! : Math.fround((rnd() * 2 - 1) * scale);
    s.push(v);
  }
  s.sort((a, b) => b - a);
  const y = Array.from({ length: n }, () => Math.floor(rnd() * labels));
  const z = () => (startSums ? Math.fround((rnd() - 0.5) * 3) : 0);
  return { y, s, g0: Array.from({ length: n }, z), h0: Array.from({ length: n }, () => Math.abs(z())) };
}

describe.skipIf(!WASM)(needsWasm('ndcgPairs: WASM equals TypeScript'), () => {
  const wasm = WASM ? createWasmKernels()! : null;

  it('random queries: every length, truncation, score scale, tie pattern and normalization', () => {
    const rnd = lcg(20261207);
    let cases = 0;
    let bad = 0;
    for (const n of [2, 3, 4, 5, 7, 31, 32, 33, 64, 113, 146]) {
      for (const scale of [0, 1e-6, 0.01, 1, 8, 60, 120, 1e4, 3e38]) {
        for (const tiesEvery of [0, 3]) {
          const q = query(rnd, n, scale, 1 + Math.floor(rnd() * 5), tiesEvery, rnd() < 0.3);
          for (const top of new Set([1, Math.min(n, 5), Math.min(n, 32), n])) {
            for (const norm of [false, true]) {
              const inv = 1 / (1 + rnd() * 40);
              bad += sameBits(run(tsKernels, q, top, inv, norm), run(wasm!, q, top, inv, norm));
              cases++;
            }
          }
        }
      }
    }
    expect(cases).toBeGreaterThan(600);
    expect(bad).toBe(0);
  });

  it('score gaps across the sigmoid: expf subnormal, underflow, the fused multiply-add inputs, float32 overflow', () => {
    // i = 0 has a higher or lower label than j = 1..: gaps d give sigmoid arguments -d and +d
    const gaps = [0, 1e-30, 1e-8, 0.5, 16.5, 17.5, 32.564632, 63.099461, 87.9, 88, 88.7, 88.8, 95, 103.97207, 103.972076, 104, 150, 1e30, 3.4e38];
    let bad = 0;
    for (const high of [true, false]) {
      const s = [0, ...gaps.map((d) => Math.fround(-d))];
      if (!high) for (let r = 0; r < s.length; r++) s[r] = Math.fround(s[r]! + 63.099461);
      const y = s.map((_, r) => (r === 0 ? (high ? 3 : 0) : high ? 0 : 3));
      const q: Query = { y, s: s.map((v) => Math.fround(v)), g0: s.map(() => 0), h0: s.map(() => 0) };
      const order = q.s.map((v, r) => [v, r] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
      const sorted: Query = { y: order.map(([, r]) => y[r]!), s: order.map(([v]) => v), g0: q.g0, h0: q.h0 };
      for (const norm of [false, true]) bad += sameBits(run(tsKernels, sorted, 1, 0.25, norm), run(wasm!, sorted, 1, 0.25, norm));
      for (const norm of [false, true]) bad += sameBits(run(tsKernels, sorted, sorted.y.length, 0.25, norm), run(wasm!, sorted, sorted.y.length, 0.25, norm));
    }
    expect(bad).toBe(0);
  });

  it('non-finite scores and equal labels everywhere', () => {
    let bad = 0;
    for (const bad1 of [NaN, Infinity, -Infinity]) {
      const q: Query = { y: [2, 0, 1, 0, 2], s: [3, 1, bad1, 0, -1], g0: [0, 0, 0, 0, 0], h0: [0, 0, 0, 0, 0] };
      bad += sameBits(run(tsKernels, q, 5, 0.5, true), run(wasm!, q, 5, 0.5, true));
    }
    const same: Query = { y: [1, 1, 1, 1], s: [2, 1, 0, -1], g0: [0.5, -0, 0, 0], h0: [0, 0, 0, 0] };
    const a = run(tsKernels, same, 4, 0.5, true);
    bad += sameBits(a, run(wasm!, same, 4, 0.5, true));
    expect(bad).toBe(0);
    expect(a).toEqual([0, 0.5, -0, 0, 0, 0, 0, 0, 0]);
  });

  it('refuses arrays outside its memory and a truncation beyond n', () => {
    const n = 4;
    const f32 = () => new Float32Array(n);
    const f64 = () => new Float64Array(n);
    expect(() => wasm!.ndcgPairs(f32(), f32(), f64(), f64(), f32(), f32(), f64(), n, 2, 1, true)).toThrow(/not in this kernel/);
    const m = wasm!.memory;
    expect(() => wasm!.ndcgPairs(m.f32(n), m.f32(n), m.f64(n), m.f64(n), m.f32(n), m.f32(n), m.f64(n), n, 5, 1, true)).toThrow(/top 5/);
  });
});
