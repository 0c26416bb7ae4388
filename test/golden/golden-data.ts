/**
 * Data for the model-bytes golden test (model-bytes.test.ts): harder than the bench's data on
 * purpose: continuous columns with (almost) every value distinct, integer columns with many ties,
 * a column missing in ~60% of rows, a nearly constant column, ~6% missing cells elsewhere,
 * per-row weights, queries of 2-60 rows with displayed positions, and labels per objective kind.
 */
import type { Dataset } from '../../src/data/dataset.js';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

export type GoldenKind = 'regression' | 'binary' | 'count' | 'rank' | 'binrank';

/** A dataset of `nRows` rows and 9 features; `weighted` adds weights in (0.2, 2.2). */
export function goldenData(nRows: number, seed: number, kind: GoldenKind, weighted = false): Dataset {
  const rnd = lcg(seed);
  const nFeatures = 9;
  const columns: Float32Array[] = [];
  for (let f = 0; f < nFeatures; f++) {
    const c = new Float32Array(nRows);
    for (let r = 0; r < nRows; r++) {
      const u = rnd();
      const v = rnd();
      if (f === 4 ? u < 0.6 : u < 0.06) c[r] = NaN;
      else if (f === 1 || f === 6) c[r] = Math.floor(v * 12) - 3; // ties
      else if (f === 7) c[r] = v < 0.97 ? 1.5 : v * 100; // nearly constant
      else if (f === 8) c[r] = Math.exp((v - 0.5) * 20); // heavy tail, all distinct
      else c[r] = (v - 0.37) * 17.3 * (f + 1); // all distinct
    }
    columns.push(c);
  }
  const val = (f: number, r: number, d: number): number => {
    const x = columns[f]![r]!;
    return Number.isNaN(x) ? d : x;
  };
  const label = new Float32Array(nRows);
  for (let r = 0; r < nRows; r++) {
    const y = 0.05 * val(0, r, 2) + 0.4 * val(1, r, -1) + Math.sin(val(2, r, 0)) + 0.02 * val(4, r, 5) +
      Math.log1p(val(8, r, 1)) * 0.3 + (rnd() - 0.5) * 1.5;
    label[r] = kind === 'regression' ? y
      : kind === 'binary' ? (y > 1 ? 1 : 0)
        : kind === 'count' ? Math.max(0, Math.floor(Math.exp(y / 3)))
          : kind === 'binrank' ? (y > 1.2 ? 1 : 0)
            : Math.max(0, Math.min(4, Math.floor((y + 2) / 1.5)));
  }
  let weight: Float32Array | null = null;
  if (weighted) {
    weight = new Float32Array(nRows);
    for (let r = 0; r < nRows; r++) weight[r] = 0.2 + 2 * rnd();
  }
  let queryOffsets: Uint32Array | null = null;
  let position: Int32Array | null = null;
  if (kind === 'rank' || kind === 'binrank') {
    const offs = [0];
    while (offs[offs.length - 1]! < nRows) offs.push(Math.min(nRows, offs[offs.length - 1]! + 2 + Math.floor(rnd() * 59)));
    queryOffsets = Uint32Array.from(offs);
    position = new Int32Array(nRows);
    for (let q = 0; q + 1 < offs.length; q++) for (let r = offs[q]!; r < offs[q + 1]!; r++) position[r] = r - offs[q]!;
    if (weighted) {
      // Ranking weights are per query: one value repeated over the query's rows.
      for (let q = 0; q + 1 < offs.length; q++) weight!.fill(weight![offs[q]!]!, offs[q]!, offs[q + 1]!);
    }
  }
  return {
    nRows, nFeatures, featureNames: columns.map((_, f) => `f${f}`), hasFeatureNames: false, columns, label, weight,
    queryOffsets, position, source: `golden ${kind}`,
  };
}
