/**
 * The boosting loop: bins the training data, then each round computes gradients, grows a tree,
 * updates training margins from the tree's leaf windows (not by re-predicting), updates validation
 * margins with the new tree, evaluates, logs and checks early stopping.
 */
import { binColumns, fitBinMapper, type BinMapper } from '../binning/bin-mapper.js';
import type { Dataset } from '../data/dataset.js';
import { DataError, UserError } from '../errors.js';
import { allocationError, checkMemory, isAllocationFailure } from '../histogram/memory-estimate.js';
import { selectKernels } from '../kernels/select.js';
import { ParallelHistogramBuilder } from '../parallel/parallel-histogram.js';
import { ParallelSplitFinder } from '../parallel/parallel-splits.js';
import { ParallelLambdaRank } from '../parallel/parallel-gradients.js';
import { resolveThreads } from '../parallel/pool.js';
import { metricDataOf, type Metric, type MetricData } from '../metric/metric.js';
import { createMetric } from '../metric/registry.js';
import type { Model } from '../model-io/model.js';
import { createObjective, pointwiseOptions } from '../objective/registry.js';
import type { Objective, ObjectiveData } from '../objective/objective.js';
import { resolveParams, savedParams } from '../params/resolve.js';
import type { ParamInput, Params } from '../params/schema.js';
import { addTreeToMargins } from '../tree/apply-tree.js';
import { FeatureSampler } from '../tree/feature-sampler.js';
import { TreeGrower } from '../tree/grower.js';
import type { Tree } from '../tree/tree.js';
import { MinstdRand, mixSeed } from '../util/rng.js';
import { Bagging } from './bagging.js';
import { EarlyStopping } from './early-stopping.js';
import { formatEvalLine, type EvalResult } from './eval-log.js';
import { alignColumns } from './align-columns.js';
import { collectGarbage } from '../util/collect-garbage.js';
import { valueReleaser } from './value-release.js';
import { addLeafValues, leafRows } from './leaf-margins.js';
import { ParallelPartitioner } from '../parallel/parallel-partition.js';
import { ParallelLeafAdder } from '../parallel/parallel-leaf-add.js';
import { fitBinMapperParallel } from '../parallel/parallel-fit.js';
import { binColumnsParallel, rowMajorParallel } from '../parallel/parallel-binning.js';
import { SharedEvalMargins } from '../parallel/parallel-eval-margins.js';
import { ParallelPointwise } from '../parallel/parallel-pointwise.js';
import { continuation } from './continuation.js';

/** Task ids of the per-round random streams (mixSeed's third input). */
const TASK_COLUMN_SAMPLE = 0xfffffff1;

/** A named evaluation set. */
export interface EvalSet {
  name: string;
  data: Dataset;
}

export interface TrainOptions {
  /** Evaluation sets, evaluated every round in this order (`train` is added first when `evalTrain`). */
  evals?: EvalSet[];
  /** Also evaluate on the training data under the name `train` (default true when evals are given). */
  evalTrain?: boolean;
  /** Receives each eval log line (XGBoost's format). Defaults to nothing. */
  log?: (line: string) => void;
  /** Called after every round; return `false` to stop training. */
  onIteration?: (iteration: number, results: readonly EvalResult[]) => boolean | void;
  /**
   * A model to continue from (ours or XGBoost's): its trees come first, training margins start
   * from its predictions, its saved parameters are the defaults of this run and round numbers
   * (random streams, unbiased position biases) continue where it stopped, so 60 rounds then 40
   * more give the same model as 100 in one go.
   */
  initModel?: Model;
  /** Checkpoints: every `every` rounds, `write` receives the complete model so far (awaited). */
  checkpoint?: { every: number; write: (model: Model) => Promise<void> };
  /** Polled after every round: true finishes training early (the CLI's SIGINT/SIGTERM). */
  shouldStop?: () => boolean;
  /**
   * Release the training data's feature values once they are binned (LightGBM's `free_raw_data`):
   * every `data.columns[f]` is replaced by an empty Float32Array, so the float values (4 bytes per
   * cell, 4x the u8 codes) can be collected during training. The dataset can then no longer be
   * predicted on or trained on again. Default false. The CLI sets it.
   */
  freeRawData?: boolean;
}

/** What training produced: the model and the evaluation history. */
export interface TrainResult {
  model: Model;
  /** history[i] = results of round i of this run. */
  history: EvalResult[][];
  bestIteration: number;
  /** True when `shouldStop` ended training before num_round. */
  interrupted: boolean;
  /** What the objective says about the run (e.g. which positions Unbiased LambdaMART tracked), one line each. */
  notes: string[];
}

function objectiveData(data: Dataset): ObjectiveData {
  if (!data.label) throw new DataError({ file: data.source }, 'training data has no label column (give --label)');
  return {
    label: data.label,
    weight: data.weight,
    queryOffsets: data.queryOffsets,
    position: data.position,
    nRows: data.nRows,
    source: data.source,
  };
}

/**
 * Trains a model. Throws UserError (ParamError, DataError) for bad parameters or data, and for a
 * run that cannot fit in memory (refused up front by estimate, or when an allocation fails).
 */
export async function trainModel(input: ParamInput | Params, data: Dataset, options: TrainOptions = {}): Promise<TrainResult> {
  try {
    return await trainModelUnchecked(input, data, options);
  } catch (e) {
    if (isAllocationFailure(e)) throw allocationError(e);
    throw e;
  }
}

async function trainModelUnchecked(input: ParamInput | Params, data: Dataset, options: TrainOptions): Promise<TrainResult> {
  const init = options.initModel ? continuation(options.initModel, data) : null;
  const params = resolveParams({ ...init?.defaults, ...(input as ParamInput) });
  if (data.nRows === 0) throw new DataError({ file: data.source }, 'training data has no rows');
  const objective = createObjective(params);
  const od = objectiveData(data);
  if (init) init.restoreObjective(objective);
  objective.init(od);
  const evals = options.evals ?? [];
  for (const e of evals) {
    if (!e.data.label) throw new DataError({ file: e.data.source }, `evaluation set ${e.name} has no label column`);
  }

  const baseScore = init
    ? init.model.baseScore
    : params.base_score !== undefined ? Math.fround(params.base_score) : objective.initBaseScore(od);
  const baseMargin = objective.probToMargin(baseScore);
  if (!Number.isFinite(baseMargin)) {
    throw new UserError(`base_score ${baseScore} has no finite margin for ${objective.name}`);
  }

  // Threads: the calling thread plus threads - 1 pool workers over the kernels' shared memory.
  const threads = resolveThreads(params.nthread);
  // With freeRawData the caller hands the data over: collections here return the loader's and the
  // cut search's garbage before the bin codes are allocated, the peak of training's memory.
  if (options.freeRawData) collectGarbage();
  const n = data.nRows;
  const kernels = selectKernels(params.kernel, threads > 1);
  // With workers, the cut search stages features in a scratch area whose pages the bin codes then reuse.
  const sharedMemory = threads > 1 ? kernels.shared : null;
  let mapper: BinMapper;
  if (sharedMemory) {
    const mark = sharedMemory.mark();
    mapper = await fitBinMapperParallel(data, params.max_bin, kernels, sharedMemory.f32(2 * n), threads);
    sharedMemory.release(mark);
  } else {
    mapper = fitBinMapper(data, params.max_bin);
  }
  if (options.freeRawData) collectGarbage();
  checkMemory({
    nRows: data.nRows,
    nFeatures: data.nFeatures,
    histSlots: mapper.histOffsets[data.nFeatures]!,
    binBytes: params.max_bin < 256 ? 1 : 2,
    maxDepth: params.max_depth,
    maxLeaves: params.max_leaves,
    growPolicy: params.grow_policy,
  }, threads > 1 || params.kernel !== 'ts', params.max_bin);
  // Starting margins need the values: computed before they may be released.
  const marginsStart = init ? init.margins(data) : null;
  // The codes are made column-major first (the partition's layout; only one code matrix may live
  // beside the values), with workers on two threads (parallel-binning.ts); with freeRawData each
  // feature's values are released as soon as they are binned (value-release.ts). The row-major
  // codes the histograms read come from them once the values are gone.
  const valuesDone = options.freeRawData ? valueReleaser(data) : undefined;
  const columns = sharedMemory
    ? await binColumnsParallel(data, mapper, kernels, threads, valuesDone)
    : binColumns(data, mapper, kernels, valuesDone);
  // In the kernels' shared memory when workers update them (ParallelLeafAdder).
  const margins = sharedMemory ? kernels.memory.f32(n) : new Float32Array(n);
  if (marginsStart) margins.set(marginsStart);
  else margins.fill(baseMargin);
  if (options.freeRawData) {
    collectGarbage();
    // V8 returns the values' memory on a background thread after the collection; a second one waits
    // for that, so the transposition's new pages (both threads busy) never come on top of the values.
    collectGarbage();
  }
  const binned = await rowMajorParallel(columns, kernels, threads);
  const builder = sharedMemory ? new ParallelHistogramBuilder(kernels, mapper, binned, threads) : null;
  // Random streams are derived from (seed, round), so a run continued from round k draws exactly
  // what an uninterrupted run draws: no generator state has to be saved.
  const colRng = new MinstdRand(1);
  const sampler = new FeatureSampler(
    data.nFeatures, params.colsample_bytree, params.colsample_bylevel, params.colsample_bynode, () => colRng.nextFloat(),
  );
  const growParams = {
    eta: params.eta,
    gamma: params.gamma,
    lambda: params.lambda,
    alpha: params.alpha,
    maxDeltaStep: params.max_delta_step,
    minChildWeight: params.min_child_weight,
    maxDepth: params.max_depth,
    maxLeaves: params.max_leaves,
    growPolicy: params.grow_policy,
    minDataInLeaf: params.min_data_in_leaf,
  };
  const splitFinder = builder ? new ParallelSplitFinder(kernels, mapper, growParams, threads) : null;
  const partitioner = builder ? new ParallelPartitioner(kernels, threads) : null;
  const leafAdder = builder ? new ParallelLeafAdder(kernels, threads) : null;
  const grower = new TreeGrower(kernels, mapper, binned, growParams, sampler, builder, splitFinder, partitioner, columns.codes);
  const bagging = new Bagging(params, data.queryOffsets, n);
  grower.setBag(bagging.mask);

  const gh = kernels.memory.f32(2 * n);
  const parallelGradients = builder ? ParallelLambdaRank.create(kernels, objective, n, threads) : null;
  const parallelPointwise = builder ? ParallelPointwise.create(kernels, objective, pointwiseOptions(params), od.label, od.weight, threads) : null;
  const metrics = makeMetrics(params, objective);
  const evalTrain = options.evalTrain ?? evals.length > 0;
  const evalSets = evals.map((e) => {
    const columns = alignColumns(data, e.data);
    const start = init ? init.margins(e.data) : new Float32Array(e.data.nRows).fill(baseMargin);
    // With workers, large sets are updated on two threads from a shared copy (its margins are then the shared ones).
    const shared = builder ? SharedEvalMargins.create(kernels, columns, start, threads) : null;
    return {
      name: e.name, columns, shared, margins: shared ? shared.margins : start,
      preds: new Float32Array(e.data.nRows), md: metricDataOf(e.data),
    };
  });
  const trainEval = evalTrain ? { name: 'train', margins, preds: new Float32Array(n), md: metricDataOf(data) } : null;
  /** Appends every metric of one evaluation target (predictions in output space) to `out`. */
  const evaluate = (t: { name: string; margins: Float32Array; preds: Float32Array; md: MetricData }, out: EvalResult[]): void => {
    t.preds.set(t.margins);
    objective.transform(t.preds);
    for (const m of metrics) out.push({ data: t.name, metric: m.name, value: m.evaluate(t.preds, t.md) });
  };
  const trees: Tree[] = init ? [...init.model.trees] : [];
  const firstRound = trees.length;
  const history: EvalResult[][] = [];
  const last = metrics[metrics.length - 1]!;
  const stopper = new EarlyStopping(params.early_stopping_rounds, last.higherIsBetter);
  const log = options.log ?? (() => {});

  const buildModel = (attributes: Record<string, string>): Model => ({
    version: [1, 7, 4],
    objective: { name: objective.name, json: objective.toJSON() },
    baseScore,
    nFeatures: data.nFeatures,
    featureNames: data.hasFeatureNames ? [...data.featureNames] : [],
    featureTypes: data.hasFeatureNames ? data.featureNames.map(() => 'float') : [],
    trees: [...trees],
    treeInfo: new Int32Array(trees.length),
    nOutputGroups: 1,
    treeWeights: new Float32Array(trees.length).fill(1),
    attributes,
    // XGBoost writes boost_from_average 0 when the user gave base_score.
    ...(params.base_score !== undefined || init?.model.boostFromAverage === false ? { boostFromAverage: false } : {}),
    // num_round is saved as the number of rounds the model holds, so a continued run saves what
    // an uninterrupted one does.
    extra: { params: { ...savedParams(params), num_round: trees.length }, ...objectiveExtra(objective) },
  });

  let interrupted = false;
  for (let k = 0; k < params.num_round; k++) {
    const it = firstRound + k;
    if (parallelGradients) await parallelGradients.gradients(margins, gh, it);
    else if (parallelPointwise) await parallelPointwise.gradients(margins, gh);
    else objective.gradients(margins, gh, it);
    colRng.reseed(mixSeed(params.seed, it, TASK_COLUMN_SAMPLE));
    bagging.apply(it, gh);
    const grown = await grower.growAsync(gh);
    trees.push(grown.tree);
    const { leafNodes, leafWindows, rows } = grown;
    const leafValue = objective.leafValue;
    if (leafValue) {
      // Adaptive leaves (reg:absoluteerror): recompute each leaf's output from its rows.
      for (let leaf = 0; leaf < leafNodes.length; leaf++) {
        const [lr, start, end] = leafRows(rows, leafWindows, leaf);
        const v = Math.fround(params.eta * leafValue(lr, start, end, margins, gh));
        grown.tree.splitCondition[leafNodes[leaf]!] = v;
        grown.tree.baseWeight[leafNodes[leaf]!] = v;
      }
    }
    // Each leaf's two windows (node-rows.ts) get its value.
    const windows: number[] = [];
    for (let leaf = 0; leaf < leafNodes.length; leaf++) {
      const v = grown.tree.splitCondition[leafNodes[leaf]!]!;
      windows.push(leafWindows[4 * leaf]!, leafWindows[4 * leaf + 1]!, v, leafWindows[4 * leaf + 2]!, leafWindows[4 * leaf + 3]!, v);
    }
    if (leafAdder) await leafAdder.add(rows, margins, windows);
    else addLeafValues(rows, margins, windows, 0, windows.length / 3);
    const results: EvalResult[] = [];
    if (trainEval || evalSets.length > 0) {
      if (trainEval) evaluate(trainEval, results);
      for (const e of evalSets) {
        if (e.shared) await e.shared.addTree(grown.tree);
        else addTreeToMargins(grown.tree, e.columns, e.margins);
        evaluate(e, results);
      }
      history.push(results);
      log(formatEvalLine(it, results));
    }
    let stop = options.onIteration?.(it, results) === false;
    if (results.length > 0 && params.early_stopping_rounds > 0) {
      if (stopper.update(it, results[results.length - 1]!.value)) stop = true;
    }
    if (options.checkpoint && (k + 1) % options.checkpoint.every === 0 && k + 1 < params.num_round) {
      await options.checkpoint.write(buildModel({}));
    }
    if (!stop && options.shouldStop?.()) {
      interrupted = true;
      stop = true;
    }
    if (stop) break;
    // Yield to the event loop between rounds so signals and progress output are handled.
    if ((it & 7) === 7) await new Promise<void>((res) => setImmediate(res));
  }

  let bestIteration = trees.length - 1;
  const attributes: Record<string, string> = {};
  if (params.early_stopping_rounds > 0 && stopper.bestIteration >= 0 && !interrupted) {
    bestIteration = stopper.bestIteration;
    trees.length = bestIteration + 1;
    attributes.best_iteration = String(bestIteration);
    attributes.best_score = String(stopper.bestScore);
  }
  const model = buildModel(attributes);
  return { model, history, bestIteration, interrupted, notes: objective.notes?.() ?? [] };
}

function objectiveExtra(objective: Objective): Record<string, unknown> {
  const b = objective.positionBiasJSON?.();
  return b ? { position_bias: b } : {};
}

function makeMetrics(params: Params, objective: Objective): Metric[] {
  const names = params.eval_metric.length > 0 ? params.eval_metric : [objective.defaultMetric];
  return names.map((m) => createMetric(m, { ndcgExpGain: params.ndcg_exp_gain, huberSlope: params.huber_slope }));
}
