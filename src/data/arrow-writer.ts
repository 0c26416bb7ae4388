/**
 * Writing a Dataset as an Arrow IPC file (file format), to hand data to and from other tools
 * (pyarrow/pandas/polars, then XGBoost or LightGBM). Written atomically: to `path + '.tmp-<pid>'`,
 * then renamed over `path`, so no half-written file is ever left at `path`.
 *
 * Layout: one float32 column per feature (named by featureNames; NaN stays NaN, there are no
 * nulls), then `label` (float32), `weight` (float32), `qid` (int32: the 0-based query number of the
 * row) and `position` (int32) when the dataset has them. If a feature already has one of those
 * names, the extra column gets leading underscores (`_label`, ...). The schema metadata records
 * which column is which (`lambdaboost.roles`) and whether the feature names were generated
 * (`lambdaboost.hasFeatureNames`), so loadDataset reads the file back to the same Dataset.
 */
import { rename, unlink, writeFile } from 'node:fs/promises';
import { Field, Float32, Int32, RecordBatch, Schema, Struct, Table, makeData, tableToIPC, type Data } from 'apache-arrow';
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
  data.columns.forEach((col, j) => {
    checkLength(path, `column ${j}`, col, n);
    add(data.featureNames[j]!, col);
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
