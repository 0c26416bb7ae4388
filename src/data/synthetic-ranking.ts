/**
 * A seeded synthetic learning-to-rank dataset with known structure, for the click simulator's
 * tests and the demo: relevance 0..4 depends on features f0..f4 only (weights 1..5, plus noise);
 * the remaining features are pure noise, so a production ranker that orders by one of them is
 * blind to relevance.
 */
import { mulberry32 } from '../util/rng.js';
import type { Dataset } from './dataset.js';

/** Number of leading features that determine relevance. */
export const RELEVANT_FEATURES = 5;

/**
 * @param nQueries queries; each has `docsPerQuery` documents.
 * @param nFeatures features (>= RELEVANT_FEATURES); features RELEVANT_FEATURES.. are noise.
 */
export function syntheticRankingData(nQueries: number, docsPerQuery: number, nFeatures: number, seed: number): Dataset {
  const rnd = mulberry32(seed);
  const n = nQueries * docsPerQuery;
  const columns = Array.from({ length: nFeatures }, () => new Float32Array(n));
  const label = new Float32Array(n);
  const wSum = (RELEVANT_FEATURES * (RELEVANT_FEATURES + 1)) / 2;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < nFeatures; j++) {
      const v = rnd();
      columns[j]![i] = v;
      if (j < RELEVANT_FEATURES) s += (v * (j + 1)) / wSum;
    }
    s += (rnd() - 0.5) * 0.3;
    label[i] = Math.max(0, Math.min(4, Math.floor((s - 0.25) * 8)));
  }
  return {
    nRows: n,
    nFeatures,
    featureNames: columns.map((_, j) => `f${j}`),
    hasFeatureNames: false,
    columns,
    label,
    weight: null,
    queryOffsets: Uint32Array.from({ length: nQueries + 1 }, (_, q) => q * docsPerQuery),
    position: null,
    source: `synthetic ranking data (seed ${seed})`,
  };
}
