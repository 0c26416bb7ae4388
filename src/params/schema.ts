/**
 * The one table of parameters (LightGBM's config.h idea, with XGBoost's names). Validation,
 * alias resolution, CLI options, the README parameter table and what is saved in the model file
 * all derive from this table; no other file declares a parameter.
 */

export type ParamType = 'float' | 'int' | 'bool' | 'enum' | 'string' | 'list';

export type ParamSection = 'booster' | 'tree' | 'objective' | 'ranking' | 'learning' | 'runtime';

export interface ParamSpec {
  /** Canonical name (XGBoost's). */
  readonly name: string;
  readonly type: ParamType;
  /** Default value; `undefined` means "unset" (derived at run time, e.g. base_score). */
  readonly default: number | boolean | string | string[] | undefined;
  /** Other accepted names (LightGBM's and XGBoost's aliases). */
  readonly aliases: readonly string[];
  /** Inclusive lower bound (numbers). */
  readonly min?: number;
  /** Inclusive upper bound (numbers). */
  readonly max?: number;
  /** Exclusive lower bound (numbers), for "> 0" checks. */
  readonly gt?: number;
  /** Allowed values (enums). */
  readonly options?: readonly string[];
  readonly section: ParamSection;
  /** One-line description for CLI help and the README table. */
  readonly desc: string;
  /** Saved in the model file's `lambdaboost.params` (false for run-time knobs like nthread). */
  readonly save: boolean;
  /**
   * false: saved only when set to something other than its default, so the files of models trained
   * before the parameter existed keep their bytes. Absent = always saved (with `save`).
   */
  readonly saveDefault?: boolean;
}

export const PARAMS = [
  // --- learning task
  { name: 'objective', type: 'enum', default: 'reg:squarederror', aliases: ['objective_type', 'app', 'application', 'loss'],
    options: ['reg:squarederror', 'reg:absoluteerror', 'reg:pseudohubererror', 'binary:logistic', 'count:poisson',
      'rank:ndcg', 'rank:pairwise', 'rank:map', 'lambdarank', 'rank_xendcg'],
    section: 'learning', desc: 'Learning objective.', save: true },
  { name: 'base_score', type: 'float', default: undefined, aliases: [], section: 'learning',
    desc: 'Initial prediction in output space; unset = estimated from the labels (XGBoost 2.x rule).', save: true },
  { name: 'eval_metric', type: 'list', default: [], aliases: ['metric'], section: 'learning',
    desc: 'Evaluation metrics (rmse, mae, logloss, auc, error, ndcg@k, map@k, pre@k, ...); default: the objective\'s.', save: true },
  { name: 'seed', type: 'int', default: 0, aliases: ['random_state', 'random_seed'], min: 0, max: 4294967295,
    section: 'learning', desc: 'Random seed for row and column subsampling.', save: true },
  { name: 'num_round', type: 'int', default: 10, aliases: ['rounds', 'num_boost_round', 'n_estimators', 'num_iterations', 'num_trees'],
    min: 0, max: 1e7, section: 'learning', desc: 'Number of boosting rounds.', save: true },
  { name: 'early_stopping_rounds', type: 'int', default: 0, aliases: ['early_stopping_round', 'early_stopping'],
    min: 0, max: 1e7, section: 'learning', desc: 'Stop when the last validation metric has not improved for this many rounds (0 = off).', save: true },
  { name: 'huber_slope', type: 'float', default: 1, aliases: [], gt: 0, section: 'objective',
    desc: 'Delta of reg:pseudohubererror.', save: true },
  { name: 'scale_pos_weight', type: 'float', default: 1, aliases: [], gt: 0, section: 'objective',
    desc: 'Weight multiplier of positive rows (label 1) for binary:logistic.', save: true },
  { name: 'max_delta_step', type: 'float', default: 0, aliases: ['max_delta'], min: 0, section: 'tree',
    desc: 'Clip each leaf weight to +-this (0 = off).', save: true },

  // --- tree booster
  { name: 'eta', type: 'float', default: 0.3, aliases: ['learning_rate', 'shrinkage_rate'], min: 0, section: 'tree',
    desc: 'Step size shrinkage applied to each leaf.', save: true },
  { name: 'max_depth', type: 'int', default: 6, aliases: [], min: 0, max: 64, section: 'tree',
    desc: 'Maximum tree depth (0 = no limit, lossguide only).', save: true },
  { name: 'max_leaves', type: 'int', default: 0, aliases: ['num_leaves', 'max_leaf_nodes'], min: 0, section: 'tree',
    desc: 'Maximum number of leaves (0 = no limit).', save: true },
  { name: 'grow_policy', type: 'enum', default: 'depthwise', aliases: [], options: ['depthwise', 'lossguide'], section: 'tree',
    desc: 'depthwise: split level by level; lossguide: split the leaf with the largest loss change.', save: true },
  { name: 'lambda', type: 'float', default: 1, aliases: ['reg_lambda', 'lambda_l2', 'reg_l2'], min: 0, section: 'tree',
    desc: 'L2 regularisation of leaf weights.', save: true },
  { name: 'alpha', type: 'float', default: 0, aliases: ['reg_alpha', 'lambda_l1', 'reg_l1'], min: 0, section: 'tree',
    desc: 'L1 regularisation of leaf weights.', save: true },
  { name: 'gamma', type: 'float', default: 0, aliases: ['min_split_loss', 'min_gain_to_split'], min: 0, section: 'tree',
    desc: 'Minimum loss change to make a split.', save: true },
  { name: 'min_child_weight', type: 'float', default: 1, aliases: ['min_sum_hessian_in_leaf', 'min_sum_hessian', 'min_hessian'],
    min: 0, section: 'tree', desc: 'Minimum hessian sum in each child.', save: true },
  { name: 'subsample', type: 'float', default: 1, aliases: ['bagging_fraction', 'sub_row'], gt: 0, max: 1, section: 'tree',
    desc: 'Fraction of rows sampled (without replacement) for each tree.', save: true },
  { name: 'colsample_bytree', type: 'float', default: 1, aliases: ['feature_fraction', 'sub_feature'], gt: 0, max: 1, section: 'tree',
    desc: 'Fraction of features sampled for each tree.', save: true },
  { name: 'colsample_bylevel', type: 'float', default: 1, aliases: [], gt: 0, max: 1, section: 'tree',
    desc: 'Fraction of the tree\'s features sampled for each depth level.', save: true },
  { name: 'colsample_bynode', type: 'float', default: 1, aliases: ['feature_fraction_bynode'], gt: 0, max: 1, section: 'tree',
    desc: 'Fraction of the level\'s features sampled for each node.', save: true },
  { name: 'max_bin', type: 'int', default: 256, aliases: ['max_bins'], min: 2, max: 65535, section: 'tree',
    desc: 'Maximum number of histogram bins per feature (Uint16 bin codes above 256).', save: true },
  { name: 'min_data_in_leaf', type: 'int', default: 0, aliases: ['min_child_samples', 'min_data_per_leaf', 'min_data', 'min_samples_leaf'],
    min: 0, section: 'tree', save: true, saveDefault: false,
    desc: 'Minimum rows in each child, counted as LightGBM does: round(child hessian x node rows / node hessian) (0 = off).' },
  { name: 'bagging_freq', type: 'int', default: 0, aliases: ['subsample_freq'], min: 0, section: 'tree', save: true, saveDefault: false,
    desc: 'With subsample < 1: draw a new bag every this many rounds and keep it in between (0 = a new sample every round).' },
  { name: 'bagging_by_query', type: 'bool', default: false, aliases: [], section: 'tree', save: true, saveDefault: false,
    desc: 'Bag whole queries (LightGBM 4.6): each query is in the bag with probability subsample.' },

  // --- ranking
  { name: 'lambdarank_pair_method', type: 'enum', default: 'topk', aliases: [], options: ['topk', 'mean'], section: 'ranking',
    desc: 'topk: pairs with a document in the current top k; mean: sampled pairs.', save: true },
  { name: 'lambdarank_num_pair_per_sample', type: 'int', default: undefined, aliases: ['lambdarank_truncation_level'], min: 1,
    section: 'ranking', desc: 'Truncation level k (topk, default 32; lambdarank, default 30) or pairs sampled per document (mean, default 1).', save: true },
  { name: 'lambdarank_normalization', type: 'bool', default: true, aliases: ['lambdarank_norm'], section: 'ranking',
    desc: 'Rescale each query\'s gradients by log2(1+sum lambda)/sum lambda (topk) or 1/k (mean).', save: true },
  { name: 'lambdarank_score_normalization', type: 'bool', default: true, aliases: [], section: 'ranking',
    desc: 'Divide each pair\'s delta metric by |s_i - s_j| + 0.01.', save: true },
  { name: 'lambdarank_unbiased', type: 'bool', default: false, aliases: [], section: 'ranking',
    desc: 'Unbiased LambdaMART: learn position biases jointly with the ranker (Hu et al. 2019).', save: true },
  { name: 'lambdarank_bias_norm', type: 'float', default: 1, aliases: [], min: 0, section: 'ranking',
    desc: 'p of the Lp regulariser of the position biases (exponent 1/(1+p)).', save: true },
  { name: 'lambdarank_bias_cost', type: 'enum', default: 'xgboost', aliases: [], options: ['xgboost', 'paper'], section: 'ranking',
    desc: 'Pair cost for the bias estimate: xgboost = log(1/(1-sigmoid(s_i-s_j))); paper = -log sigmoid(s_i-s_j).', save: true },
  { name: 'lambdarank_position_base', type: 'int', default: undefined, aliases: ['position_base'], min: 0, section: 'ranking',
    desc: 'Displayed position of the top slot (0 as XGBoost, 1 as most click logs); unset = the smallest position in the training data.', save: true },
  { name: 'lambdarank_position_overflow', type: 'enum', default: 'skip', aliases: [], options: ['skip', 'clamp'], section: 'ranking',
    desc: 'Unbiased LambdaMART, positions beyond the tracked k: skip their pairs (XGBoost) or count them at the last tracked position (Hu et al.\'s code).',
    save: true, saveDefault: false },
  { name: 'label_gain', type: 'list', default: [], aliases: [], section: 'ranking', save: true, saveDefault: false,
    desc: 'lambdarank: gain of each label 0, 1, 2, ... (default 2^i - 1 for i < 31, LightGBM\'s).' },
  { name: 'sigmoid', type: 'float', default: 1, aliases: [], gt: 0, section: 'ranking', save: true, saveDefault: false,
    desc: 'lambdarank: the sigmoid\'s scale in the pair probability 1/(1 + exp(-sigmoid (s_i - s_j))).' },
  { name: 'lambdarank_position_bias_regularization', type: 'float', default: 0, aliases: [], min: 0, section: 'ranking', save: true, saveDefault: false,
    desc: 'lambdarank with positions: L2 regularisation of the additive position-bias factors (LightGBM 4.x).' },
  { name: 'objective_seed', type: 'int', default: 5, aliases: [], min: 0, max: 2147483647, section: 'ranking', save: true, saveDefault: false,
    desc: 'rank_xendcg: seed of the per-query gamma draws (query q uses objective_seed + q, as LightGBM).' },
  { name: 'ranking_weight', type: 'enum', default: 'auto', aliases: [], options: ['auto', 'group', 'row'], section: 'ranking', save: true, saveDefault: false,
    desc: 'Sample weights of ranking: group = the first row\'s weight per query, mean 1 (XGBoost); row = each row\'s into its gradients (LightGBM); auto = the objective\'s.' },
  { name: 'ndcg_exp_gain', type: 'bool', default: true, aliases: [], section: 'ranking',
    desc: 'Gain 2^label - 1 (labels must be integers 0..31); false: gain = label.', save: true },

  // --- runtime
  { name: 'nthread', type: 'int', default: 0, aliases: ['threads', 'num_threads', 'n_jobs', 'num_thread'], min: 0, max: 1024,
    section: 'runtime', desc: 'Worker threads (0 = the machine\'s cores).', save: false },
  { name: 'kernel', type: 'enum', default: 'auto', aliases: [], options: ['auto', 'ts', 'wasm'], section: 'runtime',
    desc: 'Hot-loop implementation: WASM SIMD or TypeScript (same results).', save: false },
  { name: 'verbosity', type: 'int', default: 1, aliases: ['verbose'], min: 0, max: 3, section: 'runtime',
    desc: '0 = silent, 1 = eval log, 2+ = timings.', save: false },
] as const satisfies readonly ParamSpec[];

type Spec = (typeof PARAMS)[number];
type ValueOf<S extends Spec> =
  S['type'] extends 'float' | 'int' ? number :
  S['type'] extends 'bool' ? boolean :
  S['type'] extends 'list' ? string[] :
  S extends { options: readonly (infer O)[] } ? O : string;

/** Canonical parameter names. */
export type ParamName = Spec['name'];

/** Fully resolved parameters: every canonical name with a value (possibly undefined where the default is). */
export type Params = {
  -readonly [S in Spec as S['name']]: S['default'] extends undefined ? ValueOf<S> | undefined : ValueOf<S>;
};

/** What users pass: any subset, by canonical name or alias, values possibly as strings. */
export type ParamInput = Record<string, unknown>;
