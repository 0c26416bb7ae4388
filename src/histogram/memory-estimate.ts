/**
 * Memory a training run needs in the kernels' arena, estimated before anything big is allocated,
 * so an impossible request (a huge max_bin, a data shape whose buffers cannot fit) is refused with
 * one clear line instead of a crash deep inside training; and the translation of allocation
 * failures that still happen later into the same kind of message.
 */
import { totalmem } from 'node:os';
import { UserError } from '../errors.js';
import { ROW_HALVES_MIN_ROWS } from './row-halves.js';

/** The largest a WebAssembly memory can be: 4 GiB (32-bit addresses). */
export const WASM_MEMORY_LIMIT = 2 ** 32;

/** What the estimate depends on. */
export interface MemoryShape {
  nRows: number;
  nFeatures: number;
  /** Histogram slots per node (histOffsets[nFeatures]). */
  histSlots: number;
  /** Bytes per bin code (1 or 2). */
  binBytes: number;
  maxDepth: number;
  maxLeaves: number;
  growPolicy: 'depthwise' | 'lossguide';
}

/**
 * Live histograms the grower may need at once (at least 3; capped at 64: beyond, failures are
 * caught at allocation), plus the partial histograms of nodes built as two row halves (at most
 * one per ROW_HALVES_MIN_ROWS rows in a batch, row-halves.ts).
 */
export function liveHistograms(s: MemoryShape): number {
  let live = 64;
  if (s.maxDepth > 0 && s.maxDepth < 7) live = Math.min(live, 2 ** (s.maxDepth - 1) + 1);
  if (s.maxLeaves > 0) live = Math.min(live, s.maxLeaves + 1);
  return Math.max(3, Math.min(live, s.nRows + 1)) + Math.floor(s.nRows / ROW_HALVES_MIN_ROWS);
}

/** Bytes of the bin codes: the row-major matrix and the grower's column-major copy for the partition. */
export function binsBytes(s: MemoryShape): number {
  return 2 * s.nRows * s.nFeatures * s.binBytes;
}

/** Bytes of the arena: bins (both layouts), gradient pairs, partition + scratch, histograms. */
export function arenaBytes(s: MemoryShape): number {
  const n = s.nRows;
  return binsBytes(s) + 8 * n + 8 * n + 16 * s.histSlots * liveHistograms(s);
}

function gib(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(2)} GiB`;
}

/**
 * Throws a one-line UserError when the estimate exceeds what the kernels can address (4 GiB for
 * a WebAssembly memory) or the machine's memory.
 * @param shared true when the arena is a WebAssembly memory (WASM kernels or worker threads).
 */
export function checkMemory(s: MemoryShape, shared: boolean, maxBin: number): void {
  const need = arenaBytes(s);
  const limit = shared ? Math.min(WASM_MEMORY_LIMIT, totalmem()) : totalmem();
  if (need <= limit) return;
  const hist = 16 * s.histSlots;
  throw new UserError(
    `not enough memory to train: ${s.nRows} rows x ${s.nFeatures} features with max_bin ${maxBin} needs at least ` +
      `${gib(need)} (bins ${gib(binsBytes(s))}, ${liveHistograms(s)} histograms of ${(hist / 2 ** 20).toFixed(1)} MiB) ` +
      `but at most ${gib(limit)} is available${shared ? ' to the kernels (a WebAssembly memory is limited to 4 GiB)' : ''}; ` +
      'lower max_bin, max_depth or max_leaves, or train on fewer rows',
  );
}

/**
 * True for the errors a failed allocation raises: V8's "Array buffer allocation failed" / "Invalid
 * typed array length", WebAssembly.Memory.grow past its maximum, the kernel arena's own limit.
 */
export function isAllocationFailure(e: unknown): e is RangeError {
  return e instanceof RangeError &&
    /allocation failed|Invalid typed array length|Invalid array length|Maximum memory size|kernel memory exhausted|could not allocate|Out of memory/i.test(e.message);
}

/** The UserError for a failed allocation (one line). */
export function allocationError(e: RangeError): UserError {
  return new UserError(`not enough memory to train: ${e.message.replace(/\s*\n\s*/g, ' ')}; lower max_bin, max_depth or max_leaves, or train on fewer rows`);
}
