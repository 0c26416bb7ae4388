/**
 * Histogram building for a batch of nodes, behind one interface so the grower does not know
 * whether it runs on one thread (`SerialHistogramBuilder`) or on worker threads by feature blocks
 * (src/parallel/parallel-histogram.ts). Either way every slot's sums are accumulated over the
 * node's rows in partition order, so results are identical to the bit.
 */
import type { BinMapper, BinnedMatrix } from '../binning/bin-mapper.js';
import type { Kernels } from '../kernels/kernels.js';
import type { GradArray, RowIndexArray, SumArray } from '../types.js';
import { addPartial, halfWindows, isHalved, PartialHistograms } from './row-halves.js';
import { allRows, type NodeRows } from '../tree/node-rows.js';

/** One node's histogram to build: its rows (node-rows.ts) into `hist` (any contents: the builder zeroes it). */
export interface HistogramJob {
  readonly rows: NodeRows;
  /** Float64Array from the kernels' memory, length 2 * histOffsets[nFeatures]. */
  readonly hist: SumArray;
  /**
   * The parent's histogram, when the node's sibling is made by subtraction: once `hist` is built,
   * the builder turns it into the sibling's, `sibling[i] -= hist[i]` (xgboost-spec.md §2.4), each
   * slot on the thread that built it.
   */
  readonly sibling?: SumArray;
  /**
   * The node's windows are to be set to the identity first (`rows[i] = i`): a tree's root, whose
   * rows are all rows in order. Done by whichever thread sums those rows (1M rows: ~1 ms a tree).
   */
  readonly identity?: boolean;
}

/** `rows[i] = i` for every i in [start, end) (a root's window: HistogramJob.identity). */
export function fillIdentity(rows: RowIndexArray, start: number, end: number): void {
  for (let i = start; i < end; i++) rows[i] = i;
}

export interface HistogramBuilder {
  /** Worker threads used (1 = the calling thread only). */
  readonly threads: number;
  /**
   * Builds every job's histogram over all features.
   * @param rows in: Uint32Array partition array (the kernels' memory), length nRows.
   * @param gh in: Float32Array gradient pairs (the kernels' memory), length 2 * nRows.
   */
  build(jobs: readonly HistogramJob[], rows: RowIndexArray, gh: GradArray): Promise<void>;
}

/** Builds on the calling thread with the kernels directly (large nodes as two row halves, row-halves.ts). */
export class SerialHistogramBuilder implements HistogramBuilder {
  readonly threads = 1;
  private readonly partials: PartialHistograms;
  /** Scratch list of (start, end) windows. */
  private readonly windows: number[] = [];

  constructor(
    private readonly kernels: Kernels,
    private readonly mapper: BinMapper,
    private readonly binned: BinnedMatrix,
  ) {
    this.partials = new PartialHistograms(2 * mapper.histOffsets[mapper.nFeatures]!, kernels.memory);
  }

  build(jobs: readonly HistogramJob[], rows: RowIndexArray, gh: GradArray): Promise<void> {
    this.buildNow(jobs, rows, gh);
    return Promise.resolve();
  }

  /** `build`, synchronously. */
  buildNow(jobs: readonly HistogramJob[], rows: RowIndexArray, gh: GradArray): void {
    const windows = this.windows;
    for (const j of jobs) {
      j.hist.fill(0);
      windows.length = 0;
      if (j.identity) {
        allRows(j.rows, windows);
        for (let k = 0; k < windows.length; k += 2) fillIdentity(rows, windows[k]!, windows[k + 1]!);
        windows.length = 0;
      }
      if (!isHalved(j)) {
        allRows(j.rows, windows);
        this.sum(windows, rows, gh, j.hist);
      } else {
        const second = this.partials.take();
        second.fill(0);
        halfWindows(j, false, windows);
        this.sum(windows, rows, gh, j.hist);
        windows.length = 0;
        halfWindows(j, true, windows);
        this.sum(windows, rows, gh, second);
        addPartial(j.hist, second);
      }
      if (j.sibling) this.kernels.subtractHistogram(j.sibling, j.hist, j.sibling, 0, j.hist.length);
    }
    this.partials.reset();
  }

  /** Adds the rows of `windows` ((start, end) pairs, in order) to `hist` over all features. */
  private sum(windows: readonly number[], rows: RowIndexArray, gh: GradArray, hist: SumArray): void {
    const m = this.mapper;
    for (let k = 0; k < windows.length; k += 2) {
      this.kernels.buildHistogram(this.binned.bins, this.binned.nFeatures, 0, m.nFeatures, m.histOffsets, rows, windows[k]!, windows[k + 1]!, gh, hist);
    }
  }
}
