/**
 * Typed access to the global `WebAssembly` object. The project compiles without the DOM library,
 * which is where TypeScript declares `WebAssembly`, so the few members the loader uses are
 * declared here instead of polluting the global scope.
 */

/** A compiled module (opaque). */
export interface WasmModule {
  readonly __wasmModule?: never;
}

/** A `WebAssembly.Memory`; `buffer` is a SharedArrayBuffer when the memory is shared. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  /** Grows by `deltaPages` 64 KiB pages; returns the previous size in pages; throws RangeError past the maximum. */
  grow(deltaPages: number): number;
}

/** Constructor options of a `WebAssembly.Memory`, in 64 KiB pages. */
export interface WasmMemoryDescriptor {
  initial: number;
  maximum?: number;
  shared?: boolean;
}

/** An instantiated module. */
export interface WasmInstance {
  readonly exports: Readonly<Record<string, unknown>>;
}

/** The members of the global `WebAssembly` namespace used here. */
export interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => WasmInstance;
  Memory: new (descriptor: WasmMemoryDescriptor) => WasmMemory;
  /** Compiles off the calling thread (browsers refuse the synchronous Module for large code on their main thread). */
  compile?(bytes: Uint8Array): Promise<WasmModule>;
}

/** Bytes per WebAssembly page. */
export const WASM_PAGE_BYTES = 65536;

/** The global `WebAssembly` object, or null when this runtime has none. */
export function wasmApi(): WasmApi | null {
  return (globalThis as { WebAssembly?: WasmApi }).WebAssembly ?? null;
}
