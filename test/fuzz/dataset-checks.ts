/**
 * Structural invariants every loaded Dataset must satisfy, whatever the input was: the fuzz
 * suites check them on each successful load of a mutated or random file.
 */
import type { Dataset } from '../../src/data/dataset.js';

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
