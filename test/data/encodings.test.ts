/**
 * Encodings and layout quirks of text data (reliability issue): UTF-8 BOM, CRLF, trailing
 * separators, blank lines and quoted headers with commas, across the delimited reader, the LibSVM
 * reader, the sidecar files and model files. The basic cases (a BOM+CRLF CSV fixture, trailing
 * commas, a quoted "a,b" header, quoted CRLF inside cells, chunk boundaries) are in
 * delimited.test.ts and byte-stream.test.ts; this file covers their combinations and the other
 * readers.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { Booster, train } from '../../src/booster/booster.js';
import type { Dataset } from '../../src/data/dataset.js';
import { loadDataset, type LoadOptions } from '../../src/data/load.js';
import { readModelFile } from '../../src/model-io/model-file.js';
import { expectDataError, makeTmpDir } from './helpers.js';

const tmp = makeTmpDir();
afterAll(() => tmp.cleanup());
const BOM = '\uFEFF';

let counter = 0;
function write(text: string | Uint8Array, ext = 'csv'): string {
  return tmp.file(`e${counter++}.${ext}`, text);
}
async function load(text: string | Uint8Array, options: LoadOptions = {}, ext = 'csv'): Promise<Dataset> {
  return loadDataset(write(text, ext), options);
}
const col = (d: Dataset, j: number): number[] => Array.from(d.columns[j]!);

describe('UTF-8 byte-order mark', () => {
  it('is not part of the first header name, quoted or not, so the column can be selected by name', async () => {
    const plain = await load(`${BOM}y,x\n1,2\n3,4\n`, { label: 'y' });
    expect(plain.featureNames).toEqual(['x']);
    expect(Array.from(plain.label!)).toEqual([1, 3]);
    const quoted = await load(`${BOM}"y","x"\r\n1,2\r\n`, { label: 'y' });
    expect(quoted.featureNames).toEqual(['x']);
  });

  it('does not hide the first value of a headerless file, nor change the detected delimiter', async () => {
    const csv = await load(`${BOM}1.5,2\n3,4\n`);
    expect(Array.from(csv.label!)).toEqual([1.5, 3]);
    const tsv = await load(`${BOM}7\t8\t9\n1\t2\t3\n`, {}, 'txt');
    expect(tsv.nFeatures).toBe(2);
    expect(Array.from(tsv.label!)).toEqual([7, 1]);
    const semi = await load(`${BOM}a;b;c\n1;2;3\n`);
    expect(semi.featureNames).toEqual(['a', 'b', 'c']);
  });

  it('LibSVM files with a BOM are detected and read; so are sidecars with one', async () => {
    const p = write(`${BOM}1 qid:3 1:0.5\r\n0 qid:3 2:1\n`, 'svm');
    tmp.file(`${p.split('/').pop()}.weight`, `${BOM}2\r\n0.5\r\n`);
    const d = await loadDataset(p);
    expect(Array.from(d.label!)).toEqual([1, 0]);
    expect(Array.from(d.queryOffsets!)).toEqual([0, 2]);
    expect(col(d, 1)).toEqual([0.5, NaN]);
    expect(Array.from(d.weight!)).toEqual([2, 0.5]);
    // a BOM is not a line of its own: one weight line for two rows is one too few
    tmp.file(`${p.split('/').pop()}.weight`, `${BOM}2\r\n`);
    await expectDataError(loadDataset(p), {}, /has 1 weights, but the data has 2 rows/);
    const q = write(`${BOM}1 1:1\n0 1:2\n1 1:3\n`, 'svm');
    tmp.file(`${q.split('/').pop()}.query`, `${BOM}2\n1\n`);
    expect(Array.from((await loadDataset(q)).queryOffsets!)).toEqual([0, 2, 3]);
  });

  it('a file holding only a BOM (and blank lines) is empty', async () => {
    await expectDataError(load(BOM), {}, /empty/);
    await expectDataError(load(`${BOM}\r\n\r\n`, { format: 'csv' }), {}, /file is empty/);
    await expectDataError(load(`${BOM}\n\n`, { format: 'libsvm' }, 'svm'), {}, /file is empty/);
  });

  it('files shorter than a BOM read normally', async () => {
    expect(Array.from((await load('7')).label!)).toEqual([7]);
    expect(Array.from((await load('7\n')).label!)).toEqual([7]);
  });

  it('a model file with a BOM loads', async () => {
    const text = readFileSync(new URL('../fixtures/models/xgboost-1.7.4-features/poisson.model.json', import.meta.url), 'utf8');
    const plain = await readModelFile(write(text, 'json'));
    const withBom = await readModelFile(write(BOM + text, 'json'));
    expect(withBom.trees.length).toBe(plain.trees.length);
    expect(new Booster(withBom).predict([[1, 2, 3, 4]])).toEqual(new Booster(plain).predict([[1, 2, 3, 4]]));
  });

  it('UTF-16 text, with or without a BOM, either byte order, is refused as UTF-16 (whatever format is asked), not read as garbage', async () => {
    const le = (t: string): Buffer => Buffer.from(t, 'utf16le');
    const be = (t: string): Buffer => le(t).swap16();
    await expectDataError(load(le('\uFEFFy,x\r\n1,2\r\n')), {}, /the file is UTF-16 \(little-endian, with a byte order mark\) text; text data must be UTF-8/);
    await expectDataError(load(le('y,x\n1,2\n')), {}, /UTF-16 \(little-endian, no byte order mark\)/);
    await expectDataError(load(be('\uFEFFy,x\n1,2\n')), {}, /UTF-16 \(big-endian, with a byte order mark\)/);
    await expectDataError(load(be('y,x\n1,2\n')), {}, /UTF-16 \(big-endian, no byte order mark\)/);
    await expectDataError(load(le('\uFEFFy,x\n1,2\n'), { format: 'csv' }), {}, /UTF-16/);
    await expectDataError(load(le('1 0:1\n'), { format: 'libsvm' }), {}, /UTF-16/);
  });
});

describe('CRLF line ends', () => {
  it('with trailing separators, quoted headers and blank lines together', async () => {
    const d = await load(`${BOM}"y","a,b","c"\r\n\r\n1,2,3,\r\n \r\n4,5,6,\r\n`, { label: 'y' });
    expect(d.featureNames).toEqual(['a,b', 'c']);
    expect(Array.from(d.label!)).toEqual([1, 4]);
    expect(col(d, 0)).toEqual([2, 5]);
    expect(col(d, 1)).toEqual([3, 6]);
  });

  it('mixed LF, CRLF and lone CR in one file; the delimiter is detected on a CRLF first line', async () => {
    const d = await load('a;b\r\n1;2\n3;4\r5;6\r\n');
    expect(d.featureNames).toEqual(['a', 'b']);
    expect(col(d, 0)).toEqual([1, 3, 5]);
    expect(col(d, 1)).toEqual([2, 4, 6]);
  });

  it('the line numbers of errors count CRLF lines and blank lines', async () => {
    await expectDataError(load('a,b\r\n\r\n1,2\r\n\r\n3,x\r\n'), { line: 5, column: 'b' }, /cannot parse "x"/);
    await expectDataError(load('1 1:1\r\n\r\n0 1:zz\r\n', { format: 'libsvm' }, 'svm'), { line: 3, column: 1 }, /cannot parse "zz"/);
  });

  it('LibSVM: a CR before the line feed is not part of the last value, even after trailing spaces', async () => {
    const d = await load('1 1:2.5 \r\n0 2:3\t\r\n1 1:1\r\n', { format: 'libsvm' }, 'svm');
    expect(col(d, 1)).toEqual([2.5, NaN, 1]);
    expect(col(d, 2)).toEqual([NaN, 3, NaN]);
  });
});

describe('trailing separators', () => {
  it('TSV and semicolon files, with CRLF, with a header or not', async () => {
    const tsv = await load('y\ta\tb\t\r\n1\t2\t3\t\r\n', { format: 'tsv', label: 'y' }, 'tsv');
    expect(tsv.featureNames).toEqual(['a', 'b']);
    expect(col(tsv, 1)).toEqual([3]);
    const semi = await load('1;2;\r\n3;4;\r\n');
    expect(semi.nFeatures).toBe(1);
    expect(Array.from(semi.label!)).toEqual([1, 3]);
  });

  it('a trailing separator followed by spaces is still a trailing separator', async () => {
    const d = await load('a,b, \n1,2,  \n3,4,\t\n');
    expect(d.featureNames).toEqual(['a', 'b']);
    expect(col(d, 1)).toEqual([2, 4]);
  });

  it('two trailing separators: one is the line end, the other an empty (all-missing) column', async () => {
    const d = await load('a,b,,\n1,2,,\n3,4,,\n');
    expect(d.nFeatures).toBe(3);
    expect(d.featureNames).toEqual(['a', 'b', 'f2']);
    expect(col(d, 2)).toEqual([NaN, NaN]);
  });

  it('a quoted empty last cell is a value (missing), not a trailing separator', async () => {
    const d = await load('a,b,c\n1,2,""\n3,4,5\n');
    expect(d.nFeatures).toBe(3);
    expect(col(d, 2)).toEqual([NaN, 5]);
  });
});

describe('blank lines', () => {
  it('at the start, between rows and at the end, with spaces, tabs (CSV) or CR', async () => {
    const d = await load('\n  \n\r\ny,x\n\n1,2\n \t \n\r\n3,4\n\n\n', { label: 'y' });
    expect(d.nRows).toBe(2);
    expect(Array.from(d.label!)).toEqual([1, 3]);
    expect(col(d, 0)).toEqual([2, 4]);
  });

  it('LibSVM and sidecars skip blank and whitespace-only lines', async () => {
    const p = write('\n1 1:1\n   \n\t\n0 1:2\r\n\r\n1 1:3\n\n', 'svm');
    tmp.file(`${p.split('/').pop()}.query`, '\n2\n\n1\n\n');
    tmp.file(`${p.split('/').pop()}.position`, '0\r\n\r\n1\r\n0\r\n');
    const d = await loadDataset(p);
    expect(Array.from(d.label!)).toEqual([1, 0, 1]);
    expect(Array.from(d.queryOffsets!)).toEqual([0, 2, 3]);
    expect(Array.from(d.position!)).toEqual([0, 1, 0]);
  });
});

describe('quoted headers with commas', () => {
  it('columns named with commas, quotes and line breaks are selected by those names', async () => {
    const d = await load('"id, text","y, label","x ""q"", r","multi\nline, name",plain\nA,1,2,3,4\nB,5,6,7,8\n', { label: 'y, label', ignore: ['id, text'] });
    expect(d.featureNames).toEqual(['x "q", r', 'multi\nline, name', 'plain']);
    expect(Array.from(d.label!)).toEqual([1, 5]);
    expect(col(d, 0)).toEqual([2, 6]);
    expect(col(d, 1)).toEqual([3, 7]);
  });

  it('commas inside quoted names do not outvote the real delimiter', async () => {
    const semi = await load('"a,b,c";"d,e,f";g\n1;2;3\n');
    expect(semi.featureNames).toEqual(['a,b,c', 'd,e,f', 'g']);
    const tsv = await load('"a, b"\t"c, d, e"\n1\t2\n', {}, 'tsv');
    expect(tsv.featureNames).toEqual(['a, b', 'c, d, e']);
  });

  it('a model trained on such names predicts a file whose columns come in another order, matched by name', async () => {
    const rows = Array.from({ length: 40 }, (_, r) => [r % 4, r % 2 === 0 ? 1 : 0, (r * 7) % 5]);
    const trainText = '"y, target","a, first","b ""second"""\n' + rows.map(([y, a, b]) => `${y},${a},${b}`).join('\n') + '\n';
    const data = await load(trainText, { label: 'y, target' });
    const booster = await train({ num_round: 5, nthread: 1, verbosity: 0, min_child_weight: 0 }, data);
    expect(booster.model.featureNames).toEqual(['a, first', 'b "second"']);
    const back = Booster.fromJSON(booster.toJSON());
    // the same rows, columns swapped, CRLF, BOM and a trailing separator
    const swapped = `${BOM}"b ""second""","a, first",\r\n` + rows.map(([, a, b]) => `${b},${a},`).join('\r\n') + '\r\n';
    const test = await load(swapped);
    expect(Array.from(back.predict(test))).toEqual(Array.from(booster.predict(data)));
  });
});
