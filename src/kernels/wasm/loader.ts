/**
 * Finds, checks and compiles native/build/kernels.wasm (built by `npm run build:wasm`), once per
 * process. The file is located relative to this module: vitest runs it from src/kernels/wasm/,
 * compiled code from dist/src/kernels/wasm/, so both depths are tried.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { supportsSimd } from './simd-support.js';
import { wasmApi, type WasmApi, type WasmModule } from './wasm-api.js';

/** Candidate locations of the module, relative to this file (src/ layout first, then dist/). */
const CANDIDATES = ['../../../native/build/kernels.wasm', '../../../../native/build/kernels.wasm'];

/** A compiled kernel module and the API to instantiate it. */
export interface LoadedKernelModule {
  readonly api: WasmApi;
  readonly module: WasmModule;
  /** Absolute path the module was read from. */
  readonly path: string;
}

let cached: LoadedKernelModule | null | undefined;

/** Absolute path of kernels.wasm, or null when it has not been built. */
export function kernelWasmPath(): string | null {
  for (const rel of CANDIDATES) {
    const p = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(p)) return p;
  }
  return null;
}

/**
 * The compiled kernel module, or null when the .wasm file is missing, the runtime has no
 * WebAssembly SIMD, or it rejects the module (e.g. no shared memory). Cached after the first call.
 */
export function loadKernelModule(): LoadedKernelModule | null {
  if (cached !== undefined) return cached;
  cached = null;
  const api = wasmApi();
  const path = kernelWasmPath();
  if (!api || !path || !supportsSimd(api)) return null;
  const bytes = readFileSync(path);
  if (!api.validate(bytes)) return null;
  cached = { api, module: new api.Module(bytes), path };
  return cached;
}
