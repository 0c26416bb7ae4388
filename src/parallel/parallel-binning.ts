/**
 * Binning the training data on two threads, in two steps around the release of the feature values:
 *
 * 1. binColumnsParallel bins into COLUMN-MAJOR codes (`codes[f * nRows + r]`). Column-major comes
 *    first because it is what the peak of memory allows: the float values (4 bytes a cell) are
 *    alive during binning, so only one code matrix may exist then; the row partition needs the
 *    column-major one anyway, and the threads then write disjoint contiguous runs of it (no shared
 *    cache lines, unlike row-major codes where a row's features sit in one line).
 * 2. Once the values are released, rowMajorParallel makes the row-major matrix the histogram build
 *    reads, by a transposition of row blocks claimed from a shared counter by every thread.
 *
 * Peak: values + column-major codes, then column-major + row-major codes; never all three.
 *
 * Step 1's work is a queue of chunks (chunkRows rows of one feature, feature by feature). The values
 * live on the calling thread's heap, which workers cannot see, so the calling thread stages the
 * chunks at the queue's front into a few small slots of shared memory (a ring, synchronized by the
 * BIN_CONTROL words of tasks.ts) and one worker bins them in order, while the calling thread bins
 * chunks from the queue's end itself; they meet wherever their speeds make them meet, and a worker
 * that starts late only leaves more chunks to the calling thread. Every chunk's codes come from the
 * same binValues on the same values, so the codes equal binDataset's, whatever the split.
 *
 * One thread, kernels without shared memory, or little data: the serial binColumns and
 * rowMajorCopy (same codes).
 */
import {
  binColumns, codeBytes, rowMajorCopy, transposeToRows, type BinMapper, type BinnedColumns, type BinnedMatrix,
} from '../binning/bin-mapper.js';
import type { Dataset } from '../data/dataset.js';
import type { Kernels } from '../kernels/kernels.js';
import type { BinArray } from '../types.js';
import { faultPending, takeWorkerFault } from './fault.js';
import { memoryId } from './memory-id.js';
import { alongside } from './settle.js';
import type { Ticket } from './channel.js';
import { kernelWorkers } from './pool.js';
import { BIN_CONTROL, type BinColumnsTask, type TransposeCodesTask } from './tasks.js';
import { thresholds } from './thresholds.js';
import { sharedWords } from './shared-words.js';

/**
 * Rows per chunk of step 1 and per block of step 2. A chunk is ~0.1 ms of binning (the binary
 * search costs ~7 ns a value), so the synchronization per chunk is small next to it, and the
 * staging area (STAGE_SLOTS + 1 chunks of floats: 320 KiB) adds next to nothing to the peak.
 */
const CHUNK_ROWS = 16384;

/** Staging slots of the worker's ring: enough that the worker never waits while the calling thread bins one chunk. */
const STAGE_SLOTS = 4;

let chunkRowsOverride: number | null = null;

/** Test-only: rows per chunk and per transposition block (null: the default), so small data has many. */
export function setBinningChunkRowsForTesting(rows: number | null): void {
  chunkRowsOverride = rows;
}

function chunkRows(nRows: number): number {
  return Math.max(1, Math.min(nRows, chunkRowsOverride ?? CHUNK_ROWS));
}

/** True when the work stays on the calling thread. */
function serial(nCells: number, threads: number, kernels: Kernels): boolean {
  return threads < 2 || !kernels.shared || nCells === 0 || (nCells < thresholds.binningCells && !faultPending());
}


/**
 * binColumns (column-major codes, the same as binDataset's) with one worker (see the file comment).
 * @param threads threads allowed (the calling thread and one worker are used when >= 2).
 * @param valuesDone called on the calling thread with each feature once its values are no longer
 *   read (all of its chunks staged or binned), so the caller may release them.
 * @returns codes from `kernels.memory`: Uint8Array or Uint16Array as codeBytes says, length nRows * nFeatures.
 */
export async function binColumnsParallel(
  data: Dataset, mapper: BinMapper, kernels: Kernels, threads: number, valuesDone?: (feature: number) => void,
): Promise<BinnedColumns> {
  const n = data.nRows;
  const nF = data.nFeatures;
  if (serial(n * nF, threads, kernels)) return binColumns(data, mapper, kernels, valuesDone);
  const sh = kernels.shared!;
  const bytes = codeBytes(data, mapper);
  const codes: BinArray = bytes === 1 ? sh.u8(n * nF) : sh.u16(n * nF);
  const rowsPer = chunkRows(n);
  const perFeature = Math.ceil(n / rowsPer);
  const nChunks = nF * perFeature;
  // Scratch from here on (control words, cuts, staging), released once the worker is done.
  const mark = sh.mark();
  try {
    const { words: control, at: controlAt } = sharedWords(sh, BIN_CONTROL.words);
    Atomics.store(control, BIN_CONTROL.limit, nChunks);
    const histOffsets = mapper.histOffsets;
    const cutsAll = sh.f32(histOffsets[nF]!);
    const cuts: Float32Array[] = [];
    for (let f = 0; f < nF; f++) {
      cutsAll.set(mapper.cuts[f]!, histOffsets[f]!);
      cuts.push(cutsAll.subarray(histOffsets[f]!, histOffsets[f]! + mapper.nBins[f]!));
    }
    // The worker's ring, then one slot for the calling thread's own chunk: the calling thread bins
    // from shared memory too, so that binValues (WASM) copies nothing through buffers of its own,
    // which it would allocate here, in memory released below.
    const stage = sh.f32((STAGE_SLOTS + 1) * rowsPer);
    const slots: Float32Array[] = [];
    for (let i = 0; i < STAGE_SLOTS; i++) slots.push(stage.subarray(i * rowsPer, (i + 1) * rowsPer));
    const ownSlot = stage.subarray(STAGE_SLOTS * rowsPer);
    const task: BinColumnsTask = {
      kind: 'binColumns', memId: memoryId(sh.memory), memory: sh.memory, kernel: kernels.name, fault: takeWorkerFault(),
      codesAt: sh.address(codes, 'codes'), codeBytes: bytes, nRows: n, chunkRows: rowsPer,
      stageAt: sh.address(stage, 'stage'), slots: STAGE_SLOTS, cutsAt: sh.address(cutsAll, 'cuts'),
      cutStarts: Array.from(histOffsets.subarray(0, nF)), nBins: Array.from(mapper.nBins),
      controlAt,
    };
    const pending = [kernelWorkers(1)[0]!.post(task)];
    await alongside(pending, () => {
      const signal = (): void => {
        Atomics.add(control, BIN_CONTROL.signal, 1);
        Atomics.notify(control, BIN_CONTROL.signal);
      };
      // Chunks of each feature not yet copied out of its values.
      const unread = new Int32Array(nF).fill(perFeature);
      /** Copies chunk k's values to `slot` (a view of `stage`, from element 0); returns the chunk's row count. */
      const load = (k: number, slot: Float32Array): number => {
        const f = Math.floor(k / perFeature);
        const r0 = (k - f * perFeature) * rowsPer;
        const r1 = Math.min(n, r0 + rowsPer);
        slot.set(data.columns[f]!.subarray(r0, r1));
        if (--unread[f]! === 0) valuesDone?.(f);
        return r1 - r0;
      };
      let staged = 0;
      let limit = nChunks;
      try {
        while (staged < limit) {
          const free = STAGE_SLOTS - (staged - Atomics.load(control, BIN_CONTROL.consumed));
          if (free > 0) {
            for (let i = 0; i < free && staged < limit; i++, staged++) load(staged, slots[staged % STAGE_SLOTS]!);
            Atomics.store(control, BIN_CONTROL.staged, staged);
            signal();
          }
          if (staged < limit) {
            limit--;
            Atomics.store(control, BIN_CONTROL.limit, limit);
            signal();
            const m = load(limit, ownSlot);
            const f = Math.floor(limit / perFeature);
            const r0 = (limit - f * perFeature) * rowsPer;
            kernels.binValues(ownSlot, 0, m, cuts[f]!, mapper.nBins[f]!, codes, f * n + r0, 1);
          }
        }
      } finally {
        // Whatever happened, the worker stops after the chunks already staged.
        Atomics.store(control, BIN_CONTROL.limit, staged);
        signal();
      }
    });
  } finally {
    sh.release(mark);
  }
  return { nRows: n, nFeatures: nF, codes };
}

/**
 * rowMajorCopy into `kernels.memory` with `threads - 1` workers: blocks of rows claimed from a
 * shared counter by every thread (both arrays live in shared memory).
 * @param columns column-major codes in `kernels.memory` (binColumnsParallel's).
 * @returns row-major codes from `kernels.memory`, same element type, length nRows * nFeatures.
 */
export async function rowMajorParallel(columns: BinnedColumns, kernels: Kernels, threads: number): Promise<BinnedMatrix> {
  const n = columns.nRows;
  const nF = columns.nFeatures;
  if (serial(n * nF, threads, kernels) || !kernels.shared!.owns(columns.codes)) return rowMajorCopy(columns, kernels.memory);
  const sh = kernels.shared!;
  const src = columns.codes;
  const bytes = src.BYTES_PER_ELEMENT === 1 ? 1 : 2;
  const bins: BinArray = bytes === 1 ? sh.u8(n * nF) : sh.u16(n * nF);
  const mark = sh.mark();
  try {
    const { words: counter, at: counterAt } = sharedWords(sh, 1);
    const blockRows = chunkRows(n);
    const base = {
      kind: 'transposeCodes' as const, memId: memoryId(sh.memory), memory: sh.memory, kernel: kernels.name,
      columnsAt: sh.address(src, 'columns'), rowsAt: sh.address(bins, 'rows'), codeBytes: bytes as 1 | 2,
      nRows: n, nFeatures: nF, blockRows, counterAt,
    };
    const workers = kernelWorkers(threads - 1);
    const pending: Ticket[] = [];
    for (let t = 1; t < threads; t++) {
      const task: TransposeCodesTask = { ...base, fault: takeWorkerFault() };
      pending.push(workers[t - 1]!.post(task));
    }
    await alongside(pending, () => {
      for (;;) {
        const r0 = Atomics.add(counter, 0, 1) * blockRows;
        if (r0 >= n) return;
        transposeToRows(src, n, nF, bins, r0, Math.min(n, r0 + blockRows));
      }
    });
  } finally {
    sh.release(mark);
  }
  return { nRows: n, nFeatures: nF, bins };
}
