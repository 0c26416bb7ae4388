/**
 * Booster: a trained (or loaded) model with prediction, saving and loading. Models are XGBoost
 * JSON files, so a Booster loads models trained by XGBoost too.
 */
import type { Dataset } from '../data/dataset.js';
import type { Model } from '../model-io/model.js';
import { parseModelBytes, readModelFile, writeModelFile } from '../model-io/model-file.js';
import { modelToJSON, parseModelText } from '../model-io/xgboost-json.js';
import { modelToUBJ } from '../model-io/xgboost-ubj.js';
import { Predictor, type PredictInput } from '../predict/predictor.js';

export type { PredictInput };
import { shapValues } from '../explain/tree-shap.js';
import type { ParamInput } from '../params/schema.js';
import { Ranker, type RankResult } from '../serve/ranker.js';
import type { FeatureRow } from '../serve/row-reader.js';
import { trainModel, type TrainOptions } from './train.js';
import type { EvalResult } from './eval-log.js';

export interface PredictOptions {
  /**
   * Model features the input lacks are missing values instead of an error: rows shorter than the
   * model's feature count, or a Dataset without some of the model's named columns.
   */
  allowMissingColumns?: boolean;
  /** Raw margins instead of output-space values (probabilities for binary:logistic). */
  margin?: boolean;
  /**
   * SHAP values instead of predictions (exact TreeSHAP, XGBoost's `pred_contribs` layout):
   * nRows * (nFeatures + 1) values, row-major, the last of each row the bias; each row sums to
   * its margin. `margin` does not apply.
   */
  contrib?: boolean;
}

export class Booster {
  private predictor: Predictor | null = null;
  private ranker: Ranker | null = null;
  /** Evaluation history of training (empty for a loaded model). */
  history: EvalResult[][] = [];

  constructor(readonly model: Model) {}

  /** Number of trees. */
  get nTrees(): number {
    return this.model.trees.length;
  }

  /** Number of input features. */
  get nFeatures(): number {
    return this.model.nFeatures;
  }

  /** The compiled predictor (built on first use). */
  getPredictor(): Predictor {
    this.predictor ??= Predictor.fromModel(this.model);
    return this.predictor;
  }

  /**
   * Predictions, Float32Array of length nRows: output space, or margins with `{ margin: true }`;
   * with `{ contrib: true }`, SHAP values: length nRows * (nFeatures + 1), row r's feature j at
   * `r * (nFeatures + 1) + j` and its bias last (see shapValues).
   *
   * A K-class model (multi:softprob / multi:softmax, K = model.nOutputGroups): margins and
   * multi:softprob's probabilities are nRows x K, row-major (row r's class k at `r * K + k`);
   * multi:softmax predicts each row's class index (length nRows); SHAP values are
   * nRows x K x (nFeatures + 1) (class k's block of row r at `(r * K + k) * (nFeatures + 1)`).
   * reg:quantileerror with K quantile_alpha values (K = model.nOutputGroups) has the same layout:
   * nRows x K, row r's quantile k at `r * K + k`, each row's outputs sorted ascending (XGBoost's
   * PredTransform; margins are not sorted).
   * @param rows a Dataset, or rows of feature values in model order (null/NaN = missing).
   * @throws DataError for rows of the wrong length, an infinite value, columns that do not match.
   */
  predict(rows: PredictInput, options: PredictOptions = {}): Float32Array {
    const map = { allowMissingColumns: options.allowMissingColumns === true };
    if (options.contrib) return shapValues(this.model, rows, map);
    const p = this.getPredictor();
    return options.margin ? p.predictMargin(rows, undefined, map) : p.predict(rows, undefined, map);
  }

  /**
   * Ranks one query's documents, best first.
   * @param rows the documents: arrays of feature values in model order (null/NaN = missing) or
   * objects keyed by feature name (see Ranker).
   * @returns scores (Float32Array of length rows.length, margins as XGBoost's ranking predict,
   * input order) and order (Int32Array of length rows.length, document indices best first;
   * equal scores keep input order).
   * @throws DataError / UnknownFeatureError for a bad row.
   */
  rank(rows: readonly FeatureRow[]): RankResult {
    this.ranker ??= new Ranker(this.getPredictor(), this.model.categories);
    return this.ranker.rank(rows);
  }

  /** The model as XGBoost JSON text. */
  toJSON(): string {
    return modelToJSON(this.model);
  }

  /** The model as XGBoost UBJSON bytes (what XGBoost 2.1+ `save_raw()` and `save_model('m.ubj')` write). */
  toUBJ(): Uint8Array {
    return modelToUBJ(this.model);
  }

  /**
   * Writes the model atomically (temp file + rename): UBJSON when `path` ends in `.ubj`, else
   * XGBoost JSON.
   */
  async save(path: string): Promise<void> {
    await writeModelFile(path, this.model);
  }

  /** Loads an XGBoost model file, JSON or UBJSON whatever its name (ours or XGBoost's, 1.7 to 3.x). */
  static async load(path: string): Promise<Booster> {
    return new Booster(await readModelFile(path));
  }

  /** Parses an XGBoost JSON model from text. */
  static fromJSON(text: string, source = '<string>'): Booster {
    return new Booster(parseModelText(text, source));
  }

  /**
   * Parses an XGBoost model from bytes: UBJSON (XGBoost 2.1+ `save_raw()`, `.ubj` files), or JSON
   * bytes, told apart by content.
   * @throws ModelError naming `source` for anything else or a malformed model.
   */
  static fromUBJ(bytes: Uint8Array, source = '<bytes>'): Booster {
    return new Booster(parseModelBytes(bytes, source));
  }
}

/**
 * Trains a booster.
 * @param params parameters by XGBoost name or alias (see the README's table).
 * @param data training data with labels (and query groups for ranking).
 */
export async function train(params: ParamInput, data: Dataset, options: TrainOptions = {}): Promise<Booster> {
  const result = await trainModel(params, data, options);
  const b = new Booster(result.model);
  b.history = result.history;
  return b;
}
