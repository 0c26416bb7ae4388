/**
 * The plain-TS hot loops of src/kernels/ts/loops.ts against naive references.
 */
import { describe, expect, it } from 'vitest';
import { addPartial, addTreeToMargins, countInBag, fillIdentity, inCategorySet, partitionByTable, transposeToRows, zeroOutsideBag } from '../../src/kernels/ts/loops.js';

let s = 99;
const rnd = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);

describe('kernels/ts/loops', () => {
  it('partitionByTable: a stable filter by the code table, over windows of a column-major feature', () => {
    const n = 2000;
    const nF = 3;
    const nBins = 40; // codes 0..39, missing code 40
    const codes = new Uint8Array(n * nF);
    for (let i = 0; i < codes.length; i++) codes[i] = Math.floor(rnd() * (nBins + 1));
    for (const [f, a, b] of [[0, 0, n], [2, 17, 1500], [1, 300, 300], [1, 1999, 2000]] as const) {
      const table = new Uint8Array(5 + nBins + 1);
      for (let c = 0; c <= nBins; c++) table[5 + c] = rnd() < 0.4 ? 1 : 0;
      const rows = Uint32Array.from({ length: n }, (_, i) => (i * 7919) % n);
      const window = Array.from(rows.subarray(a, b));
      const goesLeft = (r: number): boolean => table[5 + codes[f * n + r]!] === 1;
      const want = [...window.filter(goesLeft), ...window.filter((r) => !goesLeft(r))];
      const nl = partitionByTable(codes, f * n, table, 5, rows, a, b, new Uint32Array(n));
      expect(nl).toBe(window.filter(goesLeft).length);
      expect(Array.from(rows.subarray(a, b))).toEqual(want);
    }
  });

  it('inCategorySet finds exactly the members of an ascending segment', () => {
    const cats = Int32Array.of(99, 1, 4, 5, 9, 30, 99);
    for (let v = -1; v <= 31; v++) expect(inCategorySet(cats, 1, 5, v)).toBe([1, 4, 5, 9, 30].includes(v));
    expect(inCategorySet(cats, 1, 0, 1)).toBe(false);
  });

  it('addTreeToMargins routes a categorical node: set right, other codes left, NaN by default_left', () => {
    // node 0: categorical on feature 0, {2, 5} right, missing left; node 2: numeric x1 < 0.5.
    const tree = {
      left: [1, -1, 3, -1, -1], right: [2, -1, 4, -1, -1], splitIndex: [0, 0, 1, 0, 0],
      splitCondition: [1.4e-45, 10, 0.5, 20, 30], defaultLeft: [1, 0, 0, 0, 0],
      catBegin: [0, -1, -1, -1, -1], catSize: [2, 0, 0, 0, 0], categories: [2, 5],
    };
    const f0 = Float32Array.of(2, 5, 0, 1, NaN, 5, 3);
    const f1 = Float32Array.of(0, 1, 0, 0, 0, NaN, 0);
    const m = new Float32Array(7);
    addTreeToMargins(tree, [f0, f1], m);
    expect(Array.from(m)).toEqual([20, 30, 10, 10, 10, 30, 10]);
  });

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
    // a range: only [2, 5) changes
    const h2 = Float64Array.from({ length: 6 }, () => rnd());
    const want2 = h2.map((v, i) => (i >= 2 && i < 5 ? v + p[i]! : v));
    addPartial(h2, p, 2, 5);
    expect(h2).toEqual(want2);
    const gh = Float32Array.from({ length: 8 }, () => rnd());
    const mask = Uint8Array.from([1, 0, 1, 0]);
    const w = gh.map((v, i) => (mask[i >> 1] ? v : 0));
    zeroOutsideBag(gh, mask);
    expect(gh).toEqual(w);
  });
});
