/**
 * Histogram building on worker threads (decision 4). Nodes of at least ROW_HALVES_MIN_ROWS rows are
 * built as two row halves (row-halves.ts): the calling thread sums the first half over all features,
 * a worker the second half into a partial histogram, then node = first + second; the rule depends
 * only on the node's rows, so the serial builder applies it too. Smaller nodes go by feature blocks:
 * thread k builds the slots of features [block[k], block[k+1]) of every such node, reading that
 * block's byte range of each row; the calling thread takes block 0. Workers read bins, rows and
 * gradients and write histograms in the kernels' shared memory; tasks carry byte addresses only.
 * Each slot is summed over its rows in partition order on exactly one thread, so the sums equal the
 * single-thread ones bit for bit.
 */
import type { BinMapper, BinnedMatrix } from '../binning/bin-mapper.js';
import { SerialHistogramBuilder, type HistogramBuilder, type HistogramJob } from '../histogram/builder.js';
import { addPartial, halfPoint, isHalved, PartialHistograms } from '../histogram/row-halves.js';
import type { Kernels, SharedKernelMemory } from '../kernels/kernels.js';
import type { GradArray, RowIndexArray, SumArray } from '../types.js';
import { faultPending, takeWorkerFault } from './fault.js';
import { featureBlocks } from './feature-blocks.js';
import { memoryId } from './memory-id.js';
import type { Ticket } from './channel.js';
import { kernelWorkers } from './pool.js';
import { alongside } from './settle.js';
import type { HistogramTask } from './tasks.js';
import { thresholds } from './thresholds.js';

export class ParallelHistogramBuilder implements HistogramBuilder {
  private readonly shared: SharedKernelMemory;
  private readonly blocks: Uint32Array;
  /** histOffsets copied into the shared memory (Uint32Array, length nFeatures + 1). */
  private readonly offsets: Uint32Array;
  private readonly memId: number;
  /** Small batches, on this thread (the same halving rule). */
  private readonly serial: SerialHistogramBuilder;
  private readonly partials: PartialHistograms;

  /**
   * @param kernels kernels with shared memory (`kernels.shared` not null); bins must be in it.
   * @param threads threads to use, >= 2 (the calling thread and threads - 1 workers).
   */
  constructor(
    private readonly kernels: Kernels,
    private readonly mapper: BinMapper,
    private readonly binned: BinnedMatrix,
    readonly threads: number,
  ) {
    if (!kernels.shared) throw new Error('ParallelHistogramBuilder needs kernels with shared memory');
    this.shared = kernels.shared;
    this.blocks = featureBlocks(mapper.nFeatures, threads);
    this.offsets = kernels.memory.u32(mapper.histOffsets.length);
    this.offsets.set(mapper.histOffsets);
    this.memId = memoryId(this.shared.memory);
    this.serial = new SerialHistogramBuilder(kernels, mapper, binned);
    this.partials = new PartialHistograms(2 * mapper.histOffsets[mapper.nFeatures]!, kernels.memory);
  }

  async build(jobs: readonly HistogramJob[], rows: RowIndexArray, gh: GradArray): Promise<void> {
    const m = this.mapper;
    const bins = this.binned.bins;
    const stride = this.binned.nFeatures;
    const blocks = this.blocks;
    const nBlocks = blocks.length - 1;
    let work = 0;
    for (const j of jobs) work += (j.end - j.start) * m.nFeatures;
    if (nBlocks < 2 || (work < thresholds.histogramUpdates && !faultPending())) {
      this.serial.buildNow(jobs, rows, gh);
      return;
    }
    const sh = this.shared;
    // Halved nodes: this thread sums first halves, a worker the second halves (all features each).
    // The other nodes: feature blocks, this thread taking block 0.
    const halved: { job: HistogramJob; mid: number; second: SumArray }[] = [];
    const secondQuads: number[] = [];
    const quads: number[] = [];
    const small: HistogramJob[] = [];
    for (const j of jobs) {
      if (isHalved(j)) {
        const h = { job: j, mid: halfPoint(j), second: this.partials.take() };
        halved.push(h);
        secondQuads.push(h.mid, j.end, sh.address(h.second, 'hist'), -1);
      } else {
        small.push(j);
        quads.push(j.start, j.end, sh.address(j.hist, 'hist'), j.sibling ? sh.address(j.sibling, 'sibling') : -1);
      }
    }
    const workers = kernelWorkers(this.threads - 1);
    const base = {
      kind: 'hist' as const,
      memId: this.memId,
      memory: sh.memory,
      kernel: this.kernels.name,
      binsAt: sh.address(bins, 'bins'),
      binsBytes: bins.BYTES_PER_ELEMENT as 1 | 2,
      nRows: this.binned.nRows,
      nFeatures: m.nFeatures,
      offsetsAt: sh.address(this.offsets, 'histOffsets'),
      rowsAt: sh.address(rows, 'rows'),
      ghAt: sh.address(gh, 'gh'),
      histLen: jobs[0]!.hist.length,
    };
    const pending: Ticket[] = [];
    if (halved.length > 0) {
      pending.push(workers[0]!.post({ ...base, jobs: secondQuads, featStart: 0, featEnd: m.nFeatures, fault: takeWorkerFault() } satisfies HistogramTask));
    }
    if (small.length > 0) {
      for (let b = 1; b < nBlocks; b++) {
        const task: HistogramTask = { ...base, jobs: quads, featStart: blocks[b]!, featEnd: blocks[b + 1]!, fault: takeWorkerFault() };
        pending.push(workers[b - 1]!.post(task));
      }
    }
    await alongside(pending, () => {
      // Each thread zeroes the slots it builds (the workers theirs, in their tasks).
      for (const h of halved) {
        h.job.hist.fill(0);
        this.kernels.buildHistogram(bins, stride, 0, m.nFeatures, this.offsets, rows, h.job.start, h.mid, gh, h.job.hist);
      }
      const first = 2 * this.offsets[blocks[0]!]!;
      const last = 2 * this.offsets[blocks[1]!]!;
      for (const j of small) {
        j.hist.fill(0, first, last);
        this.kernels.buildHistogram(bins, stride, blocks[0]!, blocks[1]!, this.offsets, rows, j.start, j.end, gh, j.hist);
        if (j.sibling) this.kernels.subtractHistogram(j.sibling, j.hist, j.sibling, first, last);
      }
    });
    for (const h of halved) {
      addPartial(h.job.hist, h.second);
      const sib = h.job.sibling;
      if (sib) this.kernels.subtractHistogram(sib, h.job.hist, sib, 0, sib.length);
    }
    this.partials.reset();
  }
}
