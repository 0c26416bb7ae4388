/**
 * `min_data_in_leaf` as LightGBM counts it (feature_histogram.hpp, FindBestThresholdSequentially):
 * LightGBM keeps no row counts in its histograms; a child's rows are estimated from its hessian,
 * round(H_child * n_node / (H_node + 2e-15)), and a split needs that estimate >= min_data_in_leaf
 * on both sides. round(x) >= m is x >= m - 1/2, so the constraint is a minimum child hessian,
 * (m - 1/2) (H_node + 2e-15) / n_node, checked beside min_child_weight by the same split scan.
 * It is exact for objectives with a constant hessian (squared error: H = rows) and LightGBM's
 * estimate otherwise (LightGBM rounds bin by bin; this rounds the child's sum).
 */
import type { GainParams } from './gain.js';

/** LightGBM's 2 * kEpsilon added to a node's hessian (kEpsilon = 1e-15f). */
const TWO_EPS = 2 * Math.fround(1e-15);

/**
 * The minimum child hessian that `minData` rows amount to in a node, or 0 when off.
 * @param nodeRows rows in the node (in the bag). @param nodeHess the node's hessian sum.
 */
export function minChildHessForRows(minData: number, nodeRows: number, nodeHess: number): number {
  if (minData <= 0) return 0;
  if (nodeRows < 2 * minData) return Infinity; // no split can leave minData rows on each side
  return (minData - 0.5) * (nodeHess + TWO_EPS) / nodeRows;
}

/** `p` with min_child_weight raised to a node's own minimum (`p` itself when that is not higher). */
export function withNodeMinimum(p: GainParams, minHess: number | undefined): GainParams {
  return minHess !== undefined && minHess > p.minChildWeight ? { ...p, minChildWeight: minHess } : p;
}
