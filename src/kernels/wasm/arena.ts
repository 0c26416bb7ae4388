/**
 * KernelMemory over one shared `WebAssembly.Memory`: a bump allocator (16-byte aligned, never
 * frees; new arrays are zero because fresh linear memory is zero) that grows the memory
 * geometrically up to its maximum.
 *
 * Growth and views: a shared memory is never detached, but after `grow` its `buffer` getter returns
 * a new, longer SharedArrayBuffer object over the same bytes; arrays handed out earlier keep
 * viewing the older (shorter) buffer object, which stays valid. The arena remembers every buffer
 * object it created views on, so it can tell its own arrays from foreign ones.
 */
import type { SharedKernelMemory } from '../kernels.js';
import { WASM_PAGE_BYTES, type WasmApi, type WasmMemory } from './wasm-api.js';

/** Alignment of every allocation, in bytes (one v128). */
export const ARENA_ALIGN = 16;

/** Default maximum size: 65536 pages = 4 GiB, the whole 32-bit address space. */
export const DEFAULT_MAX_PAGES = 65536;

/** Initial size: 16 pages = 1 MiB. */
const INITIAL_PAGES = 16;

/** Any typed array a kernel accepts. */
export type KernelArray = Uint8Array | Uint16Array | Uint32Array | Float32Array | Float64Array | Int32Array;

/** Bump allocator of typed arrays in one shared WebAssembly.Memory (see the file comment). */
export class WasmArena implements SharedKernelMemory {
  /** The linear memory (shared: true), to hand to the module and, later, to worker threads. */
  readonly memory: WasmMemory;
  private readonly maxPages: number;
  /** Next free byte address. */
  private top: number;
  /** The newest buffer object of `memory`: views are created on it. */
  private current: ArrayBufferLike;
  /** Every buffer object views were created on (the newest last). */
  private readonly buffers: ArrayBufferLike[];
  /** Allocation points of the marks not yet released (innermost last). */
  private readonly marks: number[] = [];
  /** True for an arena attached to a memory another thread allocates in (WasmArena.attach). */
  private attached = false;

  /**
   * An arena over `memory` that views it but allocates nothing (a worker thread's: the memory's
   * owner allocates, and two bump allocators would hand out the same bytes). Zero-length arrays
   * are allowed; call `sync` before viewing newly grown memory.
   */
  static attach(memory: WasmMemory): WasmArena {
    const a = new WasmArena(memory, 0, 0);
    a.attached = true;
    return a;
  }

  /** After the owner grew the memory: views made on the new `memory.buffer` are then owned too. */
  sync(): ArrayBufferLike {
    const b = this.memory.buffer;
    if (b !== this.current) {
      this.current = b;
      this.buffers.push(b);
    }
    return b;
  }

  /**
   * @param memory a memory from `createSharedMemory`.
   * @param maxPages its maximum size in 64 KiB pages.
   * @param base first byte address the arena may use (the module's heap base).
   */
  constructor(memory: WasmMemory, maxPages: number, base: number) {
    this.memory = memory;
    this.maxPages = maxPages;
    this.current = memory.buffer;
    this.buffers = [this.current];
    this.top = alignUp(base);
  }

  f64(length: number): Float64Array {
    const at = this.alloc(length, 8); // first: it may replace this.current
    return new Float64Array(this.current, at, length);
  }

  f32(length: number): Float32Array {
    const at = this.alloc(length, 4); // first: it may replace this.current
    return new Float32Array(this.current, at, length);
  }

  u32(length: number): Uint32Array {
    const at = this.alloc(length, 4); // first: it may replace this.current
    return new Uint32Array(this.current, at, length);
  }

  u16(length: number): Uint16Array {
    const at = this.alloc(length, 2); // first: it may replace this.current
    return new Uint16Array(this.current, at, length);
  }

  u8(length: number): Uint8Array {
    const at = this.alloc(length, 1); // first: it may replace this.current
    return new Uint8Array(this.current, at, length);
  }

  /** The allocation point, for `release`. */
  mark(): number {
    this.marks.push(this.top);
    return this.top;
  }

  /**
   * True between a `mark()` and its `release`: an array allocated now lives in the scratch area and
   * is taken back by the release (WasmKernelSet refuses to put its own long-lived staging there).
   */
  get scratchOpen(): boolean {
    return this.marks.length > 0;
  }

  /**
   * Takes back every array allocated since `mark()` returned `at`: their bytes are handed out again
   * by later allocations, so those arrays must not be used any more (a scratch area's pages, once
   * touched, then serve the next big array instead of new ones).
   */
  release(at: number): void {
    if (!(Number.isInteger(at) && at >= 0 && at <= this.top)) throw new RangeError(`kernel memory: cannot release to ${at} (top ${this.top})`);
    this.top = at;
    while (this.marks.length > 0 && this.marks[this.marks.length - 1]! >= at) this.marks.pop();
  }

  /** Bytes handed out so far, including alignment padding and the module's static area. */
  get used(): number {
    return this.top;
  }

  /** True when `a` is a view of this arena's memory (an array from it, or a subarray of one). */
  owns(a: KernelArray): boolean {
    const b = a.buffer;
    if (b === this.current) return true;
    const bs = this.buffers;
    for (let i = bs.length - 2; i >= 0; i--) if (bs[i] === b) return true;
    return false;
  }

  /**
   * Byte address of `a[0]` in linear memory, for passing to the module.
   * @throws Error when `a` is not from this arena (a programming error: allocate kernel arrays
   *   through `kernels.memory` of the same Kernels instance).
   */
  address(a: KernelArray, argName: string): number {
    if (!this.owns(a)) {
      throw new Error(
        `wasm kernels: argument ${argName} (${a.constructor.name}, length ${a.length}) is not in this kernel ` +
          `instance's memory; allocate kernel arrays with kernels.memory of the same instance`,
      );
    }
    return a.byteOffset;
  }

  /** Reserves `length` elements of `bytesPer` bytes; returns the 16-aligned byte address. */
  private alloc(length: number, bytesPer: number): number {
    if (!Number.isInteger(length) || length < 0) {
      throw new RangeError(`kernel memory: array length must be a non-negative integer, got ${length}`);
    }
    if (this.attached && length > 0) throw new Error('kernel memory: a worker thread allocates nothing in shared memory (the caller allocates)');
    const start = this.top;
    const end = start + length * bytesPer;
    if (end > this.current.byteLength) this.ensure(end);
    this.top = alignUp(end);
    return start;
  }

  /** Grows the memory (at least doubling) so that `bytes` bytes exist. */
  private ensure(bytes: number): void {
    const have = this.current.byteLength / WASM_PAGE_BYTES;
    const need = Math.ceil(bytes / WASM_PAGE_BYTES);
    if (need > this.maxPages) {
      throw new RangeError(
        `kernel memory exhausted: ${bytes} bytes needed, the WebAssembly memory is limited to ` +
          `${this.maxPages * WASM_PAGE_BYTES} bytes`,
      );
    }
    const target = Math.min(this.maxPages, Math.max(need, 2 * have));
    this.memory.grow(target - have);
    this.current = this.memory.buffer;
    this.buffers.push(this.current);
  }
}

/**
 * A new shared linear memory of 1 MiB (or `maxPages` if smaller) that may grow to `maxPages`.
 * @throws RangeError when maxPages is not an integer in 1..65536.
 */
export function createSharedMemory(api: WasmApi, maxPages: number = DEFAULT_MAX_PAGES): WasmMemory {
  if (!Number.isInteger(maxPages) || maxPages < 1 || maxPages > DEFAULT_MAX_PAGES) {
    throw new RangeError(`kernel memory: maximum pages must be an integer in 1..${DEFAULT_MAX_PAGES}, got ${maxPages}`);
  }
  return new api.Memory({ initial: Math.min(INITIAL_PAGES, maxPages), maximum: maxPages, shared: true });
}

function alignUp(n: number): number {
  return Math.ceil(n / ARENA_ALIGN) * ARENA_ALIGN;
}
