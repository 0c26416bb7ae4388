import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import { parseDelimitedChunks } from '../../src/data/delimited-reader.js';
import type { Dataset } from '../../src/data/dataset.js';
import { loadDataset, type LoadOptions } from '../../src/data/load.js';
import { expectDataError, fixture, makeTmpDir } from './helpers.js';

const tmp = makeTmpDir();
afterAll(() => tmp.cleanup());

let counter = 0;
/** Writes `text` to a fresh temp file and loads it. */
async function loadText(text: string, options: LoadOptions = {}, ext = 'csv'): Promise<Dataset> {
  return loadDataset(tmp.file(`t${counter++}.${ext}`, text), options);
}
function loadTextPath(text: string, ext = 'csv'): string {
  return tmp.file(`t${counter++}.${ext}`, text);
}
const col = (d: Dataset, j: number): number[] => Array.from(d.columns[j]!);
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const f = Math.fround;

describe('delimited: values, missing, names', () => {
  it('reads a CSV with header, quotes and missing tokens', async () => {
    const d = await loadDataset(fixture('mixed.csv'), { label: 'y', ignore: ['name'] });
    expect(d.nRows).toBe(3);
    expect(d.nFeatures).toBe(2);
    expect(d.featureNames).toEqual(['a', 'b']);
    expect(d.hasFeatureNames).toBe(true);
    expect(Array.from(d.label!)).toEqual([1, 0, 1]);
    expect(col(d, 0)).toEqual([0.5, NaN, NaN]);
    expect(col(d, 1)).toEqual([2, -300, 1000]);
    expect(d.weight).toBeNull();
    expect(d.queryOffsets).toBeNull();
    expect(d.position).toBeNull();
    expect(d.columns[0]).toBeInstanceOf(Float32Array);
    expect(d.label).toBeInstanceOf(Float32Array);
  });

  it('names the line, column and text of a non-numeric cell, counting lines inside quoted cells', async () => {
    // "multi\nline" spans lines 3-4, so the third data row starts on line 5
    const e = await expectDataError(loadDataset(fixture('mixed.csv'), { label: 'y' }), { line: 2, column: 'name' }, /"x, y"/);
    expect(e.message).toMatch(/^.*mixed\.csv:2 column "name": cannot parse "x, y" as a number/);
    const p = loadTextPath('y,a,t\n1,2,"a\nb"\n1,3,"c"\n1,x,"d"\n');
    await expectDataError(loadDataset(p, { ignore: ['t'] }), { line: 5, column: 'a', file: p }, /"x"/);
  });

  it('strips a UTF-8 BOM, reads CRLF, skips blank lines', async () => {
    const d = await loadDataset(fixture('bom-crlf.csv'), { label: 'RMSD' });
    expect(d.featureNames).toEqual(['F1', 'F2']);
    expect(Array.from(d.label!)).toEqual([1.5, 2.5]);
    expect(col(d, 0)).toEqual([2, NaN]);
    expect(col(d, 1)).toEqual([3, 4]);
  });

  it('reads a headerless TSV with the label in column 0 by default', async () => {
    const d = await loadDataset(fixture('noheader.tsv'));
    expect(d.hasFeatureNames).toBe(false);
    expect(d.featureNames).toEqual(['f0', 'f1']);
    expect(Array.from(d.label!)).toEqual([1, 0, 1]);
    expect(col(d, 0)).toEqual([f(0.1), NaN, NaN]);
    expect(col(d, 1)).toEqual([f(0.2), f(0.4), -2.5]);
  });

  it('detects semicolons, and honours format tsv', async () => {
    const d = await loadDataset(fixture('semicolon.csv'), { label: 'c' });
    expect(d.featureNames).toEqual(['a', 'b']);
    expect(Array.from(d.label!)).toEqual([3, 6]);
    const t = await loadText('1\t2,5\n3\t4,5\n', { format: 'tsv', header: false, ignore: [1] }, 'txt');
    expect(Array.from(t.label!)).toEqual([1, 3]);
    expect(t.nFeatures).toBe(0);
  });

  it('has no label by default when there is a header', async () => {
    const d = await loadText('a,b\n1,2\n3,4\n');
    expect(d.label).toBeNull();
    expect(d.nFeatures).toBe(2);
  });

  it('rounds values to float32 after parsing to float64', async () => {
    const d = await loadText('a\n0.1\n16777217\n3.4028235e38\n-3.4028235e38\n1.00000005960464477539\n');
    expect(col(d, 0)).toEqual([f(0.1), 16777216, f(3.4028235e38), -f(3.4028235e38), f(1.00000005960464477539)]);
  });

  it('refuses infinite values and values beyond the float32 range in features, quoting the cell (XGBoost 3.4.1 rule)', async () => {
    // Each case both through the fast path and through the general path only.
    const cases: [string, number, string | number, RegExp][] = [
      ['y,a,b\n1,2,3\n0,inf,4\n', 3, 'a', /the value "inf" is infinite; infinite values are refused/],
      ['y,a,b\n1,2,3\n0,4,-Infinity\n', 3, 'b', /the value "-Infinity" is infinite/],
      ['y,a,b\n1,2,3\n0,4," +INF "\n', 3, 'b', /the value "\+INF" is infinite/],
      ['y,a,b\n1,1e400,3\n', 2, 'a', /the value "1e400" is infinite/],
      ['y,a,b\n1,2,1e39\n', 2, 'b', /the value "1e39" is beyond the float32 range \(largest 3\.4028235e38\) and would be infinite/],
      ['y,a,b\n1,2,3.5e38\n', 2, 'b', /the value "3\.5e38" is beyond the float32 range/],
      ['y,a,b\n1,2,-340282357000000000000000000000000000000\n', 2, 'b', /beyond the float32 range/],
      ['1\t2\t3\n0\t4\t1e39\n', 2, 2, /"1e39" is beyond the float32 range/],
    ];
    for (const [text, line, column, message] of cases) {
      for (const fastPath of [true, false]) {
        const delimiter = text.includes('\t') ? 9 : 44;
        const options = text.startsWith('y') ? { label: 'y' } : {};
        await expectDataError(parseDelimitedChunks('v.csv', [enc(text)], { delimiter, ...options, fastPath }), { file: 'v.csv', line, column }, message);
      }
    }
    // The largest float32 itself, and a decimal just inside it, are accepted (3.4028235e38 rounds to it).
    const ok = await loadText('a\n3.4028235e38\n3.40282356e38\n');
    expect(col(ok, 0)).toEqual([f(3.4028235e38), f(3.4028235e38)]);
  });

  it('handles quotes: delimiters, newlines, CRLF and "" escapes inside, spaces around', async () => {
    const d = await loadText('"y","a,b"\r\n "1" , "2"\r\n"3","4"\r\n', { label: 'y' });
    expect(d.featureNames).toEqual(['a,b']);
    expect(Array.from(d.label!)).toEqual([1, 3]);
    expect(col(d, 0)).toEqual([2, 4]);
    const names = await loadText('"say ""hi""","x\r\ny"\n1,2\n');
    expect(names.featureNames).toEqual(['say "hi"', 'x\r\ny']);
  });

  it('accepts trailing separators at line ends', async () => {
    const a = await loadText('a,b,\n1,2,\n3,4,\n');
    expect(a.featureNames).toEqual(['a', 'b']);
    expect(col(a, 1)).toEqual([2, 4]);
    const b = await loadText('a,b\n1,2,\n3,4\n');
    expect(b.nFeatures).toBe(2);
    const c = await loadText('1,2,\n3,4,\n5,6\n');
    expect(c.nFeatures).toBe(1);
    expect(Array.from(c.label!)).toEqual([1, 3, 5]);
  });

  it('keeps a blank last cell of the first row when later rows fill that column', async () => {
    const d = await loadText('1,2,\n3,4,5\n');
    expect(d.nFeatures).toBe(2);
    expect(col(d, 1)).toEqual([NaN, 5]);
    const h = await loadText('a,b,\n1,2,3\n');
    expect(h.featureNames).toEqual(['a', 'b', 'f2']);
  });

  it('reads a file without a final newline, lone-CR line ends, a single column', async () => {
    expect(col(await loadText('a,b\n1,2\n3,4'), 1)).toEqual([2, 4]);
    expect(col(await loadText('a,b\r1,2\r3,4\r'), 0)).toEqual([1, 3]);
    const one = await loadText('y\n1\n2\n', { label: 'y' });
    expect(one.nFeatures).toBe(0);
    expect(Array.from(one.label!)).toEqual([1, 2]);
  });

  it('header option overrides detection', async () => {
    const h = await loadText('1,2\n3,4\n', { header: true });
    expect(h.featureNames).toEqual(['1', '2']);
    expect(h.nRows).toBe(1);
    await expectDataError(loadText('a,b\n1,2\n', { header: false }), { line: 1, column: 0 }, /"a"/);
  });

  it('selects columns by name, index and digit string; ignore is repeatable', async () => {
    const d = await loadText('id,y,a,b,c\nx1,1,2,3,4\nx2,5,6,7,8\n', { label: '1', ignore: ['id', 'id', 4] });
    expect(d.featureNames).toEqual(['a', 'b']);
    expect(Array.from(d.label!)).toEqual([1, 5]);
  });

  it('reads qid, position and weight columns', async () => {
    const d = await loadDataset(fixture('rank-columns.csv'), { label: 'y', qid: 'q', position: 'pos', weight: 'w' });
    expect(d.featureNames).toEqual(['f']);
    expect(Array.from(d.queryOffsets!)).toEqual([0, 2, 3]);
    expect(d.queryOffsets).toBeInstanceOf(Uint32Array);
    expect(Array.from(d.position!)).toEqual([0, 1, 0]);
    expect(d.position).toBeInstanceOf(Int32Array);
    expect(Array.from(d.weight!)).toEqual([1, 0.5, 2]);
    expect(Array.from(d.label!)).toEqual([2, 1, 0]);
    const byIndex = await loadDataset(fixture('rank-columns.csv'), { label: 3, qid: 0, position: 1, weight: 2 });
    expect(byIndex).toEqual(d);
  });

  it('keeps qids exact beyond float32 precision', async () => {
    const d = await loadText('q,y\n16777216,1\n16777217,0\n');
    const e = await loadText('q,y\n16777216,1\n16777217,0\n', { qid: 'q', label: 'y' });
    expect(d.nFeatures).toBe(2);
    expect(Array.from(e.queryOffsets!)).toEqual([0, 1, 2]);
  });
});

describe('delimited: chunk boundaries', () => {
  const clean = enc('"y","t t",a,b\r\n1,"x\r\ny",2,\r\n2,"3,""q""",3,\r\n\r\n3,"é",4,5\r\n4,z,,6');
  const opts = { delimiter: 44, label: 'y', ignore: ['t t'] };
  it('gives the same result however the text is split into chunks', async () => {
    const whole = await parseDelimitedChunks('mem', [clean], opts);
    expect(whole.nRows).toBe(4);
    expect(Array.from(whole.columns[0]!)).toEqual([2, 3, 4, NaN]);
    expect(Array.from(whole.columns[1]!)).toEqual([NaN, NaN, 5, 6]);
    for (let i = 0; i <= clean.length; i++) {
      const split = await parseDelimitedChunks('mem', [clean.subarray(0, i), clean.subarray(i)], opts);
      expect(split, `split at ${i}`).toEqual(whole);
    }
    const chars = await parseDelimitedChunks('mem', Array.from(clean, (b) => Uint8Array.of(b)), opts);
    expect(chars).toEqual(whole);
  });

  it('keeps line numbers right across chunks and quoted newlines', async () => {
    const t = enc('a,b\n1,"x\ny"\n2,3\n4,5,6\n');
    for (let i = 0; i <= t.length; i++) {
      await expectDataError(parseDelimitedChunks('mem', [t.subarray(0, i), t.subarray(i)], { delimiter: 44, ignore: ['b'] }), { line: 5 }, /expected 2 cells.*found 3/);
    }
  });
});

describe('delimited: malformed input is a DataError with the line', () => {
  it('ragged rows', async () => {
    const p = loadTextPath('a,b,c\n1,2,3\n4,5\n');
    const e = await expectDataError(loadDataset(p), { file: p, line: 3 }, /expected 3 cells \(as in the header\), found 2/);
    expect(e.message.startsWith(`${p}:3: `)).toBe(true);
    await expectDataError(loadText('1,2\n3,4\n5,6,7\n'), { line: 3 }, /expected 2 cells \(as in the first line\), found 3/);
  });

  it('NaN and infinite labels', async () => {
    await expectDataError(loadText('y,a\n1,2\nNA,3\n', { label: 'y' }), { line: 3, column: 'y' }, /label must be a finite number, found "NA"/);
    await expectDataError(loadText('y,a\n1,2\n,3\n', { label: 'y' }), { line: 3, column: 'y' }, /empty cell/);
    await expectDataError(loadText('1,2\n3,4\ninf,5\n'), { line: 3, column: 0 }, /label must be a finite number, found "inf"/);
    await expectDataError(loadText('1,2\n1e39,4\n'), { line: 2, column: 0 }, /label/);
  });

  it('empty, blank-only and header-only files', async () => {
    await expectDataError(loadText(''), { line: undefined }, /file is empty/);
    await expectDataError(loadText('\n\n  \n', { format: 'csv' }), {}, /file is empty/);
    await expectDataError(loadText('a,b,c\n'), { line: 1 }, /header line but no data rows/);
    await expectDataError(loadText('a,b,c\r\n\r\n'), { line: 1 }, /header line but no data rows/);
  });

  it('the advice for a cell that is not a number fits its column: decimal comma, ignore for features only', async () => {
    await expectDataError(loadText('y;a;b\n1,5;2;3\n', { label: 'y' }), { line: 2, column: 'y' }, /cannot parse "1,5" as a number \(a decimal comma\? numbers are read with a decimal point, 1\.5\)$/);
    await expectDataError(loadText('y;a;b\n1;2,25;3\n', { label: 'y' }), { line: 2, column: 'a' }, /"2,25" .*a decimal comma/);
    await expectDataError(loadText('y,a\n1,x\n', { label: 'y' }), { line: 2, column: 'a' }, /"x" as a number \(text columns can be skipped with ignore\)$/);
    const label = await expectDataError(loadText('y,a\nyes,1\n', { label: 'y' }), { line: 2, column: 'y' }, /"yes" as a number: text labels need a label map \(e\.g\. --label-map no=0,yes=1; binary objectives map two label texts by themselves\)$/);
    expect(label.message).not.toMatch(/ignore/);
    await expectDataError(loadText('y,w,a\n1,heavy,1\n', { label: 'y', weight: 'w' }), { line: 2, column: 'w' }, /\(the weight column must hold numbers\)$/);
  });

  it('duplicate feature names are refused at load (after trimming and unquoting; generated names too), as XGBoost does', async () => {
    const cases: [string, LoadOptions, string, RegExp][] = [
      ['y,a,a,c\n1,2,3,4\n', { label: 'y' }, 'a', /feature name "a" is used twice \(column 1 and column 2\); feature names must be unique/],
      ['y, a ,"a",c\n1,2,3,4\n', { label: 'y' }, 'a', /"a" is used twice \(column 1 and column 2\)/],
      ['"x,y",b,"x,y"\n1,2,3\n', {}, 'x,y', /"x,y" is used twice \(column 0 and column 2\)/],
      ['y,f1,,c\n1,2,3,4\n', { label: 'y' }, 'f1', /"f1" is used twice \(column 1 and column 2, whose empty name is read as "f1"\)/],
      ['q,a,b,a\n1,2,3,4\n', { qid: 'q' }, 'a', /column 1 and column 3/],
    ];
    for (const [text, options, column, message] of cases) {
      for (const fastPath of [true, false]) {
        await expectDataError(parseDelimitedChunks('d.csv', [enc(text)], { ...options, delimiter: 44, fastPath }), { file: 'd.csv', column }, message);
      }
    }
    // Skipping one of the two, or making it the label, is fine.
    const d = await loadText('y,a,a,c\n1,2,3,4\n', { label: 'y', ignore: [2] });
    expect(d.featureNames).toEqual(['a', 'c']);
    // Without a header the names are generated and unique.
    expect((await loadText('1,2,2\n3,4,4\n', { header: false })).featureNames).toEqual(['f0', 'f1']);
  });

  it('unknown column names list the available ones; bad indices and duplicates', async () => {
    await expectDataError(loadText('a,b\n1,2\n', { label: 'y' }), { column: 'y' }, /option label: no column with this name; available: "a", "b"/);
    await expectDataError(loadText('a,b\n1,2\n', { label: 5 }), { column: 5 }, /out of range; the file has 2 columns/);
    await expectDataError(loadText('1,2\n1,2\n', { weight: 'w' }), { column: 'w' }, /no column names \(no header\)/);
    await expectDataError(loadText('a,b\n1,2\n', { label: 'a', weight: 0 }), { column: 'a' }, /given as weight and as label/);
    await expectDataError(loadText('a,a\n1,2\n', { label: 'a' }), { column: 'a' }, /ambiguous/);
  });

  it('bad weights and positions', async () => {
    await expectDataError(loadText('w,a\n1,2\n-1,3\n', { weight: 'w' }), { line: 3, column: 'w' }, /weight must be a finite number >= 0/);
    await expectDataError(loadText('w,a\n1,2\nNaN,3\n', { weight: 'w' }), { line: 3, column: 'w' }, /weight/);
    await expectDataError(loadText('p,a\n0,2\n-1,3\n', { position: 'p' }), { line: 3, column: 'p' }, /position must be an integer >= 0.*"-1"/);
    await expectDataError(loadText('p,a\n0,2\n1.5,3\n', { position: 'p' }), { line: 3, column: 'p' }, /position/);
  });

  it('non-contiguous query ids name both places', async () => {
    const p = loadTextPath('q,y\n1,0\n1,1\n2,0\n1,1\n');
    const e = await expectDataError(loadDataset(p, { qid: 'q', label: 'y' }), { line: 5, column: 'q' }, /query id 1 reappears/);
    expect(e.message).toMatch(/line 2-3/);
    await expectDataError(loadText('q,y\n1,0\nNA,1\n', { qid: 'q', label: 'y' }), { line: 3 }, /query id must be a finite number/);
  });

  it('broken quoting', async () => {
    await expectDataError(loadText('a,b\n1,"2\n3,4\n'), { line: 2 }, /unterminated quoted field/);
    await expectDataError(loadText('a,b\n1,"2"x\n'), { line: 2 }, /unexpected text after the closing quote/);
  });

  it('missing files and directories', async () => {
    await expectDataError(loadDataset(`${tmp.dir}/nope.csv`), {}, /file not found/);
    await expectDataError(loadDataset(tmp.dir), {}, /directory/);
  });
});

describe('delimited: label default with a model size (prediction files)', () => {
  it('a headerless file with exactly nFeatures columns has no label; with one more, column 0 is the label', async () => {
    const noLabel = await loadText('1,2,3\n4,5,6\n', { nFeatures: 3 });
    expect(noLabel.label).toBeNull();
    expect(noLabel.nFeatures).toBe(3);
    const withLabel = await loadText('0,1,2,3\n1,4,5,6\n', { nFeatures: 3 });
    expect(Array.from(withLabel.label!)).toEqual([0, 1]);
    expect(withLabel.nFeatures).toBe(3);
    const explicit = await loadText('1,2,3\n4,5,6\n', { nFeatures: 3, label: 0 });
    expect(explicit.nFeatures).toBe(2);
  });

  it('explains a clash between the default label and another option', async () => {
    await expectDataError(loadText('1,2\n3,4\n', { ignore: [0] }), { column: 0 }, /given as ignore and as label \(the default for a file without a header\)/);
  });
});

describe('delimited: the fast path for ordinary records reads as the general path', () => {
  // Each variant is one record in the middle of a file whose other records the fast path takes;
  // the result (dataset, or error with its place) must be the one of the general path alone.
  const variants = [
    '7,"8",9,x,0', '7, "8" ,9,x,0', '7,"8" x,9,x,0', '7,"8""",9,x,0', '7,"",9,x,0', '7,"NA",9,x,0', '7," 8 ",9,x,0',
    '7,"8\n",9,x,0', '"7",8,9,"x,y",0', '7,8,"9",x,0', '7,8,9,x,"0"', '7,8,9,x,0,', '7,8,9,x,0, ', '7,8,9,x,0,""',
    '7,8,9,x', '7,8,9,x,0,1', 'inf,8,9,x,0', '7,-inf,NaN,x,0', '7,1e999,9,x,0', '7,8,-1,x,0', '7,8,1e-50,x,0', ' ',
    '', '7,8,9,x,1.5', '7,8,9,x,"2"', '7,8,9,x,-0', '7,8,9,x,2147483648', '7,8,9,x,1e2', '7,0.1234567890123456789,9,x,0',
    '7,8,9,x,3\r', '7,8\r9,x,0', '"7\r8",8,9,x,0', '7,.,9,x,0', '7,8,9,"x""y",0', '7,8,9,"x" y,0', 'y,8,9,x,0',
  ];
  const before = Array.from({ length: 40 }, (_, i) => `${i % 3},-${i}.25,${i}e-2,name${i},${i % 4}`).join('\n');
  const after = Array.from({ length: 5 }, (_, i) => `1,${i},${i},z,${i}`).join('\n');
  const outcome = async (bytes: Uint8Array, fastPath: boolean): Promise<Dataset | string> => {
    try {
      return await parseDelimitedChunks('v.csv', [bytes], { delimiter: 44, label: 'y', weight: 'w', position: 'p', ignore: ['s'], fastPath });
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  };
  it.each(variants)('%j', async (variant) => {
    const bytes = enc(`y,a,w,s,p\n${before}\n${variant}\n${after}\n`);
    const general = await outcome(bytes, false);
    expect(await outcome(bytes, true)).toEqual(general);
    // Without the variant the file loads: what the variant causes is what is compared.
    if (variant === '7,"8",9,x,0') expect(typeof general).not.toBe('string');
  });
});

describe('delimited: the file is closed on every outcome', () => {
  /** Open descriptors of this process that point at `path` (Linux: /proc/self/fd). */
  const openOn = (path: string): number =>
    readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`) === path;
      } catch {
        return false;
      }
    }).length;
  it.skipIf(!existsSync('/proc/self/fd'))('a bad cell in the first chunk is an error and leaves no descriptor open', async () => {
    const p = loadTextPath('a,b\n1,2\n3,x\n');
    await expectDataError(loadDataset(p, {}), { line: 3, column: 'b', file: p }, /"x"/);
    expect(openOn(p)).toBe(0);
    const ok = loadTextPath('a,b\n1,2\n3,4\n');
    await loadDataset(ok, {});
    expect(openOn(ok)).toBe(0);
  });
});
