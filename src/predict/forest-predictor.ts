/**
 * ForestPredictor: a model compiled into flat arrays (compiled-forest.ts) with batch and
 * single-row prediction that reproduces XGBoost's `predict` to the bit (xgboost-spec.md §3.2,
 * §3.3): inputs cast to float32, float32 compares and float32 accumulation in tree order from
 * ProbToMargin(base_score). It uses no Node API: batch walks run through a BlockWalker the
 * runtime supplies (Node: the shared-memory forest, predictor.ts; browsers and edge workers: the
 * embedded kernel, src/web/), or the TypeScript block walk on the heap when there is none.
 */
import { featureError, firstInfinite } from '../data/value-rules.js';
import { markMissingRange, modelMissing } from '../data/missing-value.js';
import { DataError, ModelError, ParamError } from '../errors.js';
import type { Model } from '../model-io/model.js';
import { baseScoreProblem, objectiveInfo, supportedObjectiveNames, type OutputTransform } from '../model-io/objectives.js';
import { checkTree } from '../model-io/validate-tree.js';
import { checkOutputGroups } from '../model-io/xgboost-json.js';
import { BLOCK_ROWS } from '../kernels/ts/block-rows.js';
import { blockSource, ROWS_SOURCE, type BlockInput, type BlockSource } from './block-layout.js';
import { findLeafInBlock, walkBlock } from '../kernels/ts/block-walk.js';
import type { CompiledForest } from '../kernels/ts/forest-layout.js';
import { compileForest } from './compiled-forest.js';
import type { FeatureMapOptions } from './feature-map.js';
import { argmaxRows, baseMargin, softmaxRows, sortRows, transformInPlace, transformOne } from './transform.js';
import { sumTrees } from '../kernels/ts/tree-walk.js';

/**
 * Rows to predict: a Dataset (columns matched by name when both it and the model have feature
 * names), or an array of rows, each an array-like of feature values in model order (NaN, null
 * or undefined = missing).
 */
export type PredictInput = BlockInput;

/** Options of the batch prediction methods. */
export interface BatchPredictOptions extends FeatureMapOptions {
  /**
   * Use only the first `nTrees` trees (default: all). With num_parallel_tree k, the first i
   * boosting rounds are the first i*k trees.
   */
  nTrees?: number;
}

/** Options of ForestPredictor.fromModel and Predictor.fromModel. */
export interface PredictorOptions {
  /**
   * Batch walk: 'auto' (default) runs the WASM kernel when the runtime has one (Node:
   * native/build/kernels.wasm built; the web build: the embedded kernel instantiated) and the
   * model has no categorical splits, else the TypeScript one; 'ts' always the TypeScript one.
   * Both give the same margins to the bit.
   */
  kernel?: 'auto' | 'ts';
}

/**
 * Where batch walks run: a memory holding one block of rows at `layout.scratchXAt` (f32
 * [BLOCK_ROWS * nFeatures], column-major as src/kernels/ts/block-rows.ts) and its margins at
 * `layout.scratchOutAt` (f32 [BLOCK_ROWS]), and a walk over it that gives src/kernels/ts/block-walk.ts's
 * margins to the bit.
 */
export interface BlockWalker {
  readonly layout: { readonly scratchXAt: number; readonly scratchOutAt: number };
  /** A Float32Array over the walker's whole memory as it is now. */
  heap(): Float32Array;
  /** Margins of the nb rows of the block at byte xAt into f32 at byte outAt (see SharedForest.walk). */
  walk(xAt: number, nb: number, nTrees: number, margin0: number, outAt: number): void;
}

/** Makes the BlockWalker of a compiled forest, or null to walk blocks on the heap in TypeScript. */
export type WalkerFactory<W extends BlockWalker> = (forest: CompiledForest, kernel: 'auto' | 'ts') => W | null;

/** What prediction needs of a checked model: its output transform and starting margin. */
export interface PredictableModel {
  readonly output: OutputTransform;
  /** float32 ProbToMargin(base_score). */
  readonly margin0: number;
  readonly kernel: 'auto' | 'ts';
}

/**
 * Checks that a model can be predicted (supported objective, single output, one weight and
 * tree_info entry per tree, every tree well formed) and the options.
 * @throws ModelError('model', ...) for a model that cannot be predicted; ParamError for a bad kernel.
 */
export function checkPredictable(model: Model, options: PredictorOptions = {}): PredictableModel {
  const bad = (detail: string): never => {
    throw new ModelError('model', detail);
  };
  const info = objectiveInfo(model.objective.name);
  if (info === undefined) {
    bad(`objective "${model.objective.name}" is not supported (supported: ${supportedObjectiveNames().join(', ')})`);
  }
  checkOutputGroups(model, bad);
  const n = model.trees.length;
  if (model.treeWeights.length !== n) bad(`treeWeights has ${model.treeWeights.length} entries, expected ${n}`);
  if (model.treeInfo.length !== n) bad(`treeInfo has ${model.treeInfo.length} entries, expected ${n}`);
  const baseProblem = baseScoreProblem(model.baseScore, info!.link, model.version);
  if (baseProblem !== null) bad(`baseScore ${baseProblem} for ${model.objective.name}`);
  model.trees.forEach((tree, t) => checkTree(tree, model.nFeatures, (detail) => bad(`trees[${t}]: ${detail}`)));
  const kernel = options.kernel ?? 'auto';
  if (kernel !== 'auto' && kernel !== 'ts') throw new ParamError(`kernel must be "auto" or "ts", got ${JSON.stringify(kernel)}`);
  return { output: info!.output, margin0: baseMargin(model.baseScore, info!.link, model.version), kernel };
}

/**
 * A compiled model. Build once with `ForestPredictor.fromModel(model)` (Node: `Predictor.fromModel`),
 * then predict batches (`predictMargin`, `predict`, `predictLeaf`) or single rows (`predictRowMargin`, `predictRow`).
 */
export class ForestPredictor<W extends BlockWalker = BlockWalker> {
  /** Number of features a row must have (the model's num_feature). */
  readonly nFeatures: number;
  /** Number of trees. */
  readonly nTrees: number;
  /** The model's feature names (empty when it has none). */
  readonly featureNames: readonly string[];
  /** Objective name (decides the output transform). */
  readonly objective: string;
  /** The starting margin of every row, float32: ProbToMargin(base_score). */
  readonly baseMargin: number;
  /** The flattened trees. */
  readonly forest: CompiledForest;
  /** The model's `missing` sentinel (read as NaN in every input, missing-value.ts), or undefined. */
  readonly missing: number | undefined;
  protected readonly output: OutputTransform;
  /** Scratch row for single-row calls with non-Float32Array input, length max(1, nFeatures). */
  private readonly rowBuf: Float32Array;
  /** Scratch output of single-row calls, length 1. */
  private readonly rowOut = new Float32Array(1);
  /** Batch walk option (see PredictorOptions.kernel). */
  protected readonly kernel: 'auto' | 'ts';
  /** The walker of batch calls: made on the first one; null when the runtime supplies none. */
  private walkerMade: W | null | undefined = undefined;
  /** Outputs per row, K (the classes of multi:softprob / multi:softmax); 1 otherwise. */
  readonly nGroups: number;
  /**
   * K > 1: one single-output predictor per class (its trees in order, its base margin), whose
   * margins are the class's margins to the bit (XGBoost sums each class's trees in tree order from
   * its base score); null for single-output models.
   */
  private readonly groups: ForestPredictor<W>[] | null;

  /**
   * @param model a model passed by checkPredictable, which gave `checked`.
   * @param makeWalker the runtime's walker factory (called once, on the first batch call).
   */
  protected constructor(model: Model, checked: PredictableModel, private readonly makeWalker: WalkerFactory<W>) {
    const { output, margin0 } = checked;
    this.kernel = checked.kernel;
    this.nFeatures = model.nFeatures;
    this.nTrees = model.trees.length;
    this.featureNames = model.featureNames.slice();
    this.objective = model.objective.name;
    this.baseMargin = margin0;
    this.output = output;
    this.forest = compileForest(model);
    this.missing = modelMissing(model);
    this.rowBuf = new Float32Array(Math.max(1, model.nFeatures));
    this.nGroups = model.nOutputGroups;
    this.groups = model.nOutputGroups === 1 ? null
      : outputGroupModels(model).map((m) => new ForestPredictor<W>(m, checkPredictable(m, { kernel: this.kernel }), makeWalker));
  }

  /** True for a model of several output groups (margins are nRows x K). */
  protected get grouped(): boolean {
    return this.groups !== null;
  }

  /**
   * Compiles a model. Checks it first (see checkPredictable).
   * @param makeWalker where batch walks run (default: none, the TypeScript walk on the heap).
   * @throws ModelError('model', ...) for a model that cannot be predicted.
   */
  static fromModel(model: Model, options: PredictorOptions = {}, makeWalker: WalkerFactory<BlockWalker> = () => null): ForestPredictor {
    return new ForestPredictor(model, checkPredictable(model, options), makeWalker);
  }

  /**
   * Raw margins (xgboost-spec.md §3.2), on the calling thread.
   * @param data rows to predict.
   * @param out optional Float32Array of length >= nRows x nGroups to write into.
   * @returns Float32Array of length nRows x nGroups (a view of `out` when given), row-major: row
   * r's margin of class k at `r * nGroups + k` (XGBoost's layout); nRows for single-output models.
   * @throws DataError when the data's columns do not match the model; ParamError for bad options.
   */
  predictMargin(data: PredictInput, out?: Float32Array, options: BatchPredictOptions = {}): Float32Array {
    if (this.groups !== null) return this.groupMargins(data, out, options);
    const nTrees = this.treeCount(options.nTrees);
    const src = this.source(data, options);
    const result = this.outArray(out, src.nRows);
    this.marginsHere(src, nTrees, result);
    return result;
  }

  /**
   * Predictions in output space: probabilities (XGBoost's float sigmoid) for binary:logistic,
   * exp(margin) for count:poisson, the margin otherwise; multi:softprob: each row's K class
   * probabilities (XGBoost's float32 softmax), nRows x K row-major; multi:softmax: each row's class index;
   * reg:quantileerror with K quantiles: each row's K outputs sorted ascending, nRows x K.
   * @returns Float32Array of length nRows x nGroups for multi:softprob, else nRows (a view of `out` when given).
   */
  predict(data: PredictInput, out?: Float32Array, options: BatchPredictOptions = {}): Float32Array {
    const result = this.predictMargin(data, this.output === 'argmax' ? undefined : out, options);
    return this.toOutput(result, out);
  }

  /** Margins (predictMargin's layout) -> outputs, in place but for multi:softmax's class indices (into `out` when given). */
  protected toOutput(margins: Float32Array, out?: Float32Array): Float32Array {
    if (this.output === 'softmax') softmaxRows(margins, this.nGroups);
    else if (this.output === 'argmax') {
      const idx = argmaxRows(margins, this.nGroups);
      if (out === undefined) return idx;
      const o = this.outArray(out, idx.length);
      o.set(idx);
      return o;
    } else transformInPlace(margins, this.output);
    // Several quantiles: each row's outputs sorted (reg:quantileerror's PredTransform).
    if (this.nGroups > 1 && objectiveInfo(this.objective)?.outputs === 'quantiles') sortRows(margins, this.nGroups);
    return margins;
  }

  /** Margins of a K-class model: each class's predictor, interleaved row-major. */
  private groupMargins(data: PredictInput, out: Float32Array | undefined, options: BatchPredictOptions): Float32Array {
    const K = this.nGroups;
    const nTrees = this.treeCount(options.nTrees);
    if (nTrees % K !== 0) throw new ParamError(`nTrees must be a multiple of the ${K} classes (whole rounds), got ${nTrees}`);
    const perGroup = this.groups!.map((g) => g.predictMargin(data, undefined, { ...options, nTrees: nTrees / K }));
    const n = perGroup[0]!.length;
    const result = this.outArray(out, n * K);
    perGroup.forEach((m, k) => {
      for (let r = 0; r < n; r++) result[r * K + k] = m[r]!;
    });
    return result;
  }

  /**
   * The leaf each row reaches in each tree, as node ids within the tree (XGBoost's
   * `pred_leaf`).
   * @returns Int32Array of length nRows * nTrees, row-major: row r, tree t at `r * nTrees + t`
   * (nTrees as limited by options.nTrees).
   */
  predictLeaf(data: PredictInput, options: BatchPredictOptions = {}): Int32Array {
    const nTrees = this.treeCount(options.nTrees);
    const src = this.source(data, options);
    const nRows = src.nRows;
    const result = new Int32Array(nRows * nTrees);
    const f = this.forest;
    const roots = f.roots;
    const origId = f.origId;
    const buf = new Float32Array(Math.max(1, BLOCK_ROWS * this.nFeatures));
    for (let r0 = 0; r0 < nRows; r0 += BLOCK_ROWS) {
      const nb = Math.min(BLOCK_ROWS, nRows - r0);
      src.fill(r0, nb, buf, 0);
      for (let b = 0; b < nb; b++) {
        const o = (r0 + b) * nTrees;
        for (let t = 0; t < nTrees; t++) result[o + t] = origId[findLeafInBlock(f, buf, b, roots[t]!)]!;
      }
    }
    return result;
  }

  /**
   * The margin of one row, allocating nothing (V8 may box the returned number when this call is
   * not inlined into the caller).
   * @param x the row's features in model order, length nFeatures (NaN = missing; in a plain
   * array null and undefined are missing too). A Float32Array is read in place; other input is
   * cast to float32 first.
   * @param nTrees use the first nTrees trees (default all).
   * @throws DataError when x.length is not nFeatures, or for an infinite value (value-rules.ts).
   */
  predictRowMargin(x: Float32Array | ArrayLike<number | null | undefined>, nTrees: number = this.nTrees): number {
    if (this.groups !== null) throw new ParamError(`the model has ${this.nGroups} outputs per row: use predictMargin`);
    const k = nTrees === this.nTrees ? nTrees : this.treeCount(nTrees);
    const nF = this.nFeatures;
    if (x.length !== nF) {
      throw new DataError({ file: ROWS_SOURCE }, `the row has ${x.length} values, the model expects ${nF}`);
    }
    let buf: Float32Array;
    if (x instanceof Float32Array && this.missing === undefined) buf = x;
    else {
      buf = this.rowBuf;
      for (let i = 0; i < nF; i++) {
        const v = x[i];
        buf[i] = v === null || v === undefined ? NaN : v;
      }
    }
    if (this.missing !== undefined) markMissingRange(buf, 0, nF, this.missing);
    const bad = firstInfinite(buf, 0, nF);
    if (bad >= 0) throw featureError({ file: ROWS_SOURCE, column: bad }, x[bad]!, undefined, 'use NaN or null');
    sumTrees(this.forest, buf, 0, k, this.baseMargin, this.rowOut, 0);
    return this.rowOut[0]!;
  }

  /**
   * The input's row blocks (src/kernels/ts/block-rows.ts), with the model's `missing` sentinel read as NaN.
   * Subclasses with their own batch walks read their input through this too.
   */
  protected source(data: PredictInput, options: BatchPredictOptions): BlockSource {
    const src = blockSource(data, this.nFeatures, this.featureNames, options);
    const missing = this.missing;
    if (missing === undefined) return src;
    const nF = this.nFeatures;
    return {
      nRows: src.nRows,
      fill: (r0, nb, dst, dstOff) => {
        src.fill(r0, nb, dst, dstOff);
        // Column-major block: feature i of row b at dstOff + i * BLOCK_ROWS + b (src/kernels/ts/block-rows.ts).
        for (let i = 0; i < nF; i++) markMissingRange(dst, dstOff + i * BLOCK_ROWS, dstOff + i * BLOCK_ROWS + nb, missing);
      },
    };
  }

  /** The prediction of one row in output space (see predict), allocating nothing. */
  predictRow(x: Float32Array | ArrayLike<number | null | undefined>, nTrees: number = this.nTrees): number {
    return transformOne(this.predictRowMargin(x, nTrees), this.output);
  }

  /** Validates options.nTrees. */
  protected treeCount(nTrees: number | undefined): number {
    if (nTrees === undefined) return this.nTrees;
    if (!Number.isInteger(nTrees) || nTrees < 0 || nTrees > this.nTrees) {
      throw new ParamError(`nTrees must be an integer in [0, ${this.nTrees}], got ${nTrees}`);
    }
    return nTrees;
  }

  protected outArray(out: Float32Array | undefined, nRows: number): Float32Array {
    if (out === undefined) return new Float32Array(nRows);
    if (out.length < nRows) throw new ParamError(`the output array has ${out.length} entries, ${nRows} are needed`);
    return out.length === nRows ? out : out.subarray(0, nRows);
  }

  /** The batch walker (made on first use), or null when batch walks run in TypeScript on the heap. */
  walker(): W | null {
    if (this.walkerMade === undefined) this.walkerMade = this.makeWalker(this.forest, this.kernel);
    return this.walkerMade;
  }

  /** Margins of every row of `src` into `result` (Float32Array, length src.nRows), on this thread, block by block. */
  protected marginsHere(src: BlockSource, nTrees: number, result: Float32Array): void {
    const nRows = src.nRows;
    if (nRows === 0) return;
    const m0 = this.baseMargin;
    const sf = this.walker();
    if (sf === null) {
      const buf = new Float32Array(Math.max(1, BLOCK_ROWS * this.nFeatures));
      for (let r0 = 0; r0 < nRows; r0 += BLOCK_ROWS) {
        const nb = Math.min(BLOCK_ROWS, nRows - r0);
        src.fill(r0, nb, buf, 0);
        walkBlock(this.forest, buf, 0, nb, nTrees, m0, result, r0);
      }
      return;
    }
    const { scratchXAt, scratchOutAt } = sf.layout;
    const heap = sf.heap();
    const o = scratchOutAt >>> 2;
    for (let r0 = 0; r0 < nRows; r0 += BLOCK_ROWS) {
      const nb = Math.min(BLOCK_ROWS, nRows - r0);
      src.fill(r0, nb, heap, scratchXAt >>> 2);
      sf.walk(scratchXAt, nb, nTrees, m0, scratchOutAt);
      for (let b = 0; b < nb; b++) result[r0 + b] = heap[o + b]!;
    }
  }
}

/**
 * A K-class model as K single-output models, one per class: its trees (tree_info = k) in order,
 * their weights, and its base score as the starting margin (the softmax link is the identity).
 */
export function outputGroupModels(model: Model): Model[] {
  const K = model.nOutputGroups;
  return Array.from({ length: K }, (_, k) => {
    const idx: number[] = [];
    model.treeInfo.forEach((g, t) => {
      if (g === k) idx.push(t);
    });
    const { baseScores: _all, ...rest } = model;
    return {
      ...rest,
      objective: { name: 'reg:squarederror', json: { name: 'reg:squarederror' } },
      baseScore: model.baseScores?.[k] ?? model.baseScore,
      trees: idx.map((t) => model.trees[t]!),
      treeInfo: new Int32Array(idx.length),
      nOutputGroups: 1,
      treeWeights: Float32Array.from(idx, (t) => model.treeWeights[t]!),
    };
  });
}
