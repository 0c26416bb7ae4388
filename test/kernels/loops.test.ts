/**
 * The plain-TS hot loops of src/kernels/ts/loops.ts against naive references.
 */
import { describe, expect, it } from 'vitest';
import { addPartial, countInBag, fillIdentity, transposeToRows, zeroOutsideBag } from '../../src/kernels/ts/loops.js';

let s = 99;
const rnd = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);

describe('kernels/ts/loops', () => {
  it('countInBag counts bag[rows[i]] over a window', () => {
    const n = 1000;
    const bag = Uint8Array.from({ length: n }, () => (rnd() < 0.6 ? 1 : 0));
    const rows = Uint32Array.from({ length: n }, (_, i) => (i * 7919) % n);
    for (const [a, b] of [[0, 0], [0, n], [13, 500], [999, 1000]] as const) {
      let want = 0;
      for (let i = a; i < b; i++) want += bag[rows[i]!]!;
      expect(countInBag(rows, bag, a, b)).toBe(want);
    }
  });

  it.each([
    ['u8, words of 4', 1, 8],
    ['u8, odd width (element path)', 1, 7],
    ['u16, words of 2', 2, 6],
    ['u16, odd width', 2, 5],
  ] as const)('transposeToRows: %s', (_name, bytes, nF) => {
    const n = 9000; // more than one 4096-row block
    const make = (len: number): Uint8Array | Uint16Array => (bytes === 1 ? new Uint8Array(len) : new Uint16Array(len));
    const columns = make(n * nF);
    for (let i = 0; i < columns.length; i++) columns[i] = Math.floor(rnd() * (bytes === 1 ? 256 : 65536));
    const rows = make(n * nF);
    transposeToRows(columns, n, nF, rows, 0, 5000);
    transposeToRows(columns, n, nF, rows, 5000, n);
    const want = make(n * nF);
    for (let r = 0; r < n; r++) for (let f = 0; f < nF; f++) want[r * nF + f] = columns[f * n + r]!;
    expect(rows).toEqual(want);
  });

  it('fillIdentity, addPartial, zeroOutsideBag', () => {
    const rows = new Uint32Array(10).fill(77);
    fillIdentity(rows, 2, 8);
    expect([...rows]).toEqual([77, 77, 2, 3, 4, 5, 6, 7, 77, 77]);
    const h = Float64Array.from({ length: 6 }, () => rnd());
    const p = Float64Array.from({ length: 6 }, () => rnd());
    const want = h.map((v, i) => v + p[i]!);
    addPartial(h, p);
    expect(h).toEqual(want);
    const gh = Float32Array.from({ length: 8 }, () => rnd());
    const mask = Uint8Array.from([1, 0, 1, 0]);
    const w = gh.map((v, i) => (mask[i >> 1] ? v : 0));
    zeroOutsideBag(gh, mask);
    expect(gh).toEqual(w);
  });
});
