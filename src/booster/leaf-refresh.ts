/**
 * Adaptive leaves (reg:absoluteerror, XGBoost's UpdateTreeLeaf): after a tree is grown, each
 * leaf's output is recomputed from its rows by the objective (eta times the objective's value),
 * in the tree's split conditions and base weights.
 */
import type { Objective } from '../objective/objective.js';
import type { GrownTree } from '../tree/grower.js';
import { leafRows } from './leaf-margins.js';

/** Refreshes `grown`'s leaf values when the objective has adaptive leaves; otherwise does nothing. */
export function refreshLeaves(objective: Objective, eta: number, grown: GrownTree, margins: Float32Array, gh: Float32Array): void {
  const leafValue = objective.leafValue;
  if (!leafValue) return;
  const { tree, leafNodes, leafWindows, rows } = grown;
  for (let leaf = 0; leaf < leafNodes.length; leaf++) {
    const [lr, start, end] = leafRows(rows, leafWindows, leaf);
    const v = Math.fround(eta * leafValue(lr, start, end, margins, gh));
    tree.splitCondition[leafNodes[leaf]!] = v;
    tree.baseWeight[leafNodes[leaf]!] = v;
    grown.leafValues[leaf] = v;
  }
}

/** Each leaf's two windows (node-rows.ts) with its value (GrownTree.leafValues): triples (start, end, value), for addLeafWindows. */
export function leafValueWindows(grown: GrownTree): number[] {
  const { leafNodes, leafWindows, leafValues } = grown;
  const windows: number[] = [];
  for (let leaf = 0; leaf < leafNodes.length; leaf++) {
    const v = leafValues[leaf]!;
    windows.push(leafWindows[4 * leaf]!, leafWindows[4 * leaf + 1]!, v, leafWindows[4 * leaf + 2]!, leafWindows[4 * leaf + 3]!, v);
  }
  return windows;
}
