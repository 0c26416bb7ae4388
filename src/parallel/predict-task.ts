/**
 * The row-block loop of batch prediction, run by the calling thread and by kernel workers alike
 * (parallel-predict.ts): claim the next chunk of blocks from a shared counter (Atomics.add), walk
 * its blocks, until none is left. Each row is walked whole by whichever thread claims its block, so
 * the margins do not depend on the thread count or on which thread ran what.
 */
import { BLOCK_ROWS, blockCount } from '../predict/block-layout.js';
import { SharedForest } from '../predict/shared-forest.js';
import type { PredictTask } from './tasks.js';

/** What a thread needs to walk its share of a prediction job (the numbers of a PredictTask). */
export type PredictJob = Pick<PredictTask, 'nTrees' | 'margin0' | 'nRows' | 'xAt' | 'outAt' | 'counterAt' | 'chunkBlocks'>;

/** Walks chunks of the job's blocks until the shared counter says none is left. Allocates nothing per block. */
export function walkChunks(sf: SharedForest, job: PredictJob): void {
  const counter = new Int32Array(sf.memory.buffer, job.counterAt, 1);
  const nBlocks = blockCount(job.nRows);
  const blockBytes = BLOCK_ROWS * sf.layout.nFeatures * 4;
  for (;;) {
    const k0 = Atomics.add(counter, 0, 1) * job.chunkBlocks;
    if (k0 >= nBlocks) return;
    const k1 = Math.min(nBlocks, k0 + job.chunkBlocks);
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
