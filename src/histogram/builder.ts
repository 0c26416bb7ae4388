/**
 * Histogram building for a batch of nodes, behind one interface so the grower does not know
 * whether it runs on one thread (`SerialHistogramBuilder`) or on worker threads by feature blocks
 * (src/parallel/parallel-histogram.ts). Either way every slot's sums are accumulated over the
 * node's rows in partition order, so results are identical to the bit.
 */
import type { BinMapper, BinnedMatrix } from '../binning/bin-mapper.js';
import type { Kernels } from '../kernels/kernels.js';
import type { GradArray, RowIndexArray, SumArray } from '../types.js';

/** One node's histogram to build: rows `rows[start..end)` into `hist` (zeroed by the caller). */
export interface HistogramJob {
  readonly start: number;
  readonly end: number;
  /** Float64Array from the kernels' memory, length 2 * histOffsets[nFeatures]. */
  readonly hist: SumArray;
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

/** Builds on the calling thread with the kernels directly. */
export class SerialHistogramBuilder implements HistogramBuilder {
  readonly threads = 1;

  constructor(
    private readonly kernels: Kernels,
    private readonly mapper: BinMapper,
    private readonly binned: BinnedMatrix,
  ) {}

  build(jobs: readonly HistogramJob[], rows: RowIndexArray, gh: GradArray): Promise<void> {
    const m = this.mapper;
    for (const j of jobs) {
      this.kernels.buildHistogram(this.binned.bins, this.binned.nFeatures, 0, m.nFeatures, m.histOffsets, rows, j.start, j.end, gh, j.hist);
    }
    return Promise.resolve();
  }
}
