/**
 * The messages the main thread sends to kernel workers (src/parallel/worker.ts). A task names its
 * arrays by byte address in one shared `WebAssembly.Memory` (the kernels' arena): it carries
 * offsets and lengths, never array contents.
 */
import type { WasmMemory } from '../kernels/wasm/wasm-api.js';
import type { LambdaRankConfig } from '../objective/lambdarank-config.js';
import type { PointwiseOptions } from '../objective/pointwise.js';
import type { ForestLayout } from '../predict/shared-forest.js';
import type { EncodedArgs } from './unit-kernel.js';

/** Test-only fault a worker injects before running a task (see fault.ts). */
export type WorkerFault = 'throw' | 'exit' | null;

/** Fields every task has. */
export interface TaskBase {
  /** Process-unique id of `memory` (workers cache their views and WASM instance by it). */
  readonly memId: number;
  /** The shared memory (structured-cloned: the same bytes, not a copy). */
  readonly memory: WasmMemory;
  /** Which kernel implementation to run (the booster's choice). */
  readonly kernel: 'ts' | 'wasm';
  /** Test-only: make the worker throw or exit instead of working. */
  readonly fault: WorkerFault;
}

/**
 * LambdaMART gradients of queries [qBegin, qEnd) (lambdaRankQueries): reads the per-data inputs
 * and margins, writes the queries' own rows of gh. Biased mode only (no Li / Lj accumulation).
 */
export interface LambdaRankTask extends TaskBase {
  readonly kind: 'lambdarank';
  /** LambdaRankConfig (plain data). */
  readonly config: LambdaRankConfig;
  readonly nRows: number;
  readonly nQueries: number;
  readonly maxQuery: number;
  /** Float32Array labels [nRows], Uint32Array offsets [nQueries + 1], Int32Array positions [nRows] or -1, Float64Array 1/IDCG [nQueries] or -1. */
  readonly labelsAt: number;
  readonly offsetsAt: number;
  readonly positionsAt: number;
  readonly invIdcgAt: number;
  /** Float32Array [nQueries]. */
  readonly queryWeightAt: number;
  readonly weightNorm: number;
  /** Float64Array [maxQuery]. */
  readonly discountAt: number;
  /** Float32Array margins [nRows]; Float32Array gh [2 nRows]. */
  readonly marginsAt: number;
  readonly ghAt: number;
  readonly iteration: number;
  readonly qBegin: number;
  readonly qEnd: number;
}

/**
 * Batch prediction (src/parallel/predict-task.ts): walk the row blocks of a job, claiming chunks of
 * `chunkBlocks` blocks from the shared counter until none is left. `kernel` is the walk kernel.
 */
export interface PredictTask extends TaskBase {
  readonly kind: 'predict';
  /** Where the forest is in `memory` (SharedForest.layout). */
  readonly forest: ForestLayout;
  readonly nTrees: number;
  /** The starting margin, float32. */
  readonly margin0: number;
  readonly nRows: number;
  /** Float32 blocks of the rows (block-layout.ts), blockCount(nRows) * BLOCK_ROWS * nFeatures floats. */
  readonly xAt: number;
  /** Float32Array [nRows]: the margins. */
  readonly outAt: number;
  /** Int32 x 2: index of the next unclaimed chunk; blocks filled so far (predict-task.ts). */
  readonly counterAt: number;
  readonly chunkBlocks: number;
}

/**
 * Cut values of one unweighted feature (src/binning/bin-mapper.ts unweightedCuts): its values are
 * gathered, sorted and cut in place in the staging area. Result at `outAt` (float32, maxBin + 2):
 * [number of cuts, min value, cuts ...].
 */
export interface CutsTask extends TaskBase {
  readonly kind: 'cuts';
  /** Float32Array, length n: the feature's values (overwritten). */
  readonly valuesAt: number;
  readonly n: number;
  /** Uint32Array, length n: the radix sort's second buffer. */
  readonly tmpAt: number;
  readonly maxBin: number;
  readonly outAt: number;
}

/**
 * A validation set's margins after a new tree (addTreeToMargins) for rows [rowStart, rowEnd): the
 * tree's node arrays travel in the task (at most a few thousand numbers), the rows stay in memory.
 */
export interface ApplyTreeTask extends TaskBase {
  readonly kind: 'applyTree';
  readonly left: readonly number[];
  readonly right: readonly number[];
  readonly splitIndex: readonly number[];
  readonly splitCondition: readonly number[];
  readonly defaultLeft: readonly number[];
  /** Float32 column-major values: feature f of row r at element f * nRows + r. */
  readonly columnsAt: number;
  readonly nFeatures: number;
  readonly nRows: number;
  /** Float32Array, length nRows. */
  readonly marginsAt: number;
  readonly rowStart: number;
  readonly rowEnd: number;
}

/**
 * Gradients of a row-separable objective (Objective.gradientsRange) for rows [rowStart, rowEnd):
 * the worker makes the objective from its name and options and reads labels and weights from memory.
 */
export interface PointwiseTask extends TaskBase {
  readonly kind: 'pointwise';
  readonly objective: string;
  readonly options: PointwiseOptions;
  readonly nRows: number;
  /** Float32Array, length nRows: labels; and weights (-1: none). */
  readonly labelsAt: number;
  readonly weightsAt: number;
  /** Float32Array, length nRows: margins; Float32Array, length 2 * nRows: gradient pairs (out). */
  readonly marginsAt: number;
  readonly ghAt: number;
  readonly rowStart: number;
  readonly rowEnd: number;
}

/**
 * Int32 words of a BinColumnsTask's control block. The calling thread stages chunk k in slot
 * k % slots and publishes STAGED = k + 1; the worker bins the staged chunks in order and publishes
 * CONSUMED; chunks from LIMIT on are the calling thread's (it takes them from the end, lowering
 * LIMIT, never below STAGED), so the worker is done once it has binned every chunk below LIMIT.
 * SIGNAL is bumped after every change, for the worker's Atomics.wait.
 */
export const BIN_CONTROL = { staged: 0, consumed: 1, limit: 2, signal: 3, words: 4 } as const;

/**
 * Column-major binning (src/parallel/parallel-binning.ts): the worker's share of the chunks,
 * staged for it in shared memory because the values live on the calling thread's heap. Chunk k
 * holds rows [j * chunkRows, min(nRows, (j + 1) * chunkRows)) of feature f, with
 * f = floor(k / chunksPerFeature), j = k % chunksPerFeature, chunksPerFeature = ceil(nRows / chunkRows).
 */
export interface BinColumnsTask extends TaskBase {
  readonly kind: 'binColumns';
  /** Column-major codes (feature f of row r at element f * nRows + r), nRows * nFeatures elements of codeBytes bytes. */
  readonly codesAt: number;
  readonly codeBytes: 1 | 2;
  readonly nRows: number;
  readonly chunkRows: number;
  /** Float32Array, length slots * chunkRows: the staging slots. */
  readonly stageAt: number;
  readonly slots: number;
  /** Float32Array: every feature's cuts, feature f's nBins[f] cuts from element cutStarts[f]. */
  readonly cutsAt: number;
  readonly cutStarts: readonly number[];
  /** Per feature: bins, i.e. the missing code. */
  readonly nBins: readonly number[];
  /** Int32Array, length BIN_CONTROL.words. */
  readonly controlAt: number;
}

/**
 * Row-major codes from column-major ones (transposeToRows), by blocks of `blockRows` rows claimed
 * from a shared counter (Atomics.add) until none is left; the calling thread claims from it too.
 */
export interface TransposeCodesTask extends TaskBase {
  readonly kind: 'transposeCodes';
  /** Column-major codes (element f * nRows + r) and the row-major output (element r * nFeatures + f), codeBytes bytes each. */
  readonly columnsAt: number;
  readonly rowsAt: number;
  readonly codeBytes: 1 | 2;
  readonly nRows: number;
  readonly nFeatures: number;
  readonly blockRows: number;
  /** Int32Array, length 1: the next unclaimed block. */
  readonly counterAt: number;
}

/**
 * Units [0, nUnits) of the unit kernel `unitKernel` (src/kernels/units/registry.ts) over `args`
 * (encodeArgs: arrays by byte address in `memory`), claimed from the Int32 counter at `counterAt`
 * by every thread until none is left (claimUnits).
 */
export interface UnitsTask extends TaskBase {
  readonly kind: 'units';
  readonly unitKernel: string;
  readonly args: EncodedArgs;
  readonly nUnits: number;
  readonly counterAt: number;
}

/** Any task. */
export type KernelTask = UnitsTask | LambdaRankTask | PredictTask | CutsTask | ApplyTreeTask | PointwiseTask | BinColumnsTask | TransposeCodesTask;
