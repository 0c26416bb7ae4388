/**
 * Int32 words in the kernels' shared memory, for the Atomics that threads share: the counters
 * units are claimed from, a binning ring's control block.
 */
import type { SharedKernelMemory } from '../kernels/kernels.js';

/** A block of shared Int32 words and its byte address (what a task carries). */
export interface SharedWords {
  /** Int32Array, length as asked. */
  readonly words: Int32Array;
  readonly at: number;
}

/** `length` zeroed Int32 words of `sh` (the arena may hand out released bytes, so they are zeroed here). */
export function sharedWords(sh: SharedKernelMemory, length: number): SharedWords {
  const u = sh.u32(length);
  const words = new Int32Array(u.buffer, u.byteOffset, length);
  for (let i = 0; i < length; i++) Atomics.store(words, i, 0);
  return { words, at: sh.address(u, 'words') };
}
