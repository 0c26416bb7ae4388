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
 * BIN_CONTROL words of src/kernels/units/bin-ring.ts) and one worker bins them in order, while the calling thread bins
 * chunks from the queue's end itself; they meet wherever their speeds make them meet, and a worker
 * that starts late only leaves more chunks to the calling thread. Every chunk's codes come from the
 * same binValues on the same values, so the codes equal binDataset's, whatever the split.
 *
 * One thread, kernels without shared memory, or little data (the executor's cost rule): the serial
 * binColumns, and the transposition's units on the calling thread (same codes).
 */
import {
  binColumns, codeBytes, type BinMapper, type BinnedColumns, type BinnedMatrix,
} from './bin-mapper.js';
import type { Dataset } from '../data/dataset.js';
import { BIN_CONTROL, binRingUnits } from '../kernels/units/bin-ring.js';
import { transposeUnits } from '../kernels/units/transpose.js';
import type { Executor } from '../parallel/executor.js';
import type { BinArray } from '../types.js';

/**
 * Rows per chunk of step 1 and per block of step 2. A chunk is ~0.1 ms of binning (the binary
 * search costs ~7 ns a value), so the synchronization per chunk is small next to it, and the
 * staging area (STAGE_SLOTS + 1 chunks of floats) adds next to nothing to the peak.
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

/**
 * binColumns (column-major codes, the same as binDataset's) with one worker (see the file comment).
 * @param valuesDone called on the calling thread with each feature once its values are no longer
 *   read (all of its chunks staged or binned), so the caller may release them.
 * @returns codes from the executor's kernels' memory: Uint8Array or Uint16Array as codeBytes says, length nRows * nFeatures.
 */
export async function binColumnsParallel(
  data: Dataset, mapper: BinMapper, executor: Executor, valuesDone?: (feature: number) => void,
): Promise<BinnedColumns> {
  const n = data.nRows;
  const nF = data.nFeatures;
  const kernels = executor.scope.kernels;
  if (n * nF === 0 || !executor.parallel(binRingUnits, n * nF)) return binColumns(data, mapper, kernels, valuesDone);
  const sh = kernels.shared!;
  const bytes = codeBytes(data, mapper);
  const codes: BinArray = bytes === 1 ? sh.u8(n * nF) : sh.u16(n * nF);
  const rowsPer = chunkRows(n);
  const perFeature = Math.ceil(n / rowsPer);
  const nChunks = nF * perFeature;
  // Scratch from here on (control words, cuts, staging), released once the worker is done.
  const mark = sh.mark();
  try {
    const u = sh.u32(BIN_CONTROL.words);
    const control = new Int32Array(u.buffer, u.byteOffset, BIN_CONTROL.words);
    for (let i = 0; i < BIN_CONTROL.words; i++) Atomics.store(control, i, 0);
    Atomics.store(control, BIN_CONTROL.limit, nChunks);
    const histOffsets = mapper.histOffsets;
    const allCuts = sh.f32(histOffsets[nF]!);
    const cuts: Float32Array[] = [];
    for (let f = 0; f < nF; f++) {
      allCuts.set(mapper.cuts[f]!, histOffsets[f]!);
      cuts.push(allCuts.subarray(histOffsets[f]!, histOffsets[f]! + mapper.nBins[f]!));
    }
    // The worker's ring, then one slot for the calling thread's own chunk: the calling thread bins
    // from shared memory too, so that binValues (WASM) copies nothing through buffers of its own,
    // which it would allocate here, in memory released below.
    const stage = sh.f32((STAGE_SLOTS + 1) * rowsPer);
    const slots: Float32Array[] = [];
    for (let i = 0; i < STAGE_SLOTS; i++) slots.push(stage.subarray(i * rowsPer, (i + 1) * rowsPer));
    const ownSlot = stage.subarray(STAGE_SLOTS * rowsPer);
    const args = {
      codes, nRows: n, chunkRows: rowsPer, stage: stage.subarray(0, STAGE_SLOTS * rowsPer), slots: STAGE_SLOTS, allCuts,
      cutStarts: Array.from(histOffsets.subarray(0, nF)), nBins: Array.from(mapper.nBins), control,
    };
    await executor.share(binRingUnits, args, 1, 1, () => {
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
 * The row-major codes from column-major ones, as transposition units of row blocks (both arrays
 * in the executor's kernels' memory).
 * @param columns column-major codes in the kernels' memory (binColumnsParallel's or binColumns').
 * @returns row-major codes from the kernels' memory, same element type, length nRows * nFeatures.
 */
export async function rowMajorParallel(columns: BinnedColumns, executor: Executor): Promise<BinnedMatrix> {
  const n = columns.nRows;
  const nF = columns.nFeatures;
  const memory = executor.scope.kernels.memory;
  const src = columns.codes;
  const bins: BinArray = src.BYTES_PER_ELEMENT === 1 ? memory.u8(n * nF) : memory.u16(n * nF);
  const blockRows = chunkRows(n);
  const nBlocks = n === 0 ? 0 : Math.ceil(n / blockRows);
  await executor.run(transposeUnits, { columns: src, rows: bins, nRows: n, nFeatures: nF, blockRows }, nBlocks, n * nF);
  return { nRows: n, nFeatures: nF, bins };
}
