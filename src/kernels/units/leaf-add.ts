/**
 * Training-margin update units: unit u adds the leaf values of leaves [runs[u], runs[u + 1]) to
 * their rows' margins (Kernels.addLeafValues). Leaves own disjoint rows, so any cut into runs gives the
 * serial margins. itemCost 0.5 a row: a batch goes to the workers from 2^18 rows (bench/RESULTS.md,
 * "Small per-round kernels": at 200k rows a pass is shorter than what a worker round trip costs).
 */
import { arg, unitKernel } from '../../parallel/unit-kernel.js';

export const leafAddUnits = unitKernel('leafAdd', {
  /** Uint32Array, length nRows: the partition array after growth. */
  rows: arg.u32,
  /** Float32Array, length nRows: training margins (in/out). */
  margins: arg.f32,
  /** Triples (start, end, leaf value), one per leaf window. */
  windows: arg.data<readonly number[]>(),
  /** Run boundaries in windows: units + 1 ascending indices. */
  runs: arg.data<readonly number[]>(),
}, 0.5, (scope, a, unit) => {
  scope.kernels.addLeafValues(a.rows, a.margins, a.windows, a.runs[unit]!, a.runs[unit + 1]!);
});
