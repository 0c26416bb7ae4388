/**
 * Large nodes are built as two row halves: the first half of the node's rows (in order, over its
 * windows: node-rows.ts) is summed into the node's histogram, the second half into a partial
 * histogram, and the partial is then added slot by slot (node = first + second, always in that
 * order). The split depends only on the node's row count, never on the thread count, so one thread and two give the same sums to the bit; with two
 * threads each half is one thread's whole job over all features, so each thread reads only its own
 * rows' cache lines (with feature blocks both threads read every row's line, and the walk over a
 * large node is bound by those reads: bench/RESULTS.md).
 */
import type { KernelMemory } from '../kernels/kernels.js';
import type { SumArray } from '../types.js';
import type { HistogramJob } from './builder.js';
import { rowCount, rowRange } from '../tree/node-rows.js';

/** Nodes with at least this many rows are built as two halves. */
export const ROW_HALVES_MIN_ROWS = 1 << 16;
let minRows = ROW_HALVES_MIN_ROWS;

/**
 * Test-only: halve nodes from this many rows (so small test data takes the halved path); null
 * restores ROW_HALVES_MIN_ROWS. Models trained meanwhile differ from the default's in rounding.
 */
export function setRowHalvesMinRowsForTesting(rows: number | null): void {
  minRows = rows ?? ROW_HALVES_MIN_ROWS;
}

/** True when `j` is built as two row halves. */
export function isHalved(j: HistogramJob): boolean {
  return rowCount(j.rows) >= minRows;
}

/** Rows in the first half of a halved node of `count` rows (the rest are the second half's). */
export function firstHalfRows(count: number): number {
  return Math.floor(count / 2);
}

/**
 * The windows (start, end pairs of the partition array) of a halved job's first half (`second`
 * false) or second half, appended to `out`: the first floor(rows / 2) of its rows, then the rest.
 */
export function halfWindows(j: HistogramJob, second: boolean, out: number[]): void {
  const count = rowCount(j.rows);
  const mid = firstHalfRows(count);
  if (second) rowRange(j.rows, mid, count, out);
  else rowRange(j.rows, 0, mid, out);
}

export { addPartial } from '../kernels/ts/loops.js';

/** Partial histograms for the second halves of one batch, reused across batches. */
export class PartialHistograms {
  private readonly all: SumArray[] = [];
  private used = 0;

  /** @param length doubles per histogram; @param memory where they live (the kernels'). */
  constructor(
    private readonly length: number,
    private readonly memory: KernelMemory,
  ) {}

  /** A partial histogram (valid until `reset`; contents undefined: its builder zeroes it). */
  take(): SumArray {
    if (this.used === this.all.length) this.all.push(this.memory.f64(this.length));
    return this.all[this.used++]!;
  }

  /** Makes every partial histogram available again. */
  reset(): void {
    this.used = 0;
  }
}
