/**
 * Row partitions of a batch of nodes, behind one interface so the grower does not know whether they
 * run on the calling thread or on worker threads (src/parallel/parallel-partition.ts). Each node's
 * rows are its own window of the partition array and each partition is stable, so the result does
 * not depend on which thread partitions which node.
 */
import type { Kernels } from '../kernels/kernels.js';
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

export interface Partitioner {
  /**
   * Partitions every job's window in place.
   * @param codes in: column-major bin codes (code of row r, feature f at f * nRows + r), the kernels' memory.
   * @param nRows rows of the binned matrix.
   * @param rows in/out: Uint32Array partition array (the kernels' memory), length nRows.
   * @param scratch scratch: Uint32Array (the kernels' memory), length nRows; job j may use [start, end).
   */
  partition(jobs: readonly PartitionJob[], codes: BinArray, nRows: number, rows: RowIndexArray, scratch: RowIndexArray): Promise<void>;
}

/** Partitions on the calling thread with `kernels.partition` (jobs in order; the scratch from element 0). */
export function partitionSerial(kernels: Kernels, jobs: readonly PartitionJob[], codes: BinArray, nRows: number, rows: RowIndexArray, scratch: RowIndexArray): void {
  for (const j of jobs) {
    j.nLeft = kernels.partition(codes, 1, j.feature * nRows, j.splitBin, j.missingCode, j.defaultLeft, rows, j.start, j.end, scratch);
  }
}

