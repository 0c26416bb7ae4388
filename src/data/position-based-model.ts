/**
 * A position-based click model (PBM) fitted by expectation-maximisation on a click log, for fixed
 * inverse-propensity weights (Chuklin, Markov & de Rijke, "Click Models for Web Search", 2015, §3.2
 * and §4; Wang et al., "Position Bias Estimation for Unbiased Learning to Rank in Personal Search",
 * WSDM 2018, §3). A click needs examination E and attractiveness R: P(C = 1) = theta_p * gamma_d,
 * with theta per displayed position and gamma per document. E-step, per impression: a click means
 * E = R = 1; no click gives P(E = 1 | C = 0) = theta (1 - gamma) / (1 - theta gamma) and
 * P(R = 1 | C = 0) = gamma (1 - theta) / (1 - theta gamma). M-step: theta_p and gamma_d are the means
 * of those posteriors over their impressions. A document is identified by its feature values (the
 * same document shown in several sessions has the same row), so nothing beyond the log is needed.
 * Propensities are returned relative to the top position (theta_top = 1).
 */
import { DataError } from '../errors.js';
import type { Dataset } from './dataset.js';

/** The fitted model. */
export interface PositionBasedModel {
  /** The displayed positions, ascending. */
  readonly positions: Int32Array;
  /** Float64Array: theta of each position relative to the first (the top: 1). */
  readonly propensity: Float64Array;
  /** EM iterations run. */
  readonly iterations: number;
}

/**
 * Fits the PBM on a click log (label = click 0/1, explicit positions).
 * @param maxIterations EM iterations (stops earlier when no theta moves by more than 1e-9).
 * @throws DataError without positions or with labels that are not 0/1.
 */
export function fitPositionBasedModel(log: Dataset, maxIterations = 200): PositionBasedModel {
  const { label, position } = log;
  if (!label || !position) throw new DataError({ file: log.source }, 'a position-based model needs clicks (label 0/1) and positions (--position or a .position file)');
  const n = log.nRows;
  for (let r = 0; r < n; r++) {
    if (label[r] !== 0 && label[r] !== 1) throw new DataError({ file: log.source, row: r + 1, column: 'label' }, `click ${label[r]} is not 0 or 1`);
  }
  const positions = Int32Array.from(new Set(position)).sort();
  const posIndex = new Map<number, number>();
  positions.forEach((p, i) => posIndex.set(p, i));
  const pi = Int32Array.from(position, (p) => posIndex.get(p)!);
  // Documents by feature values.
  const docOf = new Int32Array(n);
  const docs = new Map<string, number>();
  const cols = log.columns;
  for (let r = 0; r < n; r++) {
    let key = '';
    for (let j = 0; j < cols.length; j++) key += `${cols[j]![r]},`;
    let d = docs.get(key);
    if (d === undefined) {
      d = docs.size;
      docs.set(key, d);
    }
    docOf[r] = d;
  }
  const nP = positions.length;
  const nD = docs.size;
  const theta = new Float64Array(nP).fill(0.5);
  const gamma = new Float64Array(nD).fill(0.5);
  const eSum = new Float64Array(nP);
  const pCount = new Float64Array(nP);
  const rSum = new Float64Array(nD);
  const dCount = new Float64Array(nD);
  for (let r = 0; r < n; r++) {
    pCount[pi[r]!]!++;
    dCount[docOf[r]!]!++;
  }
  let it = 0;
  for (; it < maxIterations; it++) {
    eSum.fill(0);
    rSum.fill(0);
    for (let r = 0; r < n; r++) {
      const p = pi[r]!;
      const d = docOf[r]!;
      if (label[r] === 1) {
        eSum[p]! += 1;
        rSum[d]! += 1;
      } else {
        const t = theta[p]!;
        const g = gamma[d]!;
        const denom = 1 - t * g;
        eSum[p]! += denom > 0 ? (t * (1 - g)) / denom : 0;
        rSum[d]! += denom > 0 ? (g * (1 - t)) / denom : 0;
      }
    }
    let moved = 0;
    for (let p = 0; p < nP; p++) {
      const v = eSum[p]! / pCount[p]!;
      moved = Math.max(moved, Math.abs(v - theta[p]!));
      theta[p] = v;
    }
    for (let d = 0; d < nD; d++) gamma[d] = rSum[d]! / dCount[d]!;
    if (moved < 1e-9) break;
  }
  const top = theta[0]! > 0 ? theta[0]! : 1;
  return { positions, propensity: Float64Array.from(theta, (t) => t / top), iterations: it };
}

/**
 * Inverse-propensity row weights: 1 / theta_p for a clicked row (clipped to `maxWeight`), 1 otherwise.
 * @returns Float32Array, length nRows.
 */
export function propensityWeights(log: Dataset, model: PositionBasedModel, maxWeight = 100): Float32Array {
  const at = new Map<number, number>();
  model.positions.forEach((p, i) => at.set(p, model.propensity[i]!));
  return Float32Array.from({ length: log.nRows }, (_, r) => {
    if (log.label![r] !== 1) return 1;
    const t = at.get(log.position![r]!)!;
    return t > 0 ? Math.min(maxWeight, 1 / t) : maxWeight;
  });
}
