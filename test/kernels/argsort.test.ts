import { describe, expect, it } from 'vitest';
import { argsortDesc, resortDesc } from '../../src/kernels/ts/argsort.js';
import { discountTable, idealDcg, inverseIdcgPerQuery } from '../../src/kernels/ts/dcg.js';

/** Reference: Array.prototype.sort is stable (ES2019); NaN last. */
function reference(keys: ArrayLike<number>, begin: number, n: number): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  const key = (i: number): number => keys[begin + i]!;
  return idx.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (Number.isNaN(ka) || Number.isNaN(kb)) return Number(Number.isNaN(ka)) - Number(Number.isNaN(kb));
    return kb - ka;
  });
}

describe('argsortDesc', () => {
  it('is a stable descending sort (many ties, runs and merges, offsets, NaN last)', () => {
    let s = 7;
    const rnd = (): number => ((s = (s * 48271) % 2147483647) - 1) / 2147483646;
    for (const n of [0, 1, 2, 3, 15, 16, 17, 31, 32, 33, 100, 257, 1000]) {
      const begin = 5;
      const keys = new Float32Array(begin + n + 3);
      for (let i = 0; i < keys.length; i++) keys[i] = rnd() < 0.05 ? NaN : Math.floor(rnd() * 8);
      const out = new Uint32Array(n);
      const tmp = new Uint32Array(n);
      argsortDesc(keys, begin, n, out, tmp);
      expect(Array.from(out), `n=${n}`).toEqual(reference(keys, begin, n));
      const k64 = Float64Array.from(keys, (v) => v + rnd() * 0.5);
      argsortDesc(k64, begin, n, out, tmp);
      expect(Array.from(out), `f64 n=${n}`).toEqual(reference(k64, begin, n));
    }
  });
});

describe('dcg', () => {
  it('discount table D(r) = 1/log2(r + 2), growing on demand', () => {
    const t = discountTable(3);
    expect(t[0]).toBe(1);
    expect(t[2]).toBe(0.5);
    expect(t[1]).toBeCloseTo(1 / Math.log2(3), 15);
    const big = discountTable(5000);
    expect(big.length).toBeGreaterThanOrEqual(5000);
    expect(big[4999]).toBeCloseTo(1 / Math.log2(5001), 15);
    expect(t[1]).toBe(big[1]);
  });

  it('ideal DCG at k with exponential and linear gain', () => {
    const y = Float32Array.of(9, 1, 0, 3, 2);
    const o = new Uint32Array(4);
    const tmp = new Uint32Array(4);
    expect(idealDcg(y, 1, 4, 2, true, o, tmp)).toBeCloseTo(7 + 3 / Math.log2(3), 12);
    expect(idealDcg(y, 1, 4, 99, false, o, tmp)).toBeCloseTo(3 + 2 / Math.log2(3) + 1 / 2, 12);
    const inv = inverseIdcgPerQuery(Float32Array.of(0, 0, 1, 0), Uint32Array.of(0, 2, 4), 10, true);
    expect(Array.from(inv)).toEqual([0, 1]);
  });
});

describe('resortDesc', () => {
  it('gives argsortDesc order from any starting permutation (ties, NaN, nearly sorted and reversed starts)', () => {
    let s = 99;
    const rnd = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
    for (const n of [1, 2, 5, 17, 40, 300]) {
      for (let trial = 0; trial < 20; trial++) {
        const keys = Float32Array.from({ length: n + 3 }, () => (rnd() < 0.05 ? NaN : Math.floor(rnd() * 8) / 2));
        const want = new Uint32Array(n);
        argsortDesc(keys, 3, n, want, new Uint32Array(n));
        const start = Array.from({ length: n }, (_, i) => i);
        if (trial % 3 === 1) start.reverse(); // the fallback past the inversion budget
        if (trial % 3 === 2) start.sort(() => rnd() - 0.5);
        const order = new Uint32Array(n + 5);
        order.set(start, 5);
        resortDesc(keys, 3, n, order, 5, new Uint32Array(n), new Uint32Array(n));
        expect(Array.from(order.subarray(5)), `n ${n} trial ${trial}`).toEqual(Array.from(want));
      }
    }
  });
});
