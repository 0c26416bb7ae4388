/**
 * The split search of a batch of nodes, as units on the booster's executor: each node's candidate
 * list cut into one part per thread (src/kernels/units/splits.ts), merged in part order.
 */
import type { BinMapper } from '../binning/bin-mapper.js';
import type { Kernels } from '../kernels/kernels.js';
import { SPLIT_NODE, SPLIT_RECORD, splitUnits } from '../kernels/units/splits.js';
import type { Executor } from '../parallel/executor.js';
import type { SumArray } from '../types.js';
import type { GainParams } from '../kernels/ts/gain.js';
import type { CategoricalSearch } from '../kernels/ts/split-scan.js';
import { applyCandidate, setCategories } from './finder.js';
import type { SplitJob } from './split-job.js';

export class SplitSearch {
  private features: Int32Array;
  private flags: Uint8Array;
  private out: Float64Array;
  /** Int32Array in the kernels' memory: each feature's monotone direction, or null when none is constrained. */
  private readonly monotone: Int32Array | null;
  private readonly nanFeatures: Uint8Array | null;

  /**
   * @param mapper its tables from the kernels' memory when the executor is threaded (placeMapper).
   * @param monotone Int8Array, length nFeatures: monotone direction (-1, 0, 1) of each feature, or
   *   null (no constraint); when given, every job must give `bounds`.
   */
  constructor(
    private readonly kernels: Kernels,
    private readonly mapper: BinMapper,
    /** The gain parameters; with min_data_in_leaf, `gamma` is LightGBM's min_gain_to_split. */
    private readonly params: GainParams & { readonly gamma: number },
    private readonly executor: Executor,
    /** The categorical features (null: none). */
    private readonly cat: CategoricalSearch | null = null,
    monotone: Int8Array | null = null,
    /** Uint8Array, length nFeatures: 1 where the training data has a missing value of the feature (LightGBM's scan, min_data_in_leaf), or null. */
    nanFeatures: Uint8Array | null = null,
  ) {
    this.nanFeatures = nanFeatures === null ? null : kernels.memory.u8(mapper.nFeatures);
    this.nanFeatures?.set(nanFeatures!);
    this.monotone = monotone === null ? null : this.i32(mapper.nFeatures);
    this.monotone?.set(monotone!);
    this.features = this.i32(mapper.nFeatures * 8);
    this.flags = kernels.memory.u8(mapper.nFeatures * 8);
    this.out = kernels.memory.f64(SPLIT_RECORD * 8 * executor.threads);
  }

  private i32(n: number): Int32Array {
    const u = this.kernels.memory.u32(n);
    return new Int32Array(u.buffer, u.byteOffset, n);
  }

  /** Finds every job's best split (updates `job.best`). */
  async find(jobs: readonly SplitJob[]): Promise<void> {
    const parts = this.executor.threads;
    let total = 0;
    let work = 0;
    for (const j of jobs) {
      total += j.count;
      for (let k = 0; k < j.count; k++) work += this.mapper.nBins[j.features[k]!]!;
    }
    if (this.features.length < total) this.features = this.i32(2 * total);
    if (this.flags.length < total) this.flags = this.kernels.memory.u8(2 * total);
    if (this.out.length < SPLIT_RECORD * jobs.length * parts) this.out = this.kernels.memory.f64(2 * SPLIT_RECORD * jobs.length * parts);
    const hists: SumArray[] = [];
    const nodes: number[] = [];
    let first = 0;
    for (const j of jobs) {
      this.features.set(j.features.subarray(0, j.count), first);
      hists.push(j.hist);
      if (this.monotone !== null && j.bounds === undefined) throw new Error('SplitSearch: a job without bounds under monotone constraints');
      const b = j.bounds ?? { lower: 0, upper: 0, rootGain: 0 };
      SPLIT_NODE.push(nodes, {
        hist: hists.length - 1, first, count: j.count, sumGrad: j.sumGrad, sumHess: j.sumHess, rows: j.rows ?? 0, minData: j.minData ?? 0,
        lower: b.lower, upper: b.upper, rootGain: b.rootGain,
      });
      first += j.count;
    }
    const p = this.params;
    await this.executor.run(splitUnits, {
      params: { lambda: p.lambda, alpha: p.alpha, maxDeltaStep: p.maxDeltaStep, minChildWeight: p.minChildWeight, minGainToSplit: p.gamma },
      histOffsets: this.mapper.histOffsets, nBins: this.mapper.nBins, hists, features: this.features, nodes, parts, out: this.out,
      flags: this.flags, cat: this.cat, monotone: this.monotone, nanFeatures: this.nanFeatures,
    }, parts, work);
    first = 0;
    for (const j of jobs) {
      if (j.splittable) j.splittable.set(this.flags.subarray(first, first + j.count));
      first += j.count;
    }
    const out = this.out;
    for (let b = 0; b < parts; b++) {
      for (let i = 0; i < jobs.length; i++) {
        const o = SPLIT_RECORD * (jobs.length * b + i);
        const best = jobs[i]!.best;
        if (out[o]! >= 0 && out[o + 3]! > best.lossChg) applyCandidate(this.mapper, out, o, best);
      }
    }
    const cat = this.cat;
    if (cat !== null) {
      for (const j of jobs) {
        if (j.best.feature >= 0 && cat.flags[j.best.feature] === 1) setCategories(p, cat, this.mapper, j.hist, j.sumGrad, j.sumHess, j.best);
      }
    }
  }
}
