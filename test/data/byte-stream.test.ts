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
    }
  });

  it('splits lines on LF and CRLF, with 1-based numbers, keeping a last unterminated line', async () => {
    const lines: [string, number][] = [];
    await readLines(tmp.file('lines.txt', 'a\r\n\nb\nc'), (b, s, e, n) => lines.push([dec(b.subarray(s, e)), n]));
    expect(lines).toEqual([['a', 1], ['', 2], ['b', 3], ['c', 4]]);
  });
});
