/**
 * Batch prediction on worker threads by row blocks (ARCHITECTURE.md decision 4: rows vastly
 * outnumber anything else here). The calling thread copies the rows into the forest's shared
 * memory in the block layout (block-layout.ts), chunk by chunk; `threads - 1` kernel workers, and
 * the calling thread once it has copied them all, claim chunks of blocks from a shared counter and
 * walk them as soon as they are filled (predict-task.ts), each writing its rows' margins in place. Tasks carry byte addresses, never data. No reduction: a row's margin is summed
 * over the trees in order by one thread, so the result is the single-thread one bit for bit.
 * Inputs larger than SEGMENT_BYTES of blocks go through in segments, so the shared copy stays bounded.
 */
import { BLOCK_ROWS, blockCount, type BlockSource } from '../predict/block-layout.js';
import type { SharedForest } from '../predict/shared-forest.js';
import { takeWorkerFault } from './fault.js';
import { memoryId } from './memory-id.js';
import { settle } from './settle.js';
import type { Ticket } from './channel.js';
import { kernelWorkers } from './pool.js';
import { FILL_FAILED, FILLED, NEXT_CHUNK, walkChunks, type PredictJob } from './predict-task.js';
import type { PredictTask } from './tasks.js';

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
  const xAt = counterAt + 16;
  const outAt = xAt + Math.min(blockCount(nRows), segmentBlocks) * blockFloats * 4;
  sf.ensure(outAt + Math.min(nRows, segmentRows) * 4);
  for (let r0 = 0; r0 < nRows; r0 += segmentRows) {
    await runSegment(sf, src, r0, Math.min(segmentRows, nRows - r0), { nTrees, margin0, xAt, outAt, counterAt }, threads);
    result.set(new Float32Array(sf.memory.buffer, outAt, Math.min(segmentRows, nRows - r0)), r0);
  }
}

/** Rows [r0, r0 + n) of src: copied into the blocks at job.xAt, walked on `threads` threads, margins at job.outAt. */
async function runSegment(
  sf: SharedForest,
  src: BlockSource,
  r0: number,
  n: number,
  at: Pick<PredictJob, 'nTrees' | 'margin0' | 'xAt' | 'outAt' | 'counterAt'>,
  threads: number,
): Promise<void> {
  const nBlocks = blockCount(n);
  const blockFloats = BLOCK_ROWS * sf.layout.nFeatures;
  const counter = new Int32Array(sf.memory.buffer, at.counterAt, 2);
  Atomics.store(counter, NEXT_CHUNK, 0);
  Atomics.store(counter, FILLED, 0);
  const job: PredictJob = { ...at, nRows: n, chunkBlocks: Math.max(1, Math.ceil(nBlocks / (threads * CHUNKS_PER_THREAD))) };
  const workers = kernelWorkers(threads - 1);
  const base = { kind: 'predict' as const, memId: memoryId(sf.memory), memory: sf.memory, kernel: sf.kernel, forest: sf.layout, ...job };
  const pending: Ticket[] = [];
  for (let w = 1; w < threads; w++) {
    const task: PredictTask = { ...base, fault: takeWorkerFault() };
    pending.push(workers[w - 1]!.post(task));
  }
  // The workers walk chunks as soon as they are filled; the caller fills them all, in chunk
  // order, then walks what is left.
  let mainError: unknown = null;
  try {
    const heap = sf.heap();
    const x0 = at.xAt >>> 2;
    for (let k0 = 0; k0 < nBlocks; k0 += job.chunkBlocks) {
      const k1 = Math.min(nBlocks, k0 + job.chunkBlocks);
      for (let k = k0; k < k1; k++) src.fill(r0 + k * BLOCK_ROWS, Math.min(BLOCK_ROWS, n - k * BLOCK_ROWS), heap, x0 + k * blockFloats);
      Atomics.store(counter, FILLED, k1);
      Atomics.notify(counter, FILLED);
    }
    if (callerWalks) walkChunks(sf, job);
  } catch (e) {
    mainError = e;
    Atomics.store(counter, FILLED, FILL_FAILED);
    Atomics.notify(counter, FILLED);
  }
  await settle(pending);
  if (mainError !== null) throw mainError;
}
