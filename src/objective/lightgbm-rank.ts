/**
 * LightGBM's ranking objectives, `lambdarank` and `rank_xendcg`, as LightGBM 4.6 computes them
 * (rank_objective.hpp): the per-query gradients are in src/kernels/ts (lightgbm-rank-queries.ts,
 * lightgbm-lambda.ts, xendcg.ts), LightGBM's
 * position debiasing in lightgbm-position-bias.ts. This file validates the data, owns the
 * per-data state and speaks the Objective interface.
 *
 * Weights follow LightGBM (each row's g and h times its weight) unless `ranking_weight=group`
 * (XGBoost's per-query rule, ranking-weights.ts). Scores are the training session's double scores
 * (LightGBM's: session.ts keeps them for these objectives), or float32 margins widened. Unlike LightGBM, queries of more than 10,000 documents are
 * accepted (the discount table is extended).
 */
import { shownValue } from '../data/value-rules.js';
import { DataError, ParamError } from '../errors.js';
import type { Params } from '../params/schema.js';
import type { GradArray } from '../types.js';
import { LightGbmRandom } from '../util/lightgbm-random.js';
import {
  defaultLabelGain, LightGbmLambdaScratch, lightgbmDiscounts, LightGbmSigmoid, maxDcgAtK, scoreSpread,
  type LightGbmLambdaInputs,
} from '../kernels/ts/lightgbm-lambda.js';
import { identityOrders, lightgbmRankQueries, type LightGbmRankBlockInputs } from '../kernels/ts/lightgbm-rank-queries.js';
import { LightGbmPositionBias } from './lightgbm-position-bias.js';
import { MISSING_GROUPS_MESSAGE } from './lambdarank.js';
import type { Objective, ObjectiveData } from './objective.js';
import { rankingWeights, weightRule, type RankingWeights } from './ranking-weights.js';
import { XendcgScratch } from '../kernels/ts/xendcg.js';

/** LightGBM's default lambdarank_truncation_level. */
export const LIGHTGBM_TRUNCATION = 30;

/** The parameters these objectives read. */
export type LightGbmRankParams = Pick<Params,
  'objective' | 'lambdarank_num_pair_per_sample' | 'lambdarank_normalization' | 'label_gain' | 'sigmoid' |
  'lambdarank_position_bias_regularization' | 'objective_seed' | 'ranking_weight' | 'eta'>;

/** Labels within 1e-15 of an integer count as integers (DCGCalculator::CheckLabel). */
const LABEL_INT_EPS = Math.fround(1e-15);

interface Prepared {
  readonly offsets: Uint32Array;
  readonly labels: Float32Array;
  readonly weights: RankingWeights;
  readonly lambda: LightGbmLambdaInputs | null;
  readonly lambdaScratch: LightGbmLambdaScratch | null;
  readonly xeScratch: XendcgScratch | null;
  /** Uint32Array, length nQueries (rank_xendcg): each query's generator state, else null. */
  readonly rngStates: Uint32Array | null;
  readonly bias: LightGbmPositionBias | null;
  /** Uint32Array [nRows] (lambdarank): each query's order of the last round (LightGbmRankBlockInputs.orders), else null. */
  readonly orders: Uint32Array | null;
}

/** `lambdarank` or `rank_xendcg`. */
export class LightGbmRankObjective implements Objective {
  readonly name: 'lambdarank' | 'rank_xendcg';
  readonly defaultMetric = 'ndcg@5';
  readonly needsGroups = true;
  private readonly labelGain: Float64Array;
  private readonly truncation: number;
  private readonly sigmoid: number;
  private prepared: Prepared | null = null;
  /** Rounds whose draws rank_xendcg's generators have made. */
  private roundsDrawn = 0;
  private pendingBias: { json: unknown; source: string } | null = null;
  /** The generator the calling thread's passes reseed per query. */
  private readonly rng = new LightGbmRandom(0);

  constructor(private readonly params: LightGbmRankParams) {
    const name = params.objective;
    if (name !== 'lambdarank' && name !== 'rank_xendcg') throw new ParamError(`not a LightGBM ranking objective: ${name}`);
    this.name = name;
    if (params.label_gain.length > 0) {
      this.labelGain = Float64Array.from(params.label_gain, (t) => {
        const v = Number(t);
        if (t.trim() === '' || !Number.isFinite(v)) throw new ParamError(`parameter label_gain: ${JSON.stringify(t)} is not a number`);
        return v;
      });
    } else this.labelGain = defaultLabelGain();
    this.truncation = params.lambdarank_num_pair_per_sample ?? LIGHTGBM_TRUNCATION;
    this.sigmoid = params.sigmoid;
  }

  /**
   * @throws DataError without query groups; for labels LightGBM refuses (lambdarank: not an integer,
   *   negative, or without a label_gain entry; rank_xendcg: negative or not finite); bad weights.
   */
  init(data: ObjectiveData): void {
    const source = data.source;
    const offsets = data.queryOffsets;
    if (offsets === null) throw new DataError({ file: source }, MISSING_GROUPS_MESSAGE);
    if (offsets.length < 1 || offsets[0] !== 0 || offsets[offsets.length - 1] !== data.nRows) {
      throw new DataError({ file: source }, `query groups cover ${offsets.length > 0 ? offsets[offsets.length - 1] : 0} rows but the data has ${data.nRows}`);
    }
    const labels = data.label;
    for (let i = 0; i < labels.length; i++) {
      const y = labels[i]!;
      let why: string | null = null;
      if (!Number.isFinite(y) || y < 0) why = `label ${shownValue(y)} is not a finite number >= 0; ${this.name} needs relevance labels >= 0`;
      else if (this.name === 'lambdarank' && Math.abs(y - Math.trunc(y)) > LABEL_INT_EPS) {
        why = `label ${shownValue(y)} is not an integer; lambdarank needs integer labels (set label_gain for the gain of each label)`;
      } else if (this.name === 'lambdarank' && Math.trunc(y) >= this.labelGain.length) {
        why = `label ${shownValue(y)} has no gain: label_gain has ${this.labelGain.length} entries (labels 0..${this.labelGain.length - 1})`;
      }
      if (why !== null) throw new DataError({ file: source, row: i + 1, column: data.labelName ?? 'label' }, why);
    }
    const nQueries = offsets.length - 1;
    let maxQuery = 1;
    for (let q = 0; q < nQueries; q++) maxQuery = Math.max(maxQuery, offsets[q + 1]! - offsets[q]!);
    const weights = rankingWeights(data.weight, offsets, weightRule(this.params.ranking_weight, 'row'), source);

    let lambda: LightGbmLambdaInputs | null = null;
    if (this.name === 'lambdarank') {
      const discount = lightgbmDiscounts(maxQuery);
      const counts = new Int32Array(this.labelGain.length);
      const invMaxDcg = new Float64Array(nQueries);
      for (let q = 0; q < nQueries; q++) {
        const m = maxDcgAtK(this.truncation, labels, offsets[q]!, offsets[q + 1]! - offsets[q]!, this.labelGain, discount, counts);
        invMaxDcg[q] = m > 0 ? 1 / m : m;
      }
      lambda = {
        labels, labelGain: this.labelGain, invMaxDcg, discount, sigmoid: new LightGbmSigmoid(this.sigmoid),
        truncation: this.truncation, norm: this.params.lambdarank_normalization,
      };
    }
    let rngStates: Uint32Array | null = null;
    if (this.name === 'rank_xendcg') rngStates = Uint32Array.from({ length: nQueries }, (_, q) => new LightGbmRandom(this.params.objective_seed + q).state);
    this.roundsDrawn = 0;
    let bias: LightGbmPositionBias | null = null;
    if (data.position !== null) {
      if (data.position.length !== data.nRows) {
        throw new DataError({ file: source, column: 'position' }, `${data.position.length} positions for ${data.nRows} rows`);
      }
      bias = new LightGbmPositionBias(data.position);
      if (this.pendingBias) bias.restore(this.pendingBias.json, this.pendingBias.source);
    }
    this.prepared = {
      offsets, labels, weights, lambda,
      lambdaScratch: lambda ? new LightGbmLambdaScratch(maxQuery) : null,
      xeScratch: this.name === 'rank_xendcg' ? new XendcgScratch(maxQuery) : null,
      rngStates, bias, orders: lambda ? identityOrders(offsets) : null,
    };
  }

  /**
   * Writes g and h of every row; with positions, then updates the bias factors (LightGBM's order:
   * the factors used in round t are those after round t - 1).
   */
  gradients(margins: Float32Array | Float64Array, gh: GradArray, iteration: number): void {
    this.beginRound(iteration);
    const p = this.prepared!;
    const scratch = p.lambdaScratch ?? p.xeScratch!;
    const inputs = this.blockInputs();
    if (p.lambda) p.lambda.sigmoid.cover(scoreSpread(margins, p.offsets, inputs.biasIndex, inputs.biasFactors));
    lightgbmRankQueries(inputs, margins, gh, 0, p.offsets.length - 1, scratch, this.rng);
    this.endRound(gh, iteration);
  }

  /**
   * The shared read-only inputs of the per-query gradients (lightgbmRankQueries), for the gradient
   * units (booster/gradients.ts); the bias factors are those of the coming round.
   */
  blockInputs(): LightGbmRankBlockInputs {
    const p = this.prepared;
    if (p === null) throw new Error(`${this.name}: init() must be called before blockInputs()`);
    const w = p.weights;
    return {
      offsets: p.offsets, labels: p.labels, lambda: p.lambda,
      rowWeight: w.kind === 'row' ? w.rowWeight : null,
      queryWeight: w.kind === 'group' ? w.queryWeight : null,
      weightNorm: w.kind === 'group' ? w.weightNorm : 1,
      biasIndex: p.bias ? p.bias.index : null,
      biasFactors: p.bias ? p.bias.factors : null,
      rngStates: p.rngStates,
      orders: p.orders,
    };
  }

  /**
   * Before a round's gradients: continued training replays rank_xendcg's draws of the rounds before
   * (one per document of each query of 2+).
   */
  beginRound(iteration: number): void {
    const p = this.prepared;
    if (p === null) throw new Error(`${this.name}: init() must be called before gradients()`);
    const states = p.rngStates;
    if (states !== null && iteration > this.roundsDrawn) {
      const offsets = p.offsets;
      for (let q = 0; q < states.length; q++) {
        const n = offsets[q + 1]! - offsets[q]!;
        if (n <= 1) continue;
        this.rng.state = states[q]!;
        this.rng.skip(n * (iteration - this.roundsDrawn));
        states[q] = this.rng.state;
      }
    }
  }

  /** After a round's gradients `gh` (Float32Array, 2 * nRows): LightGBM's bias-factor update. */
  endRound(gh: GradArray, iteration: number): void {
    const p = this.prepared!;
    if (p.rngStates !== null) this.roundsDrawn = iteration + 1;
    if (p.bias && this.name === 'lambdarank') p.bias.update(gh, this.params.eta, this.params.lambdarank_position_bias_regularization);
  }

  /** 0, as LightGBM's ranking objectives (no boost from average). */
  initBaseScore(_data: ObjectiveData): number {
    return 0;
  }

  probToMargin(baseScore: number): number {
    return Math.fround(baseScore);
  }

  /** Ranking outputs are raw margins. */
  transform(_values: Float32Array): void {}

  /** `{ name, lightgbm_param: {...strings} }` (lambdaboost's own; not an XGBoost objective). */
  toJSON(): Record<string, unknown> {
    const param: Record<string, string> = {
      lambdarank_norm: this.params.lambdarank_normalization ? '1' : '0',
      lambdarank_truncation_level: String(this.truncation),
      sigmoid: String(this.sigmoid),
    };
    if (this.params.label_gain.length > 0) param.label_gain = this.params.label_gain.join(',');
    if (this.name === 'rank_xendcg') param.objective_seed = String(this.params.objective_seed);
    return { name: this.name, lightgbm_param: param };
  }

  /** The learned bias factors (lambdarank with positions) in the model file's form, else null. */
  positionBiasJSON(): unknown {
    const b = this.prepared?.bias;
    return b && this.name === 'lambdarank' ? b.toJSON() : null;
  }

  /** The bias factors (Float32Array by id, ascending ids), or null. */
  positionFactors(): { ids: Int32Array; factors: Float32Array } | null {
    const b = this.prepared?.bias;
    return b && this.name === 'lambdarank' ? { ids: Int32Array.from(b.ids), factors: Float32Array.from(b.factors) } : null;
  }

  /** Continued training: the model's `lambdaboost.position_bias`, applied at (or before) `init`. */
  restoreState(extra: Record<string, unknown>, source: string): void {
    const json = extra.position_bias;
    if (json === undefined) return;
    this.pendingBias = { json, source };
    this.prepared?.bias?.restore(json, source);
  }

  notes(): string[] {
    const b = this.prepared?.bias;
    if (!b || this.name !== 'lambdarank') return [];
    return [`lambdarank learned one additive bias factor for each of ${b.ids.length} position ids (${b.ids[0]}..${b.ids[b.ids.length - 1]}), LightGBM's method`];
  }
}
