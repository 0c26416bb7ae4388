/**
 * The constraint parameters of a training run read against its data (feature names and count):
 * monotone_constraints, interaction_constraints and feature_weights. Each resolved value replaces
 * the parameter's text in the run's params, in the form the model file saves (so continued
 * training, which reads the saved params, gets the same constraints): monotone as XGBoost 3.4.1's
 * config writes it, `(1,-1,0)`; interaction groups by index, `[[0,1],[2]]`; weights as a list.
 */
import { ParamError } from '../errors.js';
import { formatInteraction, formatMonotone, parseInteractionConstraints, parseMonotoneConstraints } from './constraint-syntax.js';
import { parseFeatureWeights } from './feature-weights.js';
import type { Params } from './schema.js';

/** A run's constraints, each null when not given (monotone also when every direction is 0, as XGBoost's HasMonotone). */
export interface TrainConstraints {
  /** Int8Array, length nFeatures: -1, 0 or 1 per feature. */
  readonly monotone: Int8Array | null;
  /** Groups of feature indices (sorted Int32Arrays); an empty list is a constraint too (every path uses one feature). */
  readonly interaction: Int32Array[] | null;
  /** Float32Array, length nFeatures. */
  readonly featureWeights: Float32Array | null;
}

/**
 * Reads the constraints of `params` for data with `nFeatures` features (`names` when it has names)
 * and writes their resolved forms back into `params`. Throws ParamError naming the problem.
 */
export function resolveTrainConstraints(params: Params, names: readonly string[] | undefined, nFeatures: number): TrainConstraints {
  let monotone: Int8Array | null = null;
  let interaction: Int32Array[] | null = null;
  let featureWeights: Float32Array | null = null;
  if (params.monotone_constraints !== undefined) {
    const m = parseMonotoneConstraints(params.monotone_constraints, names, nFeatures);
    params.monotone_constraints = formatMonotone(m);
    if (m.some((d) => d !== 0)) monotone = m;
  }
  if (params.interaction_constraints !== undefined) {
    interaction = parseInteractionConstraints(params.interaction_constraints, names, nFeatures);
    params.interaction_constraints = formatInteraction(interaction);
  }
  if (params.feature_weights !== undefined) {
    const w = parseFeatureWeights(params.feature_weights, nFeatures);
    params.feature_weights = w;
    featureWeights = Float32Array.from(w);
  }
  if (monotone !== null && params.min_data_in_leaf > 0) {
    throw new ParamError('monotone_constraints with min_data_in_leaf are not implemented (min_data_in_leaf switches to LightGBM\'s split scan, whose monotone methods differ from XGBoost\'s): drop one of them');
  }
  return { monotone, interaction, featureWeights };
}
