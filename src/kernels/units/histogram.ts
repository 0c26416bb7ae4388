/**
 * Histogram units: slots [featStart, featEnd) of one histogram summed over at most two windows of
 * the partition array (in row order), after zeroing them; with a sibling (the parent's
 * histogram), the same slots of the sibling then become parent - histogram (the subtraction
 * trick, xgboost-spec.md §2.4). A unit may first set its windows' rows to the identity (a root's
 * rows). Each slot is summed by exactly one unit over its rows in partition order, so the sums
 * equal the single-thread ones bit for bit.
 */
import { fillIdentity } from '../ts/loops.js';
import type { ThreadScope } from '../../parallel/thread-scope.js';
import { arg, record, unitKernel, type ArgsOf } from '../../parallel/unit-kernel.js';

/** One unit: two windows, the histogram and sibling (indices into `hists`, sibling -1: none), the feature range, identity (0/1). */
export const HISTOGRAM_UNIT = record(['start0', 'end0', 'start1', 'end1', 'hist', 'sibling', 'featStart', 'featEnd', 'identity']);

/** The histogram units' arguments (also the fused histogram + split units', histogram-splits.ts). */
export const HISTOGRAM_ARGS = {
  /** Row-major codes, nRows * nFeatures. */
  bins: arg.codes,
  nFeatures: arg.number,
  /** Uint32Array, length nFeatures + 1. */
  histOffsets: arg.u32,
  /** Uint32Array, length nRows: the partition array. */
  rows: arg.u32,
  /** Float32Array, length 2 * nRows. */
  gh: arg.f32,
  /** The batch's histograms (Float64Array, 2 * histOffsets[nFeatures] each). */
  hists: arg.f64s,
  /** HISTOGRAM_UNIT records, one per unit. */
  units: arg.data<readonly number[]>(),
};

/** Builds unit `unit`'s slots (see the file comment). */
export function histogramUnit(scope: ThreadScope, a: ArgsOf<typeof HISTOGRAM_ARGS>, unit: number): void {
  const U = HISTOGRAM_UNIT.at;
  const u = a.units;
  const at = unit * HISTOGRAM_UNIT.size;
  const k = scope.kernels;
  const featStart = u[at + U.featStart]!;
  const featEnd = u[at + U.featEnd]!;
  const first = 2 * a.histOffsets[featStart]!;
  const last = 2 * a.histOffsets[featEnd]!;
  const hist = a.hists[u[at + U.hist]!]!;
  hist.fill(0, first, last);
  for (const [s, e] of [[U.start0, U.end0], [U.start1, U.end1]] as const) {
    const start = u[at + s]!;
    const end = u[at + e]!;
    if (start === end) continue;
    if (u[at + U.identity] === 1) fillIdentity(a.rows, start, end);
    k.buildHistogram(a.bins, a.nFeatures, featStart, featEnd, a.histOffsets, a.rows, start, end, a.gh, hist);
  }
  const sib = u[at + U.sibling]!;
  if (sib >= 0) k.subtractHistogram(a.hists[sib]!, hist, a.hists[sib]!, first, last);
}

export const histogramUnits = unitKernel('histogram', HISTOGRAM_ARGS, 2, histogramUnit);
