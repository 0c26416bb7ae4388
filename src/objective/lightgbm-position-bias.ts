/**
 * LightGBM 4.x's position debiasing for lambdarank (rank_objective.hpp: RankingObjective and
 * LambdarankNDCG::UpdatePositionBiasFactors), restated. Every distinct position id gets one additive
 * bias factor b (float32, starting at 0). Each round the query's scores are s + b[position] while
 * its gradients are computed; afterwards, over all rows, with g and h the round's (weighted) gradients:
 *   d1[p] = -sum g - b[p] * reg * n_p,  d2[p] = -sum h - reg * n_p,
 *   b[p] += learning_rate * d1[p] / (|d2[p]| + 0.001)
 * (one Newton-Raphson step; reg = `lambdarank_position_bias_regularization`, n_p = rows at p).
 * Prediction uses the trees only: the factors absorb what the position explains.
 *
 * Position ids: LightGBM numbers the ids of its `.position` file in order of first appearance; each
 * id's factor depends only on its own rows, so numbering them in ascending order of the integer
 * ids here gives the same factors.
 */
import { ModelError } from '../errors.js';

/** The saved form (`lambdaboost.position_bias` with method "lightgbm"). */
export interface LightGbmBiasJSON {
  method: 'lightgbm';
  /** The position ids, ascending. */
  position: number[];
  /** The bias factor of each id (float32 values). */
  factor: number[];
}

export class LightGbmPositionBias {
  /** Int32Array: the distinct position ids, ascending. */
  readonly ids: Int32Array;
  /** Int32Array, length nRows: index into `ids` of each row's position. */
  readonly index: Int32Array;
  /** Float32Array, length ids.length: the factors (LightGBM's label_t). */
  readonly factors: Float32Array;
  /** Int32Array: rows per id. */
  private readonly counts: Int32Array;
  private readonly d1: Float64Array;
  private readonly d2: Float64Array;

  /** @param positions in: Int32Array, length nRows, the rows' position ids. */
  constructor(positions: Int32Array) {
    const ids = Int32Array.from(new Set(positions)).sort();
    this.ids = ids;
    const at = new Map<number, number>();
    ids.forEach((v, i) => at.set(v, i));
    this.index = Int32Array.from(positions, (p) => at.get(p)!);
    this.factors = new Float32Array(ids.length);
    this.counts = new Int32Array(ids.length);
    for (const i of this.index) this.counts[i]!++;
    this.d1 = new Float64Array(ids.length);
    this.d2 = new Float64Array(ids.length);
  }

  /**
   * One update from the round's gradients.
   * @param gh in: Float32Array, length 2 * nRows, interleaved (g, h).
   */
  update(gh: Float32Array, learningRate: number, reg: number): void {
    const d1 = this.d1;
    const d2 = this.d2;
    d1.fill(0);
    d2.fill(0);
    const index = this.index;
    for (let r = 0; r < index.length; r++) {
      d1[index[r]!] -= gh[2 * r]!;
      d2[index[r]!] -= gh[2 * r + 1]!;
    }
    for (let p = 0; p < this.factors.length; p++) {
      const n = this.counts[p]!;
      const first = d1[p]! - this.factors[p]! * reg * n;
      const second = d2[p]! - reg * n;
      this.factors[p] = this.factors[p]! + learningRate * first / (Math.abs(second) + 0.001);
    }
  }

  toJSON(): LightGbmBiasJSON {
    return { method: 'lightgbm', position: Array.from(this.ids), factor: Array.from(this.factors) };
  }

  /**
   * Restores saved factors (continued training); ids absent from the model start at 0.
   * @throws ModelError for a malformed entry.
   */
  restore(json: unknown, source: string): void {
    const b = parseLightGbmBias(json, source);
    if (b === null) return;
    const at = new Map<number, number>();
    b.position.forEach((v, i) => at.set(v, i));
    this.ids.forEach((id, i) => {
      const j = at.get(id);
      if (j !== undefined) this.factors[i] = b.factor[j]!;
    });
  }
}

/** The saved factors, or null when `json` is not LightGBM-method biases. @throws ModelError when malformed. */
export function parseLightGbmBias(json: unknown, source: string): LightGbmBiasJSON | null {
  if (json === null || typeof json !== 'object' || (json as Record<string, unknown>).method !== 'lightgbm') return null;
  const o = json as Record<string, unknown>;
  const ok = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x));
  if (!ok(o.position) || !ok(o.factor) || o.position.length !== o.factor.length) {
    throw new ModelError(source, 'position_bias (lightgbm) must have arrays "position" and "factor" of finite numbers and equal length');
  }
  return { method: 'lightgbm', position: o.position, factor: o.factor };
}
