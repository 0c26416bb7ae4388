/**
 * The one table of objectives a model may carry, with what prediction, training and model I/O
 * need of each: how base_score (output space) becomes the starting margin (XGBoost's
 * ProbToMargin, xgboost-spec.md §2.2) and how a margin becomes an output (PredTransform, §2.1 /
 * §3.2). Training (objective/pointwise.ts, lambdarank.ts), the reader and writer
 * (xgboost-json.ts) and the predictor all take the link and the transform from here.
 *
 * Links, as XGBoost 1.7.4 and 3.4.1 define them (src/objective/regression_loss.h,
 * regression_obj.cu, hinge.cu, lambdarank_obj.cc): `logit` for reg:logistic and binary:logistic
 * only; `log` for count:poisson, reg:gamma, reg:tweedie and survival:cox; `identity` for every
 * other objective, binary:logitraw included (its base_score is already a margin).
 *
 * Objectives the engine cannot train may still be listed here: a model file of theirs predicts
 * exactly. Anything else (multi-class `multi:*`, survival:aft, reg:expectileerror, ...) is
 * refused on load.
 */

/** How base_score maps to the base margin. */
export type BaseLink = 'identity' | 'logit' | 'log';
/**
 * How a margin maps to the prediction: `step` is binary:hinge's `margin > 0 ? 1 : 0`; `softmax`
 * (multi:softprob) and `argmax` (multi:softmax: the class index) map each row's K margins together.
 */
export type OutputTransform = 'identity' | 'sigmoid' | 'exp' | 'step' | 'softmax' | 'argmax';

/** What prediction and writing need to know about one objective. */
export interface ObjectiveInfo {
  readonly link: BaseLink;
  readonly output: OutputTransform;
  /**
   * The parameter object XGBoost 1.7.4's `LoadConfig` reads for this objective (key and
   * default value), added on write when the objective JSON lacks it; null when none is read.
   */
  readonly configKey: string | null;
  readonly configDefault: Readonly<Record<string, string>>;
  /**
   * What several outputs a row are, when the objective may have them: `classes` (multi:*, K =
   * num_class, each row's K margins transformed together) or `quantiles` (reg:quantileerror with
   * several quantile_alpha, K = num_target, each output its own quantile). Absent: one output.
   */
  readonly outputs?: 'classes' | 'quantiles';
}

const REG_LOSS = { scale_pos_weight: '1' };
const RANK = { fix_list_weight: '0', num_pairsample: '1' };
const none = (link: BaseLink, output: OutputTransform): ObjectiveInfo => ({ link, output, configKey: null, configDefault: {} });
const regLoss = (link: BaseLink, output: OutputTransform): ObjectiveInfo => ({
  link,
  output,
  configKey: 'reg_loss_param',
  configDefault: REG_LOSS,
});
const rank: ObjectiveInfo = { link: 'identity', output: 'identity', configKey: 'lambda_rank_param', configDefault: RANK };

/** Supported objectives by XGBoost name. */
export const OBJECTIVES: Readonly<Record<string, ObjectiveInfo>> = {
  'reg:squarederror': regLoss('identity', 'identity'),
  'reg:linear': regLoss('identity', 'identity'),
  'reg:squaredlogerror': regLoss('identity', 'identity'),
  'reg:logistic': regLoss('logit', 'sigmoid'),
  'binary:logistic': regLoss('logit', 'sigmoid'),
  'binary:logitraw': regLoss('identity', 'identity'),
  'binary:hinge': none('identity', 'step'),
  'reg:absoluteerror': none('identity', 'identity'),
  'reg:quantileerror': { ...none('identity', 'identity'), outputs: 'quantiles' },
  'reg:pseudohubererror': { link: 'identity', output: 'identity', configKey: 'pseudo_huber_param', configDefault: { huber_slope: '1' } },
  'count:poisson': { link: 'log', output: 'exp', configKey: 'poisson_regression_param', configDefault: { max_delta_step: '0.7' } },
  'reg:gamma': none('log', 'exp'),
  'reg:tweedie': { link: 'log', output: 'exp', configKey: 'tweedie_regression_param', configDefault: { tweedie_variance_power: '1.5' } },
  'survival:cox': none('log', 'exp'),
  'rank:ndcg': rank,
  'rank:pairwise': rank,
  'rank:map': rank,
  'multi:softprob': { link: 'identity', output: 'softmax', configKey: 'softmax_multiclass_param', configDefault: {}, outputs: 'classes' },
  'multi:softmax': { link: 'identity', output: 'argmax', configKey: 'softmax_multiclass_param', configDefault: {}, outputs: 'classes' },
  // LightGBM's rankers trained here (lambdaboost's own names; XGBoost refuses them by name).
  lambdarank: none('identity', 'identity'),
  rank_xendcg: none('identity', 'identity'),
};

/** The info of a supported objective, or undefined. */
export function objectiveInfo(name: string): ObjectiveInfo | undefined {
  return Object.prototype.hasOwnProperty.call(OBJECTIVES, name) ? OBJECTIVES[name] : undefined;
}

/** Whether `name` is a multi-class objective (K outputs a row are class margins: multi:softprob, multi:softmax). */
export function isMulticlass(name: string): boolean {
  return objectiveInfo(name)?.outputs === 'classes';
}

/**
 * The quantile_alpha entries of a reg:quantileerror objective JSON (`quantile_loss_param.quantile_alpha`,
 * written `"[0.1,0.5]"` or `"0.5"`), as texts; empty when absent.
 */
export function quantileAlphaTexts(objective: Readonly<Record<string, unknown>>): string[] {
  const p = objective.quantile_loss_param;
  const text = p !== null && typeof p === 'object' ? (p as Record<string, unknown>).quantile_alpha : undefined;
  if (typeof text !== 'string') return [];
  const list = text.trim().replace(/^\[|\]$/g, '');
  return list.trim() === '' ? [] : list.split(',');
}

/** The supported names, for messages. */
export function supportedObjectiveNames(): string[] {
  return Object.keys(OBJECTIVES);
}

/**
 * Whether XGBoost `version` clamps a logistic base_score into [1e-6, 1 - 1e-6] before the logit
 * (3.2 and later, `common::Min(common::Max(p, kRtEps), 1 - kRtEps)`) rather than requiring
 * 0 < p < 1 (1.7 to 3.1, `CHECK(base_score > 0 && base_score < 1)`).
 */
export function clampsLogisticBaseScore(version: readonly number[]): boolean {
  return version[0]! > 3 || (version[0] === 3 && version[1]! >= 2);
}

/**
 * Why XGBoost `version` refuses base_score `p` for an objective with `link`, or null when it
 * accepts it: logit needs 0 < p < 1 (0 <= p <= 1 from 3.2 on, which clamps); log needs p > 0
 * (XGBoost's gamma check; for poisson, tweedie and cox it would give a margin of -inf or NaN).
 */
export function baseScoreProblem(p: number, link: BaseLink, version: readonly number[]): string | null {
  if (!Number.isFinite(p)) return `${p} is not a finite number`;
  if (link === 'logit') {
    if (clampsLogisticBaseScore(version)) return p >= 0 && p <= 1 ? null : `${p} must be in [0, 1]`;
    return p > 0 && p < 1 ? null : `${p} must be in (0, 1)`;
  }
  if (link === 'log') return p > 0 ? null : `${p} must be positive`;
  return null;
}

/**
 * The base_score to write so that every XGBoost version starts from the same margin: a logistic
 * base_score that XGBoost 3.2+ (per `version`) clamps is written clamped, into [1e-6, 1 - 1e-6],
 * which 1.7.4 to 3.1 (no clamp, 0 < p < 1 required) read to the same margin; others unchanged.
 */
export function portableBaseScore(p: number, link: BaseLink, version: readonly number[]): number {
  if (link !== 'logit' || !clampsLogisticBaseScore(version)) return p;
  const eps = Math.fround(1e-6);
  return Math.min(Math.max(p, eps), Math.fround(1 - eps));
}

/**
 * XGBoost 3.4.1's objectives this engine does not train, with the reason, so a training run
 * naming one is refused by name (the objective parameter's `refuse` table in params/schema.ts).
 */
export const UNSUPPORTED_OBJECTIVES: Readonly<Record<string, string>> = {
  'survival:aft': 'accelerated failure time needs interval labels (label_lower_bound / label_upper_bound), not implemented',
  'reg:expectileerror': 'not implemented yet',
};
