/**
 * Kernels.squaredErrorGradients (TS loop and WASM SIMD) against the objective's own per-row
 * formula (pointGradient('reg:squarederror') through pointGradients, the naive reference), and
 * Kernels.addLeafValues against a plain per-window update: bit for bit, over row ranges with
 * every remainder of the 4-lane loop, with and without weights, scale_pos_weight 1 and a value
 * that is not a float32 (the weight times it must be rounded once, from the double product).
 */
import { describe, expect, it } from 'vitest';
import type { Kernels } from '../../src/kernels/kernels.js';
import { pointGradient, pointGradients } from '../../src/kernels/ts/pointwise-gradients.js';
import { createSharedTsKernels, tsKernels } from '../../src/kernels/ts/ts-kernels.js';
import { createWasmKernels } from '../../src/kernels/wasm/wasm-kernels.js';
import { needsWasm, WASM } from '../wasm-available.js';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

const OPTIONS = { huberSlope: 1, poissonMaxDeltaStep: 0.7, tweedieVariancePower: 1.5, quantileAlpha: 0.5 };

/** Margins, labels (a third of them exactly 1) and weights of n rows in `k`'s memory. */
function rows(k: Kernels, n: number, seed: number) {
  const rnd = lcg(seed);
  const margins = k.memory.f32(n);
  const labels = k.memory.f32(n);
  const weights = k.memory.f32(n);
  for (let r = 0; r < n; r++) {
    margins[r] = (rnd() - 0.5) * 10 ** (rnd() * 6 - 2);
    labels[r] = rnd() < 0.33 ? 1 : (rnd() - 0.3) * 7;
    weights[r] = rnd() < 0.1 ? 0 : rnd() * 3;
  }
  return { margins, labels, weights };
}

function kernelSets(): [string, Kernels][] {
  const sets: [string, Kernels][] = [['ts', tsKernels], ['ts shared', createSharedTsKernels()!]];
  if (WASM) sets.push(['wasm', createWasmKernels()!]);
  return sets;
}

describe('Kernels.squaredErrorGradients', () => {
  for (const [name, k] of kernelSets()) {
    it(`${name}: equals pointGradient('reg:squarederror') bit for bit`, () => {
      const n = 1037;
      const { margins, labels, weights } = rows(k, n, 7);
      for (const spw of [1, 0.3, 2.5]) {
        const grad = pointGradient('reg:squarederror', { ...OPTIONS, scalePosWeight: spw })!;
        for (const w of [null, weights]) {
          for (const [a, b] of [[0, n], [1, n - 2], [3, 4], [5, 5], [6, 13], [1000, 1037]] as const) {
            const want = new Float32Array(2 * n).fill(-7);
            pointGradients(grad, margins, labels, w, want, a, b);
            const got = k.memory.f32(2 * n).fill(-7);
            k.squaredErrorGradients(margins, labels, w, spw, got, a, b);
            expect(Buffer.from(got.buffer, got.byteOffset, got.byteLength).equals(Buffer.from(want.buffer)), `spw ${spw} weights ${w !== null} [${a}, ${b})`).toBe(true);
          }
        }
      }
    });
  }

  it('scale_pos_weight times a weight is rounded once from the double product (the case the test must see)', () => {
    // For some weight, float32(w * 0.3) differs from float32(w * float32(0.3)): the test above
    // covers a kernel that rounds the parameter first.
    const rnd = lcg(3);
    let differs = 0;
    for (let i = 0; i < 1000; i++) {
      const w = Math.fround(rnd() * 3);
      if (Math.fround(w * 0.3) !== Math.fround(w * Math.fround(0.3))) differs++;
    }
    expect(differs).toBeGreaterThan(0);
  });

  it.skipIf(!WASM)(needsWasm('wasm: a range outside the arrays is refused'), () => {
    const k = createWasmKernels()!;
    const { margins, labels } = rows(k, 10, 1);
    expect(() => k.squaredErrorGradients(margins, labels, null, 1, k.memory.f32(18), 0, 10)).toThrow(/outside/);
  });
});

describe('Kernels.addLeafValues', () => {
  for (const [name, k] of kernelSets()) {
    it(`${name}: float32(margin + v) for the rows of each window, double values too`, () => {
      const n = 2003;
      const rnd = lcg(11);
      const rowsArr = k.memory.u32(n);
      for (let i = 0; i < n; i++) rowsArr[i] = i;
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(rnd() * (i + 1));
        const t = rowsArr[i]!;
        rowsArr[i] = rowsArr[j]!;
        rowsArr[j] = t;
      }
      const margins = k.memory.f32(n);
      for (let r = 0; r < n; r++) margins[r] = (rnd() - 0.5) * 100;
      // Windows (start, end, value): float32 leaf values and doubles that are not float32 (LightGBM's).
      const windows = [0, 500, Math.fround(0.1), 500, 501, -0.1, 501, 501, 3, 501, 1500, 1e-3 / 3, 1500, n, Math.fround(-2.5)];
      for (const [kb, ke] of [[0, 5], [1, 4], [2, 3]] as const) {
        const want = Float32Array.from(margins);
        for (let w = kb; w < ke; w++) {
          for (let i = windows[3 * w]!; i < windows[3 * w + 1]!; i++) want[rowsArr[i]!] = want[rowsArr[i]!]! + windows[3 * w + 2]!;
        }
        k.addLeafValues(rowsArr, margins, windows, kb, ke);
        expect(Array.from(margins)).toEqual(Array.from(want));
      }
    });
  }

  for (const [name, k] of kernelSets()) {
    it(`${name}: the sum is rounded once (a double value just past half a float32 step)`, () => {
      // 1 + (2^-24 + 2^-50) rounds up to 1 + 2^-23; rounding the value to float32 first gives the
      // tie 1 + 2^-24, which rounds to 1.
      const rowsArr = k.memory.u32(8);
      for (let i = 0; i < 8; i++) rowsArr[i] = 7 - i;
      const margins = k.memory.f32(8).fill(1);
      k.addLeafValues(rowsArr, margins, [0, 8, 2 ** -24 + 2 ** -50], 0, 1);
      expect(Array.from(margins)).toEqual(new Array(8).fill(1 + 2 ** -23));
    });
  }

  it.skipIf(!WASM)(needsWasm('wasm: a row index past the margins is refused, not written'), () => {
    const k = createWasmKernels()!;
    const rowsArr = k.memory.u32(4);
    rowsArr.set([0, 1, 9, 2]);
    const margins = k.memory.f32(4);
    expect(() => k.addLeafValues(rowsArr, margins, [0, 4, 1], 0, 1)).toThrow(/outside margins/);
    expect(() => k.addLeafValues(rowsArr, margins, [0, 5, 1], 0, 1)).toThrow(/outside rows/);
  });
});
