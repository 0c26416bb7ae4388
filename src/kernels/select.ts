/**
 * Chooses the kernel implementation once per booster (`kernel: 'auto' | 'ts' | 'wasm'`).
 */
import { UserError } from '../errors.js';
import type { Kernels } from './kernels.js';
import { attachSharedTsKernels, createSharedTsKernels, tsKernels } from './ts/ts-kernels.js';
import { attachWasmKernels, createWasmKernels } from './wasm/wasm-kernels.js';
import type { WasmMemory } from './wasm/wasm-api.js';

/**
 * Kernel implementations available in this process: the TS kernels, then a fresh WASM instance
 * (with its own memory) when native/build/kernels.wasm is built and the runtime supports it.
 */
export function availableKernels(): Kernels[] {
  const wasm = createWasmKernels();
  return wasm ? [tsKernels, wasm] : [tsKernels];
}

/**
 * The kernels for a `kernel` parameter value. 'wasm' and 'auto' give a fresh WASM instance (its
 * own memory) when available; 'auto' falls back to TS, 'wasm' when unavailable is a UserError.
 * @param shared true when worker threads will run the kernels: TS kernels then get a fresh shared
 *   memory (`createSharedTsKernels`) instead of the heap (WASM memory is always shared).
 */
export function selectKernels(choice: 'auto' | 'ts' | 'wasm', shared = false): Kernels {
  if (choice === 'ts') return (shared ? createSharedTsKernels() : null) ?? tsKernels;
  const wasm = createWasmKernels();
  if (wasm) return wasm;
  if (choice === 'auto') return (shared ? createSharedTsKernels() : null) ?? tsKernels;
  throw new UserError(
    'kernel wasm is not available: native/build/kernels.wasm is missing or this runtime lacks WebAssembly SIMD ' +
      '(run npm run build)',
  );
}

/**
 * A worker thread's kernels over a shared memory the calling thread allocates in: the booster's
 * choice (`name`, made once by selectKernels) over views of that memory, allocating nothing.
 * @throws Error when `name` is wasm and the module is not available in this thread.
 */
export function attachKernels(name: 'ts' | 'wasm', memory: WasmMemory): Kernels {
  if (name === 'ts') return attachSharedTsKernels(memory);
  const k = attachWasmKernels(memory);
  if (!k) throw new Error('kernel worker: native/build/kernels.wasm is not available in this worker');
  return k;
}
