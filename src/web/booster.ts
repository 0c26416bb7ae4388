/**
 * Booster of the web build: a model loaded from text or bytes, predicting, ranking and
 * explaining with the same code and the same float32 rules as Node's Booster
 * (src/booster/booster.ts), so its numbers are Node's to the bit. No Node API, no threads.
 */
import { shapValues } from '../explain/tree-shap.js';
import type { Model } from '../model-io/model.js';
import { ModelError } from '../errors.js';
import { decodeUBJSON, UBJSONError } from '../model-io/ubjson.js';
import { modelToJSON, parseModel, parseModelText } from '../model-io/xgboost-json.js';
import { ForestPredictor, type PredictInput } from '../predict/forest-predictor.js';
import { Ranker, type RankResult } from '../serve/ranker.js';
import type { FeatureRow } from '../serve/row-reader.js';
import { WebForest, type WebKernelName } from './web-kernel.js';

/** Options of Booster.predict. */
export interface WebPredictOptions {
  /** Raw margins instead of output-space values (probabilities for binary:logistic). */
  margin?: boolean;
  /**
   * SHAP values (exact TreeSHAP, XGBoost's `pred_contribs` layout): nRows * (nFeatures + 1)
   * values, row-major, the bias last in each row. `margin` does not apply.
   */
  contrib?: boolean;
}

/** Options of Booster.fromJSON / fromUBJ. */
export interface WebLoadOptions {
  /** Batch walk: 'auto' (the WASM kernel when `ready` loaded it) or 'ts' (always TypeScript). */
  kernel?: 'auto' | 'ts';
  /** Name of the source in error messages (default "<string>"). */
  source?: string;
}

export class Booster {
  private readonly predictor: ForestPredictor;
  private ranker: Ranker | null = null;

  /**
   * @param model a parsed model (see fromJSON).
   * @throws ModelError for a model that cannot be predicted.
   */
  constructor(readonly model: Model, options: WebLoadOptions = {}) {
    this.predictor = ForestPredictor.fromModel(model, { kernel: options.kernel ?? 'auto' }, (f, k) => WebForest.create(f, k));
  }

  /** Number of trees. */
  get nTrees(): number {
    return this.model.trees.length;
  }

  /** Number of input features. */
  get nFeatures(): number {
    return this.model.nFeatures;
  }

  /** The model's feature names (empty when it has none). */
  get featureNames(): readonly string[] {
    return this.model.featureNames;
  }

  /**
   * The batch walk this booster uses: 'wasm' when `ready` loaded the kernel before the booster was
   * made and the model has no categorical splits, else 'ts'. Both give the same margins to the bit.
   */
  get kernel(): WebKernelName {
    return this.predictor.walker() === null ? 'ts' : 'wasm';
  }

  /** The objective's name, e.g. `rank:ndcg`. */
  get objective(): string {
    return this.model.objective.name;
  }

  /**
   * Predictions, Float32Array of length nRows: output space, or margins with `{ margin: true }`;
   * with `{ contrib: true }` SHAP values, length nRows * (nFeatures + 1), row r's feature j at
   * `r * (nFeatures + 1) + j` and its bias last.
   * @param rows arrays of feature values in model order (NaN, null, undefined = missing).
   * @throws DataError for a row of the wrong length.
   */
  predict(rows: PredictInput, options: WebPredictOptions = {}): Float32Array {
    if (options.contrib) return shapValues(this.model, rows);
    return options.margin ? this.predictor.predictMargin(rows) : this.predictor.predict(rows);
  }

  /**
   * Ranks one query's documents, best first.
   * @param rows arrays of feature values in model order or objects keyed by feature name.
   * @returns scores (Float32Array of length rows.length, margins, input order) and order
   *   (Int32Array of length rows.length, document indices best first; ties keep input order).
   */
  rank(rows: readonly FeatureRow[]): RankResult {
    this.ranker ??= new Ranker(this.predictor);
    return this.ranker.rank(rows);
  }

  /** The model as XGBoost JSON text. */
  toJSON(): string {
    return modelToJSON(this.model);
  }

  /**
   * Parses an XGBoost JSON model (ours or XGBoost's, 1.7 to 3.x).
   * @throws ModelError naming options.source for a malformed or unsupported model.
   */
  static fromJSON(text: string, options: WebLoadOptions = {}): Booster {
    return new Booster(parseModelText(text, options.source ?? '<string>'), options);
  }

  /**
   * Parses an XGBoost UBJSON model (what XGBoost 2.1+ `save_model` writes for a name not ending in
   * `.json`, e.g. `model.ubj`), from its bytes.
   * @throws ModelError naming options.source for malformed UBJSON or an unsupported model.
   */
  static fromUBJ(bytes: Uint8Array | ArrayBuffer, options: WebLoadOptions = {}): Booster {
    const source = options.source ?? '<bytes>';
    let json: unknown;
    try {
      json = decodeUBJSON(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes), { typedArrays: false });
    } catch (err) {
      if (err instanceof UBJSONError) throw new ModelError(source, `not a UBJSON model: ${err.message}`);
      throw err;
    }
    return new Booster(parseModel(json, source), options);
  }
}
