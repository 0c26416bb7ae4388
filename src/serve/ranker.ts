/**
 * Ranker: a model loaded once, scoring a query's candidate documents synchronously from plain
 * arrays or objects keyed by feature name, and ranking them. Scores are XGBoost's: float32
 * margins (what XGBoost's predict returns for ranking objectives), or output-space values on
 * request. Scoring one row allocates nothing.
 */
import type { CategoryList } from '../model-io/category-table.js';
import { ParamError } from '../errors.js';
import type { Model } from '../model-io/model.js';
import { objectiveInfo, type OutputTransform } from '../model-io/objectives.js';
import { LightGBMPredictor } from '../predict/lightgbm-predictor.js';
import { ForestPredictor } from '../predict/forest-predictor.js';
import { transformOne } from '../predict/transform.js';
import { rankOrder } from './rank-order.js';
import { RowReader, type FeatureRow } from './row-reader.js';

export interface ScoreOptions {
  /**
   * true (default): raw margins, as XGBoost's predict gives for ranking objectives; false:
   * output space (probabilities for binary:logistic, exp(margin) for count:poisson; the same
   * margins for ranking and squared-error objectives).
   */
  margin?: boolean;
}

/** A query ranked: its documents' scores and their order. */
export interface RankResult {
  /** Int32Array of length nRows: document indices, best (highest score) first; ties keep input order. */
  order: Int32Array;
  /** Float32Array of length nRows: each document's score, in input order. */
  scores: Float32Array;
}

const DEFAULTS: ScoreOptions = Object.freeze({});
/** scoreMatrix keeps row views of its last matrix for up to this many rows. */
const MAX_CACHED_VIEWS = 4096;

/**
 * What a Ranker scores with: an XGBoost-layout ForestPredictor (float32 margins, to the bit), or a
 * LightGBM predictor (double margins; the rows it gets here are float32, as the server parses
 * them, and its scores are stored as float32 like every score the server returns).
 */
export type RowModel = ForestPredictor | LightGBMPredictor;

export class Ranker {
  /** The compiled model. */
  readonly predictor: RowModel;
  /** Number of features a row has. */
  readonly nFeatures: number;
  /** Number of trees. */
  readonly nTrees: number;
  /** Objective name, e.g. `rank:ndcg`. */
  readonly objective: string;
  /** The model's feature names, length nFeatures, or empty when it has none. */
  readonly featureNames: readonly string[];
  /** Checks rows and converts them to float32. */
  readonly reader: RowReader;
  /**
   * Outputs a row: K for a K-class model (multi:softprob / multi:softmax), whose rows are scored
   * by scoreMatrixGroups (the one-score methods refuse it), else 1.
   */
  readonly nGroups: number = 1;
  /** Margin to output space (the objective's transform). */
  private readonly toOutput: (margin: number) => number;
  /** True when the transform is the identity. */
  private readonly identity: boolean;
  /** Scratch row, Float32Array of length max(1, nFeatures), reused by every single-row call. */
  private readonly row: Float32Array;
  /** The matrix whose row views `views` holds (see rowViews). */
  private viewsOf: Float32Array | null = null;
  private readonly views: Float32Array[] = [];

  /** @param categories the model's category lists (Model.categories), for rows that give categories by name. */
  constructor(predictor: RowModel, categories?: readonly (CategoryList | null)[]) {
    this.predictor = predictor;
    this.nFeatures = predictor.nFeatures;
    this.nTrees = predictor.nTrees;
    this.objective = predictor.objective;
    this.featureNames = predictor.featureNames;
    this.reader = new RowReader(predictor.nFeatures, predictor.featureNames, categories);
    if (predictor instanceof LightGBMPredictor) {
      const output = predictor.model.output;
      this.identity = output.kind === 'identity' && !predictor.model.averageOutput;
      this.toOutput = (m) => predictor.toOutput(m);
    } else {
      const output: OutputTransform = objectiveInfo(predictor.objective)!.output;
      this.identity = output === 'identity';
      this.toOutput = predictor.nGroups > 1 ? (m) => m : (m) => transformOne(m, output);
      this.nGroups = predictor.nGroups;
    }
    this.row = new Float32Array(Math.max(1, predictor.nFeatures));
  }

  /**
   * Compiles a model.
   * @throws ModelError for a model that cannot be predicted.
   */
  static fromModel(model: Model): Ranker {
    return new Ranker(ForestPredictor.fromModel(model), model.categories);
  }

  /**
   * The score of one row, allocating nothing: a Float32Array of length nFeatures is read in
   * place, anything else is checked and cast into a reused scratch row.
   * @throws DataError / UnknownFeatureError for a bad row (see RowReader.read).
   */
  scoreRow(row: FeatureRow, options: ScoreOptions = DEFAULTS): number {
    let m: number;
    if (row instanceof Float32Array && row.length === this.nFeatures) m = this.predictor.predictRowMargin(row);
    else {
      this.reader.read(row, -1, this.row, 0);
      m = this.predictor.predictRowMargin(this.row);
    }
    return options.margin === false ? this.toOutput(m) : m;
  }

  /**
   * Scores many rows (a query's documents).
   * @param rows the rows, each a FeatureRow.
   * @param out optional Float32Array of length >= rows.length to write into.
   * @returns Float32Array of length rows.length (a view of `out` when given), in input order.
   * @throws DataError / UnknownFeatureError naming the bad row (`rows[i]`) and column.
   */
  scoreRows(rows: readonly FeatureRow[], out?: Float32Array, options: ScoreOptions = DEFAULTS): Float32Array {
    const n = rows.length;
    const scores = outArray(out, n);
    const p = this.predictor;
    const buf = this.row;
    for (let r = 0; r < n; r++) {
      const row = rows[r];
      if (row instanceof Float32Array && row.length === this.nFeatures) scores[r] = p.predictRowMargin(row);
      else {
        this.reader.read(row, r, buf, 0);
        scores[r] = p.predictRowMargin(buf);
      }
    }
    if (options.margin === false) this.transform(scores);
    return scores;
  }

  /**
   * A K-class model's outputs of rows stored row-major in one buffer (see scoreMatrix): with
   * `margin` the K margins a row, else multi:softprob's K probabilities or multi:softmax's class index.
   * @returns Float32Array of length nRows x K (class indices: nRows), row-major.
   */
  scoreMatrixGroups(values: Float32Array, nRows: number, margin: boolean): Float32Array {
    const nF = this.nFeatures;
    const p = this.predictor;
    if (p instanceof LightGBMPredictor || this.nGroups === 1) throw new ParamError('scoreMatrixGroups is for multi-class models: use scoreMatrix');
    if (!Number.isInteger(nRows) || nRows < 0 || values.length < nRows * nF) {
      throw new ParamError(`scoreMatrixGroups: ${nRows} rows of ${nF} features need ${nRows * nF} values, got ${values.length}`);
    }
    const rows = Array.from({ length: nRows }, (_, r) => values.subarray(r * nF, (r + 1) * nF));
    return margin ? p.predictMargin(rows) : p.predict(rows);
  }

  /**
   * Scores rows stored row-major in one buffer (what the server's body parser produces).
   * @param values Float32Array of length >= nRows * nFeatures: row r's features at
   * `[r * nFeatures, (r + 1) * nFeatures)`, NaN = missing.
   * @param nRows number of rows.
   * @param out optional Float32Array of length >= nRows.
   * @returns Float32Array of length nRows (a view of `out` when given).
   */
  scoreMatrix(values: Float32Array, nRows: number, out?: Float32Array, options: ScoreOptions = DEFAULTS): Float32Array {
    const nF = this.nFeatures;
    if (!Number.isInteger(nRows) || nRows < 0 || values.length < nRows * nF) {
      throw new ParamError(`scoreMatrix: ${nRows} rows of ${nF} features need ${nRows * nF} values, got ${values.length}`);
    }
    const scores = outArray(out, nRows);
    const p = this.predictor;
    if (nRows <= MAX_CACHED_VIEWS) {
      const views = this.rowViews(values, nRows);
      for (let r = 0; r < nRows; r++) scores[r] = p.predictRowMargin(views[r]!);
    } else {
      for (let r = 0; r < nRows; r++) scores[r] = p.predictRowMargin(values.subarray(r * nF, (r + 1) * nF));
    }
    if (options.margin === false) this.transform(scores);
    return scores;
  }

  /**
   * Scores a query's documents and orders them, best first (stable: equal scores keep input
   * order). The order is by margin; `scores` follow options (margins by default).
   * @param rows the query's documents, each a FeatureRow.
   * @returns order (Int32Array, length rows.length) and scores (Float32Array, input order).
   */
  rank(rows: readonly FeatureRow[], options: ScoreOptions = DEFAULTS): RankResult {
    const scores = this.scoreRows(rows);
    const order = rankOrder(scores);
    if (options.margin === false) this.transform(scores);
    return { order, scores };
  }

  /**
   * Views of rows [0, nRows) of a row-major matrix, each a Float32Array of length nFeatures.
   * Kept for the last matrix seen, so the server's reused parse buffer costs no allocation per
   * request.
   */
  private rowViews(values: Float32Array, nRows: number): Float32Array[] {
    if (values !== this.viewsOf) {
      this.viewsOf = values;
      this.views.length = 0;
    }
    const views = this.views;
    const nF = this.nFeatures;
    for (let r = views.length; r < nRows; r++) views.push(values.subarray(r * nF, (r + 1) * nF));
    return views;
  }

  /** Margins to output space, in place. */
  transform(scores: Float32Array): void {
    if (this.identity) return;
    for (let i = 0; i < scores.length; i++) scores[i] = this.toOutput(scores[i]!);
  }
}

function outArray(out: Float32Array | undefined, n: number): Float32Array {
  if (out === undefined) return new Float32Array(n);
  if (out.length < n) throw new ParamError(`the output array has ${out.length} entries, ${n} are needed`);
  return out.length === n ? out : out.subarray(0, n);
}
