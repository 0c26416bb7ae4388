/**
 * lambdaboost's public API: load data, train, predict, save and load XGBoost-compatible models.
 */
export type { Dataset } from './data/dataset.js';
export { readRow } from './data/dataset.js';
export { loadDataset, type ColumnRef, type DataFormat, type LoadOptions } from './data/load.js';
export { writeArrow } from './data/arrow-writer.js';
export { takeRows } from './data/subset.js';
export { cv, makeFolds, formatCvLine, cvCsv, type CvOptions, type CvResult, type CvRound } from './booster/cv.js';

export { Booster, train, type PredictInput, type PredictOptions } from './booster/booster.js';
export { trainModel, type EvalSet, type TrainOptions, type TrainResult } from './booster/train.js';
export type { EvalResult } from './booster/eval-log.js';
export { StopToken } from './booster/stop-token.js';

export type { Model, ObjectiveSpec } from './model-io/model.js';
export type { Tree } from './tree/tree.js';
export { parseModel, parseModelText, modelToJSON } from './model-io/xgboost-json.js';
export { readModelFile, writeModelFile, parseModelBytes, modelFileFormat, type ModelFileFormat } from './model-io/model-file.js';
export { modelToUBJ, parseModelUBJ } from './model-io/xgboost-ubj.js';
export { detectModelFormat, type ModelFormat } from './model-io/model-format.js';
export { decodeUBJSON, encodeUBJSON, UBJFloat, UBJSONError, type DecodeOptions } from './model-io/ubjson.js';
export { dumpModel } from './model-io/dump.js';
export { readAnyModelFile, type AnyModel } from './model-io/any-model.js';
export { parseLightGBMText, type LightGBMModel, type LightGBMTree, type LightGBMOutput } from './model-io/lightgbm-text.js';
export { LightGBMPredictor, type LightGBMInput, type LightGBMPredictOptions } from './predict/lightgbm-predictor.js';
export { lightgbmShapValues } from './explain/lightgbm-shap.js';
export { lightgbmImportance } from './explain/lightgbm-importance.js';
export { lightgbmPartialDependence } from './explain/lightgbm-pdp.js';
export { Predictor } from './predict/predictor.js';
export { Ranker, type RankResult, type ScoreOptions } from './serve/ranker.js';
export { loadRanker } from './serve/load-ranker.js';
export type { FeatureRow, NamedRow, RowValues } from './serve/row-reader.js';
export { UnknownFeatureError } from './serve/unknown-feature-error.js';
export { startServer, DEFAULT_MAX_BODY_BYTES, type ServeOptions, type RunningServer } from './serve/server.js';

export { shapValues, type ShapOptions } from './explain/tree-shap.js';
export { featureImportance, IMPORTANCE_TYPES, type FeatureScore, type ImportanceType } from './explain/importance.js';
export { partialDependence, partialDependenceByOutput, type PartialDependence, type PdpFeature, type PdpMethod, type PdpOptions } from './explain/partial-dependence.js';
export { featureGrid, mquantiles } from './explain/grid.js';
export { pdpCsv, pdpDocument, pdpJson, type PdpDocument } from './explain/pdp-output.js';
export { pdpSpec } from './explain/charts/pdp-spec.js';
export { importanceSpec } from './explain/charts/importance-spec.js';
export { renderSvg } from './explain/charts/render-svg.js';

export type { Params, ParamInput, ParamName, ParamSpec, RawParamInput } from './params/schema.js';
export { PARAMS } from './params/schema.js';
export { resolveParams } from './params/resolve.js';

export type { Metric, MetricData } from './metric/metric.js';
export { createMetric, METRIC_NAMES } from './metric/registry.js';
export type { Objective, ObjectiveData } from './objective/objective.js';

export { UserError, DataError, ParamError, ModelError, type DataLocation } from './errors.js';

export { simulateClicks, parseProductionRanker, type ClickSimulation, type ProductionRanker } from './data/click-simulator.js';
export { syntheticRankingData } from './data/synthetic-ranking.js';
export { metricDataOf } from './metric/metric.js';
