/**
 * A compiled forest copied into a shared `WebAssembly.Memory`, where batch prediction walks it: on
 * the calling thread and on kernel workers (src/parallel/parallel-predict.ts), through the WASM
 * kernel (native/assembly/predict.ts) for numeric forests or the TypeScript block walk
 * (block-walk.ts) otherwise. Workers attach to the same bytes by the plain-number ForestLayout;
 * nothing is copied per call.
 *
 * Memory: [image | scratch of one block for single-threaded calls | free], the image holding the
 * CompiledForest arrays and, for the WASM kernel, its walk table (16 bytes per node, layout in
 * native/assembly/predict.ts). Callers place their own data from `freeAt` on and grow the memory
 * with `ensure`.
 */
import { createSharedMemory, DEFAULT_MAX_PAGES } from './wasm/arena.js';
import { loadKernelModule } from './wasm/loader.js';
import { wasmApi, WASM_PAGE_BYTES, type WasmMemory } from './wasm/wasm-api.js';
import { BLOCK_ROWS } from './ts/block-rows.js';
import { walkBlock } from './ts/block-walk.js';
import { NODE_STRIDE, type CompiledForest } from './ts/forest-layout.js';
import { writeWalkTable } from './ts/walk-table.js';

/** Which walk runs: the WASM kernel (numeric forests only) or the TypeScript block walk. */
export type WalkKernel = 'wasm' | 'ts';

/** Byte addresses and sizes of a forest image in its shared memory (plain numbers, sent to workers). */
export interface ForestLayout {
  readonly nTrees: number;
  readonly nFeatures: number;
  readonly nNodes: number;
  readonly nCategories: number;
  readonly hasCategorical: boolean;
  /** Int32 [nNodes * NODE_STRIDE] (thresholds are float32 in the same words), f32 [nNodes]. */
  readonly nodesAt: number;
  readonly leafAt: number;
  /** Int32 [nTrees + 1], Int32 [nTrees], Int32 [nNodes] x 3, Int32 [nCategories]. */
  readonly rootsAt: number;
  readonly depthAt: number;
  readonly origIdAt: number;
  readonly catStartAt: number;
  readonly catEndAt: number;
  readonly categoriesAt: number;
  /** The WASM walk table, 16 bytes per node, or -1 when the kernel is 'ts'. */
  readonly tableAt: number;
  /** Scratch of the single-threaded walk: one block (f32 [BLOCK_ROWS * nFeatures]) and its margins (f32 [BLOCK_ROWS]). */
  readonly scratchXAt: number;
  readonly scratchOutAt: number;
  /** First byte after the scratch, 16-aligned: free for callers. */
  readonly freeAt: number;
}

/** Signature of the kernel's predictBlock export (byte addresses; see native/assembly/predict.ts). */
type PredictBlockExport = (
  nodes: number, roots: number, depth: number, nTrees: number, x: number, nb: number, m0: number, out: number,
) => void;

/** The WASM walk over `memory`, or null when the module is not built (or stale, without predictBlock). */
function wasmWalk(memory: WasmMemory): { predictBlock: PredictBlockExport; heapBase: number } | null {
  const loaded = loadKernelModule();
  if (!loaded) return null;
  const ex = new loaded.api.Instance(loaded.module, { env: { memory } }).exports;
  const predictBlock = ex.predictBlock;
  const heapBase = ex.heapBase;
  if (typeof predictBlock !== 'function' || typeof heapBase !== 'function') return null;
  return { predictBlock: predictBlock as PredictBlockExport, heapBase: (heapBase as () => number)() };
}

const align16 = (n: number): number => Math.ceil(n / 16) * 16;

/** Largest block (BLOCK_ROWS rows of a model's features) put in shared memory: 64 MiB. */
export const MAX_SHARED_BLOCK_BYTES = 64 << 20;

export class SharedForest {
  /** The forest, its arrays viewing the shared memory. */
  readonly forest: CompiledForest;
  /** Float32 view of the whole memory as it was when last refreshed (see heap()). */
  private heapF32: Float32Array;

  private constructor(
    readonly memory: WasmMemory,
    readonly layout: ForestLayout,
    readonly kernel: WalkKernel,
    private readonly predictBlock: PredictBlockExport | null,
  ) {
    const buf = memory.buffer;
    const L = layout;
    const nodeInt = new Int32Array(buf, L.nodesAt, L.nNodes * NODE_STRIDE);
    this.forest = {
      nTrees: L.nTrees,
      nFeatures: L.nFeatures,
      nNodes: L.nNodes,
      roots: new Int32Array(buf, L.rootsAt, L.nTrees + 1),
      nodeInt,
      nodeFloat: new Float32Array(buf, L.nodesAt, L.nNodes * NODE_STRIDE),
      leafValue: new Float32Array(buf, L.leafAt, L.nNodes),
      depth: new Int32Array(buf, L.depthAt, L.nTrees),
      origId: new Int32Array(buf, L.origIdAt, L.nNodes),
      catStart: new Int32Array(buf, L.catStartAt, L.nNodes),
      catEnd: new Int32Array(buf, L.catEndAt, L.nNodes),
      categories: new Int32Array(buf, L.categoriesAt, L.nCategories),
      hasCategorical: L.hasCategorical,
    };
    this.heapF32 = new Float32Array(buf);
  }

  /**
   * Copies `f` into a new shared memory.
   * @param kernel 'auto' takes the WASM kernel when the module is built and the forest is numeric;
   *   'ts' forces the TypeScript walk (tests compare the two).
   * @returns null when this runtime has no WebAssembly (no shared memory to put it in), or when
   *   one block of rows would take more than MAX_SHARED_BLOCK_BYTES (models of more than 131072
   *   features): batch prediction then walks blocks on the heap in TypeScript, on one thread.
   */
  static create(f: CompiledForest, kernel: 'auto' | 'ts' = 'auto'): SharedForest | null {
    const api = wasmApi();
    if (!api || BLOCK_ROWS * f.nFeatures * 4 > MAX_SHARED_BLOCK_BYTES) return null;
    const memory = createSharedMemory(api);
    const wasm = kernel === 'auto' && !f.hasCategorical ? wasmWalk(memory) : null;
    let at = align16(wasm ? wasm.heapBase : 16);
    const take = (bytes: number): number => {
      const start = at;
      at = align16(at + bytes);
      return start;
    };
    const nN = f.nNodes;
    const nT = f.nTrees;
    const nC = f.categories.length;
    const layout: ForestLayout = {
      nTrees: nT,
      nFeatures: f.nFeatures,
      nNodes: nN,
      nCategories: nC,
      hasCategorical: f.hasCategorical,
      nodesAt: take(nN * NODE_STRIDE * 4),
      leafAt: take(nN * 4),
      rootsAt: take((nT + 1) * 4),
      depthAt: take(nT * 4),
      origIdAt: take(nN * 4),
      catStartAt: take(nN * 4),
      catEndAt: take(nN * 4),
      categoriesAt: take(nC * 4),
      tableAt: wasm ? take(nN * 16) : -1,
      scratchXAt: take(BLOCK_ROWS * f.nFeatures * 4),
      scratchOutAt: take(BLOCK_ROWS * 4),
      freeAt: at,
    };
    growTo(memory, layout.freeAt);
    const buf = memory.buffer;
    new Int32Array(buf, layout.nodesAt, nN * NODE_STRIDE).set(f.nodeInt);
    new Float32Array(buf, layout.leafAt, nN).set(f.leafValue);
    new Int32Array(buf, layout.rootsAt, nT + 1).set(f.roots);
    new Int32Array(buf, layout.depthAt, nT).set(f.depth);
    new Int32Array(buf, layout.origIdAt, nN).set(f.origId);
    new Int32Array(buf, layout.catStartAt, nN).set(f.catStart);
    new Int32Array(buf, layout.catEndAt, nN).set(f.catEnd);
    new Int32Array(buf, layout.categoriesAt, nC).set(f.categories);
    if (wasm) writeWalkTable(f, buf, layout.tableAt);
    return new SharedForest(memory, layout, wasm ? 'wasm' : 'ts', wasm ? wasm.predictBlock : null);
  }

  /**
   * The forest already in `memory` at `layout` (a worker's view of the caller's SharedForest).
   * @throws Error when kernel is 'wasm' and the module cannot be instantiated here.
   */
  static attach(memory: WasmMemory, layout: ForestLayout, kernel: WalkKernel): SharedForest {
    if (kernel === 'ts') return new SharedForest(memory, layout, 'ts', null);
    const wasm = wasmWalk(memory);
    if (!wasm) throw new Error('prediction worker: native/build/kernels.wasm has no usable predictBlock in this worker');
    return new SharedForest(memory, layout, 'wasm', wasm.predictBlock);
  }

  /** A Float32Array over the whole memory as it is now (a new view after the memory grew). */
  heap(): Float32Array {
    const buf = this.memory.buffer;
    if (buf.byteLength !== this.heapF32.byteLength) this.heapF32 = new Float32Array(buf);
    return this.heapF32;
  }

  /** Grows the memory so that byte addresses below `bytes` exist. */
  ensure(bytes: number): void {
    growTo(this.memory, bytes);
  }

  /**
   * Margins of the nb rows of the block at byte address xAt: f32 at outAt + 4b = margin0 plus the
   * leaf contributions of trees [0, nTrees), in tree order, float32.
   */
  walk(xAt: number, nb: number, nTrees: number, margin0: number, outAt: number): void {
    const L = this.layout;
    if (this.predictBlock !== null) {
      this.predictBlock(L.tableAt, L.rootsAt, L.depthAt, nTrees, xAt, nb, margin0, outAt);
      return;
    }
    const h = this.heap();
    walkBlock(this.forest, h, xAt >>> 2, nb, nTrees, margin0, h, outAt >>> 2);
  }
}

/**
 * Grows `memory` (at least doubling, up to its maximum) until it holds `bytes` bytes.
 * @throws RangeError when that is more than the memory's maximum (4 GiB).
 */
function growTo(memory: WasmMemory, bytes: number): void {
  const have = memory.buffer.byteLength / WASM_PAGE_BYTES;
  const need = Math.ceil(bytes / WASM_PAGE_BYTES);
  if (need <= have) return;
  if (need > DEFAULT_MAX_PAGES) {
    throw new RangeError(`prediction memory exhausted: ${bytes} bytes needed, the WebAssembly memory is limited to ${DEFAULT_MAX_PAGES * WASM_PAGE_BYTES} bytes`);
  }
  memory.grow(Math.min(DEFAULT_MAX_PAGES, Math.max(need, 2 * have)) - have);
}
