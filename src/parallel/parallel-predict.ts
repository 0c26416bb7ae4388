/**
 * Batch prediction on worker threads by row blocks (ARCHITECTURE.md decision 4: rows vastly
 * outnumber anything else here). The calling thread copies the rows into the forest's shared
 * memory in the block layout (src/kernels/ts/block-rows.ts), chunk by chunk; `threads - 1` kernel workers, and
 * the calling thread once it has copied them all, claim chunks of blocks from a shared counter and
 * walk them as soon as they are filled (src/kernels/units/predict-walk.ts), each writing its rows' margins in place. Tasks carry byte addresses, never data. No reduction: a row's margin is summed
 * over the trees in order by one thread, so the result is the single-thread one bit for bit.
 * Inputs larger than SEGMENT_BYTES of blocks go through in segments, so the shared copy stays bounded.
 */
import { FILL_FAILED, predictUnits, useForest } from '../kernels/units/predict-walk.js';
import { BLOCK_ROWS, blockCount } from '../kernels/ts/block-rows.js';
import type { BlockSource } from '../predict/block-layout.js';
import type { SharedForest } from '../kernels/shared-forest.js';
import { createMemoryExecutor, type Executor } from './executor.js';
import { kernelWorkers } from './pool.js';

/** Chunks per thread (more chunks even out threads slowed by other work on the machine). */
const CHUNKS_PER_THREAD = 16;

/** Whether the calling thread walks blocks too (false only in tests, so that workers walk them all). */
let callerWalks = true;

/** Test-only: false makes the workers walk every block (the caller only waits); true restores the default. */
export function setCallerWalksForTesting(walks: boolean): void {
  callerWalks = walks;
}

/** Rows per segment set by a test (null: from SEGMENT_BYTES). */
let segmentRowsOverride: number | null = null;

/** Test-only: rows per segment become `rows` (rounded up to whole blocks); null restores the byte budget. */
export function setSegmentRowsForTesting(rows: number | null): void {
  segmentRowsOverride = rows;
}

/** The last job started on each forest: jobs on one forest share its memory, so they run in turn. */
const lastJob = new WeakMap<SharedForest, Promise<void>>();

/**
 * Starts the kernel workers a `threads`-thread prediction uses, so that their start-up overlaps
 * whatever the caller does next (the CLI reads the data meanwhile).
 */
export function startPredictWorkers(threads: number): void {
  if (threads > 1) kernelWorkers(threads - 1);
}

/**
 * The margins of every row of `src` over trees [0, nTrees) from `margin0`, on `threads` threads.
 * @param threads >= 2: the calling thread and threads - 1 workers.
 * @param result out: Float32Array, length src.nRows.
 * @throws DataError for a bad array row (its segment is not walked); WorkerFailedError when a worker fails.
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

/** Bytes of row blocks copied into shared memory at a time: larger inputs go through in segments. */
const SEGMENT_BYTES = 64 << 20;

async function runJob(sf: SharedForest, src: BlockSource, nTrees: number, margin0: number, threads: number, result: Float32Array): Promise<void> {
  const nRows = src.nRows;
  const blockFloats = BLOCK_ROWS * sf.layout.nFeatures;
  const segmentBlocks =
    segmentRowsOverride !== null
      ? Math.max(1, Math.ceil(segmentRowsOverride / BLOCK_ROWS))
      : Math.max(threads, Math.floor(SEGMENT_BYTES / (4 * Math.max(1, blockFloats))));
  const segmentRows = segmentBlocks * BLOCK_ROWS;
  const counterAt = sf.layout.freeAt;
  const xAt = counterAt + CONTROL_BYTES;
  const outAt = xAt + Math.min(blockCount(nRows), segmentBlocks) * blockFloats * 4;
  sf.ensure(outAt + Math.min(nRows, segmentRows) * 4);
  for (let r0 = 0; r0 < nRows; r0 += segmentRows) {
    await runSegment(sf, src, r0, Math.min(segmentRows, nRows - r0), { nTrees, margin0, xAt, outAt, counterAt }, threads);
    result.set(new Float32Array(sf.memory.buffer, outAt, Math.min(segmentRows, nRows - r0)), r0);
  }
}

/** Int32 words at a forest's free address: the claim counter, then the blocks filled so far. */
const CONTROL_BYTES = 16;

/** Each forest's executor, by thread count (its control words at layout.freeAt). */
const executors = new WeakMap<SharedForest, Map<number, Executor>>();

function executorOf(sf: SharedForest, threads: number): Executor {
  let byThreads = executors.get(sf);
  if (!byThreads) executors.set(sf, (byThreads = new Map()));
  let ex = byThreads.get(threads);
  if (!ex) {
    const space = { memory: sf.memory, address: (a: { byteOffset: number }) => a.byteOffset };
    ex = createMemoryExecutor(space, sf.kernel, threads, new Int32Array(sf.memory.buffer, sf.layout.freeAt, 1));
    useForest(ex.scope, sf);
    byThreads.set(threads, ex);
  }
  return ex;
}

/** Rows [r0, r0 + n) of src: copied into the blocks at xAt, walked on `threads` threads, margins at outAt. */
async function runSegment(
  sf: SharedForest,
  src: BlockSource,
  r0: number,
  n: number,
  at: { nTrees: number; margin0: number; xAt: number; outAt: number; counterAt: number },
  threads: number,
): Promise<void> {
  const nBlocks = blockCount(n);
  const blockFloats = BLOCK_ROWS * sf.layout.nFeatures;
  const fill = new Int32Array(sf.memory.buffer, at.counterAt + 4, 1);
  Atomics.store(fill, 0, 0);
  const chunkBlocks = Math.max(1, Math.ceil(nBlocks / (threads * CHUNKS_PER_THREAD)));
  const args = {
    forest: sf.layout, nTrees: at.nTrees, margin0: at.margin0, nRows: n, xAt: at.xAt, outAt: at.outAt, chunkBlocks, fill,
  };
  // The workers walk chunks as soon as they are filled; the caller fills them all, in chunk
  // order, then walks what is left.
  await executorOf(sf, threads).share(predictUnits, args, Math.ceil(nBlocks / chunkBlocks), threads - 1, (claim) => {
    try {
      const heap = sf.heap();
      const x0 = at.xAt >>> 2;
      for (let k0 = 0; k0 < nBlocks; k0 += chunkBlocks) {
        const k1 = Math.min(nBlocks, k0 + chunkBlocks);
        for (let k = k0; k < k1; k++) src.fill(r0 + k * BLOCK_ROWS, Math.min(BLOCK_ROWS, n - k * BLOCK_ROWS), heap, x0 + k * blockFloats);
        Atomics.store(fill, 0, k1);
        Atomics.notify(fill, 0);
      }
    } catch (e) {
      Atomics.store(fill, 0, FILL_FAILED);
      Atomics.notify(fill, 0);
      throw e;
    }
    if (callerWalks) claim();
  });
}
