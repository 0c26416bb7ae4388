/**
 * Row-halves reduction units: unit u finishes halved node u of a histogram batch, node = first
 * half + second half slot by slot (addPartial), then, with a sibling, sibling = parent - node.
 * Each unit writes only its node's and its sibling's histograms.
 */
import { addPartial } from '../ts/loops.js';
import { arg, record, unitKernel } from '../../parallel/unit-kernel.js';

/** One halved node: its histogram, the second half's partial one and its sibling (indices into `hists`; sibling -1: none). */
export const HALVED_NODE = record(['hist', 'second', 'sibling']);

export const addHalvesUnits = unitKernel('addHalves', {
  hists: arg.f64s,
  /** HALVED_NODE records, one per unit. */
  nodes: arg.data<readonly number[]>(),
}, 1, (scope, a, unit) => {
  const N = HALVED_NODE.at;
  const at = unit * HALVED_NODE.size;
  const hist = a.hists[a.nodes[at + N.hist]!]!;
  addPartial(hist, a.hists[a.nodes[at + N.second]!]!);
  const sib = a.nodes[at + N.sibling]!;
  if (sib >= 0) scope.kernels.subtractHistogram(a.hists[sib]!, hist, a.hists[sib]!, 0, hist.length);
});
