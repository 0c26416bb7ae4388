import { afterAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/load.js';
import { compareKeys as compareCodePoints } from '../../src/model-io/json-text.js';
import { trainModel } from '../../src/booster/train.js';
import { makeTmpDir } from './helpers.js';

const tmp = makeTmpDir();
afterAll(() => tmp.cleanup());

const names = (l: unknown): readonly string[] => (l as { names: readonly string[] }).names;

describe('categorical columns in delimited files', () => {
  it('codes text columns by their categories sorted by code point, numbers in a named column by exact text', async () => {
    // U+1F600 (astral) sorts after U+FF21 by code point; UTF-16 code units would put it first.
    const f = tmp.file('c.csv', 'y,city,x,code\n1,b,0.5,3\n2,a,1.5,03\n3,,2.5,3\n4,\u{1F600},1,7\n5,\uFF21,2,NA\n6,b,3,x\n');
    const info: string[] = [];
    const d = await loadDataset(f, { label: 'y', categorical: ['code'], detectCategorical: true, onInfo: (m) => info.push(m) });
    expect(d.nFeatures).toBe(3);
    expect(d.categories?.[1]).toBeNull();
    expect(names(d.categories![0])).toEqual(['a', 'b', '\uFF21', '\u{1F600}']);
    expect(Array.from(d.columns[0]!)).toEqual([1, 0, NaN, 3, 2, 1]);
    expect(names(d.categories![2])).toEqual(['03', '3', '7', 'x']);
    expect(Array.from(d.columns[2]!)).toEqual([1, 0, 1, 2, NaN, 3]);
    expect(Array.from(d.columns[1]!)).toEqual([0.5, 1.5, 2.5, 1, 2, 3]);
    expect(info.join('\n')).toMatch(/categorical columns: city \(4 categories\), code \(4 categories\)/);
  });

  it('a column with text after numbers is read again as categorical (its numbers as text)', async () => {
    const rows = ['y,x,late'];
    for (let i = 0; i < 3000; i++) rows.push(`${i},${i % 7},${i % 5}`);
    rows.push('1,2,zz');
    const f = tmp.file('late.csv', rows.join('\n') + '\n');
    const d = await loadDataset(f, { label: 'y', detectCategorical: true });
    expect(names(d.categories![1])).toEqual(['0', '1', '2', '3', '4', 'zz']);
    expect(d.columns[1]![3000]).toBe(5);
    expect(d.categories![0]).toBeNull();
    // Without detection the text stays an error naming line and column.
    await expect(loadDataset(f, { label: 'y' })).rejects.toThrow(/:3002 column "late": cannot parse "zz" as a number/);
  });

  it('refuses categorical on LibSVM, on non-feature columns, and own categories for data for a model', async () => {
    const lib = tmp.file('a.libsvm', '1 0:1 1:2\n0 0:2\n');
    await expect(loadDataset(lib, { format: 'libsvm', categorical: ['0'] })).rejects.toThrow(/categorical does not apply to LibSVM/);
    const f = tmp.file('n.csv', 'y,a\n1,2\n0,3\n');
    await expect(loadDataset(f, { label: 'y', categorical: ['y'] })).rejects.toThrow(/this is the label column, not a feature/);
    await expect(loadDataset(f, { label: 'y', categorical: ['a'], nFeatures: 1 })).rejects.toThrow(/model has no categories for this feature/);
    const t = tmp.file('t.csv', 'y,a\n1,u\n0,v\n');
    await expect(loadDataset(t, { label: 'y', detectCategorical: true, nFeatures: 1 })).rejects.toThrow(/cannot parse "u"/);
  });

  it('numeric files load exactly as before (no categories field)', async () => {
    const f = tmp.file('num.csv', 'y,a,b\n1,2,NA\n0,3,4\n');
    const d = await loadDataset(f, { label: 'y', detectCategorical: true });
    expect(d.categories).toBeUndefined();
  });

  it('trains a dataset with categorical features on category sets (min_data_in_leaf refused with them)', async () => {
    const f = tmp.file('tr.csv', 'y,city,x\n1,a,1\n0,b,2\n1,a,3\n0,b,4\n');
    const d = await loadDataset(f, { label: 'y', detectCategorical: true });
    const model = (await trainModel({ num_round: 1, max_depth: 1, min_child_weight: 0, base_score: 0.5 }, d)).model;
    const t = model.trees[0]!;
    expect([t.splitIndex[0], t.splitType[0], Array.from(t.catNodes), Array.from(t.categories)]).toEqual([0, 1, [0], [0]]);
    expect(model.featureTypes).toEqual(['c', 'float']);
    expect(model.categories).toEqual([{ kind: 'string', names: ['a', 'b'] }, null]);
    await expect(trainModel({ num_round: 1, min_data_in_leaf: 2 }, d)).rejects.toThrow(/min_data_in_leaf is not supported with categorical features \(column "city"/);
  });

  it('compares strings by code point', () => {
    expect(compareCodePoints('\u{1F600}', '\uFF21')).toBeGreaterThan(0);
    expect(compareCodePoints('a', 'ab')).toBeLessThan(0);
    expect(compareCodePoints('\uD7FF', '\u{10000}')).toBeLessThan(0);
    expect(['\u{1F600}', 'b', '\uFF21', 'B'].sort(compareCodePoints)).toEqual(['B', 'b', '\uFF21', '\u{1F600}']);
  });
});
