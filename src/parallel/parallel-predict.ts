/**
 * Batch prediction on worker threads by row blocks (ARCHITECTURE.md decision 4: rows vastly
 * outnumber anything else here). The calling thread copies the rows into the forest's shared
 * memory in the block layout (block-layout.ts), then it and `threads - 1` kernel workers claim
 * chunks of blocks from a shared counter and walk them (predict-task.ts), each writing its rows'
 * margins in place. Tasks carry byte addresses, never data. No reduction: a row's margin is summed
 * over the trees in order by one thread, so the result is the single-thread one bit for bit.
 */
import { BLOCK_ROWS, blockCount, type BlockSource } from '../predict/block-layout.js';
import type { SharedForest } from '../predict/shared-forest.js';
import { takeWorkerFault } from './fault.js';
import { memoryId } from './memory-id.js';
import { settle } from './parallel-histogram.js';
import { workerPool } from './pool.js';
import { walkChunks, type PredictJob } from './predict-task.js';
import type { PredictTask } from './tasks.js';

/** Chunks per thread (more chunks even out threads slowed by other work on the machine). */
const CHUNKS_PER_THREAD = 16;

/** Whether the calling thread walks blocks too (false only in tests, so that workers walk them all). */
let callerWalks = true;

/** Test-only: false makes the workers walk every block (the caller only waits); true restores the default. */
export function setCallerWalksForTesting(walks: boolean): void {
  callerWalks = walks;
}

/** The last job started on each forest: jobs on one forest share its memory, so they run in turn. */
const lastJob = new WeakMap<SharedForest, Promise<void>>();

/**
 * Starts the kernel workers a `threads`-thread prediction uses, so that their start-up overlaps
 * whatever the caller does next (the CLI reads the data meanwhile).
 */
export function startPredictWorkers(threads: number): void {
  if (threads > 1) workerPool(threads - 1);
}

/**
 * The margins of every row of `src` over trees [0, nTrees) from `margin0`, on `threads` threads.
 * @param threads >= 2: the calling thread and threads - 1 workers.
 * @param result out: Float32Array, length src.nRows.
 * @throws DataError from reading src (before any worker starts); WorkerFailedError when a worker fails.
 */
export async function predictMarginsParallel(
  sf: SharedForest,
  src: BlockSource,
  nTrees: number,
  margin0: number,
  threads: number,
  result: Float32Array,
): Promise<void> {
  const before = lastJob.get(sf);
  let done!: () => void;
  lastJob.set(sf, new Promise<void>((resolve) => (done = resolve)));
  try {
    if (before) await before;
    await runJob(sf, src, nTrees, margin0, threads, result);
  } finally {
    done();
  }
}

async function runJob(sf: SharedForest, src: BlockSource, nTrees: number, margin0: number, threads: number, result: Float32Array): Promise<void> {
  const nRows = src.nRows;
  const nBlocks = blockCount(nRows);
  const blockFloats = BLOCK_ROWS * sf.layout.nFeatures;
  const counterAt = sf.layout.freeAt;
  const xAt = counterAt + 16;
  const outAt = xAt + nBlocks * blockFloats * 4;
  sf.ensure(outAt + nBlocks * BLOCK_ROWS * 4);
  const heap = sf.heap();
  for (let k = 0; k < nBlocks; k++) {
    src.fill(k * BLOCK_ROWS, Math.min(BLOCK_ROWS, nRows - k * BLOCK_ROWS), heap, (xAt >>> 2) + k * blockFloats);
  }
  Atomics.store(new Int32Array(sf.memory.buffer, counterAt, 1), 0, 0);
  const job: PredictJob = {
    nTrees,
    margin0,
    nRows,
    xAt,
    outAt,
    counterAt,
    chunkBlocks: Math.max(1, Math.ceil(nBlocks / (threads * CHUNKS_PER_THREAD))),
  };
  const pool = workerPool(threads - 1);
  const base = { kind: 'predict' as const, memId: memoryId(sf.memory), memory: sf.memory, kernel: sf.kernel, forest: sf.layout, ...job };
  const pending: Promise<number>[] = [];
  for (let w = 1; w < threads; w++) {
    const task: PredictTask = { ...base, fault: takeWorkerFault() };
    pending.push(pool.run(task));
  }
  let mainError: unknown = null;
  try {
    if (callerWalks) walkChunks(sf, job);
  } catch (e) {
    mainError = e;
  }
  await settle(pending);
  if (mainError !== null) throw mainError;
  result.set(new Float32Array(sf.memory.buffer, outAt, nRows));
}
