/**
 * Feature importance of a LightGBM model, in the types of importance.ts: `weight` is the number of
 * splits on the feature (LightGBM's importance_type=split), `total_gain` the sum of their
 * split_gain (LightGBM's importance_type=gain, summed in double over trees and split nodes in
 * order, as GBDT::FeatureImportance does), `gain` = total_gain / weight; `total_cover` the sum of
 * the splits' internal_count (training rows through the split) and `cover` = total_cover / weight.
 */
import { ParamError } from '../errors.js';
import type { LightGBMModel } from '../model-io/lightgbm-text.js';
import { IMPORTANCE_TYPES, isImportanceType, type FeatureScore, type ImportanceType } from './importance.js';

/**
 * Feature importance of a LightGBM model.
 * @returns one entry per feature used by at least one split, sorted by score descending (ties by index).
 * @throws ParamError for an unknown type.
 */
export function lightgbmImportance(model: LightGBMModel, type: ImportanceType = 'gain'): FeatureScore[] {
  if (!isImportanceType(type)) throw new ParamError(`unknown importance type ${JSON.stringify(type)}; expected one of ${IMPORTANCE_TYPES.join(', ')}`);
  const nF = model.nFeatures;
  const counts = new Float64Array(nF);
  const sums = new Float64Array(nF);
  const gain = type === 'gain' || type === 'total_gain';
  for (const tree of model.trees) {
    for (let i = 0; i < tree.numLeaves - 1; i++) {
      const f = tree.splitFeature[i]!;
      counts[f]! += 1;
      sums[f]! += gain ? tree.splitGain[i]! : tree.internalCount[i]!;
    }
  }
  const out: FeatureScore[] = [];
  for (let f = 0; f < nF; f++) {
    const c = counts[f]!;
    if (c === 0) continue;
    const score = type === 'weight' ? c : type === 'gain' || type === 'cover' ? sums[f]! / c : sums[f]!;
    out.push({ feature: f, name: model.featureNames[f] ?? `f${f}`, score });
  }
  out.sort((a, b) => b.score - a.score || a.feature - b.feature);
  return out;
}
