import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import {
  Bool, Dictionary, Float16, Float32, Float64, Int16, Int32, Int64, Int8, Uint16, Uint32, Uint64, Uint8, Utf8,
  Field, RecordBatch, Schema, Struct, Table, makeData, tableFromArrays, tableToIPC, vectorFromArray, type DataType, type Vector,
} from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { writeArrow } from '../../src/data/arrow-writer.js';
import type { Dataset } from '../../src/data/dataset.js';
import { loadDataset } from '../../src/data/load.js';
import { expectDataError, makeTmpDir } from './helpers.js';

const tmp = makeTmpDir();
afterAll(() => tmp.cleanup());
let counter = 0;
const write = (table: Table, kind: 'file' | 'stream' = 'file'): string => tmp.file(`a${counter++}.arrow`, tableToIPC(table, kind));
const col = (d: Dataset, j: number): number[] => Array.from(d.columns[j]!);

function numericTable(): Table {
  const vals = [1, null, 3];
  const v = (type: DataType): Vector => vectorFromArray(vals, type);
  return new Table({
    i8: v(new Int8()), i16: v(new Int16()), i32: v(new Int32()), i64: vectorFromArray([1n, null, 3n], new Int64()),
    u8: v(new Uint8()), u16: v(new Uint16()), u32: v(new Uint32()), u64: vectorFromArray([1n, null, 3n], new Uint64()),
    f16: v(new Float16()), f32: v(new Float32()), f64: v(new Float64()),
    b: vectorFromArray([true, null, false], new Bool()),
    y: vectorFromArray([0, 1, 2], new Float64()),
  });
}

describe('arrow: reading', () => {
  for (const kind of ['file', 'stream'] as const) {
    it(`reads every numeric width, bool and nulls (${kind} format)`, async () => {
      const d = await loadDataset(write(numericTable(), kind), { label: 'y' });
      expect(d.nRows).toBe(3);
      expect(d.featureNames).toEqual(['i8', 'i16', 'i32', 'i64', 'u8', 'u16', 'u32', 'u64', 'f16', 'f32', 'f64', 'b']);
      expect(d.hasFeatureNames).toBe(true);
      for (let j = 0; j < 11; j++) expect(col(d, j), d.featureNames[j]).toEqual([1, NaN, 3]);
      expect(col(d, 11)).toEqual([1, NaN, 0]);
      expect(Array.from(d.label!)).toEqual([0, 1, 2]);
    });
  }

  it('has no label unless asked; qid, weight, position, ignore by name or index', async () => {
    const t = tableFromArrays({
      q: new Int32Array([5, 5, 9]), w: new Float32Array([1, 2, 0]), p: new Int8Array([0, 1, 0]),
      x: new Float64Array([0.5, 1.5, -2.5e38]), y: new Float32Array([1, 0, 1]), z: new Float32Array([7, 8, 9]),
    });
    const path = write(t);
    expect((await loadDataset(path)).label).toBeNull();
    const d = await loadDataset(path, { label: 'y', qid: 'q', weight: 1, position: 'p', ignore: ['z'] });
    expect(d.featureNames).toEqual(['x']);
    expect(col(d, 0)).toEqual([0.5, 1.5, Math.fround(-2.5e38)]);
    expect(Array.from(d.queryOffsets!)).toEqual([0, 2, 3]);
    expect(Array.from(d.weight!)).toEqual([1, 2, 0]);
    expect(Array.from(d.position!)).toEqual([0, 1, 0]);
    await expectDataError(loadDataset(path, { label: 'nope' }), { column: 'nope' }, /available: "q", "w", "p", "x", "y", "z"/);
  });

  it('counts rows across record batches in messages', async () => {
    const a = tableFromArrays({ y: new Float32Array([1, 2]), x: new Float32Array([1, 2]) });
    const b = tableFromArrays({ y: new Float32Array([3, NaN]), x: new Float32Array([3, 4]) });
    const path = write(a.concat(b), 'stream');
    const e = await expectDataError(loadDataset(path, { label: 'y' }), { row: 4, column: 'y' }, /label must be a finite number/);
    expect(e.message).toContain(' row 4 column "y"');
    expect((await loadDataset(path)).nRows).toBe(4);
  });

  it('refuses utf8 and dictionary label columns and binary feature columns by name, unless ignored', async () => {
    const t = new Table({
      x: vectorFromArray([1, 2], new Float32()),
      s: vectorFromArray(['a', 'b'], new Utf8()),
      c: vectorFromArray(['u', 'v'], new Dictionary(new Utf8(), new Int32())),
    });
    const path = write(t);
    await expectDataError(loadDataset(path, { label: 's', ignore: ['c'] }), { column: 's' }, /string and dictionary columns are categorical features, the label column must be numeric/);
    await expectDataError(loadDataset(path, { weight: 'c' }), { column: 'c' }, /the weight column must be numeric/);
    const d = await loadDataset(path, { ignore: ['s', 'c'] });
    expect(d.featureNames).toEqual(['x']);
  });

  it('rejects truncated and corrupt files with the file name', async () => {
    const t = tableFromArrays({ x: Float32Array.from({ length: 1000 }, (_, i) => i), y: new Float64Array(1000) });
    for (const kind of ['file', 'stream'] as const) {
      const bytes = tableToIPC(t, kind);
      for (const cut of [8, 40, 200, bytes.length >> 1, bytes.length - 20]) {
        const p = tmp.file(`cut-${kind}-${cut}.arrow`, bytes.subarray(0, cut));
        const e = await expectDataError(loadDataset(p), { file: p });
        expect(e.message).toMatch(/Arrow/);
      }
    }
    const garbage = new Uint8Array(300).fill(7);
    garbage.set(new TextEncoder().encode('ARROW1'), 0);
    garbage.set(new TextEncoder().encode('ARROW1'), 294);
    const p = tmp.file('garbage.arrow', garbage);
    await expectDataError(loadDataset(p), { file: p }, /corrupt Arrow IPC data/);
    await expectDataError(loadDataset(tmp.file('text.arrow', 'a,b\n1,2\n'), { format: 'arrow' }), {}, /not an Arrow IPC file/);
  });
});

describe('arrow: infinite feature values', () => {
  it('are refused in float64, float32 and float16 columns, naming the row (from 1) and the column', async () => {
    const cases: [Table, number, string, RegExp][] = [
      [tableFromArrays({ a: new Float64Array([1, 2, Infinity]), b: new Float32Array([1, 2, 3]) }), 3, 'a', /the value is infinite/],
      [tableFromArrays({ a: new Float64Array([1, 2, 3]), b: new Float32Array([1, -Infinity, 3]) }), 2, 'b', /the value is infinite/],
      [tableFromArrays({ a: new Float64Array([1, 3.5e38, 3]) }), 2, 'a', /the value 3\.5e\+38 is beyond the float32 range/],
      [tableFromArrays({ a: new Float64Array([1e39]) }), 1, 'a', /beyond the float32 range/],
    ];
    for (const [t, row, column, message] of cases) await expectDataError(loadDataset(write(t)), { row, column }, message);
    const h = new Table({ h: vectorFromArray([1, Infinity], new Float16()) });
    await expectDataError(loadDataset(write(h)), { row: 2, column: 'h' }, /infinite/);
  });
});

describe('arrow: duplicate feature names', () => {
  it('a schema with two fields of one name is refused unless one is skipped', async () => {
    const t = new Table({ a: vectorFromArray([1, 2], new Float64()), b: vectorFromArray([3, 4], new Float64()) });
    // apache-arrow keys Table columns by name, so the duplicate field is made on the schema directly.
    const schema = new Schema([new Field('a', new Float64()), new Field('b', new Float64()), new Field('a', new Float64())]);
    const batch = new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: 2, nullCount: 0, children: [t.getChildAt(0)!.data[0]!, t.getChildAt(1)!.data[0]!, t.getChildAt(0)!.data[0]!] }));
    const path = tmp.file(`dup${counter++}.arrow`, tableToIPC(new Table([batch]), 'file'));
    await expectDataError(loadDataset(path), { column: 'a' }, /feature name "a" is used twice \(column 0 and column 2\)/);
    expect((await loadDataset(path, { ignore: [2] })).featureNames).toEqual(['a', 'b']);
  });
});

describe('arrow: writeArrow round trip', () => {
  const data: Dataset = {
    nRows: 4,
    nFeatures: 3,
    featureNames: ['a', 'label', 'c c'],
    hasFeatureNames: true,
    columns: [new Float32Array([1, NaN, 3e38, -2.5]), new Float32Array([0.1, 0.2, 0.3, 0.4]), new Float32Array([NaN, NaN, NaN, NaN])],
    label: new Float32Array([1, 0, 2, 3]),
    weight: new Float32Array([1, 0.5, 0, 2]),
    queryOffsets: new Uint32Array([0, 3, 4]),
    position: new Int32Array([0, 1, 2, 0]),
    source: 'memory',
  };

  it('writes and reads back the same dataset, label etc. found from the metadata', async () => {
    const path = `${tmp.dir}/round.arrow`;
    await writeArrow(path, data);
    expect(readdirSync(tmp.dir).filter((n) => n.includes('.tmp-'))).toEqual([]);
    expect(new TextDecoder().decode(readFileSync(path).subarray(0, 6))).toBe('ARROW1');
    const back = await loadDataset(path);
    const { labelName, ...rest } = back;
    expect(labelName).toBe('_label'); // the label column's name, for messages
    expect({ ...rest, source: 'memory' }).toEqual(data);
    expect(back.columns[1]).toBeInstanceOf(Float32Array);
  });

  it('keeps generated names generated, and works without optional parts', async () => {
    const plain: Dataset = { ...data, featureNames: ['f0', 'f1', 'f2'], hasFeatureNames: false, weight: null, queryOffsets: null, position: null, label: null };
    const path = `${tmp.dir}/plain.arrow`;
    await writeArrow(path, plain);
    const back = await loadDataset(path);
    expect({ ...back, source: 'memory' }).toEqual(plain);
  });

  it('replaces an existing file atomically and reports unwritable paths as DataError', async () => {
    const path = `${tmp.dir}/replace.arrow`;
    writeFileSync(path, 'old');
    await writeArrow(path, data);
    expect((await loadDataset(path)).nRows).toBe(4);
    await expectDataError(writeArrow(`${tmp.dir}/no/such/dir/x.arrow`, data), {}, /cannot write/);
    expect(existsSync(`${tmp.dir}/no`)).toBe(false);
  });
});
