/**
 * Structural invariants every loaded Dataset must satisfy, whatever the input was, and the two
 * load steps the reader fuzz suites share (well-formed input must load; anything else loads
 * consistently or fails with a DataError).
 */
import type { Dataset } from '../../src/data/dataset.js';
import { loadDataset, type LoadOptions } from '../../src/data/load.js';
import type { FuzzBatch } from './harness.js';

/** Returns a description of the first broken invariant, or null. */
export function brokenInvariant(d: Dataset): string | null {
  if (!Number.isInteger(d.nRows) || d.nRows < 1) return `nRows = ${d.nRows}`;
  if (!Number.isInteger(d.nFeatures) || d.nFeatures < 0) return `nFeatures = ${d.nFeatures}`;
  if (d.columns.length !== d.nFeatures) return `${d.columns.length} columns for nFeatures = ${d.nFeatures}`;
  if (d.featureNames.length !== d.nFeatures) return `${d.featureNames.length} names for nFeatures = ${d.nFeatures}`;
  for (let j = 0; j < d.nFeatures; j++) {
    const c = d.columns[j];
    if (!(c instanceof Float32Array) || c.length !== d.nRows) return `column ${j} is not a Float32Array of length nRows`;
    if (typeof d.featureNames[j] !== 'string') return `feature name ${j} is not a string`;
  }
  if (d.label !== null) {
    if (!(d.label instanceof Float32Array) || d.label.length !== d.nRows) return 'label is not a Float32Array of length nRows';
    for (let i = 0; i < d.nRows; i++) if (!Number.isFinite(d.label[i]!)) return `label[${i}] = ${d.label[i]}`;
  }
  if (d.weight !== null) {
    if (!(d.weight instanceof Float32Array) || d.weight.length !== d.nRows) return 'weight is not a Float32Array of length nRows';
    for (let i = 0; i < d.nRows; i++) if (!(Number.isFinite(d.weight[i]!) && d.weight[i]! >= 0)) return `weight[${i}] = ${d.weight[i]}`;
  }
  if (d.position !== null && (!(d.position instanceof Int32Array) || d.position.length !== d.nRows)) {
    return 'position is not an Int32Array of length nRows';
  }
  const q = d.queryOffsets;
  if (q !== null) {
    if (!(q instanceof Uint32Array) || q.length < 2 || q[0] !== 0 || q[q.length - 1] !== d.nRows) return `queryOffsets ${String(q)} do not run from 0 to nRows`;
    for (let i = 1; i < q.length; i++) if (q[i]! <= q[i - 1]!) return `queryOffsets not increasing at ${i}`;
  }
  return null;
}

/**
 * Loads a well-formed input inside a fuzz case: a rejection is a test failure (with `show()` as
 * the evidence), a load returns the Dataset for the caller to compare with its reference.
 */
export async function loadWellFormed(
  batch: FuzzBatch, path: string, options: LoadOptions, inputBytes: number, show: () => string,
): Promise<Dataset> {
  let loaded: Dataset | null = null;
  const outcome = await batch.run(show, inputBytes, async () => {
    loaded = await loadDataset(path, options);
  });
  if (!outcome.ok) throw new Error(`a well-formed file was rejected: ${outcome.error.message}\n${show()}`);
  return loaded as unknown as Dataset;
}

/**
 * Loads a mutated or random input inside a fuzz case: either a DataError (counted by the batch) or
 * a Dataset that satisfies every invariant, plus the caller's extra check.
 */
export async function loadOrReject(
  batch: FuzzBatch, path: string, options: LoadOptions, inputBytes: number, show: () => string,
  extraCheck: (d: Dataset) => string | null = () => null,
): Promise<void> {
  await batch.run(show, inputBytes, async () => {
    const d = await loadDataset(path, options);
    const broken = brokenInvariant(d) ?? extraCheck(d);
    if (broken) throw new Error(`loaded an inconsistent Dataset: ${broken}`);
  });
}

/**
 * Loads a well-formed input that holds an infinite feature value (or a double beyond float32):
 * it must fail with a DataError naming a row and a column whose value is infinite as float32
 * (`isInfiniteAt(column, row)`, row from 1), as every loader refuses them (value-rules.ts).
 */
export async function loadRefusedAsInfinite(
  batch: FuzzBatch, path: string, options: LoadOptions, inputBytes: number, show: () => string,
  isInfiniteAt: (column: string, row: number) => boolean,
): Promise<void> {
  const outcome = await batch.run(show, inputBytes, async () => {
    await loadDataset(path, options);
  });
  if (outcome.ok) throw new Error(`a file with an infinite feature value loaded\n${show()}`);
  const m = /row (\d+) column ("(?:[^"\\]|\\.)*"): .*infinite/.exec(outcome.error.message);
  if (m === null || !isInfiniteAt(JSON.parse(m[2]!) as string, Number(m[1]))) throw new Error(`wrong refusal of an infinite value: ${outcome.error.message}\n${show()}`);
}
