/**
 * Objective registry: maps an XGBoost objective name to its implementation. An explicit list of
 * factories (no registration by side effect), so bundlers keep every objective.
 */
import { ParamError } from '../errors.js';
import { PARAMS, type Params } from '../params/schema.js';
import { createRankingObjective } from './lambdarank.js';
import { LightGbmRankObjective } from './lightgbm-rank.js';
import type { Objective } from './objective.js';
import { createPointwiseObjective, type PointwiseOptions } from './pointwise.js';

/** Names of every objective, from the parameter table. */
export const OBJECTIVE_NAMES: readonly string[] = PARAMS.find((p) => p.name === 'objective')!.options;

/** The options the pointwise objectives take from resolved parameters. */
export function pointwiseOptions(params: Params): PointwiseOptions {
  return {
    huberSlope: params.huber_slope,
    scalePosWeight: params.scale_pos_weight,
    poissonMaxDeltaStep: params.max_delta_step > 0 ? params.max_delta_step : 0.7,
  };
}

/** The objective for resolved parameters. */
export function createObjective(params: Params): Objective {
  const name = params.objective;
  const pointwise = createPointwiseObjective(name, pointwiseOptions(params));
  if (pointwise) return pointwise;
  if (name.startsWith('rank:')) return createRankingObjective(name, params);
  if (name === 'lambdarank' || name === 'rank_xendcg') return new LightGbmRankObjective(params);
  throw new ParamError(`unknown objective ${JSON.stringify(name)}; expected one of ${OBJECTIVE_NAMES.join(', ')}`);
}
