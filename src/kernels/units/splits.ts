/**
 * Split-search units: unit p scans part p of `parts` of every node's candidate list (list
 * positions [round(count * p / parts), round(count * (p + 1) / parts))) and writes each node's best
 * record (Kernels.scanSplits layout, feature -1 when none) to its own slot of `out`. The caller
 * merges the parts in order keeping only strictly larger loss changes, which visits the serial
 * scan's candidates in the serial order with the same comparison: the same split for any split
 * into parts and any thread count. The scan of one part (`scanPart`) is also what the fused
 * histogram units run right after building a node's slots (histogram-splits.ts).
 */
import { scanCandidates, type CategoricalSearch } from '../ts/split-scan.js';
import type { GainParams } from '../ts/gain.js';
import type { SumArray } from '../../types.js';
import type { ThreadScope } from '../../parallel/thread-scope.js';
import { arg, record, unitKernel, type ArgsOf } from '../../parallel/unit-kernel.js';

/** Doubles per result record: Kernels.scanSplits' 8, then LightGBM's scan's two leaf outputs (NaN from the others). */
export const SPLIT_RECORD = 10;

/**
 * One node: its histogram (index into the kernel's histogram list), where its list starts in
 * `features`, its length, totals, its rows in the bag and min_data_in_leaf (0 = none: then the rows
 * are not read), and with monotone constraints its float32 weight bounds and own score (read only then).
 */
export const SPLIT_NODE = record(['hist', 'first', 'count', 'sumGrad', 'sumHess', 'rows', 'minData', 'lower', 'upper', 'rootGain']);

/** What a scan reads and writes besides the histograms (the split units' and the fused histogram units' arguments). */
export const SCAN_ARGS = {
  params: arg.data<GainParams>(),
  /** Uint32Array, length nFeatures + 1; Uint32Array, length nFeatures. */
  histOffsets: arg.u32,
  nBins: arg.u32,
  /** Int32Array: every node's candidate list, one after the other. */
  features: arg.i32,
  /** SPLIT_NODE records. */
  nodes: arg.data<readonly number[]>(),
  /** Float64Array, SPLIT_RECORD doubles per result slot. */
  out: arg.f64,
  /** Uint8Array parallel to `features` (min_data_in_leaf): whether each listed feature had a valid candidate. */
  flags: arg.u8,
  /** The categorical features and their search's parameters, or null when there are none. */
  cat: arg.data<CategoricalSearch | null>(),
  /** Int32Array, length nFeatures: monotone direction (-1, 0, 1) of each feature, or null when none is constrained. */
  monotone: arg.optional(arg.i32),
  /** Uint8Array, length nFeatures (min_data_in_leaf): 1 where the training data has a missing value of the feature, or null. */
  nanFeatures: arg.optional(arg.u8),
};

/**
 * Scans list positions [lo, hi) of node `node`'s candidate list in `hist` and writes the best
 * record (feature -1 when none) to result slot `slot` of `a.out`.
 */
export function scanPart(scope: ThreadScope, a: ArgsOf<typeof SCAN_ARGS>, hist: SumArray, node: number, lo: number, hi: number, slot: number): void {
  const N = SPLIT_NODE.at;
  const nd = a.nodes;
  const at = node * SPLIT_NODE.size;
  const o = SPLIT_RECORD * slot;
  const rec = a.out.subarray(o, o + SPLIT_RECORD);
  rec[0] = -1;
  rec[3] = -Infinity;
  rec[8] = NaN;
  rec[9] = NaN;
  const first = nd[at + N.first]!;
  scanCandidates(
    a.params, a.histOffsets, a.nBins, hist, a.features.subarray(first + lo, first + hi), hi - lo,
    nd[at + N.sumGrad]!, nd[at + N.sumHess]!, -Infinity, rec, scope.kernels, nd[at + N.rows]!, nd[at + N.minData]!,
    a.flags, first + lo, a.cat, a.monotone, nd[at + N.lower]!, nd[at + N.upper]!, nd[at + N.rootGain]!,
    a.nanFeatures,
  );
}

export const splitUnits = unitKernel('splits', {
  ...SCAN_ARGS,
  hists: arg.f64s,
  /** Part p's record of node i is result slot p * nNodes + i. */
  parts: arg.number,
  // Work is counted in histogram bins scanned; one bin (both directions, a float32 gain each) costs
  // about as much as 16 histogram slot updates at itemCost 2 (bench/split-batch.js; bench/RESULTS.md).
}, 16, (scope, a, part) => {
  const N = SPLIT_NODE.at;
  const nd = a.nodes;
  const nNodes = nd.length / SPLIT_NODE.size;
  for (let i = 0; i < nNodes; i++) {
    const at = i * SPLIT_NODE.size;
    const count = nd[at + N.count]!;
    const lo = Math.round((count * part) / a.parts);
    const hi = Math.round((count * (part + 1)) / a.parts);
    scanPart(scope, a, a.hists[nd[at + N.hist]!]!, i, lo, hi, part * nNodes + i);
  }
});
