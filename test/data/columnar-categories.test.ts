/**
 * Categorical columns of Arrow and Parquet files (src/data/columnar-categories.ts): the same table
 * in CSV, Arrow (utf8, large_utf8, dictionary; file and stream format, several batches) and Parquet
 * (dictionary pages or plain, several row groups) gives the same categories and codes.
 */
import { Dictionary, Float64, Int32, Int64, LargeUtf8, Table, tableToIPC, Utf8, vectorFromArray, type DataType, type Vector } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { writeArrow } from '../../src/data/arrow-writer.js';
import type { Dataset } from '../../src/data/dataset.js';
import { loadDataset, type LoadOptions } from '../../src/data/load.js';
import { readFileSync } from 'node:fs';
import { runCli } from '../cli/run-cli.js';
import { expectDataError, makeTmpDir } from './helpers.js';
import { writeParquetFile } from './parquet-files.js';

const tmp = makeTmpDir();
afterAll(() => tmp.cleanup());
let counter = 0;
const next = (ext: string): string => `${tmp.dir}/t${counter++}.${ext}`;

// Cities with an astral character (U+1F600 sorts after U+FF21 by code point, before it by UTF-16
// unit), a case pair, and nulls; integer shop ids that sort differently as text ("10" < "9").
const N = 300;
const CITIES = ['b', 'a', 'B', '\uFF21', '\u{1F600}', 'caf\u00e9', 'a b'];
const city = (i: number): string | null => (i % 11 === 3 ? null : CITIES[(i * 3) % CITIES.length]!);
const shop = (i: number): number | null => (i % 13 === 5 ? null : [9, 10, 2, -3, 100][i % 5]!);
const x = (i: number): number => (i % 17) / 4;
const y = (i: number): number => i % 3;

function csvFile(): string {
  const lines = ['y,city,x,shop'];
  for (let i = 0; i < N; i++) lines.push(`${y(i)},${city(i) ?? ''},${x(i)},${shop(i) ?? ''}`);
  return tmp.file(`c${counter++}.csv`, lines.join('\n') + '\n');
}

function table(cityType: DataType, from = 0, to = N): Table {
  const rows = Array.from({ length: to - from }, (_, k) => from + k);
  const vectors: Record<string, Vector> = {
    y: vectorFromArray(rows.map(y), new Float64()),
    city: vectorFromArray(rows.map(city), cityType),
    x: vectorFromArray(rows.map(x), new Float64()),
    shop: vectorFromArray(rows.map((i) => { const s = shop(i); return s === null ? null : BigInt(s); }), new Int64()),
  };
  return new Table(vectors);
}

const summary = (d: Dataset): unknown => ({
  names: d.featureNames,
  categories: d.categories,
  columns: d.columns.map((c) => Array.from(c)),
  label: Array.from(d.label!),
});

describe('Arrow and Parquet categorical columns', () => {
  it('give the same categories and codes as the same data in a CSV file', async () => {
    const opts: LoadOptions = { label: 'y', categorical: ['shop'] };
    const csvInfo: string[] = [];
    const fromCsv = await loadDataset(csvFile(), { ...opts, detectCategorical: true, onInfo: (m) => csvInfo.push(m) });
    expect(fromCsv.categories![0]).toEqual({ kind: 'string', names: ['B', 'a', 'a b', 'b', 'caf\u00e9', '\uFF21', '\u{1F600}'] });
    expect(fromCsv.categories![2]).toEqual({ kind: 'string', names: ['-3', '10', '100', '2', '9'] });
    expect(fromCsv.categories![1]).toBeNull();
    const want = summary(fromCsv);
    const files: [string, string][] = [];
    for (const type of [new Utf8(), new LargeUtf8(), new Dictionary(new Utf8(), new Int32())] as DataType[]) {
      const t = table(type);
      const a = next('arrow');
      tmp.file(a.slice(tmp.dir.length + 1), tableToIPC(t, 'file'));
      files.push([`arrow ${String(type)}`, a]);
      for (const dictionary of [true, false]) files.push([`parquet ${String(type)} dictionary ${dictionary}`, writeParquetFile(next('parquet'), t, { rowGroupRows: 64, dictionary })]);
    }
    // Several record batches, each with its own dictionary (stream format: replacement dictionaries).
    const batches = [table(new Dictionary(new Utf8(), new Int32()), 0, 100), table(new Dictionary(new Utf8(), new Int32()), 100, N)];
    const s = next('arrows');
    tmp.file(s.slice(tmp.dir.length + 1), tableToIPC(batches[0]!.concat(batches[1]!), 'stream'));
    files.push(['arrow stream, two batches', s]);
    for (const [what, f] of files) {
      const info: string[] = [];
      const d = await loadDataset(f, { ...opts, onInfo: (m) => info.push(m) });
      expect(summary(d), what).toEqual(want);
      expect(info.join('\n'), what).toMatch(/categorical columns: city \(7 categories\), shop \(5 categories\)/);
    }
    expect(csvInfo.join('\n')).toMatch(/categorical columns: city \(7 categories\), shop \(5 categories\)/);
    // writeArrow writes the categorical features as dictionaries of their names: read back the same.
    const w = next('arrow');
    await writeArrow(w, fromCsv);
    expect(summary(await loadDataset(w))).toEqual(want);
  });

  it('trains byte-identical models from the CSV, Arrow and Parquet copies of a table with categorical columns', async () => {
    const t = table(new Dictionary(new Utf8(), new Int32()));
    const a = next('arrow');
    tmp.file(a.slice(tmp.dir.length + 1), tableToIPC(t, 'file'));
    const files = [csvFile(), a, writeParquetFile(next('parquet'), t, { rowGroupRows: 100 })];
    const models: string[] = [];
    for (const f of files) {
      const out = next('json');
      const r = await runCli(['train', '--data', f, '--label', 'y', '--categorical', 'shop', '--rounds', '3', '--max_depth', '3', '--max_cat_to_onehot', '2', '--quiet', '--model-out', out]);
      expect(r.stderr, f).toBe('');
      models.push(readFileSync(out, 'utf8'));
    }
    expect(models[0]).toContain('"c"');
    expect(models[1]).toBe(models[0]);
    expect(models[2]).toBe(models[0]);
  });

  it('a dictionary entry no row uses is not a category (as in a CSV of the same rows)', async () => {
    const dict = vectorFromArray(['u', 'zz', 'v', 'u'], new Dictionary(new Utf8(), new Int32()));
    const used = dict.slice(0, 1).concat(dict.slice(2, 4));
    const t = new Table({ c: used, x: vectorFromArray([1, 2, 3], new Float64()) });
    const a = next('arrow');
    tmp.file(a.slice(tmp.dir.length + 1), tableToIPC(t, 'stream'));
    const d = await loadDataset(a);
    expect(d.categories![0]).toEqual({ kind: 'string', names: ['u', 'v'] });
    expect(Array.from(d.columns[0]!)).toEqual([0, 1, 0]);
  });

  it('refuses a float column named categorical, and a text column for a model feature trained as numeric', async () => {
    const t = new Table({ c: vectorFromArray(['u', 'v'], new Utf8()), x: vectorFromArray([1.5, 2], new Float64()) });
    const a = next('arrow');
    tmp.file(a.slice(tmp.dir.length + 1), tableToIPC(t, 'file'));
    const p = writeParquetFile(next('parquet'), t);
    for (const f of [a, p]) {
      await expectDataError(loadDataset(f, { categorical: ['x'] }), { column: 'x' }, /option categorical: a (Float64|DOUBLE) column has no category names/);
      await expectDataError(loadDataset(f, { nFeatures: 2 }), { column: 'c' }, /is a (Utf8|BYTE_ARRAY STRING) column, but the model has no categories for this feature/);
      await expectDataError(loadDataset(f, { categorical: ['c'], ignore: ['c'] }), { column: 'c' }, /option categorical: this is the ignored column, not a feature/);
    }
  });

  it("codes data for a model by the model's category names; unseen names are missing and reported once per column", async () => {
    const t = new Table({
      c: vectorFromArray(['u', 'w', null, 'v', 'w'], new Dictionary(new Utf8(), new Int32())),
      n: vectorFromArray([3, 30, 4, null, 3], new Int32()),
      x: vectorFromArray([1, 2, 3, 4, 5], new Float64()),
    });
    const a = next('arrow');
    tmp.file(a.slice(tmp.dir.length + 1), tableToIPC(t, 'file'));
    const p = writeParquetFile(next('parquet'), t, { rowGroupRows: 2 });
    const coding = {
      featureNames: ['c', 'n', 'x'],
      lists: [{ kind: 'string' as const, names: ['v', 'u'] }, { kind: 'string' as const, names: ['4', '3'] }, null],
    };
    for (const f of [a, p]) {
      const info: string[] = [];
      const d = await loadDataset(f, { nFeatures: 3, categoryCoding: coding, onInfo: (m) => info.push(m) });
      expect(d.categories).toBeUndefined();
      expect(Array.from(d.columns[0]!)).toEqual([1, NaN, NaN, 0, NaN]);
      expect(Array.from(d.columns[1]!)).toEqual([1, NaN, 0, NaN, 1]);
      expect(info).toEqual([
        `${f}: 2 cells of column "c" hold categories not seen in training (first "w"); read as missing`,
        `${f}: 1 cell of column "n" holds a category not seen in training (first "30"); read as missing`,
      ]);
    }
  });
});
