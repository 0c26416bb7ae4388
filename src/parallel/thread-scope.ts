/**
 * What a unit kernel sees of its thread: the kernels over the batch's shared memory (made once per
 * memory and thread: the calling thread's are the booster's, a worker's are attached to the same
 * memory by the booster's choice of implementation) and a
 * per-thread cache for state a kernel keeps across batches (scratch, an objective made from its
 * name, views of tables that never move).
 */
import type { Kernels } from '../kernels/kernels.js';
import { attachKernels } from '../kernels/attach.js';
import type { WasmArena } from '../kernels/wasm/arena.js';
import type { WasmMemory } from '../kernels/wasm/wasm-api.js';

export class ThreadScope {
  private made: Kernels | null;
  private readonly cache = new Map<string, unknown>();
  private buf: ArrayBufferLike;

  /**
   * @param memory the shared memory, or null for kernels on the heap (one thread).
   * @param kernels the calling thread's kernels; null on a worker (attached on first use).
   */
  constructor(
    readonly memory: WasmMemory | null,
    readonly kernelName: 'ts' | 'wasm',
    kernels: Kernels | null,
  ) {
    this.made = kernels;
    this.buf = memory?.buffer ?? new ArrayBuffer(0);
  }

  /** The kernels over this memory (the booster's implementation). */
  get kernels(): Kernels {
    if (this.made === null) this.made = attachKernels(this.kernelName, this.memory!);
    return this.made;
  }

  /** The memory's current buffer, after the owner may have grown it (called once per task). */
  sync(): ArrayBufferLike {
    if (this.memory === null) return this.buf;
    const arena = this.made?.shared as WasmArena | undefined;
    this.buf = arena && typeof arena.sync === 'function' ? arena.sync() : this.memory.buffer;
    return this.buf;
  }

  /** The buffer views are made on. */
  get buffer(): ArrayBufferLike {
    return this.buf;
  }

  /** This thread's value for `key`, made by `make` the first time. */
  local<T>(key: string, make: () => T): T {
    let v = this.cache.get(key) as T | undefined;
    if (v === undefined) {
      v = make();
      this.cache.set(key, v);
    }
    return v;
  }
}
