/**
 * Chooses the kernel implementation once per booster (`kernel: 'auto' | 'ts' | 'wasm'`); threads
 * attach to the chosen one with attachKernels (attach.ts).
 */
import { UserError } from '../errors.js';
import type { Kernels } from './kernels.js';
import { createSharedTsKernels, tsKernels } from './ts/ts-kernels.js';
import { createWasmKernels } from './wasm/wasm-kernels.js';

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
