import { describe, expect, it } from 'vitest';
import { detectDelimiter, detectFormat, looksLikeLibsvm, sniffFormat } from '../../src/data/detect-format.js';
import { DataError } from '../../src/errors.js';
import { dataset, fixture } from './helpers.js';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('format detection', () => {
  it('recognizes Arrow by magic bytes', () => {
    expect(sniffFormat('x', bytes('ARROW1\0\0....'), 'auto')).toEqual({ format: 'arrow' });
    expect(sniffFormat('x', new Uint8Array([255, 255, 255, 255, 8, 1, 0, 0]), 'auto')).toEqual({ format: 'arrow' });
    expect(() => sniffFormat('x', bytes('ARROW1\0\0'), 'csv')).toThrow(DataError);
    expect(() => sniffFormat('x', bytes('a,b\n'), 'arrow')).toThrow(/not an Arrow IPC file/);
  });

  it('recognizes LibSVM by the second token of the first data line', () => {
    expect(looksLikeLibsvm('1 3:1 10:1\n')).toBe(true);
    expect(looksLikeLibsvm('# header comment\n\n0 qid:3 1:0.5\n')).toBe(true);
    expect(looksLikeLibsvm('1\n0 2:1\n')).toBe(true); // label-only first line: look further
    expect(looksLikeLibsvm('1\t2:1\n')).toBe(true);
    expect(looksLikeLibsvm('1 3:\n')).toBe(true); // malformed, but LibSVM: the reader reports it
    expect(looksLikeLibsvm('a,b\n1,2\n')).toBe(false);
    expect(looksLikeLibsvm('time,x\n12:30,1\n')).toBe(false);
    expect(looksLikeLibsvm('1\t2\t3\n')).toBe(false);
  });

  it('picks the delimiter the first line uses most, outside quotes', () => {
    expect(detectDelimiter('a,b,c')).toBe(44);
    expect(detectDelimiter('a\tb\tc')).toBe(9);
    expect(detectDelimiter('a;b;c')).toBe(59);
    expect(detectDelimiter('"x,y,z"\t"u,v"\tw')).toBe(9);
    expect(detectDelimiter('single')).toBe(44);
    expect(sniffFormat('x', bytes('\uFEFFa\tb\n1\t2\n'), 'auto')).toEqual({ format: 'delimited', delimiter: 9 });
    expect(sniffFormat('x', bytes('a,b\n'), 'tsv')).toEqual({ format: 'delimited', delimiter: 9 });
    expect(sniffFormat('x', bytes('1 1:1\n'), 'csv')).toEqual({ format: 'delimited', delimiter: 44 });
  });

  it('rejects empty and binary files', () => {
    expect(() => sniffFormat('x', new Uint8Array(0), 'auto')).toThrow(/file is empty/);
    expect(() => sniffFormat('x', new Uint8Array([1, 0, 2, 3]), 'auto')).toThrow(/unrecognized binary file/);
    // Binary files are named by what they are.
    const kinds: [number[], RegExp][] = [
      [[0x1f, 0x8b, 8, 0, 0, 0], /^x: a gzip-compressed file: not CSV\/TSV, LibSVM, Arrow IPC or Parquet$/],
      [[0x28, 0xb5, 0x2f, 0xfd, 0, 1], /a zstd-compressed file/],
      [[0x50, 0x4b, 3, 4, 0, 1], /a zip archive/],
    ];
    for (const [bytes, message] of kinds) expect(() => sniffFormat('x', Uint8Array.from(bytes), 'auto')).toThrow(message);
    // Parquet's magic is a format of its own, not an unknown binary.
    expect(sniffFormat('x', Uint8Array.of(0x50, 0x41, 0x52, 0x31, 0, 1), 'auto')).toEqual({ format: 'parquet' });
  });

  it('detects the bundled files', async () => {
    expect(await detectFormat(dataset('uci-casp-protein/CASP.csv'))).toEqual({ format: 'delimited', delimiter: 44 });
    expect(await detectFormat(dataset('lightgbm-binary/binary.train'))).toEqual({ format: 'delimited', delimiter: 9 });
    expect(await detectFormat(dataset('lightgbm-rank/rank.train'))).toEqual({ format: 'libsvm' });
    expect(await detectFormat(dataset('xgboost-agaricus/agaricus.txt.train'))).toEqual({ format: 'libsvm' });
    expect(await detectFormat(fixture('small.svm'))).toEqual({ format: 'libsvm' });
    expect(await detectFormat(fixture('semicolon.csv'))).toEqual({ format: 'delimited', delimiter: 59 });
  });
});
