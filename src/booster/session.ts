/**
 * A training session, set up once: parameters and objective, the memory plan (threads, kernels),
 * the executor, binning, the training data's arrays written once into the kernels' memory, the
 * grower, the evaluation targets. The boosting loop (train.ts) then only tells the story of a
 * round through `round*` methods; nothing in it depends on the thread count.
 */
import { fitBinMapper, mapperFromCuts, missingFeatures, placeMapper, type BinMapper } from '../binning/bin-mapper.js';
import { lightgbmCuts } from '../kernels/ts/lightgbm-bins.js';
import { lightgbmCutsParallel } from '../binning/lightgbm-cuts-parallel.js';
import { binColumnsParallel, rowMajorParallel } from '../binning/parallel-binning.js';
import { fitBinMapperParallel } from '../binning/parallel-fit.js';
import { weightRule } from '../objective/ranking-weights.js';
import type { Dataset } from '../data/dataset.js';
import { DataError, ParamError, UserError } from '../errors.js';
import type { KernelMemory } from '../kernels/kernels.js';
import { Bagging } from './bagging.js';
import { metricDataOf, type Metric } from '../metric/metric.js';
import { checkMetricOutputs, createMetric } from '../metric/registry.js';
import type { Model } from '../model-io/model.js';
import { LightGbmRankObjective } from '../objective/lightgbm-rank.js';
import type { Objective, ObjectiveData } from '../objective/objective.js';
import { createObjective, pointwiseOptions } from '../objective/registry.js';
import { createExecutor, type Executor } from '../parallel/executor.js';
import { LockstepExecutor } from '../parallel/lockstep.js';
import { resolveParams } from '../params/resolve.js';
import { zeroMeans, type ParamInput, type Params } from '../params/schema.js';
import { FeatureSampler } from '../tree/feature-sampler.js';
import { InteractionConstraints } from '../tree/interaction-constraints.js';
import { resolveTrainConstraints } from '../params/train-constraints.js';
import { TreeGrower, type GrownTree } from '../tree/grower.js';
import { markMissing } from '../data/missing-value.js';
import type { PhaseTimer } from './phase-timer.js';
import type { Tree } from '../tree/tree.js';
import { collectGarbage } from '../util/collect-garbage.js';
import { MinstdRand, mixSeed } from '../util/rng.js';
import { alignColumns } from './align-columns.js';
import { continuation } from './continuation.js';
import { leafDoubles } from './double-scores.js';
import type { EvalResult } from './eval-log.js';
import { EvalTarget } from './eval-targets.js';
import { gradientStage, type GradientStage } from './gradients.js';
import { addLeafScores, addLeafWindows } from './leaf-margins.js';
import { leafValueWindows, refreshLeaves } from './leaf-refresh.js';
import { checkSessionMemory, placement, sideBySide } from './memory-plan.js';
import { assembleModel, type ModelFacts } from './model-assembly.js';
import { categoricalParams } from '../split/finder.js';
import type { EvalSet, TrainOptions } from './train.js';
import { valueReleaser } from './value-release.js';

/** Whether a round's K trees may grow side by side (roundTrees); false only in benchmarks' A/B runs. */
let sideBySideAllowed = true;

/** Benchmarks only: false grows every round's trees one after the other (the same models); true restores the default. */
export function setSideBySideForTesting(allowed: boolean): void {
  sideBySideAllowed = allowed;
}

/** Task ids of the per-round random streams (mixSeed's third input). */
const TASK_COLUMN_SAMPLE = 0xfffffff1;

export class TrainingSession {
  private readonly colRng: MinstdRand;
  private readonly trainTarget: EvalTarget | null;

  private constructor(
    readonly params: Params,
    private readonly objective: Objective,
    private readonly executor: Executor,
    /**
     * One grower, or K (one per output group) grown side by side on `lockstep` (roundTrees); each
     * grower's tree windows stay valid until that grower grows again.
     */
    private readonly growers: readonly TreeGrower[],
    private readonly lockstep: LockstepExecutor | null,
    /** Side by side with per-tree bags: each grower's copy of its tree's bag mask (Uint8Array, length nRows). */
    private readonly bagMasks: readonly Uint8Array[] | null,
    private readonly gradientsOf: GradientStage,
    /** K Float32Arrays, length nRows each (the kernels' memory): training margins of each output group. */
    private readonly margins: readonly Float32Array[],
    /** K Float32Arrays, length 2 * nRows each (the kernels' memory): each output group's gradient pairs. */
    private readonly gh: readonly Float32Array[],
    private readonly validation: readonly EvalTarget[],
    trainTarget: EvalTarget | null,
    private readonly metrics: readonly Metric[],
    private readonly facts: ModelFacts,
    colRng: MinstdRand,
    /** Trees of the model continued from, then this run's. */
    readonly trees: Tree[],
    /** Which rows each round's tree sees (subsample, bagging_freq, bagging_by_query). */
    private readonly bagging: Bagging,
    /**
     * LightGBM's objectives: Float64Array, length nRows (the kernels' memory), the double training
     * scores their gradients read (LightGBM's ScoreUpdater); `margins` holds them rounded. Else null.
     */
    private readonly scores: Float64Array | null,
    /** With `scores`: each tree's double leaf values (its leaves in node-id order), saved in the model. */
    private readonly leafValues: Float64Array[],
  ) {
    this.trainTarget = trainTarget;
    this.colRng = colRng;
    this.firstRound = trees.length / margins.length;
    this.nGroups = margins.length;
  }

  /** Trees per round: K output groups (multi-class), else 1. Round `it`'s tree of group k is trees[it * K + k]. */
  readonly nGroups: number;

  /** The round whose gradients were computed last (roundGradients), whose trees roundTrees grows. */
  private round = 0;

  /** The round number of the first round of this run (the continued model's round count). */
  readonly firstRound: number;

  /**
   * Sets a session up. Throws UserError (ParamError, DataError) for bad parameters or data, and for
   * a run refused up front by the memory estimate.
   */
  static async open(input: ParamInput | Params, data: Dataset, options: TrainOptions): Promise<TrainingSession> {
    const init = options.initModel ? continuation(options.initModel, data) : null;
    const params = resolveParams({ ...init?.defaults, ...(input as ParamInput) });
    if (data.nRows === 0) throw new DataError({ file: data.source }, 'training data has no rows');
    checkCategorical(params, data);
    // Constraints read against the data's features; params then hold their saved forms.
    const constraints = resolveTrainConstraints(params, data.hasFeatureNames ? data.featureNames : undefined, data.nFeatures);
    if (constraints.monotone !== null && (data.categories?.some((c) => c !== null) ?? false)) {
      throw new ParamError('monotone_constraints with categorical features are not implemented (XGBoost bounds their partition splits too): give the categorical columns as numbers or drop the constraints');
    }
    const evals = options.evals ?? [];
    // XGBoost's `missing` sentinel: its cells become NaN in the training and evaluation data (in place).
    if (params.missing !== undefined) {
      markMissing(data.columns, params.missing);
      for (const e of evals) markMissing(e.data.columns, params.missing);
    }
    for (const e of evals) {
      if (!e.data.label) throw new DataError({ file: e.data.source }, `evaluation set ${e.name} has no label column`);
    }
    const { threads, kernels } = placement(params);
    const executor = createExecutor(kernels, threads);
    const objective = createObjective(params);
    if (constraints.monotone !== null && objective.leafValue) {
      throw new ParamError(`monotone_constraints with ${objective.name}: its leaves are set to their rows' residual quantile after the tree is grown, which the monotone bounds do not limit, so the model could break the constraint (not implemented)`);
    }
    // The training data's arrays, written once into the kernels' memory for every stage and thread.
    const od = placeObjectiveData(data, kernels.shared ? kernels.memory : null);
    if (init) init.restoreObjective(objective);
    objective.init(od);

    const K = objective.nGroups ?? 1;
    if (init && (init.model.nOutputGroups !== K)) {
      throw new UserError(`continued training of a model with ${init.model.nOutputGroups} output groups as ${objective.name} with ${K} is not supported`);
    }
    const baseScore = init
      ? init.model.baseScore
      : params.base_score !== undefined ? Math.fround(params.base_score) : K > 1 ? 0.5 : objective.initBaseScore(od);
    // Multi-class: each class's intercept (XGBoost 3.4.1's InitEstimation), or the given base_score
    // for every class; continued: the model's (a file written here carries them in its first round's
    // leaves with base_score 0, so its margins start from 0 + those leaves, as XGBoost's do).
    const baseScores = K === 1 ? null
      : init ? init.model.baseScores?.slice() ?? new Float32Array(K).fill(baseScore)
      : params.base_score !== undefined ? new Float32Array(K).fill(baseScore) : objective.initBaseScores!(od);
    const baseMargins = baseScores ? Array.from(baseScores, (b) => objective.probToMargin(b)) : [objective.probToMargin(baseScore)];
    for (const m of baseMargins) {
      if (!Number.isFinite(m)) throw new UserError(`base_score ${baseScore} has no finite margin for ${objective.name}`);
    }

    // With freeRawData the caller hands the data over: collections here return the loader's and the
    // cut search's garbage before the bin codes are allocated, the peak of training's memory.
    if (options.freeRawData) collectGarbage();
    const n = data.nRows;
    // With workers, the cut search stages features in a scratch area whose pages the bin codes then reuse.
    options.timer?.mark();
    // Given cuts (cv's, fitted once on every row of the folds' parent) replace the cut search.
    const fitted = options.binMapper ?? await searchCuts(params, data, objective.name, executor, threads > 1 || kernels.name === 'wasm' ? kernels.shared : null);
    if (fitted.nFeatures !== data.nFeatures) throw new UserError(`the given bin mapper has ${fitted.nFeatures} features, the data ${data.nFeatures}`);
    options.timer?.lap('cuts');
    if (options.freeRawData) collectGarbage();
    checkSessionMemory(data, fitted, params, kernels);
    const mapper = placeMapper(fitted, kernels.memory);
    // Starting margins need the values: computed before they may be released. LightGBM's objectives
    // start from double scores (continued: rebuilt from the model's double leaf values), and their
    // margins are those scores rounded, so only the scores are computed.
    const lightgbm = lightgbmArithmetic(objective);
    const leafValues = init && lightgbm ? leafDoubles(init.model.trees, init.model.extra.leaf_values, 'initial model') : [];
    const scoresStart = init && lightgbm ? init.scores(data, leafValues, baseMargins[0]!) : null;
    const marginsStart = init && !lightgbm ? init.margins(data) : null;
    // The codes are made column-major first (the partition's layout; only one code matrix may live
    // beside the values); with freeRawData each feature's values are released as soon as they are
    // binned (value-release.ts). The row-major codes the histograms read come from them once the
    // values are gone.
    const valuesDone = options.freeRawData ? valueReleaser(data) : undefined;
    const columns = await binColumnsParallel(data, mapper, executor, valuesDone);
    const margins = baseMargins.map(() => kernels.memory.f32(n));
    if (marginsStart) margins.forEach((m, k) => m.set(marginsStart[k]!));
    else margins.forEach((m, k) => m.fill(baseMargins[k]!));
    if (options.freeRawData) {
      collectGarbage();
      // V8 returns the values' memory on a background thread after the collection; a second one waits
      // for that, so the transposition's new pages (both threads busy) never come on top of the values.
      collectGarbage();
    }
    const binned = await rowMajorParallel(columns, executor);
    options.timer?.lap('binning');
    // Random streams are derived from (seed, round), so a run continued from round k draws exactly
    // what an uninterrupted run draws: no generator state has to be saved.
    const colRng = new MinstdRand(1);
    const sampler = (): FeatureSampler => new FeatureSampler(
      data.nFeatures, params.colsample_bytree, params.colsample_bylevel, params.colsample_bynode, () => colRng.nextFloat(),
      constraints.featureWeights,
    );
    // The K trees of a round side by side (roundTrees): with workers, when every column draw of a
    // tree happens as it starts (colsample_bytree only: the trees, started in class order, then draw
    // what they draw one after the other) and the K growers' buffers fit.
    const nGrowers = sideBySideAllowed && threads > 1 && K > 1 && params.colsample_bylevel === 1 && params.colsample_bynode === 1 &&
      sideBySide(data, fitted, params, kernels, K) ? K : 1;
    const lockstep = nGrowers > 1 ? new LockstepExecutor(executor) : null;
    const growParams = {
      eta: params.eta, gamma: params.gamma, lambda: params.lambda, alpha: params.alpha,
      // XGBoost's learner sets max_delta_step = 0.7 for count:poisson when it is unset, for the
      // objective and the tree alike (learner.cc, kMaxDeltaStepDefaultValue)
      maxDeltaStep: params.max_delta_step > 0 ? params.max_delta_step : zeroMeans('max_delta_step', params.objective),
      minChildWeight: params.min_child_weight, maxDepth: params.max_depth, maxLeaves: params.max_leaves, growPolicy: params.grow_policy,
      minDataInLeaf: params.min_data_in_leaf, categorical: categoricalParams(params), lightgbm,
    };
    // LightGBM's scan's per-feature missing flags: one pass over the codes, shared by the K growers
    const nanFeatures = params.min_data_in_leaf > 0 ? missingFeatures(mapper, binned) : undefined;
    const growers = Array.from({ length: nGrowers }, () => new TreeGrower({
      kernels, mapper, binned, sampler: sampler(), executor: lockstep ?? executor, partBins: columns.codes, params: growParams, nanFeatures,
      monotone: constraints.monotone,
      interaction: constraints.interaction === null ? null : new InteractionConstraints(constraints.interaction, data.nFeatures),
    }));
    // LightGBM's objectives: double scores, and the margins from them
    let scores: Float64Array | null = null;
    if (lightgbm) {
      scores = kernels.memory.f64(n);
      if (scoresStart) scores.set(scoresStart);
      else scores.fill(baseMargins[0]!);
      const m = margins[0]!;
      for (let r = 0; r < n; r++) m[r] = scores[r]!;
    }
    const bagging = new Bagging(params, data.queryOffsets, n);
    const bagMasks = nGrowers > 1 && bagging.perTree(K) ? growers.map(() => new Uint8Array(n)) : null;
    growers.forEach((g, k) => g.setBag(bagMasks ? bagMasks[k]! : bagging.mask));
    const gh = margins.map(() => kernels.memory.f32(2 * n));
    const gradients = gradientStage(executor, kernels.memory, objective, pointwiseOptions(params), od);
    const evalTrain = options.evalTrain ?? evals.length > 0;
    const validation = evals.map((e) => validationTarget(
      e, data, init ? init.margins(e.data) : baseMargins.map((m) => new Float32Array(e.data.nRows).fill(m)), executor, kernels.memory,
    ));
    const trainTarget = evalTrain ? EvalTarget.training(margins, metricDataOf(data), executor) : null;
    const facts: ModelFacts = {
      params, objective, baseScore, ...(baseScores ? { baseScores } : {}), nFeatures: data.nFeatures, featureNames: data.hasFeatureNames ? data.featureNames : [],
      boostFromAverage: !(params.base_score !== undefined || init?.model.boostFromAverage === false),
      // Text labels the loader mapped (label-map.ts), so predict can write them back.
      labelNames: data.labelNames ?? (Array.isArray(init?.model.extra.label_names) ? init.model.extra.label_names as unknown[] : null),
      ...(data.categories?.some((c) => c !== null) ? { categories: data.categories, ...(init?.model.cats ? { cats: init.model.cats } : {}) } : {}),
    };
    return new TrainingSession(
      params, objective, executor, growers, lockstep, bagMasks, gradients, margins, gh, validation, trainTarget, makeMetrics(params, objective), facts, colRng,
      init ? [...init.model.trees] : [], bagging, scores, leafValues,
    );
  }

  /** Whether the last metric is better when higher (early stopping's direction). */
  get higherIsBetter(): boolean {
    return this.metrics[this.metrics.length - 1]!.higherIsBetter;
  }

  /** True when rounds are evaluated (a training or validation target). */
  get evaluates(): boolean {
    return this.trainTarget !== null || this.validation.length > 0;
  }

  /** Round `it`'s gradient pairs from the current margins, rows left out by subsampling zeroed. */
  async roundGradients(it: number): Promise<void> {
    this.round = it;
    if (this.nGroups === 1) await this.gradientsOf(this.scores ?? this.margins[0]!, this.gh[0]!, it);
    else this.objective.gradientsGroups!(this.margins, this.gh, it);
    const p = this.params;
    this.colRng.reseed(mixSeed(p.seed, it, TASK_COLUMN_SAMPLE));
    // One bag for the round's trees, unless each tree draws its own (roundTrees).
    if (!this.bagging.perTree(this.nGroups)) for (const gh of this.gh) this.bagging.apply(it, gh);
  }

  /**
   * Grows the round's trees, one per output group (adaptive leaves refreshed), appends them to the
   * model in group order and adds each to its group's training and validation margins. The trees
   * only read the round's gradients, so they are grown one after the other on one grower (each
   * tree's margins added before the next overwrites its row windows), or side by side on K
   * growers (LockstepExecutor: each dispatch carries every tree's batch of the same step). Both
   * give the same trees. Side by side, the trees' phases are timed as one ('trees side by side').
   * @returns false, with nothing appended, when a LightGBM objective's tree after the first has no
   *   split: training ends there, as in LightGBM.
   */
  async roundTrees(timer?: PhaseTimer): Promise<boolean> {
    const K = this.nGroups;
    // XGBoost's subsample with K output groups: each tree its own bag, drawn as it is grown.
    const perTree = this.bagging.perTree(K);
    if (this.lockstep === null) {
      for (let k = 0; k < K; k++) {
        if (perTree) this.bagging.apply(this.round, this.gh[k]!, k);
        const grown = await this.growers[0]!.grow(this.gh[k]!, timer);
        // LightGBM's objectives (one output): a tree without a split after the first ends training
        // and is not kept, as LightGBM's GBDT::TrainOneIter pops it ("no more leaves that meet the
        // split requirements"); XGBoost keeps stumps.
        if (this.scores !== null && grown.tree.left.length === 1 && this.trees.length > 0) return false;
        this.finishTree(grown, k);
        await this.roundMargins(grown, k);
      }
      return true;
    }
    if (perTree) {
      for (let k = 0; k < K; k++) {
        this.bagging.apply(this.round, this.gh[k]!, k);
        this.bagMasks![k]!.set(this.bagging.mask!);
      }
    }
    const grown = await this.lockstep.all(this.growers.map((g, k) => () => g.grow(this.gh[k]!)));
    timer?.lap('trees side by side');
    for (let k = 0; k < K; k++) this.finishTree(grown[k]!, k);
    for (let k = 0; k < K; k++) await this.roundMargins(grown[k]!, k);
    return true;
  }

  /** Refreshes adaptive leaves of group `k`'s grown tree and appends it to the model. */
  private finishTree(grown: GrownTree, k: number): void {
    refreshLeaves(this.objective, this.params.eta, grown, this.margins[k]!, this.gh[k]!);
    this.trees.push(grown.tree);
    if (this.scores !== null) this.leafValues.push(Float64Array.from(grown.leafValues));
  }

  /** Adds group `k`'s tree to the training margins (from its leaf windows) and to every validation set's. */
  private async roundMargins(grown: GrownTree, k: number): Promise<void> {
    if (this.scores !== null) addLeafScores(grown.rows, this.scores, this.margins[k]!, leafValueWindows(grown));
    else await addLeafWindows(this.executor, grown.rows, this.margins[k]!, leafValueWindows(grown));
    for (const e of this.validation) await e.addTree(grown.tree, k);
  }

  /** Every metric of every target after this round (empty when nothing is evaluated). */
  roundResults(): EvalResult[] {
    const results: EvalResult[] = [];
    this.trainTarget?.evaluate(this.objective, this.metrics, results);
    for (const e of this.validation) e.evaluate(this.objective, this.metrics, results);
    return results;
  }

  /** What the objective says about the run (e.g. which positions Unbiased LambdaMART tracked), one line each. */
  objectiveNotes(): string[] {
    return this.objective.notes?.() ?? [];
  }

  /** The model of the first `nRounds` rounds (all by default). */
  model(attributes: Record<string, string> = {}, nRounds = this.trees.length / this.nGroups): Model {
    const nTrees = nRounds * this.nGroups;
    return assembleModel(this.facts, this.trees.slice(0, nTrees), attributes, this.scores !== null ? this.leafValues.slice(0, nTrees) : undefined);
  }
}

/**
 * Whether training keeps LightGBM's arithmetic (double scores and leaf values; GrowParams.lightgbm):
 * for LightGBM's objectives, lambdarank and rank_xendcg; the same test gradients.ts makes to hand
 * them the double scores.
 */
function lightgbmArithmetic(objective: Objective): boolean {
  return objective instanceof LightGbmRankObjective;
}

/** The data's objective inputs, its arrays copied into `memory` (the kernels' shared memory) when given. */
function placeObjectiveData(data: Dataset, memory: KernelMemory | null): ObjectiveData {
  if (!data.label) throw new DataError({ file: data.source }, 'training data has no label column (give --label)');
  const f32 = (a: Float32Array): Float32Array => {
    const c = memory!.f32(a.length);
    c.set(a);
    return c;
  };
  const u32 = (a: Uint32Array | Int32Array): Uint32Array => {
    const c = memory!.u32(a.length);
    c.set(a);
    return c;
  };
  const shared = memory !== null;
  const position = data.position && shared ? u32(data.position) : null;
  return {
    label: shared ? f32(data.label) : data.label,
    weight: data.weight && shared ? f32(data.weight) : data.weight,
    queryOffsets: data.queryOffsets && shared ? u32(data.queryOffsets) : data.queryOffsets,
    position: position ? new Int32Array(position.buffer, position.byteOffset, position.length) : data.position,
    nRows: data.nRows,
    source: data.source,
    ...(data.labelName !== undefined ? { labelName: data.labelName } : {}),
  };
}

/**
 * The row weights of the cut sketch, as XGBoost's HostSketchContainer takes them: the sample
 * weights, or for rank:* under the group rule (ranking_weight) each query's weight, its first
 * row's, on every row of the query (UnrollGroupWeights).
 */
export function sketchWeights(data: Dataset, objectiveName: string, rankingWeight: 'auto' | 'group' | 'row'): Float32Array | null {
  const w = data.weight;
  const offsets = data.queryOffsets;
  if (!w || !offsets || !objectiveName.startsWith('rank:') || weightRule(rankingWeight, 'group') !== 'group') return w;
  const out = new Float32Array(w.length);
  for (let q = 0; q + 1 < offsets.length; q++) out.fill(w[offsets[q]!]!, offsets[q]!, offsets[q + 1]!);
  return out;
}

/**
 * Whether the bins are LightGBM's (bin_construction; auto: for LightGBM's ranking objectives on data
 * without categorical features, whose codes the categorical split search bins itself).
 * @throws ParamError for bin_construction lightgbm on data with categorical features.
 */
export function usesLightGbmBins(params: Pick<Params, 'bin_construction' | 'objective'>, data: Pick<Dataset, 'categories'>): boolean {
  const categorical = data.categories?.some((c) => c !== null) ?? false;
  if (params.bin_construction === 'lightgbm' && categorical) {
    throw new ParamError('bin_construction lightgbm bins numerical features only: give bin_construction xgboost (or auto) for data with categorical features');
  }
  return params.bin_construction === 'lightgbm' ||
    (params.bin_construction === 'auto' && !categorical && (params.objective === 'lambdarank' || params.objective === 'rank_xendcg'));
}

/**
 * Categorical features split by category sets (src/kernels/ts/categorical-split.ts) under XGBoost's hist
 * rules; LightGBM's min_data_in_leaf scan has no categorical twin here, so it is refused with them.
 */
function checkCategorical(params: Params, data: Dataset): void {
  const f = data.categories?.findIndex((c) => c !== null) ?? -1;
  if (f >= 0 && params.min_data_in_leaf > 0) {
    throw new ParamError(`min_data_in_leaf is not supported with categorical features (column ${JSON.stringify(data.featureNames[f])} is categorical)`);
  }
}

/** The cut search, with a worker when the kernels' memory is shared (its staging released after). */
/**
 * The cuts a training run on `data` searches, on the calling thread (the one rule, used by training
 * and by cv's shared cuts): LightGBM's bins where usesLightGbmBins says so, else the XGBoost sketch
 * with the objective's sketch weights.
 */
export function searchCutsSerial(params: Params, data: Dataset, objectiveName: string): BinMapper {
  if (usesLightGbmBins(params, data)) {
    return mapperFromCuts(data.columns.map((c) => lightgbmCuts(c, params.max_bin, params.min_data_in_bin, params.min_data_in_leaf)));
  }
  return fitBinMapper(data, params.max_bin, sketchWeights(data, objectiveName, params.ranking_weight));
}

/** searchCutsSerial's cuts (LightGBM's bins, or the sketch run by the kernels), on the workers too when `shared` scratch memory is given (same cuts). */
async function searchCuts(
  params: Params,
  data: Dataset,
  objectiveName: string,
  executor: Executor,
  shared: { mark(): number; release(at: number): void; f32(n: number): Float32Array; u8(n: number): Uint8Array } | null,
): Promise<BinMapper> {
  if (!shared) return searchCutsSerial(params, data, objectiveName);
  const mark = shared.mark();
  try {
    if (usesLightGbmBins(params, data)) return await lightgbmCutsParallel(data, params.max_bin, params.min_data_in_bin, params.min_data_in_leaf, executor, shared);
    return await fitBinMapperParallel(data, params.max_bin, executor, shared, sketchWeights(data, objectiveName, params.ranking_weight));
  } finally {
    shared.release(mark);
  }
}

function validationTarget(e: EvalSet, data: Dataset, start: readonly Float32Array[], executor: Executor, memory: KernelMemory): EvalTarget {
  return EvalTarget.validation(e.name, alignColumns(data, e.data), start, metricDataOf(e.data), executor, memory);
}

function makeMetrics(params: Params, objective: Objective): Metric[] {
  const names = params.eval_metric.length > 0 ? params.eval_metric : [objective.defaultMetric];
  checkMetricOutputs(names, objective.name, objective.nGroups ?? 1);
  return names.map((m) => createMetric(m, {
    ndcgExpGain: params.ndcg_exp_gain, huberSlope: params.huber_slope, quantileAlpha: params.quantile_alpha, nGroups: objective.nGroups ?? 1,
  }));
}
