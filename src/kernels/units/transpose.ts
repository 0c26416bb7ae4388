/**
 * Transposition units: unit u writes rows [u * blockRows, min(nRows, (u + 1) * blockRows)) of the
 * row-major codes from the column-major ones (transposeToRows): a pure copy of disjoint rows.
 */
import { transposeToRows } from '../ts/loops.js';
import { arg, unitKernel } from '../../parallel/unit-kernel.js';

export const transposeUnits = unitKernel('transpose', {
  /** Column-major codes (element f * nRows + r) and the row-major output (element r * nFeatures + f). */
  columns: arg.codes,
  rows: arg.codes,
  nRows: arg.number,
  nFeatures: arg.number,
  blockRows: arg.number,
}, 0.5, (_scope, a, unit) => {
  const r0 = unit * a.blockRows;
  transposeToRows(a.columns, a.nRows, a.nFeatures, a.rows, r0, Math.min(a.nRows, r0 + a.blockRows));
});
