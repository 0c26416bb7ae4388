/**
 * The row-block loop of batch prediction, run by the calling thread and by kernel workers alike
 * (parallel-predict.ts): claim the next chunk of blocks from a shared counter (Atomics.add), wait
 * until the caller has filled its blocks, walk them, until none is left. Each row is walked whole by whichever thread claims its block, so
 * the margins do not depend on the thread count or on which thread ran what.
 */
import { BLOCK_ROWS, blockCount } from '../predict/block-layout.js';
import { SharedForest } from '../predict/shared-forest.js';
import type { PredictTask } from './tasks.js';

/** What a thread needs to walk its share of a prediction job (the numbers of a PredictTask). */
export type PredictJob = Pick<PredictTask, 'nTrees' | 'margin0' | 'nRows' | 'xAt' | 'outAt' | 'counterAt' | 'chunkBlocks'>;

/** Int32 word at counterAt: index of the next unclaimed chunk. */
export const NEXT_CHUNK = 0;
/** Int32 word at counterAt: blocks filled so far (published in order by the caller), or FILL_FAILED. */
export const FILLED = 1;
/** FILLED value when the caller could not fill the rows (a bad input row): threads stop claiming. */
export const FILL_FAILED = -1;

/** Longest wait for the caller to fill a chunk before looking again, in ms (it notifies; this is a safety net). */
const FILL_WAIT_MS = 50;

/**
 * Walks chunks of the job's blocks until the shared counter says none is left, or the caller
 * failed to fill the rows. A claimed chunk whose blocks are not filled yet is waited for
 * (Atomics.wait), so workers can start while the caller still copies rows in. Allocates nothing
 * per block.
 */
export function walkChunks(sf: SharedForest, job: PredictJob): void {
  const counter = new Int32Array(sf.memory.buffer, job.counterAt, 2);
  const nBlocks = blockCount(job.nRows);
  const blockBytes = BLOCK_ROWS * sf.layout.nFeatures * 4;
  for (;;) {
    const k0 = Atomics.add(counter, NEXT_CHUNK, 1) * job.chunkBlocks;
    if (k0 >= nBlocks) return;
    const k1 = Math.min(nBlocks, k0 + job.chunkBlocks);
    for (let filled = Atomics.load(counter, FILLED); filled < k1; filled = Atomics.load(counter, FILLED)) {
      if (filled === FILL_FAILED) return;
      Atomics.wait(counter, FILLED, filled, FILL_WAIT_MS);
    }
    for (let k = k0; k < k1; k++) {
      const nb = Math.min(BLOCK_ROWS, job.nRows - k * BLOCK_ROWS);
      sf.walk(job.xAt + k * blockBytes, nb, job.nTrees, job.margin0, job.outAt + k * BLOCK_ROWS * 4);
    }
  }
}

/** This worker's forests, by memory id (at most MAX_FORESTS, the most recent last). */
const forests = new Map<number, SharedForest>();
const MAX_FORESTS = 2;

/** A worker's part of a prediction job: attaches to the task's forest (once per memory) and walks chunks. */
export function runPredictTask(task: PredictTask): void {
  let sf = forests.get(task.memId);
  if (sf === undefined || sf.kernel !== task.kernel) {
    sf = SharedForest.attach(task.memory, task.forest, task.kernel);
    forests.delete(task.memId);
    forests.set(task.memId, sf);
    while (forests.size > MAX_FORESTS) forests.delete(forests.keys().next().value!);
  }
  walkChunks(sf, task);
}
