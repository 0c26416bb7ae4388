/**
 * Parquet input: every supported column type, nulls, several row groups, every page codec,
 * column roles by name, refusals by column, and the target of issue 19: a Parquet file written by
 * parquet-wasm trains the same model bytes as the CSV it was made from (regression, and ranking
 * with a qid column).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Bool, Dictionary, Float32, Float64, Int16, Int32, Int64, Int8, Table, Uint32, Uint8, Utf8, vectorFromArray, type Vector,
} from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { train } from '../../src/booster/booster.js';
import type { Dataset } from '../../src/data/dataset.js';
import { loadDataset } from '../../src/data/load.js';
import type { ParamInput } from '../../src/params/schema.js';
import { runCli } from '../cli/run-cli.js';
import { expectDataError, makeTmpDir } from './helpers.js';
import { parquetBytes, writeParquetFile, type ParquetCodec } from './parquet-files.js';

const tmp = makeTmpDir();
afterAll(() => tmp.cleanup());
let counter = 0;
const write = (table: Table, codec: ParquetCodec = 'snappy', rowGroupRows = 4096, dictionary = true): string =>
  writeParquetFile(join(tmp.dir, `p${counter++}.parquet`), table, { codec, rowGroupRows, dictionary });
const col = (d: Dataset, j: number): number[] => Array.from(d.columns[j]!);
const CODECS: ParquetCodec[] = ['snappy', 'zstd', 'gzip', 'none'];

describe('parquet: reading', () => {
  const table = (): Table =>
    new Table({
      i8: vectorFromArray([1, null, -3, 4], new Int8()),
      i16: vectorFromArray([1, null, -3, 4], new Int16()),
      i32: vectorFromArray([1, null, -3, 2 ** 31 - 1], new Int32()),
      i64: vectorFromArray([1n, null, -3n, 2n ** 53n + 1n], new Int64()),
      u8: vectorFromArray([1, null, 255, 4], new Uint8()),
      u32: vectorFromArray([1, null, 2 ** 32 - 1, 4], new Uint32()),
      f32: vectorFromArray([1.5, null, -0.25, 3.4e38], new Float32()),
      f64: vectorFromArray([0.1, null, -1e30, 5e-324], new Float64()),
      b: vectorFromArray([true, null, false, true], new Bool()),
      y: vectorFromArray([0, 1, 2, 3], new Float64()),
    });
  const expected: number[][] = [
    [1, NaN, -3, 4],
    [1, NaN, -3, 4],
    [1, NaN, -3, Math.fround(2 ** 31 - 1)],
    [1, NaN, -3, Math.fround(2 ** 53)],
    [1, NaN, 255, 4],
    [1, NaN, Math.fround(2 ** 32 - 1), 4],
    [1.5, NaN, -0.25, Math.fround(3.4e38)],
    [Math.fround(0.1), NaN, Math.fround(-1e30), 0],
    [1, NaN, 0, 1],
  ];
  for (const codec of CODECS) {
    for (const rowGroupRows of [1, 3, 4096]) {
      it(`reads every integer width, float, double, bool and nulls (${codec}, ${rowGroupRows}-row groups)`, async () => {
        const d = await loadDataset(write(table(), codec, rowGroupRows), { label: 'y' });
        expect(d.nRows).toBe(4);
        expect(d.featureNames).toEqual(['i8', 'i16', 'i32', 'i64', 'u8', 'u32', 'f32', 'f64', 'b']);
        expect(d.hasFeatureNames).toBe(true);
        expected.forEach((want, j) => expect(col(d, j), d.featureNames[j]).toEqual(want));
        expect(Array.from(d.label!)).toEqual([0, 1, 2, 3]);
      });
    }
  }

  it('reads plain (not dictionary) pages and many row groups of a larger table', async () => {
    const n = 20_000;
    const x = Array.from({ length: n }, (_, i) => (i % 7 === 0 ? null : (i * 7919) % 1000 / 8));
    const t = new Table({ x: vectorFromArray(x, new Float64()), y: vectorFromArray(Array.from({ length: n }, (_, i) => i % 2), new Int32()) });
    for (const dictionary of [true, false]) {
      const d = await loadDataset(write(t, 'zstd', 777, dictionary), { label: 'y' });
      expect(d.nRows).toBe(n);
      expect(col(d, 0)).toEqual(x.map((v) => (v === null ? NaN : v)));
      expect(Array.from(d.label!)).toEqual(Array.from({ length: n }, (_, i) => i % 2));
    }
  });

  it('takes the label, weight, qid and position columns by name or index, and skips ignored string columns', async () => {
    const t = new Table({
      id: vectorFromArray(['a', 'b', 'c', 'd'], new Utf8()),
      q: vectorFromArray([7n, 7n, 9n, 9n], new Int64()),
      x: vectorFromArray([1, 2, 3, 4], new Float64()),
      w: vectorFromArray([0.5, 1, 1, 2], new Float32()),
      pos: vectorFromArray([0, 1, 0, 1], new Int32()),
      y: vectorFromArray([1, 0, 0, 1], new Int8()),
    });
    const d = await loadDataset(write(t), { label: 'y', weight: 3, qid: 'q', position: 'pos', ignore: ['id'] });
    expect(d.featureNames).toEqual(['x']);
    expect(col(d, 0)).toEqual([1, 2, 3, 4]);
    expect(Array.from(d.weight!)).toEqual([0.5, 1, 1, 2]);
    expect(Array.from(d.queryOffsets!)).toEqual([0, 2, 4]);
    expect(Array.from(d.position!)).toEqual([0, 1, 0, 1]);
    expect(Array.from(d.label!)).toEqual([1, 0, 0, 1]);
  });

  it('refuses a string or dictionary label column by name', async () => {
    const s = new Table({ x: vectorFromArray([1, 2], new Float64()), city: vectorFromArray(['a', 'b'], new Utf8()) });
    await expectDataError(loadDataset(write(s), { label: 'city' }), { column: 'city' }, /string columns are categorical features, so it must be a feature column/);
    const dict = new Table({ x: vectorFromArray([1, 2], new Float64()), c: vectorFromArray(['u', 'v'], new Dictionary(new Utf8(), new Int32())) });
    await expectDataError(loadDataset(write(dict), { qid: 'c' }), { column: 'c' }, /string column/);
  });

  it('refuses a bad label, weight or qid order with the row and column', async () => {
    const t = new Table({ x: vectorFromArray([1, 2, 3], new Float64()), y: vectorFromArray([0, null, 1], new Float64()) });
    await expectDataError(loadDataset(write(t, 'snappy', 1), { label: 'y' }), { row: 2, column: 'y' }, /label/);
    const q = new Table({ x: vectorFromArray([1, 2, 3], new Float64()), q: vectorFromArray([1, 2, 1], new Int32()) });
    await expectDataError(loadDataset(write(q), { qid: 'q' }), { row: 3, column: 'q' }, /contiguous|again|earlier/);
  });

  it('refuses an infinite feature value, or a double beyond float32, naming the row and column', async () => {
    for (const bad of [Infinity, -Infinity, 1e300]) {
      const t = new Table({ x: vectorFromArray([1, 2, bad], new Float64()), y: vectorFromArray([0, 1, 1], new Float64()) });
      await expectDataError(loadDataset(write(t, 'snappy', 2), { label: 'y' }), { row: 3, column: 'x' }, /infinite/);
    }
  });

  it('detects the format by content whatever the extension, and refuses a Parquet file read as another format', async () => {
    const p = join(tmp.dir, 'data.csv');
    writeFileSync(p, parquetBytes(new Table({ x: vectorFromArray([1, 2], new Float64()) })));
    expect((await loadDataset(p)).nRows).toBe(2);
    expect((await loadDataset(p, { format: 'parquet' })).nRows).toBe(2);
    await expectDataError(loadDataset(p, { format: 'csv' }), { file: p }, /this is a Parquet file, but format "csv" was requested/);
    await expectDataError(loadDataset(tmp.file('t.csv', 'a,b\n1,2\n'), { format: 'parquet' }), {}, /not a Parquet file/);
  });

  it('a truncated file or a cut footer is one DataError naming the file', async () => {
    const bytes = parquetBytes(new Table({ x: vectorFromArray([1, 2, 3], new Float64()), y: vectorFromArray([1, 2, 3], new Float64()) }));
    for (const cut of [4, 11, 12, Math.floor(bytes.length / 2), bytes.length - 1]) {
      const p = tmp.file(`cut${cut}.parquet`, bytes.subarray(0, cut));
      await expectDataError(loadDataset(p), { file: p }, /truncated or corrupt Parquet file|too short/);
    }
  });
});

/** A dataset as a CSV text and as the matching Arrow table (float32-exact values, missing cells, ints, bools). */
function makeData(n: number, ranking: boolean): { csv: string; table: Table } {
  let s = 20240607;
  const rnd = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const cols: Record<string, (number | bigint | boolean | null)[]> = { y: [], qid: [], a: [], b: [], c: [], d: [], e: [] };
  let q = 0;
  for (let i = 0; i < n; i++) {
    if (i === 0 || rnd() < 0.05) q++;
    const a = rnd() < 0.1 ? null : Math.fround(rnd() * 10 - 5);
    const b = rnd() < 0.2 ? null : Math.floor(rnd() * 20);
    const c = Math.fround(rnd() ** 3);
    const d = rnd() < 0.1 ? null : rnd() < 0.5;
    const e = Math.fround(rnd() * 1e6);
    const y = ranking ? Math.floor(rnd() * 4) : Math.fround((a ?? 0) * 2 + (b ?? 3) - c * 5 + (d === true ? 1 : 0) + rnd());
    cols.y!.push(y);
    cols.qid!.push(BigInt(q));
    cols.a!.push(a);
    cols.b!.push(b);
    cols.c!.push(c);
    cols.d!.push(d);
    cols.e!.push(e);
  }
  const names = ranking ? ['y', 'qid', 'a', 'b', 'c', 'd', 'e'] : ['y', 'a', 'b', 'c', 'd', 'e'];
  const cell = (v: number | bigint | boolean | null): string => (v === null ? '' : typeof v === 'boolean' ? (v ? '1' : '0') : String(v));
  const lines = [names.join(',')];
  for (let i = 0; i < n; i++) lines.push(names.map((k) => cell(cols[k]![i]!)).join(','));
  const vectors: Record<string, Vector> = {
    y: vectorFromArray(cols.y as number[], new Float64()),
    a: vectorFromArray(cols.a as (number | null)[], new Float32()),
    b: vectorFromArray(cols.b as (number | null)[], new Int32()),
    c: vectorFromArray(cols.c as number[], new Float64()),
    d: vectorFromArray(cols.d as (boolean | null)[], new Bool()),
    e: vectorFromArray(cols.e as number[], new Float32()),
  };
  if (ranking) vectors.qid = vectorFromArray(cols.qid as bigint[], new Int64());
  const table = new Table(Object.fromEntries(names.map((k) => [k, vectors[k]!])));
  return { csv: `${lines.join('\n')}\n`, table };
}

describe('parquet: a file written by parquet-wasm trains the same model bytes as its CSV', () => {
  const cases: [name: string, ranking: boolean, params: ParamInput][] = [
    ['regression', false, { objective: 'reg:squarederror', max_depth: 4, eta: 0.3 }],
    ['ranking with a qid column', true, { objective: 'rank:ndcg', max_depth: 3, eta: 0.3 }],
  ];
  for (const [name, ranking, params] of cases) {
    it(name, async () => {
      const { csv, table } = makeData(12_000, ranking);
      const csvPath = tmp.file(`${name}.csv`, csv);
      const options = ranking ? { label: 'y', qid: 'qid' } : { label: 'y' };
      const all: ParamInput = { ...params, num_round: 8, nthread: 1, seed: 3, verbosity: 0 };
      const fromCsv = (await train(all, await loadDataset(csvPath, options))).toJSON();
      for (const codec of ['snappy', 'zstd', 'none'] as const) {
        const pq = write(table, codec, 4096);
        const d = await loadDataset(pq, options);
        expect(d.nRows).toBe(12_000);
        expect((await train(all, d)).toJSON(), codec).toBe(fromCsv);
      }
    }, 60_000);
  }

  it('through the CLI: train, predict and eval read Parquet', async () => {
    const { csv, table } = makeData(3000, false);
    const csvPath = tmp.file('cli.csv', csv);
    const pq = write(table, 'zstd', 4096);
    const out = (f: string): string => join(tmp.dir, f);
    for (const [data, model] of [[csvPath, 'm-csv.json'], [pq, 'm-pq.json']] as const) {
      const r = await runCli(['train', '--data', data, '--label', 'y', '--rounds', '4', '--nthread', '1', '--model-out', out(model)]);
      expect(r.status, r.stderr).toBe(0);
    }
    expect(readFileSync(out('m-pq.json'), 'utf8')).toBe(readFileSync(out('m-csv.json'), 'utf8'));
    for (const [data, preds] of [[csvPath, 'p-csv.txt'], [pq, 'p-pq.txt']] as const) {
      const r = await runCli(['predict', '--model', out('m-pq.json'), '--data', data, '--label', 'y', '--out', out(preds)]);
      expect(r.status, r.stderr).toBe(0);
    }
    expect(readFileSync(out('p-pq.txt'), 'utf8')).toBe(readFileSync(out('p-csv.txt'), 'utf8'));
    const e = await runCli(['eval', '--model', out('m-pq.json'), '--data', pq, '--label', 'y']);
    expect(e.status, e.stderr).toBe(0);
    const bad = tmp.file('bad.parquet', readFileSync(pq).subarray(0, 100));
    const r = await runCli(['train', '--data', bad, '--label', 'y', '--rounds', '2', '--model-out', out('bad.json')]);
    expect(r.status).toBe(2);
    const errors = r.stderr.trimEnd().split('\n').filter((l) => l.startsWith('lambdaboost: '));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/bad\.parquet.*truncated or corrupt Parquet file/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});

describe('parquet: the file reader given to hyparquet', () => {
  it('a failing range read nobody awaits is not an unhandled rejection (the reads are tracked)', async () => {
    const { fileBuffer } = await import('../../src/data/parquet-reader.js');
    const { open } = await import('node:fs/promises');
    const path = write(new Table({ x: vectorFromArray([1, 2, 3], new Float64()) }));
    const fh = await open(path, 'r');
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown): void => void unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      const pending = new Set<Promise<unknown>>();
      const buf = fileBuffer(path, fh, 100, pending);
      const first = buf.slice(200, 300);
      void buf.slice(400, 500); // dropped, as a parallel reader drops the rest after a failure
      await expect(first).rejects.toThrow(/lies outside the file of 100 bytes/);
      await Promise.allSettled([...pending]);
      await new Promise((r) => setTimeout(r, 20));
      expect(unhandled).toEqual([]);
      expect(pending.size).toBe(0);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await fh.close();
    }
  });
});
