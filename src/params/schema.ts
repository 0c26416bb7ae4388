/**
 * The one table of parameters (LightGBM's config.h idea, with XGBoost's names). Validation,
 * alias resolution, CLI options, the README parameter table and what is saved in the model file
 * all derive from this table; no other file declares a parameter.
 */
import { UNSUPPORTED_OBJECTIVES } from '../model-io/objectives.js';

/**
 * How a parameter's value is read. `list`: names, comma-separated (`auc,logloss`) or as an array,
 * and repeatable: every occurrence appends (a CLI flag given twice, two `key = value` lines of a
 * config file, a config file and then the command line, two `key=value` words), a name given
 * again is dropped, as XGBoost does for `eval_metric` (see appendListValue in resolve.ts). Every
 * other type: the last occurrence wins (the command line over the config file). `floats`: numbers,
 * as XGBoost's ParamArray reads them: one number, `[a,b,c]`, `a,b,c` or an array (each element
 * within the bounds; `ascending` when the spec says so); saved as a number when it holds one.
 * `json`: text as typed (`(1,-1,0)`, `{"price":-1}`, `[[0,1],[2]]`), or in the API an array or
 * object (kept as given); read against the data's features when training starts
 * (constraint-syntax.ts), and saved resolved by feature index.
 */
export type ParamType = 'float' | 'int' | 'bool' | 'enum' | 'string' | 'list' | 'floats' | 'json';

export type ParamSection = 'booster' | 'tree' | 'objective' | 'ranking' | 'learning' | 'runtime';

export interface ParamSpec {
  /** Canonical name (XGBoost's). */
  readonly name: string;
  readonly type: ParamType;
  /** Default value; `undefined` means "unset" (derived at run time, e.g. base_score). */
  readonly default: number | boolean | string | string[] | number[] | undefined;
  /** Other accepted names (LightGBM's and XGBoost's aliases). */
  readonly aliases: readonly string[];
  /** Inclusive lower bound (numbers). */
  readonly min?: number;
  /** Inclusive upper bound (numbers). */
  readonly max?: number;
  /** Exclusive upper bound (numbers), for "< 1" checks. */
  readonly lt?: number;
  /** Exclusive lower bound (numbers), for "> 0" checks. */
  readonly gt?: number;
  /** `floats`: the numbers must be in ascending order (quantile_alpha, XGBoost's QuantileLossParam check). */
  readonly ascending?: boolean;
  /** Allowed values (enums). */
  readonly options?: readonly string[];
  /** Values that exist elsewhere (XGBoost, LightGBM) and are refused here, with the reason (enums). */
  readonly refuse?: Readonly<Record<string, string>>;
  /** Other names of allowed values (LightGBM's objective names): name -> the option it runs (enums). */
  readonly valueAliases?: Readonly<Record<string, string>>;
  /**
   * Printed by the run when the value (option or alias) is given: what it does here, and where the
   * formula differs from the library the name comes from.
   */
  readonly valueNotes?: Readonly<Record<string, string>>;
  readonly section: ParamSection;
  /** One-line description for CLI help and the README table. */
  readonly desc: string;
  /** Saved in the model file's `lambdaboost.params` (false for run-time knobs like nthread). */
  readonly save: boolean;
  /**
   * For a parameter whose default is unset: the value it takes, by the value of another parameter
   * (lambdarank_num_pair_per_sample: by lambdarank_pair_method).
   */
  readonly defaultBy?: { readonly param: string; readonly values: Readonly<Record<string, number>> };
  /**
   * Objective-specific values a 0 (= off) of this parameter stands for, by objective
   * (max_delta_step: count:poisson's own safeguard, XGBoost's PoissonRegressionParam default).
   */
  readonly whenZeroFor?: Readonly<Record<string, number>>;
  /**
   * false: saved only when set to something other than its default, so the files of models trained
   * before the parameter existed keep their bytes. Absent = always saved (with `save`).
   */
  readonly saveDefault?: boolean;
}

const XENTROPY_NOTE = 'LightGBM\'s cross_entropy runs as XGBoost\'s reg:logistic (the logistic loss on labels in [0, 1], starting from the label mean); its default metric is rmse, not cross_entropy (give eval_metric=logloss)';
const LIGHTGBM_MULTICLASS = 'LightGBM\'s multi-class objectives are not implemented: give objective=multi:softprob with num_class (XGBoost\'s softmax)';

export const PARAMS = [
  // --- learning task
  { name: 'objective', type: 'enum', default: 'reg:squarederror', aliases: ['objective_type', 'app', 'application', 'loss'],
    options: ['reg:squarederror', 'reg:absoluteerror', 'reg:pseudohubererror', 'binary:logistic', 'count:poisson',
      'rank:ndcg', 'rank:pairwise', 'rank:map', 'reg:logistic', 'binary:logitraw', 'reg:gamma', 'reg:tweedie',
      'reg:quantileerror', 'reg:squaredlogerror', 'binary:hinge', 'survival:cox', 'lambdarank', 'rank_xendcg',
      'multi:softprob', 'multi:softmax'],
    refuse: {
      ...UNSUPPORTED_OBJECTIVES,
      multiclass: LIGHTGBM_MULTICLASS, softmax: LIGHTGBM_MULTICLASS, multiclassova: LIGHTGBM_MULTICLASS,
      multiclass_ova: LIGHTGBM_MULTICLASS, ova: LIGHTGBM_MULTICLASS, ovr: LIGHTGBM_MULTICLASS,
      mape: 'LightGBM\'s mape has no XGBoost equivalent here',
      fair: 'LightGBM\'s fair loss has no XGBoost equivalent here',
      cross_entropy_lambda: 'LightGBM\'s cross_entropy_lambda has no XGBoost equivalent here',
    },
    // LightGBM's objective names (their ranking objectives are the ranking parameters').
    valueAliases: {
      regression: 'reg:squarederror', regression_l2: 'reg:squarederror', l2: 'reg:squarederror',
      mean_squared_error: 'reg:squarederror', mse: 'reg:squarederror', l2_root: 'reg:squarederror',
      root_mean_squared_error: 'reg:squarederror', rmse: 'reg:squarederror',
      regression_l1: 'reg:absoluteerror', l1: 'reg:absoluteerror', mean_absolute_error: 'reg:absoluteerror', mae: 'reg:absoluteerror',
      huber: 'reg:pseudohubererror',
      binary: 'binary:logistic',
      poisson: 'count:poisson',
      quantile: 'reg:quantileerror',
      gamma: 'reg:gamma',
      tweedie: 'reg:tweedie',
      cross_entropy: 'reg:logistic', xentropy: 'reg:logistic',
    },
    valueNotes: {
      regression_l1: 'LightGBM\'s regression_l1 runs as XGBoost\'s reg:absoluteerror: sign gradients, each leaf set to the weighted median residual of its rows (XGBoost 1.7\'s rule; LightGBM interpolates its percentile)',
      huber: 'LightGBM\'s huber runs as XGBoost\'s reg:pseudohubererror: the pseudo-Huber loss slope^2 (sqrt(1 + (r/slope)^2) - 1) with huber_slope (default 1), not LightGBM\'s Huber loss with delta = alpha (default 0.9)',
      binary: 'LightGBM\'s binary runs as XGBoost\'s binary:logistic (the same loss with sigmoid 1); the intercept is one Newton step from 0, not LightGBM\'s log-odds of the label mean',
      quantile: 'LightGBM\'s quantile runs as XGBoost 3.4.1\'s reg:quantileerror: a smoothed pinball loss with a per-round residual scale at quantile_alpha (default 0.5), not LightGBM\'s pinball gradient with leaves refreshed to the residual quantile at alpha (default 0.9)',
      cross_entropy: XENTROPY_NOTE, xentropy: XENTROPY_NOTE,
      'reg:quantileerror': 'reg:quantileerror is XGBoost 3.4.1\'s smoothed quantile loss (XGBoost 2.x used the plain pinball gradient with adaptive leaves)',
    },
    section: 'learning', desc: 'Learning objective.', save: true },
  { name: 'base_score', type: 'float', default: undefined, aliases: [], section: 'learning',
    desc: 'Initial prediction in output space; unset = estimated from the labels (XGBoost 2.x rule).', save: true },
  { name: 'missing', type: 'float', default: undefined, aliases: [], section: 'learning',
    desc: 'A feature value that means missing (XGBoost\'s DMatrix missing, e.g. -999), besides empty and NaN cells; saved in the model, so prediction reads it too.', save: true },
  { name: 'eval_metric', type: 'list', default: [], aliases: ['metric'], section: 'learning',
    desc: 'Evaluation metrics (rmse, mae, logloss, auc, error, ndcg@k, map@k, pre@k, ...); default: the objective\'s.', save: true },
  { name: 'seed', type: 'int', default: 0, aliases: ['random_state', 'random_seed'], min: 0, max: 4294967295,
    section: 'learning', desc: 'Random seed for row and column subsampling.', save: true },
  { name: 'num_round', type: 'int', default: 10, aliases: ['rounds', 'num_boost_round', 'n_estimators', 'num_iterations', 'num_trees'],
    min: 0, max: 1e7, section: 'learning', desc: 'Number of boosting rounds.', save: true },
  { name: 'early_stopping_rounds', type: 'int', default: 0, aliases: ['early_stopping_round', 'early_stopping'],
    min: 0, max: 1e7, section: 'learning', desc: 'Stop when the last validation metric has not improved for this many rounds (0 = off).', save: true },
  { name: 'num_class', type: 'int', default: 0, aliases: ['num_classes'], min: 0, max: 65535, section: 'objective',
    desc: 'Number of classes K of multi:softprob / multi:softmax (labels 0 .. K-1; K trees per round).', save: true, saveDefault: false },
  { name: 'huber_slope', type: 'float', default: 1, aliases: [], gt: 0, section: 'objective',
    desc: 'Delta of reg:pseudohubererror.', save: true },
  { name: 'tweedie_variance_power', type: 'float', default: 1.5, aliases: [], min: 1, lt: 2, section: 'objective',
    desc: 'Variance power p of reg:tweedie (1 = Poisson-like, towards 2 = gamma-like).', save: true, saveDefault: false },
  { name: 'quantile_alpha', type: 'floats', default: [0.5], aliases: [], gt: 0, lt: 1, ascending: true, section: 'objective',
    desc: 'The quantiles reg:quantileerror fits, ascending (`0.9`, `0.1,0.5,0.9` or `[0.1,0.5,0.9]`): several give one output and one tree a round per quantile (XGBoost\'s num_target layout).', save: true, saveDefault: false },
  { name: 'scale_pos_weight', type: 'float', default: 1, aliases: [], gt: 0, section: 'objective',
    desc: 'Weight multiplier of positive rows (label 1) for binary:logistic.', save: true },
  { name: 'max_delta_step', type: 'float', default: 0, aliases: ['max_delta'], min: 0, section: 'tree',
    desc: 'Clip each leaf weight to +-this (0 = off); count:poisson also adds it to the hessian\'s exponent (0 there means 0.7).', save: true,
    whenZeroFor: { 'count:poisson': 0.7 } },

  // --- tree booster
  { name: 'booster', type: 'enum', default: 'gbtree', aliases: ['boosting', 'boosting_type'], options: ['gbtree'],
    valueAliases: { gbdt: 'gbtree' },
    refuse: {
      gblinear: 'linear boosters are not implemented (tree boosting only)',
      dart: 'dropout (DART) training is not implemented; DART models trained by XGBoost load and predict',
      rf: 'random forests (LightGBM boosting=rf) are not implemented',
      goss: 'gradient-based one-side sampling (GOSS) is not implemented; subsample samples rows uniformly',
    },
    valueNotes: { gbtree: 'booster=gbtree is the only booster here (a no-op)', gbdt: 'boosting=gbdt is gradient-boosted trees, the only booster here (a no-op)' },
    section: 'booster', desc: 'Gradient-boosted trees, the only booster (gbtree; LightGBM gbdt). Accepted as a no-op.', save: false },
  { name: 'tree_method', type: 'enum', default: 'hist', aliases: [], options: ['hist', 'auto'],
    refuse: {
      exact: 'exact greedy split search is not implemented: this engine is histogram-based, with trees as XGBoost\'s tree_method=hist grows them',
      approx: 'approx (re-sketching weighted quantiles every round) is not implemented: this engine grows trees as XGBoost\'s tree_method=hist',
      gpu_hist: 'no GPU: this engine runs hist on the CPU (XGBoost 2+ spells it tree_method=hist device=cuda)',
    },
    valueNotes: {
      hist: 'tree_method=hist is how this engine always grows trees (a no-op)',
      auto: 'tree_method=auto is hist in XGBoost 2+, how this engine always grows trees (a no-op)',
    },
    section: 'booster', desc: 'Split search: hist (XGBoost\'s histogram method), the only one. Accepted as a no-op.', save: false },
  { name: 'device', type: 'enum', default: 'cpu', aliases: ['device_type'], options: ['cpu'],
    refuse: { cuda: 'no GPU support: training runs on the CPU', gpu: 'no GPU support: training runs on the CPU' },
    valueNotes: { cpu: 'device=cpu is the only device (a no-op)' },
    section: 'booster', desc: 'cpu, the only device. Accepted as a no-op.', save: false },
  { name: 'eta', type: 'float', default: 0.3, aliases: ['learning_rate', 'shrinkage_rate'], min: 0, section: 'tree',
    desc: 'Step size shrinkage applied to each leaf.', save: true },
  { name: 'max_depth', type: 'int', default: 6, aliases: [], min: 0, max: 64, section: 'tree',
    desc: 'Maximum tree depth (0 = no limit, lossguide only).', save: true },
  { name: 'max_leaves', type: 'int', default: 0, aliases: ['num_leaves', 'num_leaf', 'max_leaf', 'max_leaf_nodes'], min: 0, section: 'tree',
    desc: 'Maximum number of leaves (0 = no limit). Given as num_leaves (LightGBM\'s name), or with objective lambdarank / rank_xendcg (then 31 unless given), trees grow leaf-wise as LightGBM grows them: grow_policy lossguide and max_depth 0 unless those are given.', save: true },
  { name: 'grow_policy', type: 'enum', default: 'depthwise', aliases: [], options: ['depthwise', 'lossguide'], section: 'tree',
    desc: 'depthwise: split level by level; lossguide: split the leaf with the largest loss change.', save: true },
  { name: 'lambda', type: 'float', default: 1, aliases: ['reg_lambda', 'lambda_l2', 'reg_l2'], min: 0, section: 'tree',
    desc: 'L2 regularisation of leaf weights.', save: true },
  { name: 'alpha', type: 'float', default: 0, aliases: ['reg_alpha', 'lambda_l1', 'reg_l1'], min: 0, section: 'tree',
    desc: 'L1 regularisation of leaf weights.', save: true },
  { name: 'gamma', type: 'float', default: 0, aliases: ['min_split_loss', 'min_gain_to_split'], min: 0, section: 'tree',
    desc: 'Minimum loss change to make a split (XGBoost: a split is made when its loss change >= gamma; with min_data_in_leaf, LightGBM\'s min_gain_to_split: a candidate must beat the parent\'s gain plus it inside the scan).', save: true },
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
  { name: 'bin_construction', type: 'enum', default: 'auto', aliases: [], options: ['auto', 'xgboost', 'lightgbm'], section: 'tree', save: true, saveDefault: false,
    desc: 'How feature values are cut into bins: xgboost (XGBoost 3.4.1\'s quantile sketch), lightgbm (LightGBM 4.6\'s greedy bins with min_data_in_bin, zero as one bin, midpoint thresholds; all rows, not a 200,000-row sample), auto = lightgbm for lambdarank and rank_xendcg on data without categorical features, else xgboost.' },
  { name: 'min_data_in_bin', type: 'int', default: 3, aliases: [], min: 1, section: 'tree', save: true, saveDefault: false,
    desc: 'LightGBM\'s bins (bin_construction): the fewest rows a bin closes with.' },
  { name: 'max_cat_to_onehot', type: 'int', default: 4, aliases: [], min: 1, section: 'tree', save: true, saveDefault: false,
    desc: 'A categorical feature with fewer bins (its largest category code + 1) than this gets one-hot splits, else partition splits (XGBoost 3.4.1).' },
  { name: 'max_cat_threshold', type: 'int', default: 64, aliases: [], min: 1, max: 2147483647, section: 'tree', save: true, saveDefault: false,
    desc: 'Partition splits of a categorical feature: at most this many categories, sorted by gradient / hessian, enumerated from each end (XGBoost 3.4.1).' },
  { name: 'monotone_constraints', type: 'json', default: undefined, aliases: ['monotone_constraint', 'mc', 'monotonic_cst'], section: 'tree', save: true,
    desc: 'Monotone direction per feature, 1 increasing, -1 decreasing, 0 none: `(1,-1,0)`, `[1,-1,0]`, LightGBM\'s `1,-1,0`, or by name `{"price":-1}`. XGBoost 3.4.1\'s hist semantics (weights clamped to bounds from the children\'s mid-point, violating splits rejected), also under LightGBM\'s objective names: LightGBM\'s monotone_constraints_method (basic/intermediate/advanced) is not what runs. Saved as `(1,-1,0)`.' },
  { name: 'interaction_constraints', type: 'json', default: undefined, aliases: ['interaction_constraint'], section: 'tree', save: true,
    desc: 'Groups of features that may interact, by index or name: `[[0,1],[2,3,4]]` or `[["a","b"],["c"]]`. A root-to-leaf path only uses features that share a group; a feature in no group is used alone (XGBoost 3.4.1). Saved by index.' },
  { name: 'feature_weights', type: 'json', default: undefined, aliases: [], section: 'tree', save: true,
    desc: 'Column sampling weights, one >= 0 per feature (XGBoost\'s weighted colsample_by*): a file of numbers (whitespace, comma or newline separated), `0.5,1,2`, or an array in the API. Saved as the list.' },
  { name: 'min_data_in_leaf', type: 'int', default: 0, aliases: ['min_child_samples', 'min_data_per_leaf', 'min_data', 'min_samples_leaf'],
    min: 0, section: 'tree', save: true, saveDefault: false,
    desc: 'Minimum rows in each child, counted as LightGBM 4.6 does: each bin\'s rows estimated as round(bin hessian x node rows / node hessian) and summed along LightGBM\'s split scan, which this switches to (0 = off).' },
  { name: 'bagging_freq', type: 'int', default: undefined, aliases: ['subsample_freq'], min: 0, max: 10000000, section: 'tree', save: true,
    desc: 'LightGBM\'s bagging frequency: with subsample < 1, a new bag every this many rounds, kept in between (unset or 1: every round, XGBoost\'s subsample); 0 = no row sampling (LightGBM\'s off; needs subsample 1).' },
  { name: 'bagging_by_query', type: 'bool', default: false, aliases: [], section: 'tree', save: true, saveDefault: false,
    desc: 'Bag whole queries (LightGBM 4.6): each query is in the bag with probability subsample.' },

  // --- ranking
  { name: 'lambdarank_pair_method', type: 'enum', default: 'topk', aliases: [], options: ['topk', 'mean'], section: 'ranking',
    desc: 'topk: pairs with a document in the current top k; mean: sampled pairs.', save: true },
  { name: 'lambdarank_num_pair_per_sample', type: 'int', default: undefined, aliases: ['lambdarank_truncation_level'], min: 1, max: 4294967294,
    section: 'ranking', desc: 'Truncation level k (topk, default 32; lambdarank, default 30) or pairs sampled per document (mean, default 1).', save: true,
    defaultBy: { param: 'lambdarank_pair_method', values: { topk: 32, mean: 1 } } },
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
    desc: '0 = silent, 1 = eval log, 2+ = also the time of each phase of each round and a summary (stderr).', save: false },
] as const satisfies readonly ParamSpec[];

/**
 * Parameters of XGBoost and LightGBM with no equivalent here, refused with the reason instead of
 * "unknown parameter" (they would change the answer if they were ignored).
 */
export const REFUSED_PARAMS: Readonly<Record<string, string>> = {
  zero_as_missing: 'give missing=0 (every 0 feature value is then missing, as LightGBM\'s zero_as_missing=true)',
  use_missing: 'missing values always take the learned default direction here (XGBoost\'s rule): LightGBM\'s use_missing=false has no equivalent',
  extra_trees: 'extremely randomised trees (random thresholds) are not implemented',
  extra_seed: 'extremely randomised trees are not implemented',
  linear_tree: 'linear models in the leaves are not implemented',
  linear_lambda: 'linear models in the leaves are not implemented',
  path_smooth: 'LightGBM\'s path smoothing of leaf values is not implemented',
  is_unbalance: 'not implemented: give scale_pos_weight = (negative rows) / (positive rows)',
  unbalance: 'not implemented: give scale_pos_weight = (negative rows) / (positive rows)',
  pos_bagging_fraction: 'class-wise bagging is not implemented',
  neg_bagging_fraction: 'class-wise bagging is not implemented',
  bagging_seed: 'one seed drives every random stream here: give seed',
  feature_fraction_seed: 'one seed drives every random stream here: give seed',
  poisson_max_delta_step: 'count:poisson\'s hessian shift is max_delta_step here (XGBoost\'s), which also clips leaf values',
  boost_from_average: 'give base_score to set the intercept (it is estimated from the labels when unset)',
  num_target: 'multi-output models are not implemented',
  multi_strategy: 'multi-output models are not implemented',
  top_rate: 'GOSS is not implemented',
  other_rate: 'GOSS is not implemented',
  rate_drop: 'DART training is not implemented',
  drop_rate: 'DART training is not implemented',
  skip_drop: 'DART training is not implemented',
  max_drop: 'DART training is not implemented',
  one_drop: 'DART training is not implemented',
  sample_type: 'DART training is not implemented',
  normalize_type: 'DART training is not implemented',
  monotone_constraints_method: 'LightGBM\'s monotone methods (basic, intermediate, advanced) are not implemented: monotone_constraints run as XGBoost 3.4.1\'s hist applies them',
  monotone_penalty: 'LightGBM\'s monotone_penalty is not implemented',
  categorical_feature: 'categorical columns are a data option, not a training parameter: give --categorical (or categorical in --config, or LoadOptions.categorical in the API)',
  enable_categorical: 'categorical splits are not implemented yet',
  updater: 'the tree updater is fixed (hist growth); plugins and refresh/prune updaters are not implemented',
  process_type: 'only process_type=default (new trees) is implemented',
  refresh_leaf: 'the refresh updater is not implemented',
  num_parallel_tree: 'boosted random forests (several trees per round) are not implemented',
  sampling_method: 'only uniform row sampling is implemented (subsample)',
  forcedsplits_filename: 'forced splits are not implemented',
  cegb_tradeoff: 'cost-efficient gradient boosting is not implemented',
};

type Spec = (typeof PARAMS)[number];
type ValueOf<S extends Spec> =
  S['type'] extends 'float' | 'int' ? number :
  S['type'] extends 'bool' ? boolean :
  S['type'] extends 'list' ? string[] :
  S['type'] extends 'floats' ? number[] :
  S['type'] extends 'json' ? JsonParamValue :
  S extends { options: readonly (infer O)[] } ? O : string;

/** A `json` parameter's value: its text, or an array or object given in the API. */
export type JsonParamValue = string | readonly unknown[] | Readonly<Record<string, unknown>>;

/** Canonical parameter names. */
export type ParamName = Spec['name'];

/** Fully resolved parameters: every canonical name with a value (possibly undefined where the default is). */
export type Params = {
  -readonly [S in Spec as S['name']]: S['default'] extends undefined ? ValueOf<S> | undefined : ValueOf<S>;
};

/** What a user may pass for one parameter: its value, or its text as the CLI and config files give it. */
type InputOf<S extends Spec> =
  S['type'] extends 'float' | 'int' ? number | `${number}` :
  S['type'] extends 'bool' ? boolean | 'true' | 'false' | 0 | 1 :
  S['type'] extends 'list' ? string | readonly string[] :
  S['type'] extends 'floats' ? number | string | readonly number[] :
  S['type'] extends 'json' ? JsonParamValue :
  S extends { options: readonly (infer O)[] } ? O | ValueAliasOf<S> : string;

/** The other names an enum parameter's values go by (valueAliases: LightGBM's `binary`, ...). */
type ValueAliasOf<S extends Spec> = S extends { valueAliases: infer A } ? Extract<keyof A, string> : never;

/**
 * What users pass to `train`: any subset of the parameters, by canonical name or alias, typed from
 * the table above (a misspelt name or an objective that is not in its options is a type error).
 * Derived from PARAMS; no second list.
 */
export type ParamInput = {
  [S in Spec as S['name'] | S['aliases'][number]]?: InputOf<S>;
};

/**
 * Parameters as untyped text or values (the CLI, config files, a model's saved parameters):
 * names and values are checked at run time by resolveParams.
 */
export type RawParamInput = Readonly<Record<string, unknown>>;

/** The spec of canonical parameter `name` (a programming error when there is none). */
export function paramSpec(name: ParamName): ParamSpec {
  const p = (PARAMS as readonly ParamSpec[]).find((q) => q.name === name);
  if (!p) throw new Error(`no parameter ${name}`);
  return p;
}

/** The default of a parameter declared with `defaultBy`, for the other parameter's value. */
export function defaultBy(name: ParamName, other: string): number {
  const v = paramSpec(name).defaultBy?.values[other];
  if (v === undefined) throw new Error(`parameter ${name} has no default for ${other}`);
  return v;
}

/** The value a parameter's 0 stands for with `objective` (whenZeroFor), else 0. */
export function zeroMeans(name: ParamName, objective: string): number {
  return paramSpec(name).whenZeroFor?.[objective] ?? 0;
}
