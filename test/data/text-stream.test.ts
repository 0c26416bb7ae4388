import { afterAll, describe, expect, it } from 'vitest';
import { parseDelimitedChunks } from '../../src/data/delimited-reader.js';
import { readLines, readTextChunks } from '../../src/data/text-stream.js';
import { makeTmpDir } from './helpers.js';

const tmp = makeTmpDir();
afterAll(() => tmp.cleanup());

describe('text streaming', () => {
  const text = '\uFEFFnäme,€uro,日本\r\n1,2,3\r\n4,5,6';
  const path = tmp.file('utf8.csv', text);

  it('decodes multi-byte characters split across byte chunks and drops the BOM', async () => {
    for (const size of [1, 2, 3, 5, 7, 64]) {
      const pieces: string[] = [];
      for await (const c of readTextChunks(path, size)) pieces.push(c);
      expect(pieces.join(''), `chunk size ${size}`).toBe(text.slice(1));
    }
  });

  it('parses a file read in tiny chunks the same as in one piece', async () => {
    const whole = await parseDelimitedChunks(path, readTextChunks(path), { delimiter: 44 });
    expect(whole.featureNames).toEqual(['näme', '€uro', '日本']);
    for (const size of [1, 3, 7]) {
      expect(await parseDelimitedChunks(path, readTextChunks(path, size), { delimiter: 44 })).toEqual(whole);
    }
  });

  it('splits lines on LF and CRLF, with 1-based numbers, keeping a last unterminated line', async () => {
    const lines: [string, number][] = [];
    await readLines(tmp.file('lines.txt', 'a\r\n\nb\nc'), (t, n) => lines.push([t, n]));
    expect(lines).toEqual([['a', 1], ['', 2], ['b', 3], ['c', 4]]);
  });
});
