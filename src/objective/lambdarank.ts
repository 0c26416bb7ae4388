/**
 * The ranking objectives `rank:ndcg`, `rank:pairwise` and `rank:map`: LambdaMART as XGBoost 2.x /
 * 3.x computes it, with Unbiased LambdaMART position debiasing (xgboost-spec.md §1). The per-query
 * arithmetic lives in lambdarank-query.ts; this file validates the data, owns the per-data state and
 * the position biases, and speaks the Objective interface.
 */
import { DataError, ModelError } from '../errors.js';
import { discountTable, inverseIdcgPerQuery } from '../kernels/ts/dcg.js';
import { checkRankingLabels, type RankLabelRule } from '../metric/ranking-labels.js';
import { TRAINED_MODEL_VERSION } from '../model-io/model.js';
import { objectiveInfo } from '../model-io/objectives.js';
import { baseMargin } from '../predict/transform.js';
import type { GradArray } from '../types.js';
import {
  defaultRankingMetric, lambdarankParamJSON, MAX_TRACKED_POSITIONS_MEAN, resolveLambdaRankConfig,
  type LambdaRankConfig, type RankingParams,
} from './lambdarank-config.js';
import { LambdaRankScratch, lambdaRankQueries, type LambdaRankInputs } from '../kernels/ts/lambdarank-query.js';
import type { Objective, ObjectiveData } from './objective.js';
import { rankingWeights, weightRule } from './ranking-weights.js';
import {
  checkPositionBiases, PositionBias, positionBiasToJSON, type PositionBiases, type PositionBiasJSON,
} from './ranking-position-bias.js';

/** Message of the DataError raised when a ranking objective gets no query groups. */
export const MISSING_GROUPS_MESSAGE = 'ranking objective needs query groups: give --qid or a .query file';

/** What `init` prepares for one training set. */
interface Prepared {
  readonly inputs: LambdaRankInputs;
  readonly scratch: LambdaRankScratch;
  readonly nQueries: number;
  /** Float64Array, length nRows (unbiased): per-row Li / Lj costs of the current pass. */
  readonly liRow: Float64Array | null;
  readonly ljRow: Float64Array | null;
}

/** LambdaMART for `rank:ndcg`, `rank:pairwise` and `rank:map` (XGBoost 2.x / 3.x). */
export class LambdaRankObjective implements Objective {
  readonly name: string;
  readonly defaultMetric: string;
  readonly needsGroups = true;
  /** The resolved settings. */
  readonly config: LambdaRankConfig;
  private prepared: Prepared | null = null;
  private bias: PositionBias | null = null;
  /** Biases given by `restorePositionBiases` before `init`. */
  private pendingBiases: PositionBiases | null = null;
  /** The position base of restored biases (used when lambdarank_position_base is unset). */
  private restoredBase: number | null = null;
  /** Which positions the last `init` tracked (unbiased), else null. */
  private tracking: PositionTracking | null = null;

  /** @see createRankingObjective */
  constructor(config: LambdaRankConfig) {
    this.config = config;
    this.name = config.objective;
    this.defaultMetric = defaultRankingMetric(config);
  }

  /**
   * Checks the training data and prepares per-data state (1/IDCG, query weights, scratch sized to the
   * largest query, position-bias vectors).
   * @throws DataError without query groups; for labels that the objective cannot use (negative or
   *   non-finite; non-integer or > 31 for rank:ndcg with exponential gain; not 0/1 for rank:map);
   *   for negative or non-finite query weights, or all-zero weights; for negative positions.
   */
  init(data: ObjectiveData): void {
    const cfg = this.config;
    const source = data.source;
    const offsets = data.queryOffsets;
    if (offsets === null) throw new DataError({ file: source }, MISSING_GROUPS_MESSAGE);
    if (offsets.length < 1 || offsets[0] !== 0 || offsets[offsets.length - 1] !== data.nRows) {
      throw new DataError({ file: source }, `query groups cover ${offsets.length > 0 ? offsets[offsets.length - 1] : 0} rows but the data has ${data.nRows}`);
    }
    const rule: RankLabelRule = cfg.loss === 'map' ? 'binary' : cfg.loss === 'ndcg' && cfg.expGain ? 'exp-gain' : 'linear-gain';
    checkRankingLabels(data.label, rule, source, cfg.objective, data.labelName);

    const nQueries = offsets.length - 1;
    let maxQuery = 0;
    for (let q = 0; q < nQueries; q++) maxQuery = Math.max(maxQuery, offsets[q + 1] - offsets[q]);

    const weights = rankingWeights(data.weight, offsets, weightRule(cfg.rankingWeight, 'group'), source);

    const positions = data.position;
    if (positions !== null) {
      if (positions.length !== data.nRows) {
        throw new DataError({ file: source, column: 'position' }, `${positions.length} positions for ${data.nRows} rows`);
      }
      for (let i = 0; i < positions.length; i++) {
        if (positions[i] < 0) throw new DataError({ file: source, row: i + 1, column: 'position' }, `position ${positions[i]} is negative`);
      }
    }

    let bias: PositionBias | null = null;
    let slots: Int32Array | null = positions;
    this.tracking = null;
    if (cfg.unbiased) {
      const pending = this.pendingBiases ?? this.bias?.snapshot() ?? null;
      const k = pending !== null ? pending.tPlus.length
        : cfg.pairMethod === 'topk' ? cfg.numPairPerSample : Math.max(1, Math.min(maxQuery, MAX_TRACKED_POSITIONS_MEAN));
      bias = new PositionBias(k, cfg.biasNorm, pending);
      this.pendingBiases = null;
      const tracked = trackedSlots(positions, offsets, k, cfg.positionBase ?? this.restoredBase, cfg.positionOverflow, source);
      slots = tracked.slots;
      this.tracking = tracked.info;
    }
    this.bias = bias;

    // IDCG at the truncation level: k for topk, the whole list for mean (spec §1.5).
    const invIdcg = cfg.loss === 'ndcg'
      ? inverseIdcgPerQuery(data.label, offsets, cfg.pairMethod === 'topk' ? cfg.numPairPerSample : Infinity, cfg.expGain)
      : null;

    const inputs: LambdaRankInputs = {
      config: cfg,
      labels: data.label,
      queryOffsets: offsets,
      positions: slots,
      invIdcg,
      queryWeight: weights.kind === 'group' ? weights.queryWeight : new Float32Array(nQueries).fill(1),
      weightNorm: weights.kind === 'group' ? weights.weightNorm : 1,
      rowWeight: weights.kind === 'row' ? weights.rowWeight : null,
      discount: discountTable(maxQuery),
      tPlus: bias !== null ? bias.tPlus : null,
      tMinus: bias !== null ? bias.tMinus : null,
    };
    this.prepared = {
      inputs,
      scratch: new LambdaRankScratch(maxQuery),
      nQueries,
      liRow: bias !== null ? new Float64Array(data.nRows) : null,
      ljRow: bias !== null ? new Float64Array(data.nRows) : null,
    };
  }

  /**
   * Writes g and h of every row (spec §1.3-1.6), then, in unbiased mode, updates t+ / t- from this
   * pass's costs (spec §1.7): the biases used at iteration t are those estimated at iteration t - 1.
   * @param margins in: Float32Array, length nRows.
   * @param gh out: Float32Array, length 2*nRows, interleaved (g, h).
   * @param iteration in: 0-based boosting round.
   */
  gradients(margins: Float32Array, gh: GradArray, iteration: number): void {
    const prep = this.prepared;
    if (prep === null) throw new Error(`${this.name}: init() must be called before gradients()`);
    const { liRow, ljRow } = prep;
    if (liRow !== null) liRow.fill(0);
    if (ljRow !== null) ljRow.fill(0);
    lambdaRankQueries(prep.inputs, margins, iteration, 0, prep.nQueries, prep.scratch, gh, liRow, ljRow);
    if (this.bias !== null && liRow !== null && ljRow !== null) {
      this.bias.update(liRow, ljRow, prep.inputs.queryOffsets, prep.inputs.positions);
    }
  }

  /**
   * The read-only per-data inputs of the per-query kernel (`lambdaRankQueries`), for a runner that
   * splits the queries over workers; null before `init`. Each worker needs its own
   * `LambdaRankScratch` (sized to the largest query) and writes disjoint rows of `gh` / Li / Lj;
   * `gradients` is the single-threaded composition of the two steps (kernel, then bias update).
   */
  kernelInputs(): LambdaRankInputs | null {
    return this.prepared === null ? null : this.prepared.inputs;
  }

  /**
   * 0. XGBoost 1.7 stored a fixed 0.5. XGBoost 2.x estimates the intercept with one Newton step from
   * margin 0, w0 = -sum g / sum h (spec §2.2); LambdaMART gives each pair +lambda and -lambda with
   * the same per-query scaling, so sum g = 0 and the estimate is 0. A constant shift of all scores
   * changes no pair gradient and no ranking, so 0 is both XGBoost 2.x's value and the neutral one.
   */
  initBaseScore(_data: ObjectiveData): number {
    return 0;
  }

  /** Ranking margins are the outputs: the table's identity link (float32). */
  probToMargin(baseScore: number): number {
    return baseMargin(baseScore, objectiveInfo(this.name)!.link, TRAINED_MODEL_VERSION);
  }

  /** Ranking outputs are raw margins: nothing to do. */
  transform(_values: Float32Array): void {}

  /**
   * `{ name, lambdarank_param: {...strings}, "ti+": [...], "tj-": [...] }` as XGBoost writes it; the
   * bias vectors (float32 values) only in unbiased mode. Before `init` in `mean` mode the number of
   * tracked positions is unknown and the vectors are empty unless biases were restored.
   */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, lambdarank_param: lambdarankParamJSON(this.config) };
    if (this.config.unbiased) {
      const b = this.positionBiases();
      let tPlus: number[] = [];
      let tMinus: number[] = [];
      if (b !== null) {
        tPlus = Array.from(b.tPlus, (v) => Math.fround(v));
        tMinus = Array.from(b.tMinus, (v) => Math.fround(v));
      } else if (this.config.pairMethod === 'topk') {
        tPlus = new Array<number>(this.config.numPairPerSample).fill(1);
        tMinus = new Array<number>(this.config.numPairPerSample).fill(1);
      }
      out['ti+'] = tPlus;
      out['tj-'] = tMinus;
    }
    return out;
  }

  /**
   * The learned position biases t+ / t- (copies, Float64Array of length K each), or null when the
   * objective is not unbiased or has neither been initialised nor restored.
   */
  positionBiases(): PositionBiases | null {
    if (!this.config.unbiased) return null;
    if (this.bias !== null) return this.bias.snapshot();
    if (this.pendingBiases !== null) {
      return { tPlus: Float64Array.from(this.pendingBiases.tPlus), tMinus: Float64Array.from(this.pendingBiases.tMinus) };
    }
    return null;
  }

  /**
   * Restores position biases for continued training (e.g. from a model's `"ti+"` / `"tj-"`, see
   * `parsePositionBiases`). Before `init`, the next `init` starts from them and tracks as many
   * positions as they have; after `init` they must have exactly K entries.
   * @param biases t+ and t-, equal lengths >= 1, finite values >= 0.
   * @param source model file name for error messages.
   * @throws ModelError for malformed biases or a length that does not match an initialised objective.
   */
  restorePositionBiases(
    biases: { tPlus: ArrayLike<number>; tMinus: ArrayLike<number>; plusEstimated?: Uint8Array; minusEstimated?: Uint8Array; base?: number },
    source = 'model',
  ): void {
    const b: PositionBiases = {
      tPlus: Float64Array.from(biases.tPlus), tMinus: Float64Array.from(biases.tMinus),
      ...(biases.plusEstimated ? { plusEstimated: Uint8Array.from(biases.plusEstimated) } : {}),
      ...(biases.minusEstimated ? { minusEstimated: Uint8Array.from(biases.minusEstimated) } : {}),
    };
    checkPositionBiases(b, source);
    if (!this.config.unbiased) return;
    if (biases.base !== undefined) this.restoredBase = biases.base;
    if (this.bias === null) {
      this.pendingBiases = b;
      return;
    }
    if (b.tPlus.length !== this.bias.nPositions) {
      throw new ModelError(source, `the model has ${b.tPlus.length} position biases but the objective tracks ${this.bias.nPositions} positions`);
    }
    this.bias.tPlus.set(b.tPlus);
    this.bias.tMinus.set(b.tMinus);
    if (b.plusEstimated) this.bias.plusEstimated.set(b.plusEstimated);
    if (b.minusEstimated) this.bias.minusEstimated.set(b.minusEstimated);
  }

  /** Which positions were tracked, in one line (Unbiased LambdaMART), else nothing. */
  notes(): string[] {
    const t = this.tracking;
    if (t === null) return [];
    const last = t.base + t.slots - 1;
    const from = !t.explicit ? 'the row order within each query (no position column or .position file)'
      : t.baseFromData ? `top = ${t.base}, the smallest position in the data (lambdarank_position_base)`
        : `top = ${t.base} (lambdarank_position_base)`;
    const beyond = t.rowsBeyond === 0 ? 'no row beyond them'
      : `${t.rowsBeyond} rows beyond ${last}: ${t.overflow === 'skip' ? 'their pairs skipped' : `counted at ${last}`} (lambdarank_position_overflow=${t.overflow})`;
    return [`Unbiased LambdaMART tracked positions ${t.base}..${last}, ${from}; ${beyond}`];
  }

  /** Which positions the last `init` tracked (Unbiased LambdaMART), else null. */
  positionTracking(): PositionTracking | null {
    return this.tracking;
  }

  /** The biases in the model file's form (`lambdaboost.position_bias`), or null when not unbiased. */
  positionBiasJSON(): PositionBiasJSON | null {
    const b = this.positionBiases();
    if (b === null) return null;
    return positionBiasToJSON(b, this.tracking?.base ?? this.restoredBase ?? this.config.positionBase ?? 0, this.config.positionOverflow);
  }
}

/** Which displayed positions Unbiased LambdaMART tracked. */
export interface PositionTracking {
  /** Displayed position of slot 0. */
  readonly base: number;
  /** Whether the base came from the data (lambdarank_position_base unset). */
  readonly baseFromData: boolean;
  /** Number of tracked slots K: positions base .. base + K - 1. */
  readonly slots: number;
  /** Whether explicit positions were given (else the row order within the query). */
  readonly explicit: boolean;
  /** Rows at a position beyond base + K - 1. */
  readonly rowsBeyond: number;
  readonly overflow: 'skip' | 'clamp';
}

/**
 * The tracked slot of every row: displayed position minus the base (the smallest position in the
 * data unless given), positions beyond the K slots left as they are (skipped) or set to K - 1
 * (clamp). Without explicit positions the slot is the row index within the query (XGBoost's rule).
 * @param positions in: Int32Array, length nRows, displayed positions >= 0, or null.
 * @returns slots (Int32Array, length nRows; `positions` itself when nothing changes, null for the
 *   row order when nothing changes) and what was tracked.
 * @throws DataError for a position below a given base.
 */
function trackedSlots(
  positions: Int32Array | null, offsets: Uint32Array, k: number, givenBase: number | null, overflow: 'skip' | 'clamp', source: string,
): { slots: Int32Array | null; info: PositionTracking } {
  const nRows = offsets[offsets.length - 1]!;
  let base = givenBase ?? 0;
  if (positions !== null && givenBase === null && nRows > 0) {
    base = positions[0]!;
    for (let i = 1; i < nRows; i++) if (positions[i]! < base) base = positions[i]!;
  }
  if (positions !== null && givenBase !== null) {
    for (let i = 0; i < nRows; i++) {
      if (positions[i]! < base) {
        throw new DataError({ file: source, row: i + 1, column: 'position' }, `position ${positions[i]} is below lambdarank_position_base ${base}`);
      }
    }
  }
  let rowsBeyond = 0;
  let slots: Int32Array | null = positions;
  if (positions !== null || overflow === 'clamp') {
    const out = new Int32Array(nRows);
    for (let q = 0; q + 1 < offsets.length; q++) {
      for (let row = offsets[q]!; row < offsets[q + 1]!; row++) {
        let slot = positions === null ? row - offsets[q]! : positions[row]! - base;
        if (slot >= k) {
          rowsBeyond++;
          if (overflow === 'clamp') slot = k - 1;
        }
        out[row] = slot;
      }
    }
    if (positions === null || base !== 0 || overflow === 'clamp') slots = out;
  } else {
    for (let q = 0; q + 1 < offsets.length; q++) rowsBeyond += Math.max(0, offsets[q + 1]! - offsets[q]! - k);
  }
  return {
    slots,
    info: { base, baseFromData: givenBase === null && positions !== null, slots: k, explicit: positions !== null, rowsBeyond, overflow },
  };
}

/**
 * Creates a ranking objective.
 * @param name `rank:ndcg`, `rank:pairwise` or `rank:map`.
 * @param params resolved parameters (any object with the lambdarank_*, ndcg_exp_gain and seed fields).
 * @throws ParamError for another name or an out-of-range setting.
 */
export function createRankingObjective(name: string, params: RankingParams): LambdaRankObjective {
  return new LambdaRankObjective(resolveLambdaRankConfig(name, params));
}
