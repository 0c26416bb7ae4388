/**
 * gzip and Zstandard text input (CSV, TSV, LibSVM and the sidecars), recognised by magic bytes
 * and decompressed while streaming; truncated and corrupt streams are one DataError naming the file.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Float64, Table, vectorFromArray } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { readByteChunks, readLines } from '../../src/data/byte-stream.js';
import { loadDataset } from '../../src/data/load.js';
import { runCli } from '../cli/run-cli.js';
import { expectDataError, makeTmpDir } from './helpers.js';
import { parquetBytes } from './parquet-files.js';

const tmp = makeTmpDir();
afterAll(() => tmp.cleanup());

/**
 * A Zstandard frame of raw (stored) blocks of at most `block` bytes (RFC 8878 §3.1.1): enough to
 * test framing and streaming without a compressor. Compressed blocks come from the zstd program
 * where it is installed (see ZSTD below).
 */
function zstdRawFrame(data: Uint8Array, block = 1000): Uint8Array {
  const parts: number[] = [0x28, 0xb5, 0x2f, 0xfd, 0x00, 7 << 3]; // magic; no size, no checksum; 128 KiB window
  if (data.length === 0) parts.push(1, 0, 0); // one empty last raw block
  for (let o = 0; o < data.length; o += block) {
    const n = Math.min(block, data.length - o);
    const last = o + n >= data.length ? 1 : 0;
    const h = last | (n << 3); // block type 0 (raw)
    parts.push(h & 0xff, (h >> 8) & 0xff, (h >> 16) & 0xff, ...data.subarray(o, o + n));
  }
  return Uint8Array.from(parts);
}

const ZSTD = ['/usr/bin/zstd', '/usr/local/bin/zstd'].find((p) => existsSync(p));
const zstdCompress = (data: Uint8Array): Uint8Array => new Uint8Array(execFileSync(ZSTD!, ['-q', '-c', '-3'], { input: data }));

function csvText(n: number): string {
  const lines = ['y,a,b,c'];
  for (let i = 0; i < n; i++) lines.push(`${i % 3},${(i * 7) % 101 / 4},${i % 5 === 0 ? '' : i * 0.5},"${i % 9}"`);
  return `${lines.join('\n')}\n`;
}
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('compressed text input', () => {
  const text = csvText(5000);
  const plain = tmp.file('plain.csv', text);

  it('a gzip, multi-member gzip and Zstandard CSV load the same dataset as the plain one, whatever the name', async () => {
    const want = await loadDataset(plain, { label: 'y' });
    const half = text.indexOf('\n', text.length >> 1) + 1;
    const files: [string, Uint8Array][] = [
      ['a.csv.gz', gzipSync(text)],
      ['b.csv', gzipSync(text)], // by content, not by name
      ['c.csv.gz', Buffer.concat([gzipSync(text.slice(0, half)), gzipSync(text.slice(half))])],
      ['d.csv.zst', zstdRawFrame(enc(text), 4093)],
      ['e.csv.zst', Buffer.concat([zstdRawFrame(enc(text.slice(0, half))), zstdRawFrame(enc(text.slice(half)))])],
    ];
    if (ZSTD !== undefined) files.push(['f.csv.zst', zstdCompress(enc(text))]);
    for (const [name, bytes] of files) {
      const got = await loadDataset(tmp.file(name, bytes), { label: 'y' });
      expect({ ...got, source: '' }, name).toEqual({ ...want, source: '' });
    }
  });

  it.skipIf(ZSTD === undefined)('(with the zstd program) a zstd-compressed CSV decodes compressed blocks', async () => {
    const bytes = zstdCompress(enc(text));
    expect(bytes.length).toBeLessThan(text.length / 2); // really compressed, not stored
    const got = await loadDataset(tmp.file('z.csv.zst', bytes), { label: 'y' });
    expect(got.nRows).toBe(5000);
  });

  it('streams: the chunks of a compressed file are its decompressed bytes for any chunk size, BOM dropped', async () => {
    const small = csvText(300);
    const bom = `\uFEFF${small}`;
    for (const [name, bytes] of [['s.gz', gzipSync(bom)], ['s.zst', zstdRawFrame(enc(bom), 777)]] as const) {
      const path = tmp.file(name, bytes);
      for (const size of [1, 7, 4096, 1 << 20]) {
        const pieces: Uint8Array[] = [];
        for await (const c of readByteChunks(path, size, true)) pieces.push(c.slice());
        expect(Buffer.concat(pieces).toString('utf8'), `${name} chunk ${size}`).toBe(small);
      }
      let lines = 0;
      await readLines(path, () => lines++, 333);
      expect(lines).toBe(301);
    }
  });

  it('TSV and LibSVM files and sidecars may be compressed, each on its own', async () => {
    const tsv = 'y\ta\tb\n1\t2\t3\n0\t5\t6\n1\t8\t9\n';
    const d = await loadDataset(tmp.file('t.tsv.gz', gzipSync(tsv)), { label: 'y' });
    expect(Array.from(d.columns[1]!)).toEqual([3, 6, 9]);
    const svm = '1 1:0.5 3:2\n0 2:1\n1 1:1 2:2 3:3\n0 3:4\n';
    const path = tmp.file('r.libsvm', zstdRawFrame(enc(svm), 5));
    tmp.file('r.libsvm.query', gzipSync('2\n2\n'));
    tmp.file('r.libsvm.weight', '1\n2\n3\n4\n');
    tmp.file('r.libsvm.position', zstdRawFrame(enc('0\n1\n0\n1\n')));
    const r = await loadDataset(path);
    expect(r.nRows).toBe(4);
    expect(Array.from(r.label!)).toEqual([1, 0, 1, 0]);
    expect(Array.from(r.columns[3]!)).toEqual([2, NaN, 3, 4]);
    expect(Array.from(r.queryOffsets!)).toEqual([0, 2, 4]);
    expect(Array.from(r.weight!)).toEqual([1, 2, 3, 4]);
    expect(Array.from(r.position!)).toEqual([0, 1, 0, 1]);
  });

  it('a truncated or corrupt gzip or Zstandard file is a DataError naming the file', async () => {
    const gz = gzipSync(text);
    const zs = zstdRawFrame(enc(text));
    const bad: [string, Uint8Array, RegExp][] = [
      ['cut.csv.gz', gz.subarray(0, gz.length >> 1), /truncated or corrupt gzip data: unexpected end of file/],
      ['tail.csv.gz', gz.subarray(0, gz.length - 4), /truncated or corrupt gzip data/],
      ['flip.csv.gz', Uint8Array.from(gz, (b, i) => (i === 40 ? b ^ 0xff : b)), /truncated or corrupt gzip data/],
      ['head.gz', gz.subarray(0, 5), /truncated or corrupt gzip data/],
      ['cut.csv.zst', zs.subarray(0, zs.length >> 1), /truncated or corrupt Zstandard data/],
      ['type.csv.zst', Uint8Array.from(zs, (b, i) => (i === 6 ? b | 6 : b)), /truncated or corrupt Zstandard data/],
    ];
    for (const [name, bytes, message] of bad) {
      const path = tmp.file(name, bytes);
      await expectDataError(loadDataset(path, { label: 'y' }), { file: path }, message);
    }
    tmp.file('ok.csv', 'y,a\n1,2\n0,3\n');
    const q = tmp.file('ok.csv.query', gzipSync('1\n1\n').subarray(0, 12));
    await expectDataError(loadDataset(join(tmp.dir, 'ok.csv'), { label: 'y' }), { file: q }, /truncated or corrupt gzip data/);
  });

  it('an empty compressed file and a compressed Parquet file are refused by name', async () => {
    const empty = tmp.file('empty.csv.gz', gzipSync(''));
    await expectDataError(loadDataset(empty), { file: empty }, /gzip-compressed file is empty/);
    const pq = tmp.file('t.parquet.gz', gzipSync(parquetBytes(new Table({ x: vectorFromArray([1, 2], new Float64()) }))));
    await expectDataError(loadDataset(pq), { file: pq }, /gzip-compressed Parquet file cannot be read: decompress it first/);
  });

  it('through the CLI: trains on a .csv.gz as on the .csv; a truncated one exits 2 with one line', async () => {
    const model = (f: string): string => join(tmp.dir, f);
    const gz = tmp.file('cli.csv.gz', gzipSync(text));
    for (const [data, out] of [[plain, 'm1.json'], [gz, 'm2.json']] as const) {
      const r = await runCli(['train', '--data', data, '--label', 'y', '--rounds', '3', '--nthread', '1', '--model-out', model(out)]);
      expect(r.status, r.stderr).toBe(0);
    }
    expect(readFileSync(model('m2.json'), 'utf8')).toBe(readFileSync(model('m1.json'), 'utf8'));
    const cut = tmp.file('cli-cut.csv.gz', gzipSync(text).subarray(0, 2000));
    const r = await runCli(['train', '--data', cut, '--label', 'y', '--rounds', '3', '--model-out', model('m3.json')]);
    expect(r.status).toBe(2);
    const errors = r.stderr.trimEnd().split('\n').filter((l) => l.startsWith('lambdaboost: '));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/cli-cut\.csv\.gz.*truncated or corrupt gzip data/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(model('m3.json'))).toBe(false);
  });
});
