/**
 * Writing a Dataset as an Arrow IPC file (file format), to hand data to and from other tools
 * (pyarrow/pandas/polars, then XGBoost or LightGBM). Written atomically: to `path + '.tmp-<pid>'`,
 * then renamed over `path`, so no half-written file is ever left at `path`.
 *
 * Layout: one float32 column per feature (named by featureNames; NaN stays NaN, there are no
 * nulls), except categorical features (Dataset.categories), which are dictionary<utf8> columns of
 * their category names (a missing code is a null), so they read back as the same categories, then `label` (float32), `weight` (float32), `qid` (int32: the 0-based query number of the
 * row) and `position` (int32) when the dataset has them. If a feature already has one of those
 * names, the extra column gets leading underscores (`_label`, ...). The schema metadata records
 * which column is which (`lambdaboost.roles`) and whether the feature names were generated
 * (`lambdaboost.hasFeatureNames`), so loadDataset reads the file back to the same Dataset.
 */
import { rename, unlink, writeFile } from 'node:fs/promises';
import { Dictionary, Field, Float32, Int32, RecordBatch, Schema, Struct, Table, Utf8, makeData, tableToIPC, vectorFromArray, type Data } from 'apache-arrow';
import { DataError } from '../errors.js';
import type { Dataset } from './dataset.js';
import { HAS_NAMES_METADATA_KEY, ROLES_METADATA_KEY, type RecordedRoles } from './arrow-reader.js';

/** Row -> 0-based query number, Int32Array of length nRows, from query offsets (length nQueries + 1). */
function queryNumbers(offsets: Uint32Array, nRows: number): Int32Array {
  const out = new Int32Array(nRows);
  for (let q = 0; q + 1 < offsets.length; q++) out.fill(q, offsets[q]!, offsets[q + 1]!);
  return out;
}

function checkLength(path: string, what: string, arr: ArrayLike<number>, nRows: number): void {
  if (arr.length !== nRows) throw new DataError({ file: path, column: what }, `dataset ${what} has length ${arr.length}, expected nRows = ${nRows}`);
}

/**
 * Writes `data` to `path` as an Arrow IPC file (see the module comment for the layout).
 * Throws DataError when the dataset's arrays do not have nRows elements or the file cannot be written.
 */
export async function writeArrow(path: string, data: Dataset): Promise<void> {
  const n = data.nRows;
  const used = new Set(data.featureNames);
  const fields: Field[] = [];
  const children: Data[] = [];
  const roles: RecordedRoles = {};
  const add = (name: string, values: Float32Array | Int32Array): void => {
    if (values instanceof Float32Array) {
      const type = new Float32();
      fields.push(new Field(name, type, false));
      children.push(makeData({ type, length: n, nullCount: 0, data: values }));
    } else {
      const type = new Int32();
      fields.push(new Field(name, type, false));
      children.push(makeData({ type, length: n, nullCount: 0, data: values }));
    }
  };
  const freeName = (base: string): string => {
    let name = base;
    while (used.has(name)) name = '_' + name;
    used.add(name);
    return name;
  };
  if (data.columns.length !== data.nFeatures || data.featureNames.length !== data.nFeatures) {
    throw new DataError({ file: path }, `dataset has ${data.columns.length} columns and ${data.featureNames.length} names for nFeatures = ${data.nFeatures}`);
  }
  if (data.categories !== undefined && data.categories.length !== data.nFeatures) {
    throw new DataError({ file: path }, `dataset has ${data.categories.length} category entries for nFeatures = ${data.nFeatures}`);
  }
  data.columns.forEach((col, j) => {
    checkLength(path, `column ${j}`, col, n);
    const list = data.categories?.[j] ?? null;
    if (list === null) return add(data.featureNames[j]!, col);
    if (list.kind !== 'string') throw new DataError({ file: path, column: data.featureNames[j]! }, 'numeric categories (a model\'s table) cannot be written as an Arrow column of names');
    const cells = Array.from(col, (c, r) => {
      if (c !== c) return null;
      const name = list.names[c];
      if (name === undefined) throw new DataError({ file: path, row: r + 1, column: data.featureNames[j]! }, `category code ${c} is not an index of the feature's ${list.names.length} categories`);
      return name;
    });
    const type = new Dictionary(new Utf8(), new Int32());
    fields.push(new Field(data.featureNames[j]!, type, true));
    children.push(vectorFromArray(cells, type).data[0]!);
  });
  if (data.label !== null) {
    checkLength(path, 'label', data.label, n);
    roles.label = freeName('label');
    add(roles.label, data.label);
  }
  if (data.weight !== null) {
    checkLength(path, 'weight', data.weight, n);
    roles.weight = freeName('weight');
    add(roles.weight, data.weight);
  }
  if (data.queryOffsets !== null) {
    const last = data.queryOffsets[data.queryOffsets.length - 1];
    if (last !== n) throw new DataError({ file: path, column: 'qid' }, `dataset queryOffsets end at ${last}, expected nRows = ${n}`);
    roles.qid = freeName('qid');
    add(roles.qid, queryNumbers(data.queryOffsets, n));
  }
  if (data.position !== null) {
    checkLength(path, 'position', data.position, n);
    roles.position = freeName('position');
    add(roles.position, data.position);
  }
  const metadata = new Map<string, string>([
    [ROLES_METADATA_KEY, JSON.stringify(roles)],
    [HAS_NAMES_METADATA_KEY, String(data.hasFeatureNames)],
  ]);
  const schema = new Schema(fields, metadata);
  const batch = new RecordBatch(schema, makeData({ type: new Struct(fields), length: n, nullCount: 0, children }));
  const bytes = tableToIPC(new Table(schema, [batch]), 'file');

  const tmp = `${path}.tmp-${process.pid}`;
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    const msg = err instanceof Error ? err.message : String(err);
    throw new DataError({ file: path }, `cannot write the Arrow file: ${msg}`);
  }
}
