/**
 * Histogram building for a batch of nodes, as units on the booster's executor (one thread or
 * many: src/parallel/executor.ts). Nodes of at least ROW_HALVES_MIN_ROWS rows are built as two row
 * halves (row-halves.ts): the first half summed over all features into the node's histogram, the
 * second into a partial one, then node = first + second; the rule depends only on the node's rows.
 * Other nodes are one unit over all features, or one unit per feature block (one block per
 * thread) where a cost model says the batch ends sooner so (unit-schedule.ts): a unit's slots
 * summed over the node's rows. A feature block pays the per-row cost (the row's index, its pair,
 * its cache lines) once per block, so whole nodes are cheaper wherever the batch balances without
 * splitting them (bench/RESULTS.md). Units are claimed largest first. Every
 * slot's sums are accumulated over the node's rows in partition order by exactly one unit, so
 * results are identical to the bit for any thread count and any choice of units. With a ScanPlan
 * the nodes' split searches run in the same units, right after the slots they read are complete
 * (histogram-splits.ts): a halved node's in its reduction units, one per feature block.
 */
import type { BinMapper, BinnedMatrix } from '../binning/bin-mapper.js';
import { HALVED_NODE, addHalvesUnits } from '../kernels/units/add-halves.js';
import { HISTOGRAM_UNIT, histogramUnits } from '../kernels/units/histogram.js';
import { SCAN, SCAN_BIN_UPDATES, addHalvesSplitUnits, histogramSplitUnits } from '../kernels/units/histogram-splits.js';
import type { ScanPlan } from '../split/split-search.js';
import type { Kernels } from '../kernels/kernels.js';
import type { Executor } from '../parallel/executor.js';
import { featureBlocks } from '../parallel/feature-blocks.js';
import type { GradArray, RowIndexArray, SumArray } from '../types.js';
import { fillIdentity } from '../kernels/ts/loops.js';
import { firstHalfRows, halfWindows, isHalved, PartialHistograms } from './row-halves.js';
import { histogramUnitCost, splitNodes, type NodeUnits } from './unit-schedule.js';
import { allRows, rowCount, type NodeRows } from '../tree/node-rows.js';

/** One node's histogram to build: its rows (node-rows.ts) into `hist` (any contents: the builder zeroes it). */
export interface HistogramJob {
  readonly rows: NodeRows;
  /** Float64Array from the kernels' memory, length 2 * histOffsets[nFeatures]. */
  readonly hist: SumArray;
  /**
   * The parent's histogram, when the node's sibling is made by subtraction: once `hist` is built,
   * the builder turns it into the sibling's, `sibling[i] -= hist[i]` (xgboost-spec.md §2.4), each
   * slot by the unit that built it.
   */
  readonly sibling?: SumArray;
  /**
   * The node's windows are to be set to the identity first (`rows[i] = i`): a tree's root, whose
   * rows are all rows in order. Done by whichever thread sums those rows.
   */
  readonly identity?: boolean;
}

export { fillIdentity } from '../kernels/ts/loops.js';

export class HistogramBuilder {
  private readonly blocks: Uint32Array;
  private readonly partials: PartialHistograms;
  private readonly windows: number[] = [];

  /**
   * @param mapper its histOffsets from the kernels' memory when the executor is threaded (placeMapper).
   * @param binned row-major codes from the kernels' memory.
   */
  constructor(
    kernels: Kernels,
    private readonly mapper: BinMapper,
    private readonly binned: BinnedMatrix,
    private readonly executor: Executor,
  ) {
    this.blocks = featureBlocks(mapper.nFeatures, executor.threads);
    this.partials = new PartialHistograms(2 * mapper.histOffsets[mapper.nFeatures]!, kernels.memory);
  }

  /**
   * Builds every job's histogram over all features; with a ScanPlan, also the plan's split
   * searches, each node's inside the units that complete its slots (histogram-splits.ts; the
   * caller then merges them: SplitSearch.finish). The plan's jobs are histograms of this batch
   * (a job's `hist` or `sibling`).
   * @param rows in: Uint32Array partition array (the kernels' memory), length nRows.
   * @param gh in: Float32Array gradient pairs (the kernels' memory), length 2 * nRows.
   */
  async build(jobs: readonly HistogramJob[], rows: RowIndexArray, gh: GradArray, plan: ScanPlan | null = null): Promise<void> {
    const m = this.mapper;
    const nBlocks = this.blocks.length - 1;
    const hists: SumArray[] = [];
    const units: { rec: number[]; cost: number; scans: number[] }[] = [];
    /** The halved nodes' reduction units (HALVED_NODE records and scans), run after their halves are summed. */
    const halved: { rec: number[]; cost: number; scans: number[] }[] = [];
    let halvedWork = 0;
    const windows = this.windows;
    // The plan's scans of the nodes `scanJobs` (plan job indices, -1: none) over features [featStart, featEnd).
    const piecesOf = (scanJobs: readonly number[], featStart: number, featEnd: number): { scans: number[]; bins: number } => {
      const scans: number[] = [];
      let bins = 0;
      if (plan !== null) for (const j of scanJobs) if (j >= 0) bins += plan.piece(j, featStart, featEnd, scans);
      return { scans, bins };
    };
    const add = (w: readonly number[], hist: number, sibling: number, featStart: number, featEnd: number, identity: boolean, scanJobs: readonly number[]): void => {
      const rec: number[] = [];
      HISTOGRAM_UNIT.push(rec, {
        start0: w[0] ?? 0, end0: w[1] ?? 0, start1: w[2] ?? 0, end1: w[3] ?? 0, hist, sibling, featStart, featEnd, identity: identity ? 1 : 0,
      });
      let n = 0;
      for (let i = 0; i < w.length; i += 2) n += w[i + 1]! - w[i]!;
      const { scans, bins } = piecesOf(scanJobs, featStart, featEnd);
      units.push({ rec, cost: histogramUnitCost(n, featEnd - featStart) + bins * SCAN_BIN_UPDATES, scans });
    };
    // First the cost model (unit-schedule.ts): which nodes that are not halved go in feature blocks.
    const scanJobsOf = (j: HistogramJob): number[] => (plan === null ? [] : [plan.jobOf(j.hist), plan.jobOf(j.sibling)]);
    // The bins the plan's scans of `scanJobs` read in features [featStart, featEnd).
    const binsOf = (scanJobs: readonly number[], featStart: number, featEnd: number): number => {
      let bins = 0;
      if (plan !== null) for (const k of scanJobs) bins += plan.bins(k, featStart, featEnd);
      return bins;
    };
    let work = 0;
    let plannedBins = 0;
    const fixed: number[] = [];
    const splittable: NodeUnits[] = [];
    const jobScans = jobs.map(scanJobsOf);
    for (const [i, j] of jobs.entries()) {
      const count = rowCount(j.rows);
      work += count * m.nFeatures;
      const scanJobs = jobScans[i]!;
      const bins = binsOf(scanJobs, 0, m.nFeatures);
      plannedBins += bins;
      if (isHalved(j)) {
        const mid = firstHalfRows(count);
        fixed.push(histogramUnitCost(mid, m.nFeatures), histogramUnitCost(count - mid, m.nFeatures));
      } else {
        const blocks: number[] = [];
        for (let b = 0; b < nBlocks; b++) {
          const f0 = this.blocks[b]!;
          const f1 = this.blocks[b + 1]!;
          blocks.push(histogramUnitCost(count, f1 - f0) + binsOf(scanJobs, f0, f1) * SCAN_BIN_UPDATES);
        }
        splittable.push({ whole: histogramUnitCost(count, m.nFeatures) + bins * SCAN_BIN_UPDATES, blocks });
      }
    }
    const totalWork = work + plannedBins * SCAN_BIN_UPDATES;
    const threaded = this.executor.threads > 1 && this.executor.parallel(histogramUnits, totalWork);
    const split = threaded ? splitNodes(splittable, fixed, this.executor.threads) : splittable.map(() => false);
    let next = 0;
    for (const [i, j] of jobs.entries()) {
      const scanJobs = jobScans[i]!;
      if (isHalved(j)) {
        // Each half over all features; the second into a partial histogram, added after.
        const second = this.partials.take();
        const first = hists.length;
        for (const [isSecond, hist] of [[false, j.hist], [true, second]] as const) {
          windows.length = 0;
          halfWindows(j, isSecond, windows);
          hists.push(hist);
          add(windows, hists.length - 1, -1, 0, m.nFeatures, j.identity === true, []);
        }
        if (j.sibling) hists.push(j.sibling);
        const sibling = j.sibling ? hists.length - 1 : -1;
        // The reduction as one unit, or with scans one unit per feature block (each scans its block).
        const scanned = scanJobs.some((k) => k >= 0);
        const nParts = scanned ? nBlocks : 1;
        for (let b = 0; b < nParts; b++) {
          const featStart = scanned ? this.blocks[b]! : 0;
          const featEnd = scanned ? this.blocks[b + 1]! : m.nFeatures;
          const rec: number[] = [];
          HALVED_NODE.push(rec, { hist: first, second: first + 1, sibling, featStart, featEnd });
          const { scans, bins } = piecesOf(scanJobs, featStart, featEnd);
          const slots = 2 * (m.histOffsets[featEnd]! - m.histOffsets[featStart]!);
          halvedWork += slots;
          halved.push({ rec, cost: slots + bins * 2 * SCAN_BIN_UPDATES, scans });
        }
      } else {
        windows.length = 0;
        allRows(j.rows, windows);
        // Blocks of one node read the same rows: identity first, here.
        if (j.identity) for (let k = 0; k < windows.length; k += 2) fillIdentity(rows, windows[k]!, windows[k + 1]!);
        hists.push(j.hist);
        const h = hists.length - 1;
        let sib = -1;
        if (j.sibling) {
          hists.push(j.sibling);
          sib = hists.length - 1;
        }
        if (!split[next++]!) add(windows, h, sib, 0, m.nFeatures, false, scanJobs);
        else for (let b = 0; b < nBlocks; b++) add(windows, h, sib, this.blocks[b]!, this.blocks[b + 1]!, false, scanJobs);
      }
    }
    // Largest first, so the last units claimed are small (a stable sort: equal costs keep job order).
    units.sort((a, b) => b.cost - a.cost);
    const histArgs = { bins: this.binned.bins, nFeatures: this.binned.nFeatures, histOffsets: m.histOffsets, rows, gh, hists, units: flatten(units) };
    if (plan === null) {
      await this.executor.run(histogramUnits, histArgs, units.length, work);
      await this.executor.run(addHalvesUnits, { histOffsets: m.histOffsets, hists, halves: flatten(halved) }, halved.length, halvedWork);
    } else {
      // Every piece is made: the results can be sized.
      const scanArgs = plan.args();
      // One bin scanned costs SCAN_BIN_UPDATES histogram updates (itemCost 2), 2 x that many slots (itemCost 1).
      await this.executor.run(histogramSplitUnits, { ...histArgs, ...scanArgs, ...scanLists(units) }, units.length, totalWork);
      if (halved.length > 0) {
        let halvedCost = 0;
        for (const u of halved) halvedCost += u.cost;
        await this.executor.run(addHalvesSplitUnits, {
          hists, halves: flatten(halved), ...scanArgs, ...scanLists(halved),
        }, halved.length, halvedCost);
      }
    }
    this.partials.reset();
  }
}

/** The units' records one after the other. */
function flatten(units: readonly { rec: number[] }[]): number[] {
  const out: number[] = [];
  for (const u of units) out.push(...u.rec);
  return out;
}

/** The units' SCAN records one after the other, and each unit's [first, end) record range. */
function scanLists(units: readonly { scans: number[] }[]): { scans: number[]; unitScans: number[] } {
  const scans: number[] = [];
  const unitScans: number[] = [];
  for (const u of units) {
    unitScans.push(scans.length / SCAN.size);
    scans.push(...u.scans);
    unitScans.push(scans.length / SCAN.size);
  }
  return { scans, unitScans };
}
