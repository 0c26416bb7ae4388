/**
 * The web build's kernel: kernels-web.wasm compiled once (asynchronously, as browsers require for
 * code compiled on their main thread), then instantiated per model over a memory of its own that
 * is not shared (shared memory needs a cross-origin-isolated page, and edge workers have none).
 * Where WebAssembly is missing, or refuses to compile code at run time (some edge workers), batch
 * prediction walks in TypeScript: the same margins to the bit, only slower.
 */
import { wasmApi, WASM_PAGE_BYTES, type WasmApi, type WasmMemory, type WasmModule } from '../kernels/wasm/wasm-api.js';
import { BLOCK_ROWS } from '../kernels/ts/block-rows.js';
import type { CompiledForest } from '../kernels/ts/forest-layout.js';
import type { BlockWalker } from '../predict/forest-predictor.js';
import { WALK_TABLE_NODE_BYTES, writeWalkTable } from '../kernels/ts/walk-table.js';

/** Which batch walk this runtime uses: the WASM kernel or the TypeScript fallback. */
export type WebKernelName = 'wasm' | 'ts';

/** What `ready` found: the kernel in use and, for 'ts', why the WASM kernel is not. */
export interface WebKernelInfo {
  readonly kernel: WebKernelName;
  readonly reason?: string;
}

/** Signature of predictBlock (native/assembly/predict.ts). */
type PredictBlock = (nodes: number, roots: number, depth: number, nTrees: number, x: number, nb: number, m0: number, out: number) => void;

/** The compiled module and the first byte its static data leaves free (its heapBase export). */
let compiled: { api: WasmApi; module: WasmModule; heapBase: number } | null = null;
let info: WebKernelInfo = { kernel: 'ts', reason: 'ready() has not finished' };

/**
 * Compiles the kernel module (once; later calls return the first result).
 * @param source the module's bytes or an already compiled WebAssembly.Module (edge runtimes that
 *   forbid compiling at run time import the .wasm file as a module); null: no kernel.
 */
export async function compileWebKernel(source: Uint8Array | WasmModule | null): Promise<WebKernelInfo> {
  if (compiled !== null) return info;
  const api = wasmApi();
  if (api === null) return (info = { kernel: 'ts', reason: 'this runtime has no WebAssembly' });
  if (source === null) return (info = { kernel: 'ts', reason: 'no kernel module was given' });
  try {
    let module: WasmModule;
    if (!(source instanceof Uint8Array)) module = source;
    else module = api.compile ? await api.compile(source) : new api.Module(source);
    // One trial instance: a runtime that compiles but cannot instantiate falls back here, once.
    const probe = new api.Instance(module, { env: { memory: new api.Memory({ initial: 1 }) } }).exports;
    if (typeof probe.predictBlock !== 'function' || typeof probe.heapBase !== 'function') {
      throw new Error('the module has no predictBlock/heapBase exports');
    }
    compiled = { api, module, heapBase: (probe.heapBase as () => number)() };
    info = { kernel: 'wasm' };
  } catch (err) {
    compiled = null;
    info = { kernel: 'ts', reason: `the WebAssembly kernel did not load (${err instanceof Error ? err.message : String(err)})` };
  }
  return info;
}

/** The kernel in use now (see compileWebKernel). */
export function webKernelInfo(): WebKernelInfo {
  return info;
}

const align16 = (n: number): number => Math.ceil(n / 16) * 16;

/**
 * A compiled forest's walk table in a memory of its own, with one block of scratch: the
 * BlockWalker of the web build. Memory: [static data | table | roots | depth | block | margins],
 * sized once; it never grows, so views never detach.
 */
export class WebForest implements BlockWalker {
  readonly layout: { readonly scratchXAt: number; readonly scratchOutAt: number };
  private readonly heapF32: Float32Array;

  private constructor(
    memory: WasmMemory,
    private readonly predictBlock: PredictBlock,
    private readonly tableAt: number,
    private readonly rootsAt: number,
    private readonly depthAt: number,
    scratchXAt: number,
    scratchOutAt: number,
  ) {
    this.layout = { scratchXAt, scratchOutAt };
    this.heapF32 = new Float32Array(memory.buffer);
  }

  /**
   * The walker of `f`, or null when the kernel is not loaded, `kernel` is 'ts' or the forest has
   * categorical splits (the kernel walks numeric splits only).
   */
  static create(f: CompiledForest, kernel: 'auto' | 'ts'): WebForest | null {
    if (compiled === null || kernel === 'ts' || f.hasCategorical) return null;
    const { api, module, heapBase } = compiled;
    let at = align16(heapBase);
    const take = (bytes: number): number => {
      const start = at;
      at = align16(at + bytes);
      return start;
    };
    const tableAt = take(f.nNodes * WALK_TABLE_NODE_BYTES);
    const rootsAt = take((f.nTrees + 1) * 4);
    const depthAt = take(f.nTrees * 4);
    const scratchXAt = take(BLOCK_ROWS * f.nFeatures * 4);
    const scratchOutAt = take(BLOCK_ROWS * 4);
    const memory = new api.Memory({ initial: Math.max(1, Math.ceil(at / WASM_PAGE_BYTES)) });
    const ex = new api.Instance(module, { env: { memory } }).exports;
    const buf = memory.buffer;
    writeWalkTable(f, buf, tableAt);
    new Int32Array(buf, rootsAt, f.nTrees + 1).set(f.roots);
    new Int32Array(buf, depthAt, f.nTrees).set(f.depth);
    return new WebForest(memory, ex.predictBlock as PredictBlock, tableAt, rootsAt, depthAt, scratchXAt, scratchOutAt);
  }

  heap(): Float32Array {
    return this.heapF32;
  }

  walk(xAt: number, nb: number, nTrees: number, margin0: number, outAt: number): void {
    this.predictBlock(this.tableAt, this.rootsAt, this.depthAt, nTrees, xAt, nb, margin0, outAt);
  }
}
