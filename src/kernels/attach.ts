/**
 * A thread's kernels over a shared memory: the implementation selectKernels (select.ts) chose.
 */
import type { Kernels } from './kernels.js';
import { attachSharedTsKernels } from './ts/ts-kernels.js';
import { attachWasmKernels } from './wasm/wasm-kernels.js';
import type { WasmMemory } from './wasm/wasm-api.js';

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
