/**
 * The split search of a batch of nodes, as units on the booster's executor: each node's candidate
 * list cut into one part per thread (src/kernels/units/splits.ts), merged in part order; or, when
 * the nodes' histograms are being built, inside the histogram units that complete them (a
 * ScanPlan: src/kernels/units/histogram-splits.ts), merged in list order.
 */
import type { BinMapper } from '../binning/bin-mapper.js';
import type { Kernels } from '../kernels/kernels.js';
import { SCAN } from '../kernels/units/histogram-splits.js';
import { SPLIT_NODE, SPLIT_RECORD, splitUnits } from '../kernels/units/splits.js';
import type { Executor } from '../parallel/executor.js';
import type { SumArray } from '../types.js';
import type { GainParams } from '../kernels/ts/gain.js';
import type { CategoricalSearch } from '../kernels/ts/split-scan.js';
import { applyCandidate, setCategories } from './finder.js';
import type { SplitJob } from './split-job.js';

/** The arguments every scan reads (SCAN_ARGS of src/kernels/units/splits.ts) but `out`. */
interface ScanInputs {
  params: GainParams;
  histOffsets: Uint32Array;
  nBins: Uint32Array;
  features: Int32Array;
  nodes: number[];
  flags: Uint8Array;
  cat: CategoricalSearch | null;
  monotone: Int32Array | null;
  nanFeatures: Uint8Array | null;
}

/**
 * Split searches to run inside the histogram units that complete the nodes' histograms: each unit
 * that finishes slots of features [featStart, featEnd) of a job's histogram scans the job's listed
 * features in that range (`piece`). Made by SplitSearch.plan, merged by SplitSearch.finish.
 */
export class ScanPlan {
  private readonly byHist = new Map<SumArray, number>();
  /** Per job, its result slots in list order. */
  private readonly slots: number[][];
  private nSlots = 0;

  /** @param hists job i's histogram at i (SPLIT_NODE.hist = i). */
  constructor(
    readonly jobs: readonly SplitJob[],
    readonly hists: readonly SumArray[],
    private readonly inputs: ScanInputs,
    private readonly nBins: Uint32Array,
    /** The result records, at least that many (SplitSearch.results). */
    private readonly results: (slots: number) => Float64Array,
  ) {
    hists.forEach((h, i) => this.byHist.set(h, i));
    this.slots = jobs.map(() => []);
  }

  /** The job whose histogram is `hist`, or -1. */
  jobOf(hist: SumArray | undefined): number {
    return hist === undefined ? -1 : this.byHist.get(hist) ?? -1;
  }

  /**
   * Appends to `out` the SCAN record of job `job`'s listed features in [featStart, featEnd) (none
   * when it lists none there) with a new result slot. Pieces of one job must be made in ascending
   * feature order (they are merged in the order made).
   * @returns the histogram bins the piece scans (0 when none).
   */
  piece(job: number, featStart: number, featEnd: number, out: number[]): number {
    const { lo, hi, bins } = this.range(job, featStart, featEnd);
    if (hi === lo) return 0;
    const slot = this.nSlots++;
    this.slots[job]!.push(slot);
    SCAN.push(out, { node: job, lo, hi, slot });
    return bins;
  }

  /** The histogram bins `piece(job, featStart, featEnd, ...)` would scan, without making the piece (0 for job -1). */
  bins(job: number, featStart: number, featEnd: number): number {
    return job < 0 ? 0 : this.range(job, featStart, featEnd).bins;
  }

  /** Job `job`'s listed features in [featStart, featEnd): list positions [lo, hi) and their bins. */
  private range(job: number, featStart: number, featEnd: number): { lo: number; hi: number; bins: number } {
    const j = this.jobs[job]!;
    const f = j.features;
    let lo = 0;
    while (lo < j.count && f[lo]! < featStart) lo++;
    let hi = lo;
    let bins = 0;
    while (hi < j.count && f[hi]! < featEnd) bins += this.nBins[f[hi++]!]!;
    return { lo, hi, bins };
  }

  /** The scan arguments of the fused units; call once every piece is made (it sizes the results). */
  args(): ScanInputs & { out: Float64Array; splitHists: readonly SumArray[] } {
    return { ...this.inputs, out: this.results(this.nSlots), splitHists: this.hists };
  }

  /** Job i's result slots in list order. */
  slotsOf(i: number): readonly number[] {
    return this.slots[i]!;
  }
}

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

  /** The jobs' lists and node records in the kernels' memory (job i's histogram at i). */
  private inputs(jobs: readonly SplitJob[]): { inputs: ScanInputs; hists: SumArray[]; work: number } {
    let total = 0;
    let work = 0;
    for (const j of jobs) {
      total += j.count;
      for (let k = 0; k < j.count; k++) work += this.mapper.nBins[j.features[k]!]!;
    }
    if (this.features.length < total) this.features = this.i32(2 * total);
    if (this.flags.length < total) this.flags = this.kernels.memory.u8(2 * total);
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
    return {
      inputs: {
        params: { lambda: p.lambda, alpha: p.alpha, maxDeltaStep: p.maxDeltaStep, minChildWeight: p.minChildWeight, minGainToSplit: p.gamma },
        histOffsets: this.mapper.histOffsets, nBins: this.mapper.nBins, features: this.features, nodes,
        flags: this.flags, cat: this.cat, monotone: this.monotone, nanFeatures: this.nanFeatures,
      },
      hists, work,
    };
  }

  /** The result records, at least `slots` of them (the kernels' memory). */
  private results(slots: number): Float64Array {
    if (this.out.length < SPLIT_RECORD * slots) this.out = this.kernels.memory.f64(2 * SPLIT_RECORD * slots);
    return this.out;
  }

  /** Finds every job's best split (updates `job.best`). */
  async find(jobs: readonly SplitJob[]): Promise<void> {
    if (jobs.length === 0) return;
    const parts = this.executor.threads;
    const { inputs, hists, work } = this.inputs(jobs);
    const out = this.results(jobs.length * parts);
    await this.executor.run(splitUnits, { ...inputs, hists, parts, out }, parts, work);
    this.merge(jobs, (i) => Array.from({ length: parts }, (_, b) => jobs.length * b + i));
  }

  /**
   * A plan to search `jobs` inside the histogram units that build their histograms, or null when
   * a job's candidate list is not in ascending feature order (then `find` after the build).
   */
  plan(jobs: readonly SplitJob[]): ScanPlan | null {
    for (const j of jobs) for (let k = 1; k < j.count; k++) if (j.features[k]! <= j.features[k - 1]!) return null;
    const { inputs, hists } = this.inputs(jobs);
    return new ScanPlan(jobs, hists, inputs, this.mapper.nBins, (slots) => this.results(slots));
  }

  /** After the fused units have run: merges the plan's results into its jobs. */
  finish(plan: ScanPlan): void {
    this.merge(plan.jobs, (i) => plan.slotsOf(i));
  }

  /**
   * Each job's best from its result slots, in the order given (keeping strictly larger loss
   * changes, as one scan of the whole list does), its min_data_in_leaf flags, and a categorical
   * winner's category set.
   */
  private merge(jobs: readonly SplitJob[], slotsOf: (i: number) => Iterable<number>): void {
    let first = 0;
    for (const j of jobs) {
      if (j.splittable) j.splittable.set(this.flags.subarray(first, first + j.count));
      first += j.count;
    }
    const out = this.out;
    jobs.forEach((j, i) => {
      for (const s of slotsOf(i)) {
        const o = SPLIT_RECORD * s;
        if (out[o]! >= 0 && out[o + 3]! > j.best.lossChg) applyCandidate(this.mapper, out, o, j.best);
      }
    });
    const cat = this.cat;
    if (cat !== null) {
      for (const j of jobs) {
        if (j.best.feature >= 0 && cat.flags[j.best.feature] === 1) setCategories(this.params, cat, this.mapper, j.hist, j.sumGrad, j.sumHess, j.best);
      }
    }
  }
}
