/**
 * Metric names -> Metric objects. Names follow XGBoost's `eval_metric` syntax:
 * `rmse`, `rmsle`, `mae`, `mphe`, `logloss`, `auc`, `aucpr`, `error`, `error@<t>`, `poisson-nloglik`, `gamma-deviance`,
 * `gamma-nloglik`, `tweedie-nloglik@<rho>`, `quantile`, and the ranking family
 * `ndcg[@k][-]`, `map[@k][-]`, `pre[@k]` (xgboost-spec.md §1.8). An unknown name is a ParamError
 * listing the valid forms.
 */
import { ParamError } from '../errors.js';
import { objectiveInfo } from '../model-io/objectives.js';
import type { Metric } from './metric.js';
import { AucMetric } from './auc.js';
import { AucprMetric } from './aucpr.js';
import {
  CoxNloglikMetric, ErrorMetric, GammaDevianceMetric, GammaNloglikMetric, LoglossMetric, MaeMetric, MpheMetric, PoissonNloglikMetric,
  QuantileMetric, RmseMetric, RmsleMetric, TweedieNloglikMetric,
} from './elementwise.js';
import { MapMetric } from './map.js';
import { MultiAucMetric, MultiErrorMetric, MultiLoglossMetric } from './multiclass.js';
import { NdcgMetric } from './ndcg.js';
import { PrecisionMetric } from './precision.js';

/** Options that change how a metric computes (from the training parameters). */
export interface MetricOptions {
  /** `ndcg_exp_gain`: NDCG gain 2^y - 1 (true) or y (false). */
  readonly ndcgExpGain: boolean;
  /** `huber_slope` of mphe (default 1). */
  readonly huberSlope?: number;
  /** `quantile_alpha` of the quantile metric, one per output (default [0.5]). */
  readonly quantileAlpha?: readonly number[];
  /** Outputs a row of the model evaluated (K classes: `auc` is then one-vs-rest); default 1. */
  readonly nGroups?: number;
}

/** Every accepted metric name form, as listed in error messages and help. */
export const METRIC_NAMES: readonly string[] = [
  'rmse', 'rmsle', 'mae', 'mphe', 'logloss', 'auc', 'aucpr', 'error', 'error@<t>', 'poisson-nloglik',
  'gamma-deviance', 'gamma-nloglik', 'tweedie-nloglik@<rho>', 'quantile', 'cox-nloglik', 'mlogloss', 'merror',
  'ndcg', 'ndcg@<k>', 'ndcg-', 'ndcg@<k>-', 'map', 'map@<k>', 'map-', 'map@<k>-', 'pre', 'pre@<k>',
];

const RANK_NAME = /^(ndcg|map|pre)(?:@([^-]*))?(-)?$/;

function unknown(name: string, why?: string): ParamError {
  return new ParamError(
    `eval_metric: ${why ?? `unknown metric ${JSON.stringify(name)}`}; valid metrics: ${METRIC_NAMES.join(', ')} ` +
      '(k a positive integer, t a number)',
  );
}

/**
 * Creates a metric from its name.
 * @param name e.g. `rmse`, `error@0.7`, `ndcg@10`, `map@5-` (surrounding spaces ignored).
 * @param opts options from the training parameters.
 * @throws ParamError for an unknown name or a malformed `@` argument.
 */
export function createMetric(name: string, opts: MetricOptions): Metric {
  const s = name.trim();
  switch (s) {
    case 'rmse': return new RmseMetric();
    case 'mae': return new MaeMetric();
    case 'mphe': return new MpheMetric(opts.huberSlope ?? 1);
    case 'logloss': return new LoglossMetric();
    case 'auc': return (opts.nGroups ?? 1) > 1 ? new MultiAucMetric() : new AucMetric();
    case 'aucpr': return new AucprMetric(opts.nGroups ?? 1);
    case 'error': return new ErrorMetric('error', 0.5);
    case 'poisson-nloglik': return new PoissonNloglikMetric();
    case 'rmsle': return new RmsleMetric();
    case 'gamma-deviance': return new GammaDevianceMetric();
    case 'gamma-nloglik': return new GammaNloglikMetric();
    case 'cox-nloglik': return new CoxNloglikMetric();
    case 'mlogloss': return new MultiLoglossMetric();
    case 'merror': return new MultiErrorMetric();
    case 'quantile': return new QuantileMetric((opts.quantileAlpha ?? [0.5]).map((a) => Math.fround(a)));
    default: break;
  }
  if (s.startsWith('tweedie-nloglik')) {
    const arg = s.startsWith('tweedie-nloglik@') ? s.slice('tweedie-nloglik@'.length) : '';
    const rho = arg.trim() === '' ? NaN : Math.fround(Number(arg));
    if (!(rho >= 1 && rho < 2)) {
      throw unknown(s, `metric ${JSON.stringify(s)}: tweedie-nloglik@rho needs the variance power rho in [1, 2)`);
    }
    return new TweedieNloglikMetric(s, rho);
  }
  if (s.startsWith('error@')) {
    const arg = s.slice('error@'.length);
    const t = arg.trim() === '' ? NaN : Number(arg);
    if (!Number.isFinite(t)) throw unknown(s, `metric ${JSON.stringify(s)}: the threshold must be a number`);
    return new ErrorMetric(s, t);
  }
  const m = RANK_NAME.exec(s);
  if (m === null) throw unknown(s);
  const family = m[1];
  const kText = m[2];
  const minus = m[3] === '-';
  let k = Infinity;
  if (kText !== undefined) {
    if (!/^[0-9]+$/.test(kText) || Number(kText) < 1 || Number(kText) > 4294967295) {
      throw unknown(s, `metric ${JSON.stringify(s)}: k in ${family}@k must be a positive integer`);
    }
    k = Number(kText);
  }
  if (family === 'ndcg') return new NdcgMetric(s, k, minus, opts.ndcgExpGain);
  if (family === 'map') return new MapMetric(s, k, minus);
  if (minus) throw unknown(s, `metric ${JSON.stringify(s)}: pre has no "-" variant`);
  return new PrecisionMetric(s, k);
}

/** Metrics of K class probabilities per row (every other metric scores one prediction per row). */
const MULTICLASS_METRICS = new Set(['mlogloss', 'merror']);

/**
 * Refuses metrics that do not fit the model's outputs: one prediction per row (nGroups 1), K
 * class probabilities (multi-class, nGroups K > 1), or K quantiles (reg:quantileerror with K
 * quantile_alpha values: only `quantile` scores them).
 * @throws ParamError naming the metric and the objective.
 */
export function checkMetricOutputs(names: readonly string[], objective: string, nGroups: number): void {
  const multi = nGroups > 1;
  const quantiles = multi && objectiveInfo(objective)?.outputs === 'quantiles';
  for (const m of names) {
    const name = m.trim();
    if (quantiles) {
      if (name !== 'quantile') throw new ParamError(`eval_metric ${m} scores one prediction per row; ${objective} has ${nGroups} quantiles a row (give quantile)`);
      continue;
    }
    if (name !== 'auc' && name !== 'aucpr' && MULTICLASS_METRICS.has(name) !== multi) {
      throw new ParamError(multi
        ? `eval_metric ${m} scores one prediction per row; ${objective} has ${nGroups} (give mlogloss, merror, auc or aucpr)`
        : `eval_metric ${m} needs multi-class predictions (multi:softprob or multi:softmax with num_class)`);
    }
  }
}
