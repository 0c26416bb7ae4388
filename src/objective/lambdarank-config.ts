/**
 * The LambdaMART settings (XGBoost's LambdaRankParam, xgboost-spec.md §1.2) resolved from the
 * training parameters, and their XGBoost JSON form (`learner.objective.lambdarank_param`).
 */
import { ParamError } from '../errors.js';
import { defaultBy } from '../params/schema.js';
import type { Params } from '../params/schema.js';

/** The ranking objectives, by XGBoost name. */
export type RankingObjectiveName = 'rank:ndcg' | 'rank:pairwise' | 'rank:map';

/** Every ranking objective name. */
export const RANKING_OBJECTIVES: readonly RankingObjectiveName[] = ['rank:ndcg', 'rank:pairwise', 'rank:map'];

/** Which Delta weights a pair: delta NDCG, delta MAP, or 1 (RankNet). */
export type RankingLoss = 'ndcg' | 'map' | 'pairwise';

/** The parameters a ranking objective reads. */
export type RankingParams = Pick<
  Params,
  | 'lambdarank_pair_method'
  | 'lambdarank_num_pair_per_sample'
  | 'lambdarank_normalization'
  | 'lambdarank_score_normalization'
  | 'lambdarank_unbiased'
  | 'lambdarank_bias_norm'
  | 'lambdarank_bias_cost'
  | 'lambdarank_position_base'
  | 'lambdarank_position_overflow'
  | 'ranking_weight'
  | 'ndcg_exp_gain'
  | 'seed'
>;

/** With `mean`, at most this many positions are tracked by Unbiased LambdaMART (spec §1.7). */
export const MAX_TRACKED_POSITIONS_MEAN = 32;
/** What XGBoost writes for an unset `lambdarank_num_pair_per_sample` (uint32 max). */
const NUM_PAIR_NOT_SET = 4294967295;

/** Resolved LambdaMART settings. */
export interface LambdaRankConfig {
  readonly objective: RankingObjectiveName;
  readonly loss: RankingLoss;
  /** `topk`: all pairs with one document in the current top k; `mean`: sampled pairs. */
  readonly pairMethod: 'topk' | 'mean';
  /** Truncation level k (topk) or samples per document m (mean), defaults applied. */
  readonly numPairPerSample: number;
  /** Whether the user set `lambdarank_num_pair_per_sample` (else the default was used). */
  readonly numPairPerSampleSet: boolean;
  /** Per-query log2(1 + S)/S (topk) or 1/m (mean) rescaling (spec §1.6). */
  readonly normalization: boolean;
  /** Divide Delta by |s_h - s_l| + 0.01 (spec §1.5 step 2). */
  readonly scoreNormalization: boolean;
  /** Unbiased LambdaMART (spec §1.7). */
  readonly unbiased: boolean;
  /** p of the Lp regulariser; the position-bias exponent is 1/(1 + p). */
  readonly biasNorm: number;
  /** Pair cost used to estimate position biases (see ranking-position-bias.ts). */
  readonly biasCost: 'xgboost' | 'paper';
  /** Displayed position of the top slot, or null: the smallest position in the training data. */
  readonly positionBase: number | null;
  /** Positions beyond the K tracked: their pairs skipped (XGBoost) or counted at slot K - 1. */
  readonly positionOverflow: 'skip' | 'clamp';
  /** How sample weights enter (ranking-weights.ts); `auto` is XGBoost's per-query rule here. */
  readonly rankingWeight: 'auto' | 'group' | 'row';
  /** NDCG gain 2^y - 1 (true) or y (false). */
  readonly expGain: boolean;
  /** The user's seed, for `mean` pair sampling. */
  readonly seed: number;
}

function lossOf(name: RankingObjectiveName): RankingLoss {
  return name === 'rank:ndcg' ? 'ndcg' : name === 'rank:map' ? 'map' : 'pairwise';
}

/**
 * Resolves and checks the settings of a ranking objective.
 * @param name `rank:ndcg`, `rank:pairwise` or `rank:map`.
 * @throws ParamError for another name (values were checked by resolveParams).
 */
export function resolveLambdaRankConfig(name: string, params: RankingParams): LambdaRankConfig {
  const objective = RANKING_OBJECTIVES.find((n) => n === name);
  if (objective === undefined) {
    throw new ParamError(`unknown ranking objective ${JSON.stringify(name)}; expected one of ${RANKING_OBJECTIVES.join(', ')}`);
  }
  // Ranges and options were checked by resolveParams (src/params/schema.ts).
  const pairMethod = params.lambdarank_pair_method;
  const set = params.lambdarank_num_pair_per_sample;
  const biasNorm = params.lambdarank_bias_norm;
  const biasCost = params.lambdarank_bias_cost;
  return {
    objective,
    loss: lossOf(objective),
    pairMethod,
    // Defaults of spec §1.2 (topk 32, mean 1), declared in the schema.
    numPairPerSample: set ?? defaultBy('lambdarank_num_pair_per_sample', pairMethod),
    numPairPerSampleSet: set !== undefined,
    normalization: params.lambdarank_normalization,
    scoreNormalization: params.lambdarank_score_normalization,
    unbiased: params.lambdarank_unbiased,
    biasNorm,
    biasCost,
    positionBase: params.lambdarank_position_base ?? null,
    positionOverflow: params.lambdarank_position_overflow === 'clamp' ? 'clamp' : 'skip',
    rankingWeight: params.ranking_weight,
    expGain: params.ndcg_exp_gain,
    seed: params.seed,
  };
}

/**
 * The default evaluation metric (XGBoost's DefaultEvalMetric, spec §1.8): `ndcg@k` for rank:ndcg
 * and rank:pairwise with topk, `ndcg` with mean; `map@k` / `map` for rank:map.
 */
export function defaultRankingMetric(cfg: LambdaRankConfig): string {
  const base = cfg.loss === 'map' ? 'map' : 'ndcg';
  return cfg.pairMethod === 'topk' ? `${base}@${cfg.numPairPerSample}` : base;
}

/**
 * `lambdarank_param` as XGBoost 3.x writes it: every value a string, keys in XGBoost's (sorted)
 * order, booleans as "0"/"1", an unset pair count as "4294967295". Our own `lambdarank_bias_cost`
 * is not an XGBoost parameter and is left out (it is saved with the training parameters).
 */
export function lambdarankParamJSON(cfg: LambdaRankConfig): Record<string, string> {
  const b = (v: boolean): string => (v ? '1' : '0');
  return {
    lambdarank_bias_norm: String(cfg.biasNorm),
    lambdarank_normalization: b(cfg.normalization),
    lambdarank_num_pair_per_sample: String(cfg.numPairPerSampleSet ? cfg.numPairPerSample : NUM_PAIR_NOT_SET),
    lambdarank_pair_method: cfg.pairMethod,
    lambdarank_score_normalization: b(cfg.scoreNormalization),
    lambdarank_unbiased: b(cfg.unbiased),
    ndcg_exp_gain: b(cfg.expGain),
  };
}
