import { afterAll, describe, expect, it } from 'vitest';
import { readByteChunks, readLines } from '../../src/data/byte-stream.js';
import { parseDelimitedChunks } from '../../src/data/delimited-reader.js';
import { makeTmpDir } from './helpers.js';

const tmp = makeTmpDir();
afterAll(() => tmp.cleanup());
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

describe('byte streaming', () => {
  const text = '\uFEFFnäme,€uro,日本\r\n1,2,3\r\n4,5,6';
  const path = tmp.file('utf8.csv', text);

  it('yields the bytes in chunks, without the BOM', async () => {
    for (const size of [1, 2, 3, 5, 7, 64]) {
      const pieces: Uint8Array[] = [];
      for await (const c of readByteChunks(path, size)) pieces.push(c);
      expect(dec(Buffer.concat(pieces)), `chunk size ${size}`).toBe(text.slice(1));
    }
    const tiny: Uint8Array[] = [];
    for await (const c of readByteChunks(tmp.file('tiny.csv', '1'), 1)) tiny.push(c);
    expect(dec(Buffer.concat(tiny))).toBe('1');
  });

  it('parses a file read in tiny chunks (splitting multi-byte characters) the same as in one piece', async () => {
    const whole = await parseDelimitedChunks(path, readByteChunks(path), { delimiter: 44 });
    expect(whole.featureNames).toEqual(['näme', '€uro', '日本']);
    expect(Array.from(whole.columns[2]!)).toEqual([3, 6]);
    for (const size of [1, 2, 3, 7]) {
      expect(await parseDelimitedChunks(path, readByteChunks(path, size), { delimiter: 44 })).toEqual(whole);
      // One buffer overwritten by every read (as readDelimited reads): the tokenizer keeps copies.
      expect(await parseDelimitedChunks(path, readByteChunks(path, size, true), { delimiter: 44 })).toEqual(whole);
    }
  });

  it('with reuse, yields views of one buffer that the next read overwrites', async () => {
    const copies: Uint8Array[] = [];
    const views: Uint8Array[] = [];
    for await (const c of readByteChunks(path, 4, true)) {
      copies.push(c.slice());
      views.push(c);
    }
    expect(dec(Buffer.concat(copies))).toBe(text.slice(1));
    expect(new Set(views.slice(1).map((v) => v.buffer)).size).toBe(1);
  });

  it('reads records that span chunks the same as in one piece, whatever the chunk size', async () => {
    // Records longer and shorter than the chunks, CRLF split between chunks, quoted line breaks,
    // a trailing delimiter, blank lines, a missing cell: the fast path, the general path and the
    // join of a pending record to the next chunk all take part.
    const rows = ['a,b,c', '1.5,-2,3e2', '"4",5,', ' 6 ,7,8', '', '9,"1\n0",11', '12,13,14'];
    const csv = rows.join('\r\n') + '\n15,16,17\r18,19,20\n' + '21.25,22,23\r\n'.repeat(50);
    const file = tmp.file('spans.csv', csv);
    const opts = { delimiter: 44, ignore: ['b'] };
    const whole = await parseDelimitedChunks(file, [new TextEncoder().encode(csv)], opts);
    expect(whole.nRows).toBe(57);
    for (const size of [1, 2, 3, 5, 8, 13, 64]) {
      expect(await parseDelimitedChunks(file, readByteChunks(file, size, true), opts), `chunk size ${size}`).toEqual(whole);
    }
  });

  it('splits lines on LF and CRLF, with 1-based numbers, keeping a last unterminated line', async () => {
    const lines: [string, number][] = [];
    await readLines(tmp.file('lines.txt', 'a\r\n\nb\nc'), (b, s, e, n) => lines.push([dec(b.subarray(s, e)), n]));
    expect(lines).toEqual([['a', 1], ['', 2], ['b', 3], ['c', 4]]);
    const file = tmp.file('lines2.txt', 'alpha\r\nbe\r\n\ngamma delta\r\nx\ny\r');
    const want: [string, number][] = [['alpha', 1], ['be', 2], ['', 3], ['gamma delta', 4], ['x', 5], ['y', 6]];
    for (const size of [1, 2, 3, 4, 7, 64]) {
      const got: [string, number][] = [];
      await readLines(file, (b, s, e, n) => got.push([dec(b.subarray(s, e)), n]), size);
      expect(got, `chunk size ${size}`).toEqual(want);
    }
  });
});
