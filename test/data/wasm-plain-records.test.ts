/**
 * The delimited fast path's WASM reader of plain records (src/data/wasm-plain-records.ts,
 * native/assembly/record-scan.ts) against its reference, the TS fast path (`fastPath: 'ts'`), and
 * the general path (`fastPath: false`): the same dataset to the bit (every column's bytes, NaN
 * included) or the same error, whatever record it stops at and however the bytes are chunked.
 */
import { describe, expect, it } from 'vitest';
import { parseDelimitedChunks, type DelimitedOptions } from '../../src/data/delimited-reader.js';
import type { Dataset } from '../../src/data/dataset.js';
import { needsWasm, WASM } from '../wasm-available.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

const hex = (a: ArrayBufferView | null): string | null => (a === null ? null : Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex'));

/** The dataset with every typed array as the hex of its bytes, or the error's message. */
async function outcome(chunks: Uint8Array[], fastPath: DelimitedOptions['fastPath'], options: Partial<DelimitedOptions> = {}): Promise<unknown> {
  try {
    const ds: Dataset = await parseDelimitedChunks('p.csv', chunks, { delimiter: 44, label: 'y', weight: 'w', ...options, fastPath });
    return {
      ...ds, columns: ds.columns.map((c) => hex(c as Float32Array)), label: hex(ds.label), weight: hex(ds.weight),
      queryOffsets: hex(ds.queryOffsets), position: hex(ds.position),
    };
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** `bytes` cut into chunks of `size` bytes. */
function chunked(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

/** Expects the three readings of `bytes` (whole and in chunks) to agree, and returns the general path's. */
async function expectSame(bytes: Uint8Array, sizes: number[], options: Partial<DelimitedOptions> = {}): Promise<unknown> {
  const general = await outcome([bytes], false, options);
  for (const size of sizes) {
    const chunks = chunked(bytes, size);
    expect(await outcome(chunks, 'ts', options), `ts, chunks of ${size}`).toEqual(general);
    expect(await outcome(chunks, true, options), `wasm, chunks of ${size}`).toEqual(general);
  }
  return general;
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** Cells a feature column accepts, of every kind the readers meet besides plain numbers. */
const VALID = ['', '-0', '+5', '.5', '5.', '-.25', '007', '0.000', '123456789012345', '1234567890123456', '0.1234567890123451',
  '1e22', '1e23', '1E-22', '1e-23', '2.5e+3', 'NA', 'nan', ' 5', '5 ', '"5"', '" -1.5e-3 "', '1e00004', '1e0001', `${'9'.repeat(15)}e22`];
/** Cells no reader accepts in a feature column. */
const INVALID = ['1e', '-', '.', 'inf', 'x', '1e999'];

/** A random feature cell: mostly a plain number of 1-9 digits, else another valid form (`bad` of the time, an invalid one). */
function cell(rnd: () => number, bad = 0): string {
  const u = rnd();
  const x = (rnd() - 0.5) * 10 ** Math.floor(rnd() * 12 - 6);
  if (u < bad) return INVALID[Math.floor(rnd() * INVALID.length)]!;
  if (u < 0.5) return x.toPrecision(1 + Math.floor(rnd() * 9));
  if (u < 0.6) return String(x); // shortest form: 16-17 digits, exponents
  if (u < 0.7) return x.toExponential(Math.floor(rnd() * 6));
  return VALID[Math.floor(rnd() * VALID.length)]!;
}

/** Lines joined by LF or, at random, CR LF, with a final line break. */
function joinLines(lines: string[], rnd: () => number): string {
  return lines.map((l) => l + (rnd() < 0.3 ? '\r\n' : '\n')).join('');
}

describe(needsWasm('delimited: the WASM reader of plain records reads as the TS fast path'), () => {
  const before = Array.from({ length: 30 }, (_, i) => `${i % 3},${i}.5,-${i}.25,${i}e-2,0.${i}`).join('\n');
  const after = Array.from({ length: 5 }, (_, i) => `1,${i},${i},-${i}.5,`).join('\n');
  const variants = [
    '7,1,8,9,10', '7,1,,,', ',1,8,9,10', '7,,8,9,10', '7,-1,8,9,10', '7,-0,8,9,10', '-0,1,-0,+0,-.0', '7,1,8,9,10,', '7,1,8,9,10,,',
    '7,1,8,9', '7,1,8,9,10,11', '7,1,8,9,10\r', '7,1,8,9,10\r1,2,3,4,5', '7,1,8\r9,10', '7,1,1.5e3,1E-5,2e+2', '7,1,1e22,1e-22,0e99', '7,1,1e23,9,10',
    '7,1,123456789012345,0.12345678901234,1', '7,1,1234567890123456,9,10', '7,1,0.000000000000001,9,10', '7,1,00000000000000001,9,10',
    '7,1,"8",9,10', '7,1, 8,9,10', '7,1,8 ,9,10', '7,1,NA,9,10', '7,1,inf,9,10', '7,1,1e,9,10', '7,1,-,9,10', '7,1,.,9,10', '7,1,5.,.5,+.5',
    '7,1,1e0001,1e00001,9', '7,1,3.4e38,3.5e38,9', '', ' ', '\t', 'y,1,2,3,4', '1e999,1,8,9,10', '7,1e999,8,9,10',
  ];
  it.each(variants)('%j in the middle of a file', async (variant) => {
    const bytes = enc(`y,w,a,b,c\n${before}\n${variant}\n${after}\n`);
    const general = await expectSame(bytes, [bytes.length, 7, 64]);
    if (variant === '7,1,8,9,10') expect(typeof general).not.toBe('string');
  });

  it('CRLF files, a file without a final line break, one column', async () => {
    await expectSame(enc(`y,w,a\r\n${'1,2,3\r\n'.repeat(50)}4,5,6`), [1 << 20, 5]);
    await expectSame(enc(`y\n${'1.5\n-2\n\n3e1\n'.repeat(40)}`), [1 << 20, 3], { weight: undefined });
    await expectSame(enc(`y,a\n${'1,\n,2\n'.repeat(40)}`), [1 << 20, 11], { weight: undefined });
    // One feature and no label (a model's input): a blank line is no record, an empty cell is.
    const got = await expectSame(enc(`${'1.5\n\n-2\n'.repeat(40)}`), [1 << 20, 3], { label: undefined, weight: undefined, header: false, nFeatures: 1 });
    expect(got).toMatchObject({ nRows: 80 });
  });

  it.skipIf(!WASM)('a large file of random cells (past a slice of 128 KiB, records the TS path must take in between)', async () => {
    const rnd = lcg(5);
    for (const pOther of [0.002, 0.05, 1]) {
      const lines = ['y,w,a,b,c,d,e,f'];
      for (let r = 0; r < 6000; r++) {
        const cells = [String(r % 5), (rnd() * 3).toFixed(3)];
        for (let j = 0; j < 6; j++) cells.push(rnd() < pOther ? cell(rnd) : ((rnd() - 0.5) * 4).toPrecision(6));
        lines.push(cells.join(','));
      }
      const got = await expectSame(enc(joinLines(lines, rnd)), [1 << 20, 65536, 4093]);
      expect(typeof got, String(got)).not.toBe('string'); // every row compared
    }
    // An invalid cell somewhere: the same error (the first one, at the same line).
    const lines = ['y,w,a,b,c'];
    for (let r = 0; r < 3000; r++) lines.push([String(r % 7), '1', cell(rnd, 0.001), cell(rnd), cell(rnd)].join(','));
    const got = await expectSame(enc(joinLines(lines, rnd)), [1 << 20, 1000]);
    expect(typeof got).toBe('string');
  });

  it.skipIf(!WASM)('records wider than a slice', async () => {
    const width = 25000;
    const header = ['y', ...Array.from({ length: width }, (_, j) => `f${j}`)].join(',');
    const row = (r: number): string => [String(r), ...Array.from({ length: width }, (_, j) => ((j * 7 + r) % 13 === 0 ? '' : `${(j % 100) / 8}`))].join(',');
    await expectSame(enc(`${header}\n${Array.from({ length: 6 }, (_, r) => row(r)).join('\n')}\n`), [1 << 20], { weight: undefined });
  });
});

