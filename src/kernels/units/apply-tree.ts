/**
 * Validation-margin units: unit u adds a new tree's leaf values to rows [runs[u], runs[u + 1]) of a
 * validation set (addTreeToMargins on its raw column-major values). Each row's walk and float32
 * addition is the serial one, so the margins are identical for any cut.
 */
import type { TreeArrays } from '../ts/loops.js';
import { addTreeToMargins } from '../ts/loops.js';
import { arg, unitKernel } from '../../parallel/unit-kernel.js';

export const applyTreeUnits = unitKernel('applyTree', {
  /** The tree's node arrays (a few thousand numbers at most). */
  tree: arg.data<TreeArrays>(),
  /** Float32Array per feature, length nRows each (aligned with the training features). */
  columns: arg.f32s,
  /** Float32Array, length nRows (in/out). */
  margins: arg.f32,
  runs: arg.data<readonly number[]>(),
}, 8, (_scope, a, unit) => {
  addTreeToMargins(a.tree, a.columns, a.margins, 1, a.runs[unit]!, a.runs[unit + 1]!);
});
