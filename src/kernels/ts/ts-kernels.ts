/**
 * The plain-TypeScript kernels: the reference implementation and the fallback when WASM is not
 * available. Written for V8: monomorphic typed-array loops, no allocation.
 */
import type { BinArray, GradArray, RowIndexArray, SumArray } from '../../types.js';
import type { KernelMemory, Kernels } from '../kernels.js';
import { createSharedMemory, DEFAULT_MAX_PAGES, WasmArena } from '../wasm/arena.js';
import { wasmApi } from '../wasm/wasm-api.js';

/** See Kernels.buildHistogram (exported for worker threads): rows outer, the row's codes inner. */
export function buildHistogram(
  bins: BinArray,
  stride: number,
  featStart: number,
  featEnd: number,
  histOffsets: Uint32Array,
  rows: RowIndexArray,
  rowStart: number,
  rowEnd: number,
  gh: GradArray,
  hist: SumArray,
): void {
  for (let i = rowStart; i < rowEnd; i++) {
    const r = rows[i]!;
    const g = gh[2 * r]!;
    const h = gh[2 * r + 1]!;
    const row = r * stride;
    for (let f = featStart; f < featEnd; f++) {
      const s = (histOffsets[f]! + bins[row + f]!) * 2;
      hist[s] += g;
      hist[s + 1] += h;
    }
  }
}

/** See Kernels.subtractHistogram (exported for worker threads). */
export function subtractHistogram(parent: SumArray, child: SumArray, out: SumArray, start: number, end: number): void {
  for (let i = start; i < end; i++) out[i] = parent[i]! - child[i]!;
}

/** See Kernels.partition (exported for worker threads). */
export function partition(
  bins: BinArray,
  rowStride: number,
  first: number,
  splitBin: number,
  missingCode: number,
  defaultLeft: boolean,
  rows: RowIndexArray,
  start: number,
  end: number,
  scratch: RowIndexArray,
): number {
  let nl = start;
  let nr = 0;
  for (let i = start; i < end; i++) {
    const r = rows[i]!;
    const b = bins[first + r * rowStride]!;
    const left = b === missingCode ? defaultLeft : b <= splitBin;
    if (left) rows[nl++] = r;
    else scratch[nr++] = r;
  }
  for (let k = 0; k < nr; k++) rows[nl + k] = scratch[k]!;
  return nl - start;
}

/** Plain heap memory. */
const heapMemory: KernelMemory = {
  f64: (n) => new Float64Array(n),
  f32: (n) => new Float32Array(n),
  u32: (n) => new Uint32Array(n),
  u16: (n) => new Uint16Array(n),
  u8: (n) => new Uint8Array(n),
};

/** The TypeScript kernel set (stateless: one shared instance). */
export const tsKernels: Kernels = { name: 'ts', memory: heapMemory, shared: null, buildHistogram, subtractHistogram, partition };

/**
 * TS kernels whose arrays live in a fresh shared `WebAssembly.Memory` (no module: the memory is
 * only a growable SharedArrayBuffer), so worker threads can run the same TS loops over them.
 * Null when this runtime has no WebAssembly.
 * @param maxPages maximum size in 64 KiB pages (default 65536 = 4 GiB).
 */
export function createSharedTsKernels(maxPages: number = DEFAULT_MAX_PAGES): Kernels | null {
  const api = wasmApi();
  if (!api) return null;
  const arena = new WasmArena(createSharedMemory(api, maxPages), maxPages, 16);
  return { name: 'ts', memory: arena, shared: arena, buildHistogram, subtractHistogram, partition };
}
