/**
 * Predictor: the ForestPredictor of Node (forest-predictor.ts), whose batch walks run on the
 * forest in shared WebAssembly memory (src/kernels/shared-forest.ts: the WASM kernel of
 * native/build/kernels.wasm, or the TypeScript block walk), with multi-threaded batch methods on
 * the process's kernel workers.
 */
import type { Model } from '../model-io/model.js';
import { ParamError } from '../errors.js';
import { predictMarginsParallel } from '../parallel/parallel-predict.js';
import { resolveThreads } from '../parallel/pool.js';
import { BLOCK_ROWS } from '../kernels/ts/block-rows.js';
import { checkPredictable, ForestPredictor, type PredictInput, type BatchPredictOptions, type PredictorOptions } from './forest-predictor.js';
import { SharedForest } from '../kernels/shared-forest.js';

export { ForestPredictor, type PredictInput, type BatchPredictOptions, type PredictorOptions } from './forest-predictor.js';

/** Options of the multi-threaded batch methods (predictMarginAsync, predictAsync). */
export interface ParallelPredictOptions extends BatchPredictOptions {
  /** Threads to use, the calling one included (default 0: the machine's cores; 1: this thread only). */
  nthread?: number;
}

/** Below this many rows the multi-threaded methods predict on the calling thread alone. */
const MIN_PARALLEL_ROWS = 16 * BLOCK_ROWS;

/**
 * A compiled model. Build once with `Predictor.fromModel(model)`, then predict batches
 * (`predictMargin`, `predict`, `predictLeaf`, and on several threads `predictMarginAsync`,
 * `predictAsync`) or single rows (`predictRowMargin`, `predictRow`).
 */
export class Predictor extends ForestPredictor<SharedForest> {
  /**
   * Compiles a model. Checks it first (supported objective, single output, one weight and
   * tree_info entry per tree, every tree well formed).
   * @throws ModelError('model', ...) for a model that cannot be predicted.
   */
  static override fromModel(model: Model, options: PredictorOptions = {}): Predictor {
    return new Predictor(model, checkPredictable(model, options), (forest, kernel) => SharedForest.create(forest, kernel));
  }

  /**
   * predictMargin on `options.nthread` threads: the calling one and kernel workers (the process's
   * piscina pool), each walking blocks of rows of a copy of the data in shared memory. Every row is
   * walked whole by one thread, so the margins equal predictMargin's to the bit for any thread
   * count. Calls on one Predictor run one after another.
   * @returns Float32Array of length nRows x nGroups, as predictMargin (a view of `out` when given).
   * Models of several output groups are predicted on the calling thread.
   * @throws DataError, ParamError as predictMargin; WorkerFailedError when a worker fails.
   */
  async predictMarginAsync(data: PredictInput, out?: Float32Array, options: ParallelPredictOptions = {}): Promise<Float32Array> {
    if (this.grouped) return this.predictMargin(data, out, options);
    const nTrees = this.treeCount(options.nTrees);
    const nthread = options.nthread ?? 0;
    if (!Number.isInteger(nthread) || nthread < 0) throw new ParamError(`nthread must be a non-negative integer, got ${nthread}`);
    const src = this.source(data, options);
    const result = this.outArray(out, src.nRows);
    const threads = resolveThreads(nthread);
    const sf = threads > 1 && src.nRows >= MIN_PARALLEL_ROWS ? this.walker() : null;
    if (sf === null) this.marginsHere(src, nTrees, result);
    else await predictMarginsParallel(sf, src, nTrees, this.baseMargin, threads, result);
    return result;
  }

  /** predict on `options.nthread` threads (see predictMarginAsync). */
  async predictAsync(data: PredictInput, out?: Float32Array, options: ParallelPredictOptions = {}): Promise<Float32Array> {
    const result = await this.predictMarginAsync(data, this.output === 'argmax' ? undefined : out, options);
    return this.toOutput(result, out);
  }
}
