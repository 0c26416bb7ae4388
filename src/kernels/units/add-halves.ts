/**
 * Row-halves reduction units: a unit finishes a range of slots of one halved node of a histogram
 * batch, node = first half + second half slot by slot (addPartial), then, with a sibling, sibling =
 * parent - node. Each unit writes only its slots of its node's and its sibling's histograms.
 */
import { addPartial } from '../ts/loops.js';
import type { ThreadScope } from '../../parallel/thread-scope.js';
import { arg, record, unitKernel, type ArgsOf } from '../../parallel/unit-kernel.js';

/**
 * One unit: slots [featStart, featEnd) of one halved node: its histogram, the second half's partial
 * one and its sibling (indices into `hists`; sibling -1: none).
 */
export const HALVED_NODE = record(['hist', 'second', 'sibling', 'featStart', 'featEnd']);

/** The row-halves reduction units' arguments (also the fused units', histogram-splits.ts). */
export const ADD_HALVES_ARGS = {
  /** Uint32Array, length nFeatures + 1. */
  histOffsets: arg.u32,
  hists: arg.f64s,
  /** HALVED_NODE records, one per unit. */
  halves: arg.data<readonly number[]>(),
};

/** Finishes unit `unit`'s slots of its node (and sibling). */
export function addHalvesUnit(scope: ThreadScope, a: ArgsOf<typeof ADD_HALVES_ARGS>, unit: number): void {
  const N = HALVED_NODE.at;
  const at = unit * HALVED_NODE.size;
  const first = 2 * a.histOffsets[a.halves[at + N.featStart]!]!;
  const last = 2 * a.histOffsets[a.halves[at + N.featEnd]!]!;
  const hist = a.hists[a.halves[at + N.hist]!]!;
  addPartial(hist, a.hists[a.halves[at + N.second]!]!, first, last);
  const sib = a.halves[at + N.sibling]!;
  if (sib >= 0) scope.kernels.subtractHistogram(a.hists[sib]!, hist, a.hists[sib]!, first, last);
}

export const addHalvesUnits = unitKernel('addHalves', ADD_HALVES_ARGS, 1, addHalvesUnit);
