/**
 * Split finding on worker threads (decision 4): each node's candidate-feature list is cut into
 * `threads` contiguous ranges of list positions; thread k scans range k of every node in the batch
 * with the same `findBestSplit` (the calling thread takes range 0), and the per-range bests are
 * merged in range order keeping only strictly larger loss changes. The serial scan visits the same
 * candidates in the same order with the same strict comparison, so the chosen split (feature, bin,
 * direction, sums) is identical for any thread count.
 */
import type { BinMapper } from '../binning/bin-mapper.js';
import type { Kernels, SharedKernelMemory } from '../kernels/kernels.js';
import { applyCandidate, findBestSplit } from '../split/finder.js';
import type { GainParams } from '../split/gain.js';
import { withNodeMinimum } from '../split/min-data.js';
import type { SplitJob } from '../split/split-job.js';
import { faultPending, takeWorkerFault } from './fault.js';
import { memoryId } from './memory-id.js';
import type { Ticket } from './channel.js';
import { kernelWorkers } from './pool.js';
import { alongside } from './settle.js';
import { SPLIT_RESULT_DOUBLES, type SplitTask } from './tasks.js';
import { thresholds } from './thresholds.js';

export class ParallelSplitFinder {
  private readonly shared: SharedKernelMemory;
  private readonly memId: number;
  private readonly mapperAt: { nBinsAt: number; offsetsAt: number; minValuesAt: number; cutsAt: number; nFeatures: number };
  private featBuf: Int32Array;
  private outBuf: Float64Array;

  constructor(
    private readonly kernels: Kernels,
    private readonly mapper: BinMapper,
    private readonly params: GainParams,
    readonly threads: number,
  ) {
    if (!kernels.shared) throw new Error('ParallelSplitFinder needs kernels with shared memory');
    const sh = kernels.shared;
    this.shared = sh;
    this.memId = memoryId(sh.memory);
    const nF = mapper.nFeatures;
    const nBins = sh.u32(nF);
    nBins.set(mapper.nBins);
    const offsets = sh.u32(nF + 1);
    offsets.set(mapper.histOffsets);
    const minValues = sh.f32(nF);
    minValues.set(mapper.minValues);
    // Cuts of feature f at [histOffsets[f], histOffsets[f] + nBins[f]).
    const cuts = sh.f32(mapper.histOffsets[nF]!);
    for (let f = 0; f < nF; f++) cuts.set(mapper.cuts[f]!, mapper.histOffsets[f]!);
    this.mapperAt = {
      nBinsAt: sh.address(nBins, 'nBins'), offsetsAt: sh.address(offsets, 'histOffsets'),
      minValuesAt: sh.address(minValues, 'minValues'), cutsAt: sh.address(cuts, 'cuts'), nFeatures: nF,
    };
    this.featBuf = this.allocFeat(nF * 8);
    this.outBuf = sh.f64(SPLIT_RESULT_DOUBLES * 8 * threads);
  }

  private allocFeat(n: number): Int32Array {
    const u = this.shared.u32(n);
    return new Int32Array(u.buffer, u.byteOffset, n);
  }

  /** Finds every job's best split (updates `job.best`). */
  async find(jobs: readonly SplitJob[]): Promise<void> {
    const T = this.threads;
    let work = 0;
    for (const j of jobs) {
      for (let k = 0; k < j.count; k++) work += this.mapper.nBins[j.features[k]!]!;
    }
    // Per-node minimum hessians (min_data_in_leaf) are scanned here, on the calling thread.
    if (T < 2 || (work < thresholds.splitBins && !faultPending()) || jobs.some((j) => j.minHess !== undefined)) {
      for (const j of jobs) findBestSplit(withNodeMinimum(this.params, j.minHess), this.mapper, j.hist, j.features, j.count, j.sumGrad, j.sumHess, j.best, this.kernels);
      return;
    }
    let featTotal = 0;
    for (const j of jobs) featTotal += j.count;
    if (this.featBuf.length < featTotal) this.featBuf = this.allocFeat(2 * featTotal);
    if (this.outBuf.length < SPLIT_RESULT_DOUBLES * jobs.length * T) this.outBuf = this.shared.f64(2 * SPLIT_RESULT_DOUBLES * jobs.length * T);
    const sh = this.shared;
    const nodes: number[] = [];
    let at = 0;
    for (const j of jobs) {
      this.featBuf.set(j.features.subarray(0, j.count), at);
      nodes.push(sh.address(j.hist, 'hist'), this.featBuf.byteOffset + 4 * at, j.count, j.sumGrad, j.sumHess);
      at += j.count;
    }
    const outAt = this.outBuf.byteOffset;
    const workers = kernelWorkers(T - 1);
    const pending: Ticket[] = [];
    for (let b = 1; b < T; b++) {
      const task: SplitTask = {
        kind: 'split', memId: this.memId, memory: sh.memory, kernel: this.kernels.name, fault: takeWorkerFault(),
        ...this.mapperAt, params: { lambda: this.params.lambda, alpha: this.params.alpha, maxDeltaStep: this.params.maxDeltaStep, minChildWeight: this.params.minChildWeight },
        nodes, part: b, parts: T, outAt: outAt + 8 * SPLIT_RESULT_DOUBLES * jobs.length * b,
      };
      pending.push(workers[b - 1]!.post(task));
    }
    await alongside(pending, () => {
      for (const j of jobs) {
        const hi = Math.round(j.count / T);
        findBestSplit(this.params, this.mapper, j.hist, j.features, hi, j.sumGrad, j.sumHess, j.best, this.kernels);
      }
    });
    const out = this.outBuf;
    for (let b = 1; b < T; b++) {
      for (let i = 0; i < jobs.length; i++) {
        const o = SPLIT_RESULT_DOUBLES * (jobs.length * b + i);
        const best = jobs[i]!.best;
        if (out[o]! >= 0 && out[o + 3]! > best.lossChg) applyCandidate(this.mapper, out, o, best);
      }
    }
  }
}
