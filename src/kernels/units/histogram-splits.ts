/**
 * Fused histogram + split-search units: a unit builds its slots of a node's histogram
 * (histogram.ts) or finishes its slots of a halved node (add-halves.ts), as those units do, and
 * then scans, for the nodes whose histograms those slots complete (the node and, by subtraction,
 * its sibling), the candidate features whose slots they are (splits.ts scanPart), each into its
 * own result slot. So a level's histograms and split searches are one dispatch instead of two, and
 * the scans are spread over the threads with the histogram work. The caller merges each node's
 * result slots in list order keeping only strictly larger loss changes, as it merges the split
 * units' parts: the same split as one scan of the whole list, for any units and thread count.
 */
import type { ThreadScope } from '../../parallel/thread-scope.js';
import { arg, record, unitKernel, type ArgsOf } from '../../parallel/unit-kernel.js';
import { ADD_HALVES_ARGS, addHalvesUnit } from './add-halves.js';
import { HISTOGRAM_ARGS, histogramUnit } from './histogram.js';
import { SCAN_ARGS, SPLIT_NODE, scanPart } from './splits.js';

/** One scan: list positions [lo, hi) of split node `node` (a SPLIT_NODE record) into result slot `slot`. */
export const SCAN = record(['node', 'lo', 'hi', 'slot']);

/**
 * One histogram bin scanned costs about as much as this many histogram slot updates (the split
 * units' itemCost 16 over the histogram units' 2: bench/split-batch.js).
 */
export const SCAN_BIN_UPDATES = 8;

const FUSED_SCAN_ARGS = {
  ...SCAN_ARGS,
  /** The split nodes' histograms (SPLIT_NODE.hist indexes this list). */
  splitHists: arg.f64s,
  /** SCAN records of every unit, unit after unit. */
  scans: arg.data<readonly number[]>(),
  /** Two numbers per unit: its first and end SCAN record (indices into `scans`' records). */
  unitScans: arg.data<readonly number[]>(),
};

/** Unit `unit`'s scans, once its slots are complete. */
function runScans(scope: ThreadScope, a: ArgsOf<typeof FUSED_SCAN_ARGS>, unit: number): void {
  const S = SCAN.at;
  const s = a.scans;
  const end = a.unitScans[2 * unit + 1]!;
  for (let k = a.unitScans[2 * unit]!; k < end; k++) {
    const at = k * SCAN.size;
    const node = s[at + S.node]!;
    const hist = a.splitHists[a.nodes[node * SPLIT_NODE.size + SPLIT_NODE.at.hist]!]!;
    scanPart(scope, a, hist, node, s[at + S.lo]!, s[at + S.hi]!, s[at + S.slot]!);
  }
}

/** Histogram units (histogram.ts), each followed by its scans; work in histogram slot updates. */
export const histogramSplitUnits = unitKernel('histogramSplits', { ...HISTOGRAM_ARGS, ...FUSED_SCAN_ARGS }, 2, (scope, a, unit) => {
  histogramUnit(scope, a, unit);
  runScans(scope, a, unit);
});

/** Row-halves reduction units (add-halves.ts), each followed by its scans; work in slots. */
export const addHalvesSplitUnits = unitKernel('addHalvesSplits', { ...ADD_HALVES_ARGS, ...FUSED_SCAN_ARGS }, 1, (scope, a, unit) => {
  addHalvesUnit(scope, a, unit);
  runScans(scope, a, unit);
});
