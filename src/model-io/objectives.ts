/**
 * The objectives a model file may carry, with what prediction needs of each: how base_score
 * (output space) becomes the starting margin (XGBoost's ProbToMargin, xgboost-spec.md §2.2) and
 * how a margin becomes an output (PredTransform, §2.1 / §3.2).
 *
 * Accepted besides the engine's own objectives: `reg:linear` (XGBoost < 1.0's name for
 * squared error) and `binary:logitraw` (logistic training, raw margin output). Everything else
 * (multi-class `multi:*`, survival, quantile, tweedie, gamma, ...) is refused on load.
 */

/** How base_score maps to the base margin. */
export type BaseLink = 'identity' | 'logit' | 'log';
/** How a margin maps to the prediction. */
export type OutputTransform = 'identity' | 'sigmoid' | 'exp';

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
}

const REG_LOSS = { scale_pos_weight: '1' };
const RANK = { fix_list_weight: '0', num_pairsample: '1' };

/** Supported objectives by XGBoost name. */
export const OBJECTIVES: Readonly<Record<string, ObjectiveInfo>> = {
  'reg:squarederror': { link: 'identity', output: 'identity', configKey: 'reg_loss_param', configDefault: REG_LOSS },
  'reg:linear': { link: 'identity', output: 'identity', configKey: 'reg_loss_param', configDefault: REG_LOSS },
  'reg:absoluteerror': { link: 'identity', output: 'identity', configKey: null, configDefault: {} },
  'reg:pseudohubererror': {
    link: 'identity',
    output: 'identity',
    configKey: 'pseudo_huber_param',
    configDefault: { huber_slope: '1' },
  },
  'binary:logistic': { link: 'logit', output: 'sigmoid', configKey: 'reg_loss_param', configDefault: REG_LOSS },
  'binary:logitraw': { link: 'logit', output: 'identity', configKey: 'reg_loss_param', configDefault: REG_LOSS },
  'count:poisson': {
    link: 'log',
    output: 'exp',
    configKey: 'poisson_regression_param',
    configDefault: { max_delta_step: '0.7' },
  },
  'rank:ndcg': { link: 'identity', output: 'identity', configKey: 'lambda_rank_param', configDefault: RANK },
  'rank:pairwise': { link: 'identity', output: 'identity', configKey: 'lambda_rank_param', configDefault: RANK },
  'rank:map': { link: 'identity', output: 'identity', configKey: 'lambda_rank_param', configDefault: RANK },
  // LightGBM's rankers trained here (lambdaboost's own names; XGBoost refuses them by name).
  lambdarank: { link: 'identity', output: 'identity', configKey: null, configDefault: {} },
  rank_xendcg: { link: 'identity', output: 'identity', configKey: null, configDefault: {} },
};

/** The info of a supported objective, or undefined. */
export function objectiveInfo(name: string): ObjectiveInfo | undefined {
  return Object.prototype.hasOwnProperty.call(OBJECTIVES, name) ? OBJECTIVES[name] : undefined;
}

/** The supported names, for messages. */
export function supportedObjectiveNames(): string[] {
  return Object.keys(OBJECTIVES);
}
