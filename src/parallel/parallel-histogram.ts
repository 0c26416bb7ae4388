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
import { fillIdentity, SerialHistogramBuilder, type HistogramBuilder, type HistogramJob } from '../histogram/builder.js';
import { addPartial, halfWindows, isHalved, PartialHistograms } from '../histogram/row-halves.js';
import { allRows, rowCount } from '../tree/node-rows.js';
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
  /** Scratch list of (start, end) windows. */
  private readonly windows: number[] = [];

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
    for (const j of jobs) work += rowCount(j.rows) * m.nFeatures;
    if (nBlocks < 2 || (work < thresholds.histogramUpdates && !faultPending())) {
      this.serial.buildNow(jobs, rows, gh);
      return;
    }
    const sh = this.shared;
    // Halved nodes: this thread sums first halves, a worker the second halves (all features each).
    // The other nodes: feature blocks, this thread taking block 0. A node's rows may lie in two
    // windows (node-rows.ts): each window is one quad, the sibling subtraction on the node's last.
    const halved: { hist: SumArray; sibling: SumArray | undefined; first: number[]; second: SumArray; identity: boolean }[] = [];
    // Identity rows: a halved node's halves are filled by the threads that sum them; the others
    // here, before any thread reads them. The worker's task fills all its windows or none.
    let secondIdentity: boolean | null = null;
    const secondQuads: number[] = [];
    const quads: number[] = [];
    const small: HistogramJob[] = [];
    const windows = this.windows;
    for (const j of jobs) {
      windows.length = 0;
      if (isHalved(j)) {
        const h = { hist: j.hist, sibling: j.sibling, first: [] as number[], second: this.partials.take(), identity: j.identity === true };
        halfWindows(j, false, h.first);
        halved.push(h);
        halfWindows(j, true, windows);
        if (secondIdentity === null) secondIdentity = h.identity;
        if (secondIdentity !== h.identity) fillIdentity(rows, windows);
        pushQuads(secondQuads, windows, sh.address(h.second, 'hist'), -1);
      } else {
        small.push(j);
        allRows(j.rows, windows);
        if (j.identity) fillIdentity(rows, windows);
        pushQuads(quads, windows, sh.address(j.hist, 'hist'), j.sibling ? sh.address(j.sibling, 'sibling') : -1);
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
      pending.push(workers[0]!.post({ ...base, jobs: secondQuads, identity: secondIdentity === true, featStart: 0, featEnd: m.nFeatures, fault: takeWorkerFault() } satisfies HistogramTask));
    }
    if (small.length > 0) {
      for (let b = 1; b < nBlocks; b++) {
        const task: HistogramTask = { ...base, jobs: quads, identity: false, featStart: blocks[b]!, featEnd: blocks[b + 1]!, fault: takeWorkerFault() };
        pending.push(workers[b - 1]!.post(task));
      }
    }
    await alongside(pending, () => {
      // Each thread zeroes the slots it builds (the workers theirs, in their tasks).
      for (const h of halved) {
        h.hist.fill(0);
        if (h.identity) fillIdentity(rows, h.first);
        for (let k = 0; k < h.first.length; k += 2) {
          this.kernels.buildHistogram(bins, stride, 0, m.nFeatures, this.offsets, rows, h.first[k]!, h.first[k + 1]!, gh, h.hist);
        }
      }
      const first = 2 * this.offsets[blocks[0]!]!;
      const last = 2 * this.offsets[blocks[1]!]!;
      for (const j of small) {
        j.hist.fill(0, first, last);
        windows.length = 0;
        allRows(j.rows, windows);
        for (let k = 0; k < windows.length; k += 2) {
          this.kernels.buildHistogram(bins, stride, blocks[0]!, blocks[1]!, this.offsets, rows, windows[k]!, windows[k + 1]!, gh, j.hist);
        }
        if (j.sibling) this.kernels.subtractHistogram(j.sibling, j.hist, j.sibling, first, last);
      }
    });
    for (const h of halved) {
      addPartial(h.hist, h.second);
      const sib = h.sibling;
      if (sib) this.kernels.subtractHistogram(sib, h.hist, sib, 0, sib.length);
    }
    this.partials.reset();
  }
}

/**
 * Appends one task quad (start, end, histogram address, sibling address or -1) per window of a
 * node: the worker accumulates them in order into the same histogram, subtracting for the sibling
 * only after the last (a worker zeroes a task's histograms before any quad is built).
 */
function pushQuads(out: number[], windows: readonly number[], histAt: number, siblingAt: number): void {
  if (windows.length === 0) out.push(0, 0, histAt, siblingAt); // no rows: still zeroed (and subtracted)
  for (let k = 0; k < windows.length; k += 2) {
    out.push(windows[k]!, windows[k + 1]!, histAt, k + 2 === windows.length ? siblingAt : -1);
  }
}
