/**
 * Partial dependence of a LightGBM model: the brute-force method of partial-dependence.ts over
 * the double-precision LightGBM predictor (the tree method is XGBoost-layout only and is refused).
 */
import type { LightGBMModel } from '../model-io/lightgbm-text.js';
import { LightGBMPredictor } from '../predict/lightgbm-predictor.js';
import type { PredictInput } from '../predict/predictor.js';
import { partialDependenceOf, type PartialDependence, type PdpOptions } from './partial-dependence.js';

/** Partial dependence of a LightGBM model's raw score or prediction on one or two features. */
export function lightgbmPartialDependence(model: LightGBMModel, input: PredictInput, options: PdpOptions): PartialDependence {
  const predictor = new LightGBMPredictor(model);
  return partialDependenceOf(
    {
      nFeatures: model.nFeatures,
      featureNames: model.featureNames,
      objective: model.objective,
      identityOutput: model.output.kind === 'identity' && !model.averageOutput,
      predict: (ds, margin) => (margin ? predictor.predictMargin(ds, options) : predictor.predict(ds, options)),
      treeAverage: null,
    },
    input,
    options,
  );
}
