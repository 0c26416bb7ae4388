/**
 * The objectives a model file may carry, with what prediction needs of each: how base_score
 * (output space) becomes the starting margin (XGBoost's ProbToMargin, xgboost-spec.md §2.2) and
 * how a margin becomes an output (PredTransform, §2.1 / §3.2).
 *
 * Accepted besides the engine's own objectives: `reg:linear` (XGBoost < 1.0's name for
 * squared error). Everything else XGBoost 3.4.1 has (multi-class `multi:*`, `survival:*`,
 * `reg:expectileerror`, ...) is refused on load and in training (see UNSUPPORTED_OBJECTIVES).
 *
 * This is the one table of each objective's link: training (src/objective/pointwise.ts) takes its
 * starting margin and output transform from here, so a trained model predicts what training saw.
 */

/** How base_score maps to the base margin. */
export type BaseLink = 'identity' | 'logit' | 'log';
/** How a margin maps to the prediction. */
export type OutputTransform = 'identity' | 'sigmoid' | 'exp' | 'hinge';

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
  'reg:logistic': { link: 'logit', output: 'sigmoid', configKey: 'reg_loss_param', configDefault: REG_LOSS },
  'count:poisson': {
    link: 'log',
    output: 'exp',
    configKey: 'poisson_regression_param',
    configDefault: { max_delta_step: '0.7' },
  },
  'reg:gamma': { link: 'log', output: 'exp', configKey: 'reg_loss_param', configDefault: REG_LOSS },
  'reg:tweedie': {
    link: 'log',
    output: 'exp',
    configKey: 'tweedie_regression_param',
    configDefault: { tweedie_variance_power: '1.5' },
  },
  // One quantile only (one output); XGBoost 2.0+ (1.7.4 has no reg:quantileerror).
  'reg:quantileerror': {
    link: 'identity',
    output: 'identity',
    configKey: 'quantile_loss_param',
    configDefault: { quantile_alpha: '[5E-1]' },
  },
  'reg:squaredlogerror': { link: 'identity', output: 'identity', configKey: null, configDefault: {} },
  // XGBoost's HingeObj: no ProbToMargin (identity); PredTransform margin > 0 ? 1 : 0.
  'binary:hinge': { link: 'identity', output: 'hinge', configKey: null, configDefault: {} },
  'rank:ndcg': { link: 'identity', output: 'identity', configKey: 'lambda_rank_param', configDefault: RANK },
  'rank:pairwise': { link: 'identity', output: 'identity', configKey: 'lambda_rank_param', configDefault: RANK },
  'rank:map': { link: 'identity', output: 'identity', configKey: 'lambda_rank_param', configDefault: RANK },
};

/** The info of a supported objective, or undefined. */
export function objectiveInfo(name: string): ObjectiveInfo | undefined {
  return Object.prototype.hasOwnProperty.call(OBJECTIVES, name) ? OBJECTIVES[name] : undefined;
}

/** The supported names, for messages. */
export function supportedObjectiveNames(): string[] {
  return Object.keys(OBJECTIVES);
}

/**
 * XGBoost 3.4.1's objectives this engine does not implement, with the reason, so a model or a
 * training run naming one is refused by name (src/objective/registry.ts, the model reader).
 */
export const UNSUPPORTED_OBJECTIVES: Readonly<Record<string, string>> = {
  'multi:softmax': 'multi-class models need K outputs per row, which this engine does not have yet',
  'multi:softprob': 'multi-class models need K outputs per row, which this engine does not have yet',
  'survival:cox': 'not implemented yet',
  'survival:aft': 'accelerated failure time needs interval labels (label_lower_bound / label_upper_bound), not implemented',
  'reg:expectileerror': 'not implemented yet',
};
