/**
 * Histogram building on worker threads (decision 4). Nodes of at least ROW_HALVES_MIN_ROWS rows are
 * built as two row halves (row-halves.ts): the first half summed over all features into the node's
 * histogram, the second into a partial one, then node = first + second; the rule depends only on
 * the node's rows, so the serial builder applies it too. Smaller nodes go by feature blocks (one
 * block per thread): a block's slots of a node, summed over the node's rows, reading that block's
 * byte range of each row. Those halves and blocks are the batch's units, largest first, and every
 * thread claims the next unit from a shared counter until none is left, so a thread that starts
 * late or runs slower takes fewer (100 trees on 1M rows: the calling thread waited 0.14-0.15 s for
 * the worker with a fixed split, 0.10-0.12 s with claimed units; instrumented runs).
 * Workers read bins, rows and gradients and write histograms in the kernels' shared memory; tasks
 * carry byte addresses only. Each slot is summed over its rows in partition order by exactly one
 * unit, so the sums equal the single-thread ones bit for bit.
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
import { sharedWords, type SharedWords } from './shared-words.js';

export class ParallelHistogramBuilder implements HistogramBuilder {
  private readonly shared: SharedKernelMemory;
  private readonly blocks: Uint32Array;
  /** histOffsets copied into the shared memory (Uint32Array, length nFeatures + 1). */
  private readonly offsets: Uint32Array;
  private readonly memId: number;
  /** Small batches, on this thread (the same halving rule). */
  private readonly serial: SerialHistogramBuilder;
  private readonly partials: PartialHistograms;
  /** The next unclaimed unit of the batch (one shared Int32 word). */
  private readonly counter: SharedWords;

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
    this.counter = sharedWords(this.shared, 1);
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
    // Work units, claimed from a shared counter by every thread until none is left (so a thread
    // that starts late or runs slower simply takes fewer): each half of a halved node over all
    // features, and each feature block of each other node. A unit owns its slots of one histogram,
    // which it zeroes and sums in row order, so the sums never depend on who ran it.
    const units: HistogramUnit[] = [];
    const halved: { hist: SumArray; sibling: SumArray | undefined; second: SumArray }[] = [];
    for (const j of jobs) {
      if (isHalved(j)) {
        const second = this.partials.take();
        halved.push({ hist: j.hist, sibling: j.sibling, second });
        for (const [isSecond, hist] of [[false, j.hist], [true, second]] as const) {
          const windows: number[] = [];
          halfWindows(j, isSecond, windows);
          // A root's rows are set to the identity by the unit that sums them.
          units.push({ windows, hist, sibling: undefined, featStart: 0, featEnd: m.nFeatures, identity: j.identity === true });
        }
      } else {
        const windows: number[] = [];
        allRows(j.rows, windows);
        // Blocks of one node read the same rows: identity first, here.
        if (j.identity) for (let k = 0; k < windows.length; k += 2) fillIdentity(rows, windows[k]!, windows[k + 1]!);
        for (let b = 0; b < nBlocks; b++) {
          units.push({ windows, hist: j.hist, sibling: j.sibling, featStart: blocks[b]!, featEnd: blocks[b + 1]!, identity: false });
        }
      }
    }
    // Largest first, so the last units claimed are small.
    const cost = (u: HistogramUnit): number => unitRows(u) * (u.featEnd - u.featStart);
    units.sort((a, b) => cost(b) - cost(a));
    const encoded: number[] = [];
    for (const u of units) {
      const w = u.windows;
      encoded.push(
        w[0] ?? 0, w[1] ?? 0, w[2] ?? 0, w[3] ?? 0, sh.address(u.hist, 'hist'), u.sibling ? sh.address(u.sibling, 'sibling') : -1,
        u.featStart, u.featEnd, u.identity ? 1 : 0,
      );
    }
    const counter = this.counter.words;
    Atomics.store(counter, 0, 0);
    const workers = kernelWorkers(this.threads - 1);
    const task: HistogramTask = {
      kind: 'hist', memId: this.memId, memory: sh.memory, kernel: this.kernels.name, fault: null,
      binsAt: sh.address(bins, 'bins'), binsBytes: bins.BYTES_PER_ELEMENT as 1 | 2, nRows: this.binned.nRows, nFeatures: m.nFeatures,
      offsetsAt: sh.address(this.offsets, 'histOffsets'), rowsAt: sh.address(rows, 'rows'), ghAt: sh.address(gh, 'gh'),
      histLen: jobs[0]!.hist.length, units: encoded, counterAt: this.counter.at,
    };
    const pending: Ticket[] = [];
    for (let w = 0; w < this.threads - 1; w++) pending.push(workers[w]!.post({ ...task, fault: takeWorkerFault() }));
    await alongside(pending, () => {
      for (let k = Atomics.add(counter, 0, 1); k < units.length; k = Atomics.add(counter, 0, 1)) {
        const u = units[k]!;
        const first = 2 * this.offsets[u.featStart]!;
        const last = 2 * this.offsets[u.featEnd]!;
        u.hist.fill(0, first, last);
        for (let i = 0; i < u.windows.length; i += 2) {
          if (u.identity) fillIdentity(rows, u.windows[i]!, u.windows[i + 1]!);
          this.kernels.buildHistogram(bins, stride, u.featStart, u.featEnd, this.offsets, rows, u.windows[i]!, u.windows[i + 1]!, gh, u.hist);
        }
        if (u.sibling) this.kernels.subtractHistogram(u.sibling, u.hist, u.sibling, first, last);
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

/** One unit of a batch: slots [featStart, featEnd) of `hist` over the rows of `windows`. */
interface HistogramUnit {
  /** (start, end) windows of the partition array, at most two, in row order. */
  readonly windows: readonly number[];
  readonly hist: SumArray;
  /** The parent's histogram: its unit's slots become parent - hist once summed (the subtraction trick). */
  readonly sibling: SumArray | undefined;
  readonly featStart: number;
  readonly featEnd: number;
  /** Set the windows' rows to the identity first. */
  readonly identity: boolean;
}

function unitRows(u: HistogramUnit): number {
  let r = 0;
  for (let i = 0; i < u.windows.length; i += 2) r += u.windows[i + 1]! - u.windows[i]!;
  return r;
}
