import { afterAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/load.js';
import { expectDataError, fixture, makeTmpDir } from './helpers.js';

const tmp = makeTmpDir();
afterAll(() => tmp.cleanup());
let counter = 0;
const svm = (text: string): string => tmp.file(`s${counter++}.svm`, text);
const col = (d: { columns: Float32Array[] }, j: number): number[] => Array.from(d.columns[j]!);

describe('libsvm: values', () => {
  it('reads labels, qid, comments, blank lines; absent entries are NaN; index = column id', async () => {
    const d = await loadDataset(fixture('small.svm'));
    expect(d.nRows).toBe(3);
    expect(d.nFeatures).toBe(5); // max index 4 -> 5 columns, column 0 empty
    expect(d.hasFeatureNames).toBe(false);
    expect(d.featureNames).toEqual(['f0', 'f1', 'f2', 'f3', 'f4']);
    expect(Array.from(d.label!)).toEqual([2, 1, 0]);
    expect(col(d, 0)).toEqual([NaN, NaN, NaN]);
    expect(col(d, 1)).toEqual([0.5, NaN, -1]);
    expect(col(d, 2)).toEqual([NaN, 2, NaN]);
    expect(col(d, 3)).toEqual([1.5, NaN, NaN]);
    expect(col(d, 4)).toEqual([NaN, NaN, NaN]); // 4:nan is missing
    expect(Array.from(d.queryOffsets!)).toEqual([0, 2, 3]);
    expect(d.weight).toBeNull();
    expect(d.position).toBeNull();
  });

  it('pads to options.nFeatures, and 0-based indices fill column 0', async () => {
    const d = await loadDataset(svm('1 0:3 2:4\n0 1:5\n'), { nFeatures: 6 });
    expect(d.nFeatures).toBe(6);
    expect(col(d, 0)).toEqual([3, NaN]);
    expect(col(d, 5)).toEqual([NaN, NaN]);
    const small = await loadDataset(svm('1 0:3 2:4\n'), { nFeatures: 1 });
    expect(small.nFeatures).toBe(3);
  });

  it('accepts tabs, +1/-1 labels, exponents, unsorted indices, no final newline, CRLF', async () => {
    const d = await loadDataset(svm('+1\t3:1e-2 1:2\r\n-1 2:-.5'));
    expect(Array.from(d.label!)).toEqual([1, -1]);
    expect(col(d, 3)).toEqual([Math.fround(0.01), NaN]);
    expect(col(d, 1)).toEqual([2, NaN]);
    expect(col(d, 2)).toEqual([NaN, -0.5]);
  });

  it('rows with only a label give all-NaN rows', async () => {
    const d = await loadDataset(svm('1 1:1\n0\n'), { format: 'libsvm' });
    expect(d.nRows).toBe(2);
    expect(col(d, 1)).toEqual([1, NaN]);
  });

  it('loads .query, .weight and .position sidecars and announces them', async () => {
    const messages: string[] = [];
    const path = fixture('grouped.svm');
    const d = await loadDataset(path, { onInfo: (m) => messages.push(m) });
    expect(Array.from(d.queryOffsets!)).toEqual([0, 2, 4]);
    expect(Array.from(d.weight!)).toEqual([1, 0.5, 2, 0]);
    expect(Array.from(d.position!)).toEqual([0, 1, 0, 1]);
    expect(messages).toEqual([
      `loaded 2 query groups from ${path}.query`,
      `loaded 4 weights from ${path}.weight`,
      `loaded 4 positions from ${path}.position`,
    ]);
  });
});

describe('libsvm: malformed input is a DataError with the line', () => {
  it('a token without a value, a bare index, non-numeric values and indices, negative indices', async () => {
    await expectDataError(loadDataset(svm('1 1:1\n0 2:1 3:\n')), { line: 2, column: 3 }, /feature 3 has no value/);
    await expectDataError(loadDataset(svm('1 1:1\n\n0 3\n')), { line: 3 }, /expected index:value, found "3"/);
    await expectDataError(loadDataset(svm('1 1:abc\n')), { line: 1, column: 1 }, /cannot parse "abc"/);
    await expectDataError(loadDataset(svm('1 1:1 -2:1\n')), { line: 1 }, /negative feature index "-2"/);
    await expectDataError(loadDataset(svm('1 1:1 x:1\n'), { format: 'libsvm' }), { line: 1 }, /feature index must be a non-negative integer/);
    await expectDataError(loadDataset(svm('1 1:1 :1\n')), { line: 1 }, /missing feature index/);
    await expectDataError(loadDataset(svm('1 2:1 1:2 2:3\n')), { line: 1, column: 2 }, /appears twice/);
  });

  it('infinite values and values beyond the float32 range are refused, naming line, index and the text', async () => {
    await expectDataError(loadDataset(svm('1 0:1 1:2\n0 0:inf 1:2\n')), { line: 2, column: 0 }, /the value "inf" is infinite; infinite values are refused/);
    await expectDataError(loadDataset(svm('1 0:1 3:-Infinity\n')), { line: 1, column: 3 }, /"-Infinity" is infinite/);
    await expectDataError(loadDataset(svm('1 0:1 1:1e39\n')), { line: 1, column: 1 }, /"1e39" is beyond the float32 range/);
    await expectDataError(loadDataset(svm('1 0:1 1:3.5e38 # big\n')), { line: 1, column: 1 }, /"3\.5e38" is beyond the float32 range/);
    await expectDataError(loadDataset(svm('1 0:1e400\n')), { line: 1, column: 0 }, /"1e400" is infinite/);
    expect(col(await loadDataset(svm('1 0:3.4028235e38\n')), 0)).toEqual([Math.fround(3.4028235e38)]);
  });

  it('bad labels', async () => {
    await expectDataError(loadDataset(svm('1 1:1\nnan 1:1\n')), { line: 2, column: 'label' }, /label must be a finite number/);
    await expectDataError(loadDataset(svm('1 1:1\ninf 1:1\n')), { line: 2, column: 'label' }, /label must be a finite number/);
    await expectDataError(loadDataset(svm('1 1:1\nyes 1:1\n')), { line: 2, column: 'label' }, /cannot parse label "yes"/);
    await expectDataError(loadDataset(svm('1 1:1\n1:2 2:1\n')), { line: 2, column: 'label' }, /expected a label/);
  });

  it('qid problems: non-contiguous, missing on some lines, misplaced', async () => {
    const e = await expectDataError(loadDataset(svm('1 qid:1 1:1\n0 qid:1 1:1\n1 qid:2 1:1\n0 qid:1 1:1\n')), { line: 4, column: 'qid' }, /query id 1 reappears/);
    expect(e.message).toMatch(/line 1-2/);
    await expectDataError(loadDataset(svm('1 qid:1 1:1\n0 1:1\n')), { line: 2 }, /has no qid/);
    await expectDataError(loadDataset(svm('1 1:1\n0 qid:3 1:1\n')), { line: 2 }, /has a qid/);
    await expectDataError(loadDataset(svm('1 1:1 qid:3\n')), { line: 1, column: 'qid' }, /right after the label/);
  });

  it('empty and comment-only files; options that do not apply', async () => {
    await expectDataError(loadDataset(svm('# nothing\n\n'), { format: 'libsvm' }), {}, /no data lines/);
    await expectDataError(loadDataset(svm('1 1:1\n'), { label: 0 }), {}, /option label does not apply to LibSVM/);
  });

  it('bad sidecars: wrong .query sum, bad sizes, bad weights and positions, wrong counts', async () => {
    const base = svm('1 1:1\n0 1:2\n1 1:3\n');
    tmp.file(base.slice(tmp.dir.length + 1) + '.query', '2\n2\n');
    await expectDataError(loadDataset(base), { file: `${base}.query`, line: 2 }, /add up to more than the 3 rows/);
    tmp.file(base.slice(tmp.dir.length + 1) + '.query', '1\n1\n');
    await expectDataError(loadDataset(base), { file: `${base}.query` }, /sum to 2, but the data has 3 rows/);
    tmp.file(base.slice(tmp.dir.length + 1) + '.query', '1\n1.5\n');
    await expectDataError(loadDataset(base), { file: `${base}.query`, line: 2 }, /positive integer/);
    tmp.file(base.slice(tmp.dir.length + 1) + '.query', '3\n');
    tmp.file(base.slice(tmp.dir.length + 1) + '.weight', '1\n-2\n1\n');
    await expectDataError(loadDataset(base), { file: `${base}.weight`, line: 2 }, /weight must be a finite number >= 0/);
    tmp.file(base.slice(tmp.dir.length + 1) + '.weight', '1\n1\n');
    await expectDataError(loadDataset(base), { file: `${base}.weight` }, /has 2 weights, but the data has 3 rows/);
    tmp.file(base.slice(tmp.dir.length + 1) + '.weight', '1\n1\n1\n1\n');
    await expectDataError(loadDataset(base), { file: `${base}.weight`, line: 4 }, /more weights than data rows/);
    tmp.file(base.slice(tmp.dir.length + 1) + '.weight', '1\n1\n1\n');
    tmp.file(base.slice(tmp.dir.length + 1) + '.position', '0\n-1\n2\n');
    await expectDataError(loadDataset(base), { file: `${base}.position`, line: 2 }, /position must be an integer >= 0/);
    tmp.file(base.slice(tmp.dir.length + 1) + '.position', '0\nx\n2\n');
    await expectDataError(loadDataset(base), { file: `${base}.position`, line: 2 }, /cannot parse "x"/);
    tmp.file(base.slice(tmp.dir.length + 1) + '.position', '0\n1\n\n2\n');
    const d = await loadDataset(base);
    expect(Array.from(d.position!)).toEqual([0, 1, 2]);
    expect(Array.from(d.queryOffsets!)).toEqual([0, 3]);
  });

  it('in-file query ids win over a .query sidecar, with a note', async () => {
    const base = svm('1 qid:4 1:1\n0 qid:4 1:2\n');
    tmp.file(base.slice(tmp.dir.length + 1) + '.query', '1\n1\n');
    const messages: string[] = [];
    const d = await loadDataset(base, { onInfo: (m) => messages.push(m) });
    expect(Array.from(d.queryOffsets!)).toEqual([0, 2]);
    expect(messages[0]).toMatch(/ignoring .*\.query/);
  });
});

describe('libsvm: options', () => {
  it('an empty ignore list is fine', async () => {
    const d = await loadDataset(svm('1 1:1\n'), { ignore: [] });
    expect(d.nRows).toBe(1);
  });
});

describe('libsvm: a larger file', () => {
  it('reads every entry of a generated file past the buffer sizing (values as fround(Number(text)))', async () => {
    // Long and short mantissas, exponents, missing tokens, `#` right after a value, qid; over
    // 4096 rows, so the buffers are resized for the whole file from the first rows' density
    // (which here is lower than the rest's, so they grow again).
    let seed = 99;
    const rnd = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const lines: string[] = [];
    const want: number[][] = []; // [row, index, value]
    const labels: number[] = [];
    for (let r = 0; r < 9000; r++) {
      const label = Math.floor(rnd() * 5);
      labels.push(label);
      const tokens = [String(label), `qid:${Math.floor(r / 30)}`];
      const nEntries = r < 4096 ? 3 : 12;
      let index = 0;
      for (let k = 0; k < nEntries; k++) {
        index += 1 + Math.floor(rnd() * 3);
        const x = (rnd() - 0.5) * 10 ** Math.floor(rnd() * 12 - 6);
        const style = Math.floor(rnd() * 5);
        const text = style === 0 ? String(x) : style === 1 ? x.toPrecision(19) : style === 2 ? x.toExponential(4) : style === 3 ? x.toFixed(3) : 'nan';
        tokens.push(`${index}:${text}`);
        want.push([r, index, text === 'nan' ? NaN : Math.fround(Number(text))]);
      }
      lines.push(tokens.join(' ') + (r % 7 === 0 ? '# comment 1:2' : ''));
    }
    const d = await loadDataset(svm(lines.join('\n') + '\n'));
    expect(d.nRows).toBe(9000);
    expect(Array.from(d.label!)).toEqual(labels);
    expect(d.queryOffsets!.length).toBe(301);
    const seen = d.columns.map((c) => new Uint8Array(c.length));
    const wrong: string[] = [];
    for (const [r, j, v] of want) {
      if (!Object.is(d.columns[j!]![r!], v)) wrong.push(`row ${r} f${j}: ${d.columns[j!]![r!]}, expected ${v}`);
      seen[j!]![r!] = 1;
    }
    for (let j = 0; j < d.nFeatures; j++) {
      for (let r = 0; r < 9000; r++) if (!seen[j]![r] && !Number.isNaN(d.columns[j]![r])) wrong.push(`row ${r} f${j}: ${d.columns[j]![r]}, expected NaN`);
    }
    expect(wrong.slice(0, 5)).toEqual([]);
  });
});
