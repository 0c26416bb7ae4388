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
  /** Out: rows that went left (set by the partitioner). */
  nLeft: number;
}

/** The row partitions of a batch of windows, as units on the executor (src/kernels/units/partition.ts). */
export class Partitioner {
  private nLeft: Uint32Array;

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
  }

  /** Partitions every job's window in place (largest first); sets each job's nLeft. */
  async partition(jobs: readonly PartitionJob[]): Promise<void> {
    if (this.nLeft.length < jobs.length) this.nLeft = this.kernels.memory.u32(2 * jobs.length);
    const order = jobs.map((_, i) => i).sort((a, b) => jobs[b]!.end - jobs[b]!.start - (jobs[a]!.end - jobs[a]!.start) || a - b);
    const list: number[] = [];
    let total = 0;
    for (const i of order) {
      const j = jobs[i]!;
      total += j.end - j.start;
      PARTITION_JOB.push(list, {
        job: i, start: j.start, end: j.end, feature: j.feature, splitBin: j.splitBin, missingCode: j.missingCode, defaultLeft: j.defaultLeft ? 1 : 0,
      });
    }
    await this.executor.run(partitionUnits, {
      codes: this.codes, nRows: this.nRows, rows: this.rows, scratch: this.scratch, nLeft: this.nLeft, jobs: list,
    }, jobs.length, total);
    for (let i = 0; i < jobs.length; i++) jobs[i]!.nLeft = this.nLeft[i]!;
  }
}
