/** Random training data for the thread-count tests (same generator as test/kernels/wasm-training.test.ts). */
import type { Dataset } from '../../src/data/dataset.js';
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** A random dataset: continuous, integer-valued and sparse-ish columns, ~8% NaN, queries of 5-40 rows. */
export function dataset(nRows: number, nFeatures: number, seed: number, kind: 'regression' | 'binary' | 'rank'): Dataset {
  const rnd = lcg(seed);
  const columns: Float32Array[] = [];
  for (let f = 0; f < nFeatures; f++) {
    const c = new Float32Array(nRows);
    for (let r = 0; r < nRows; r++) {
      const u = rnd();
      if (u < 0.08) c[r] = NaN;
      else if (f % 3 === 0) c[r] = Math.floor(rnd() * 7);
      else c[r] = (rnd() - 0.5) * 10 * (f + 1);
    }
    columns.push(c);
  }
  const label = new Float32Array(nRows);
  for (let r = 0; r < nRows; r++) {
    const x0 = Number.isNaN(columns[0]![r]!) ? 3 : columns[0]![r]!;
    const x1 = Number.isNaN(columns[1]![r]!) ? -1 : columns[1]![r]!;
    const y = 0.7 * x0 + 0.3 * x1 + Math.sin(columns[2]![r]! || 0) + (rnd() - 0.5) * 2;
    label[r] = kind === 'regression' ? y : kind === 'binary' ? (y > 2 ? 1 : 0) : Math.max(0, Math.min(4, Math.floor(y / 2)));
  }
  let queryOffsets: Uint32Array | null = null;
  if (kind === 'rank') {
    const offs = [0];
    while (offs[offs.length - 1]! < nRows) offs.push(Math.min(nRows, offs[offs.length - 1]! + 5 + Math.floor(rnd() * 36)));
    queryOffsets = Uint32Array.from(offs);
  }
  return {
    nRows,
    nFeatures,
    featureNames: columns.map((_, f) => `f${f}`),
    hasFeatureNames: false,
    columns,
    label,
    weight: null,
    queryOffsets,
    position: null,
    source: `random ${kind}`,
  };
}
