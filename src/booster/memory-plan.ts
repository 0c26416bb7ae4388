/**
 * The memory plan of a training session, decided once: how many threads, which kernels (and so
 * whether the arrays live in a shared WebAssembly memory, the one place its 4 GiB limit applies),
 * and the refusal up front of a run whose bins, histograms and partition would not fit.
 */
import { codeBytes, type BinMapper } from '../binning/bin-mapper.js';
import type { Dataset } from '../data/dataset.js';
import { totalmem } from 'node:os';
import { arenaBytes, binsBytes, checkMemory, WASM_MEMORY_LIMIT, type MemoryShape } from '../histogram/memory-estimate.js';
import type { Kernels } from '../kernels/kernels.js';
import { selectKernels } from '../kernels/select.js';
import { resolveThreads } from '../parallel/pool.js';
import type { Params } from '../params/schema.js';

/** Threads and kernels of a session. */
export interface Placement {
  /** The calling thread plus threads - 1 pool workers. */
  readonly threads: number;
  /** Shared memory (`kernels.shared`) whenever threads > 1 or the kernels are WASM. */
  readonly kernels: Kernels;
}

/** Threads and kernels for resolved parameters (the kernel choice is made here, once). */
export function placement(params: Params): Placement {
  const threads = resolveThreads(params.nthread);
  return { threads, kernels: selectKernels(params.kernel, threads > 1) };
}

/**
 * Refuses (UserError) a run that cannot fit: the estimate uses the codes' real width (codeBytes)
 * and WebAssembly's 4 GiB limit only when the kernels' memory is a WebAssembly memory.
 */
export function checkSessionMemory(data: Dataset, mapper: BinMapper, params: Params, kernels: Kernels): void {
  checkMemory(shapeOf(data, mapper, params), kernels.shared !== null, params.max_bin);
}

function shapeOf(data: Dataset, mapper: BinMapper, params: Params): MemoryShape {
  return {
    nRows: data.nRows,
    nFeatures: data.nFeatures,
    histSlots: mapper.histOffsets[data.nFeatures]!,
    binBytes: codeBytes(data, mapper),
    maxDepth: params.max_depth,
    maxLeaves: params.max_leaves,
    growPolicy: params.grow_policy,
  };
}

/**
 * Whether K growers side by side (one per output group, session.ts roundTrees) fit where the
 * estimate puts the limit: the arena plus K - 1 more growers' partition, scratch, bag mask and
 * histograms (arenaBytes less the bins and the gradient pairs it counts once) and K - 1 more
 * gradient pair arrays, within half the machine's memory (and 4 GiB for a WebAssembly memory).
 * Otherwise the trees are grown one after the other, as before: never refused for it.
 */
export function sideBySide(data: Dataset, mapper: BinMapper, params: Params, kernels: Kernels, K: number): boolean {
  const s = shapeOf(data, mapper, params);
  const arena = arenaBytes(s);
  const grower = arena - binsBytes(s) - 8 * s.nRows + s.nRows;
  const need = arena + (K - 1) * (grower + 8 * s.nRows);
  const limit = kernels.shared !== null ? Math.min(WASM_MEMORY_LIMIT, totalmem() / 2) : totalmem() / 2;
  return need <= limit;
}
