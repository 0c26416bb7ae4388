/**
 * Whether native/build/kernels.wasm can be used here, for tests that need the WASM kernels: they
 * skip, saying why, instead of failing where the module is not built or SIMD is missing.
 */
import { loadKernelModule } from '../src/kernels/wasm/loader.js';

export const WASM = loadKernelModule() !== null;

/** A describe title, with the reason appended when the WASM kernels are missing (the block is then skipped). */
export function needsWasm(title: string): string {
  return WASM ? title : `${title} (skipped: native/build/kernels.wasm is not built or this runtime lacks WebAssembly SIMD; run npm run build)`;
}
