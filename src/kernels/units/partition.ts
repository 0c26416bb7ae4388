/**
 * Row partitions of a level's windows as units: unit u partitions window `order[u]` (windows
 * largest first) of the partition array in place, stably, with the same window of the scratch
 * array, and writes its left count to `nLeft[job]`. A window's partition touches only that
 * window, so the result is the serial one whoever runs which unit. itemCost 0.5 a row: a level
 * goes to the workers from 2^18 rows (bench/RESULTS.md, "Small per-round kernels").
 */
import { record, unitKernel, arg } from '../../parallel/unit-kernel.js';

/**
 * One window: the job's index (its nLeft slot), its rows [start, end) and the split; `table` is
 * where a categorical split's code table starts in `tables` (partitionByTable), -1 for a numerical split.
 */
export const PARTITION_JOB = record(['job', 'start', 'end', 'feature', 'splitBin', 'missingCode', 'defaultLeft', 'table']);

export const partitionUnits = unitKernel('partition', {
  /** Column-major codes: row r of feature f at element f * nRows + r. */
  codes: arg.codes,
  nRows: arg.number,
  /** Uint32Array, length nRows: the partition array; and its scratch. */
  rows: arg.u32,
  scratch: arg.u32,
  /** Uint32Array: left count per job. */
  nLeft: arg.u32,
  /** Uint8Array: the categorical splits' code tables (1 = left), one after the other. */
  tables: arg.u8,
  /** PARTITION_JOB records, one per unit. */
  jobs: arg.data<readonly number[]>(),
}, 0.5, (scope, a, unit) => {
  const J = PARTITION_JOB.at;
  const at = unit * PARTITION_JOB.size;
  const j = a.jobs;
  const start = j[at + J.start]!;
  const table = j[at + J.table]!;
  if (table >= 0) {
    a.nLeft[j[at + J.job]!] = scope.kernels.partitionByTable(
      a.codes, j[at + J.feature]! * a.nRows, a.tables, table, a.rows, start, j[at + J.end]!, a.scratch.subarray(start),
    );
    return;
  }
  a.nLeft[j[at + J.job]!] = scope.kernels.partition(
    a.codes, 1, j[at + J.feature]! * a.nRows, j[at + J.splitBin]!, j[at + J.missingCode]!, j[at + J.defaultLeft] === 1,
    a.rows, start, j[at + J.end]!, a.scratch.subarray(start),
  );
});
