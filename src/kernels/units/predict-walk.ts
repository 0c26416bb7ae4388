/**
 * Batch-prediction units (src/parallel/parallel-predict.ts): unit u walks chunk u of the row
 * blocks, `chunkBlocks` blocks, once the calling thread has filled them (it publishes the blocks
 * filled so far in `fill[0]`, or FILL_FAILED). Each row is walked whole over the trees in order by
 * whichever thread claims its chunk, so the margins do not depend on who ran what.
 */
import { BLOCK_ROWS, blockCount } from '../ts/block-rows.js';
import { SharedForest, type ForestLayout } from '../shared-forest.js';
import type { ThreadScope } from '../../parallel/thread-scope.js';
import { arg, unitKernel } from '../../parallel/unit-kernel.js';

/** fill[0] when the caller could not fill the rows (a bad input row): units stop walking. */
export const FILL_FAILED = -1;

/** Longest wait for the caller to fill a chunk before looking again, in ms (it notifies; this is a safety net). */
const FILL_WAIT_MS = 50;

/** The forest a thread walks (one per memory: a worker attaches to it once; the caller's scope is given its own with `useForest`). */
function forestOf(scope: ThreadScope, layout: ForestLayout): SharedForest {
  return scope.local('forest', () => SharedForest.attach(scope.memory!, layout, scope.kernelName));
}

/** Makes the calling thread's scope walk `sf` itself (no second attachment). */
export function useForest(scope: ThreadScope, sf: SharedForest): void {
  scope.local('forest', () => sf);
}

export const predictUnits = unitKernel('predict', {
  /** Where the forest is in the memory (SharedForest.layout). */
  forest: arg.data<ForestLayout>(),
  nTrees: arg.number,
  /** The starting margin, float32. */
  margin0: arg.number,
  nRows: arg.number,
  /** Byte addresses: float32 row blocks (src/kernels/ts/block-rows.ts) and the margins [nRows]. */
  xAt: arg.number,
  outAt: arg.number,
  chunkBlocks: arg.number,
  /** Int32Array, length 1: blocks filled so far, or FILL_FAILED. */
  fill: arg.i32,
}, Infinity, (scope, a, unit) => {
  const sf = forestOf(scope, a.forest);
  const nBlocks = blockCount(a.nRows);
  const k0 = unit * a.chunkBlocks;
  const k1 = Math.min(nBlocks, k0 + a.chunkBlocks);
  for (let filled = Atomics.load(a.fill, 0); filled < k1; filled = Atomics.load(a.fill, 0)) {
    if (filled === FILL_FAILED) return;
    Atomics.wait(a.fill, 0, filled, FILL_WAIT_MS);
  }
  const blockBytes = BLOCK_ROWS * sf.layout.nFeatures * 4;
  for (let k = k0; k < k1; k++) {
    const nb = Math.min(BLOCK_ROWS, a.nRows - k * BLOCK_ROWS);
    sf.walk(a.xAt + k * blockBytes, nb, a.nTrees, a.margin0, a.outAt + k * BLOCK_ROWS * 4);
  }
});
