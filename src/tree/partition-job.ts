/**
 * Row partitions of a batch of nodes (one tree level's windows, or a lossguide node's two). Each node's
 * rows are its own window of the partition array and each partition is stable, so the result does
 * not depend on which thread partitions which node.
 */
import type { Kernels } from '../kernels/kernels.js';
import { PARTITION_JOB, partitionUnits } from '../kernels/units/partition.js';
import type { Executor } from '../parallel/executor.js';
import type { BinArray, RowIndexArray } from '../types.js';

/** One node's split applied to its rows `rows[start..end)`. */
export interface PartitionJob {
  readonly start: number;
  readonly end: number;
  /** Split feature (its codes are column `feature` of the column-major copy). */
  readonly feature: number;
  /** Rows with code <= splitBin go left (may be -1). */
  readonly splitBin: number;
  /** The feature's missing code (nBins[feature]). */
  readonly missingCode: number;
  readonly defaultLeft: boolean;
  /** A categorical split: the category codes that go right (ascending; `splitBin` unused), or null. */
  readonly categories: readonly number[] | null;
  /** Out: rows that went left (set by the partitioner). */
  nLeft: number;
}

/** The row partitions of a batch of windows, as units on the executor (src/kernels/units/partition.ts). */
export class Partitioner {
  private nLeft: Uint32Array;
  /** The batch's categorical code tables (Uint8Array, the kernels' memory), grown on demand. */
  private tables: Uint8Array;

  /**
   * @param codes column-major bin codes (code of row r, feature f at f * nRows + r), the kernels' memory.
   * @param rows in/out: Uint32Array partition array (the kernels' memory), length nRows.
   * @param scratch scratch: Uint32Array (the kernels' memory), length nRows; job j uses [start, end).
   */
  constructor(
    private readonly kernels: Kernels,
    private readonly executor: Executor,
    private readonly codes: BinArray,
    private readonly nRows: number,
    private readonly rows: RowIndexArray,
    private readonly scratch: RowIndexArray,
  ) {
    this.nLeft = kernels.memory.u32(64);
    this.tables = kernels.memory.u8(64);
  }

  /** Partitions every job's window in place (largest first); sets each job's nLeft. */
  async partition(jobs: readonly PartitionJob[]): Promise<void> {
    if (this.nLeft.length < jobs.length) this.nLeft = this.kernels.memory.u32(2 * jobs.length);
    const order = jobs.map((_, i) => i).sort((a, b) => jobs[b]!.end - jobs[b]!.start - (jobs[a]!.end - jobs[a]!.start) || a - b);
    let tableBytes = 0;
    for (const j of jobs) if (j.categories !== null) tableBytes += j.missingCode + 1;
    if (this.tables.length < tableBytes) this.tables = this.kernels.memory.u8(2 * tableBytes);
    const tables = this.tables;
    const list: number[] = [];
    let total = 0;
    let tableAt = 0;
    for (const i of order) {
      const j = jobs[i]!;
      total += j.end - j.start;
      let table = -1;
      if (j.categories !== null) {
        // Codes not in the set go left, the set right, missing by the default direction.
        table = tableAt;
        tables.fill(1, tableAt, tableAt + j.missingCode);
        for (const c of j.categories) tables[tableAt + c] = 0;
        tables[tableAt + j.missingCode] = j.defaultLeft ? 1 : 0;
        tableAt += j.missingCode + 1;
      }
      PARTITION_JOB.push(list, {
        job: i, start: j.start, end: j.end, feature: j.feature, splitBin: j.splitBin, missingCode: j.missingCode, defaultLeft: j.defaultLeft ? 1 : 0, table,
      });
    }
    await this.executor.run(partitionUnits, {
      codes: this.codes, nRows: this.nRows, rows: this.rows, scratch: this.scratch, nLeft: this.nLeft, tables, jobs: list,
    }, jobs.length, total);
    for (let i = 0; i < jobs.length; i++) jobs[i]!.nLeft = this.nLeft[i]!;
  }
}
