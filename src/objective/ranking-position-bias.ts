/**
 * Position-bias state of Unbiased LambdaMART (Hu, Wang, Peng & Li, "Unbiased LambdaMART: An
 * Unbiased Pairwise Learning-to-Rank Algorithm", WWW 2019; xgboost-spec.md §1.7).
 *
 * Two vectors over the K tracked positions, t+ (bias of a clicked = relevant document at position i)
 * and t- (bias of an unclicked one at position j), start at 1. While gradients are computed, every
 * pair (h above l in relevance) with both positions < K has its lambda and hessian divided by
 * t+[pos_h] * t-[pos_l], and adds its cost C to per-row accumulators:
 *   Li(row_h) += C / t-[pos_l]      (paper eq. 30 numerator)
 *   Lj(row_l) += C / t+[pos_h]      (paper eq. 31 numerator)
 * After all queries the per-row sums are added up per position (in row order, hence in a fixed
 * order whatever ran the queries) and
 *   t+[i] = (Li[i] / Li[0])^(1/(1+p)),  t-[j] = (Lj[j] / Lj[0])^(1/(1+p))
 * (skipped when Li[0] or Lj[0] < 1e-16), with p = `lambdarank_bias_norm`; so t+[0] = t-[0] = 1.
 * Each update uses only that iteration's costs.
 *
 * The pair cost, `lambdarank_bias_cost` (p = sigma(s_h - s_l) in float32, Delta after score
 * normalization):
 * - `xgboost`: C = Delta * log(1 / (1 - p)) = Delta * softplus(s_h - s_l), XGBoost's code. Sign
 *   convention: this is LARGE when the pair is already ordered correctly (s_h >> s_l). Where p
 *   rounds to exactly 1 in float32 (s_h - s_l > ~17) XGBoost's value is +Infinity, which would
 *   poison t+ and t-; we use the exact softplus(s_h - s_l) of the float64 difference instead.
 * - `paper`: C = Delta * -log(p) = Delta * softplus(s_l - s_h), the RankNet cost of Hu et al. and of
 *   the authors' LightGBM code (whose table sigmoid is sigma(-x), so their 1 - p is our p). Large
 *   when the pair is misordered.
 * Both are documented in the spec §1.7 ("Sign-convention observation"); the choice is recorded in
 * test/objective/lambdarank-unbiased.test.ts.
 */
import { ModelError } from '../errors.js';
import { BIAS_EPS } from '../kernels/ts/pair-cost.js';

/** The learned position biases. */
export interface PositionBiases {
  /** Float64Array, length K: t+ per tracked position (t+[0] = 1). */
  readonly tPlus: Float64Array;
  /** Float64Array, length K: t- per tracked position (t-[0] = 1). */
  readonly tMinus: Float64Array;
  /**
   * Uint8Array, length K, or absent (all estimated): 1 where t+ comes from pair costs of the last
   * update that ran, 0 for "no estimate" (the slot had rows but no pair cost, or no rows, or no
   * update ran yet). A slot with no estimate has t+ = 0 once an update ran (XGBoost's value), 1 before.
   */
  readonly plusEstimated?: Uint8Array;
  /** Uint8Array, length K, or absent: the same for t-. */
  readonly minusEstimated?: Uint8Array;
}

/** t+ and t- with the per-position accumulators of one iteration. */
export class PositionBias {
  /** Number of tracked positions K. */
  readonly nPositions: number;
  /** Float64Array, length K: t+ (the previous iteration's values while gradients are computed). */
  readonly tPlus: Float64Array;
  /** Float64Array, length K: t-. */
  readonly tMinus: Float64Array;
  /** Float64Array, length K: sum of Li per position in the current update. */
  private readonly li: Float64Array;
  /** Float64Array, length K: sum of Lj per position. */
  private readonly lj: Float64Array;
  private readonly exponent: number;
  /** Uint8Array, length K: whether t+[i] / t-[i] is an estimate (see PositionBiases). */
  readonly plusEstimated: Uint8Array;
  readonly minusEstimated: Uint8Array;

  /**
   * @param nPositions K >= 1.
   * @param biasNorm p of the Lp regulariser (exponent 1/(1+p)).
   * @param initial biases to start from (continued training), each of length K; default all 1.
   */
  constructor(nPositions: number, biasNorm: number, initial: PositionBiases | null) {
    this.nPositions = nPositions;
    this.tPlus = new Float64Array(nPositions).fill(1);
    this.tMinus = new Float64Array(nPositions).fill(1);
    this.plusEstimated = new Uint8Array(nPositions);
    this.minusEstimated = new Uint8Array(nPositions);
    if (initial !== null) {
      this.tPlus.set(initial.tPlus);
      this.tMinus.set(initial.tMinus);
      if (initial.plusEstimated) this.plusEstimated.set(initial.plusEstimated);
      else this.plusEstimated.fill(1);
      if (initial.minusEstimated) this.minusEstimated.set(initial.minusEstimated);
      else this.minusEstimated.fill(1);
    }
    this.li = new Float64Array(nPositions);
    this.lj = new Float64Array(nPositions);
    this.exponent = 1 / (1 + biasNorm);
  }

  /**
   * Merges one iteration's per-row costs into per-position sums, in row order, and updates t+ / t-
   * (paper eq. 30 / 31 with the Lp regulariser; spec §1.7).
   * @param liRow in: Float64Array, length nRows, Li accumulated at the relevant document's row.
   * @param ljRow in: Float64Array, length nRows, Lj accumulated at the irrelevant document's row.
   * @param queryOffsets in: Uint32Array, length nQueries + 1.
   * @param positions in: Int32Array, length nRows (tracked slots: displayed position minus the
   *   position base, >= 0; >= K is not tracked), or null for the row index within the query.
   */
  update(liRow: Float64Array, ljRow: Float64Array, queryOffsets: Uint32Array, positions: Int32Array | null): void {
    const k = this.nPositions;
    const li = this.li;
    const lj = this.lj;
    li.fill(0);
    lj.fill(0);
    for (let q = 0; q + 1 < queryOffsets.length; q++) {
      const begin = queryOffsets[q];
      const end = queryOffsets[q + 1];
      for (let row = begin; row < end; row++) {
        const pos = positions === null ? row - begin : positions[row];
        if (pos < k) {
          li[pos] += liRow[row];
          lj[pos] += ljRow[row];
        }
      }
    }
    const li0 = li[0];
    const lj0 = lj[0];
    for (let i = 0; i < k; i++) {
      if (li0 >= BIAS_EPS) {
        this.tPlus[i] = Math.pow(li[i] / li0, this.exponent);
        this.plusEstimated[i] = li[i] > 0 ? 1 : 0;
      }
      if (lj0 >= BIAS_EPS) {
        this.tMinus[i] = Math.pow(lj[i] / lj0, this.exponent);
        this.minusEstimated[i] = lj[i] > 0 ? 1 : 0;
      }
    }
  }

  /** A copy of t+ and t- with their estimate flags. */
  snapshot(): PositionBiases {
    return {
      tPlus: Float64Array.from(this.tPlus), tMinus: Float64Array.from(this.tMinus),
      plusEstimated: Uint8Array.from(this.plusEstimated), minusEstimated: Uint8Array.from(this.minusEstimated),
    };
  }
}

/**
 * Checks biases being restored for continued training: equal lengths >= 1, finite values >= 0.
 * @param source model file name for the error message.
 * @throws ModelError
 */
export function checkPositionBiases(b: PositionBiases, source: string): void {
  if (b.tPlus.length < 1 || b.tPlus.length !== b.tMinus.length) {
    throw new ModelError(source, `position biases "ti+" and "tj-" must be non-empty and of equal length (got ${b.tPlus.length} and ${b.tMinus.length})`);
  }
  for (let i = 0; i < b.tPlus.length; i++) {
    if (!(Number.isFinite(b.tPlus[i]) && b.tPlus[i] >= 0 && Number.isFinite(b.tMinus[i]) && b.tMinus[i] >= 0)) {
      throw new ModelError(source, `position bias at position ${i} is not a finite number >= 0`);
    }
  }
}

/**
 * Reads `"ti+"` / `"tj-"` from an objective JSON object as XGBoost writes it.
 * @param json the objective object (`learner.objective`).
 * @param source model file name for error messages.
 * @returns the biases, or null when the object has neither key.
 * @throws ModelError when the keys are malformed.
 */
export function parsePositionBiases(json: Record<string, unknown>, source: string): PositionBiases | null {
  const plus = json['ti+'];
  const minus = json['tj-'];
  if (plus === undefined && minus === undefined) return null;
  const toArray = (v: unknown, key: string): Float64Array => {
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'number' || typeof x === 'string')) {
      throw new ModelError(source, `objective "${key}" must be an array of numbers`);
    }
    return Float64Array.from(v, (x: number | string) => Number(x));
  };
  const b = { tPlus: toArray(plus, 'ti+'), tMinus: toArray(minus, 'tj-') };
  checkPositionBiases(b, source);
  return b;
}

/**
 * The biases as lambdaboost saves them (`lambdaboost.position_bias` of the model file): t_plus and
 * t_minus at full precision with null for "no estimate"; `position_base` (the displayed position of
 * slot 0) and `position_overflow` only when they are not 0 / skip, so earlier files keep their bytes.
 */
export interface PositionBiasJSON {
  t_plus: (number | null)[];
  t_minus: (number | null)[];
  position_base?: number;
  position_overflow?: 'clamp';
}

/** `PositionBiases` (with the tracking rule) to the saved form. */
export function positionBiasToJSON(b: PositionBiases, base: number, overflow: 'skip' | 'clamp'): PositionBiasJSON {
  const out: PositionBiasJSON = {
    t_plus: Array.from(b.tPlus, (v, i) => (b.plusEstimated && b.plusEstimated[i] === 0 ? null : v)),
    t_minus: Array.from(b.tMinus, (v, i) => (b.minusEstimated && b.minusEstimated[i] === 0 ? null : v)),
  };
  if (base !== 0) out.position_base = base;
  if (overflow === 'clamp') out.position_overflow = 'clamp';
  return out;
}

/**
 * The saved form back to `PositionBiases`, exactly as they were: a null is 0 (the value of a slot
 * without pair costs once an update ran), unless every entry is null, which only happens before
 * any update ran (slot 0 of an update always has an estimate), where the values were all 1.
 * @returns null when `json` is not an object with t_plus and t_minus arrays.
 * @throws ModelError for entries that are neither numbers nor null.
 */
export function positionBiasFromJSON(json: unknown, source: string): (PositionBiases & { base: number; overflow: 'skip' | 'clamp' }) | null {
  if (json === null || typeof json !== 'object') return null;
  const o = json as Record<string, unknown>;
  const one = (v: unknown, key: string): [Float64Array, Uint8Array] | null => {
    if (!Array.isArray(v)) return null;
    const allNull = v.every((x) => x === null);
    const values = new Float64Array(v.length);
    const flags = new Uint8Array(v.length);
    v.forEach((x: unknown, i) => {
      if (x === null) values[i] = allNull ? 1 : 0;
      else if (typeof x === 'number') {
        values[i] = x;
        flags[i] = 1;
      } else throw new ModelError(source, `position_bias ${key}[${i}] is neither a number nor null`);
    });
    return [values, flags];
  };
  const plus = one(o.t_plus, 't_plus');
  const minus = one(o.t_minus, 't_minus');
  if (plus === null || minus === null) return null;
  const base = typeof o.position_base === 'number' ? o.position_base : 0;
  const b = {
    tPlus: plus[0], tMinus: minus[0], plusEstimated: plus[1], minusEstimated: minus[1],
    base, overflow: o.position_overflow === 'clamp' ? 'clamp' as const : 'skip' as const,
  };
  checkPositionBiases(b, source);
  return b;
}
