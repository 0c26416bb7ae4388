/**
 * Objective registry: maps an XGBoost objective name to its implementation. An explicit list of
 * factories (no registration by side effect), so bundlers keep every objective.
 */
import { ParamError } from '../errors.js';
import { PARAMS, zeroMeans, type Params } from '../params/schema.js';
import { createRankingObjective } from './lambdarank.js';
import { CoxObjective } from './cox.js';
import { LightGbmRankObjective } from './lightgbm-rank.js';
import { MulticlassObjective } from './multiclass.js';
import { MultiQuantileObjective } from './multi-quantile.js';
import type { Objective } from './objective.js';
import type { PointwiseOptions } from '../kernels/ts/pointwise-gradients.js';
import { createPointwiseObjective } from './pointwise.js';

/** Names of every objective, from the parameter table. */
export const OBJECTIVE_NAMES: readonly string[] = PARAMS.find((p) => p.name === 'objective')!.options;

/** The options the pointwise objectives take from resolved parameters. */
export function pointwiseOptions(params: Params): PointwiseOptions {
  return {
    huberSlope: params.huber_slope,
    scalePosWeight: params.scale_pos_weight,
    poissonMaxDeltaStep: params.max_delta_step > 0 ? params.max_delta_step : zeroMeans('max_delta_step', 'count:poisson'),
    tweedieVariancePower: params.tweedie_variance_power,
    // Several quantiles are MultiQuantileObjective's (createObjective); one is the pointwise objective's.
    quantileAlpha: params.quantile_alpha[0]!,
  };
}

/** The objective for resolved parameters. */
export function createObjective(params: Params): Objective {
  const name = params.objective;
  if (name === 'multi:softprob' || name === 'multi:softmax') {
    if (params.num_class < 1) throw new ParamError(`${name} needs num_class, the number of classes (labels 0 .. num_class-1)`);
    return new MulticlassObjective(name, params.num_class);
  }
  if (params.num_class > 0) throw new ParamError(`num_class applies only to multi:softprob and multi:softmax, not to ${name}`);
  if (name === 'reg:quantileerror' && params.quantile_alpha.length > 1) {
    return new MultiQuantileObjective(params.quantile_alpha.map((a) => Math.fround(a)));
  }
  const pointwise = createPointwiseObjective(name, pointwiseOptions(params));
  if (pointwise) return pointwise;
  if (name.startsWith('rank:')) return createRankingObjective(name, params);
  if (name === 'survival:cox') return new CoxObjective();
  if (name === 'lambdarank' || name === 'rank_xendcg') return new LightGbmRankObjective(params);
  throw new ParamError(`unknown objective ${JSON.stringify(name)}; expected one of ${OBJECTIVE_NAMES.join(', ')}`);
}

/**
 * The objective parameters a model's objective JSON carries (XGBoost's layout), as parameter
 * input: tweedie_variance_power, quantile_alpha, huber_slope, scale_pos_weight, num_class. Used where a model
 * is evaluated without its training parameters (eval's default metric and its options).
 */
export function objectiveParamsFromJSON(json: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  const take = (obj: string, key: string): void => {
    const o = json[obj];
    if (o === null || typeof o !== 'object') return;
    const v = (o as Record<string, unknown>)[key];
    if (typeof v === 'string') out[key] = v.replace(/^\[(.*)\]$/, '$1');
  };
  take('tweedie_regression_param', 'tweedie_variance_power');
  take('quantile_loss_param', 'quantile_alpha');
  take('pseudo_huber_param', 'huber_slope');
  take('reg_loss_param', 'scale_pos_weight');
  take('softmax_multiclass_param', 'num_class');
  return out;
}
