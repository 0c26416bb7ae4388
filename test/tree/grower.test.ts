import { describe, expect, it } from 'vitest';
import { binDataset, fitBinMapper } from '../../src/binning/bin-mapper.js';
import type { Dataset } from '../../src/data/dataset.js';
import { tsKernels } from '../../src/kernels/ts/ts-kernels.js';
import { leafWeight } from '../../src/kernels/ts/gain.js';
import { addTreeToMargins } from '../../src/kernels/ts/loops.js';
import { FeatureSampler } from '../../src/tree/feature-sampler.js';
import { TreeGrower, type GrowParams } from '../../src/tree/grower.js';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
}

function regressionData(n: number, nF: number, seed: number): { data: Dataset; gh: Float32Array } {
  const rnd = lcg(seed);
  const columns = Array.from({ length: nF }, () => Float32Array.from({ length: n }, () => (rnd() < 0.05 ? NaN : rnd() * 10)));
  const label = Float32Array.from({ length: n }, (_, r) => {
    const x0 = columns[0]![r]!;
    const x1 = columns[1]![r]!;
    return (x0 === x0 && x0 > 5 ? 3 : 0) + (x1 === x1 ? x1 * 0.5 : -1) + rnd() * 0.1;
  });
  // squared error at margin 0: g = -y, h = 1
  const gh = new Float32Array(2 * n);
  for (let r = 0; r < n; r++) {
    gh[2 * r] = -label[r]!;
    gh[2 * r + 1] = 1;
  }
  const data: Dataset = {
    nRows: n, nFeatures: nF, featureNames: [], hasFeatureNames: false, columns, label, weight: null,
    queryOffsets: null, position: null, source: 'test',
  };
  return { data, gh };
}

const base: GrowParams = {
  eta: 0.3, gamma: 0, lambda: 1, alpha: 0, maxDeltaStep: 0, minChildWeight: 1,
  maxDepth: 4, maxLeaves: 0, growPolicy: 'depthwise',
};

function grower(data: Dataset, params: GrowParams) {
  const mapper = fitBinMapper(data, 64);
  const binned = binDataset(data, mapper);
  const sampler = new FeatureSampler(data.nFeatures, 1, 1, 1, lcg(1));
  return new TreeGrower({ kernels: tsKernels, mapper, binned, params, sampler });
}

function depthOf(parent: Int32Array, node: number): number {
  let d = 0;
  while (node !== 0) {
    node = parent[node]!;
    d++;
  }
  return d;
}

/** Positions in the partition array of leaf k's rows: its first window, then its second. */
function leafPositions(leafWindows: Uint32Array, k: number): number[] {
  const out: number[] = [];
  for (let i = leafWindows[4 * k]!; i < leafWindows[4 * k + 1]!; i++) out.push(i);
  for (let i = leafWindows[4 * k + 2]!; i < leafWindows[4 * k + 3]!; i++) out.push(i);
  return out;
}

describe('TreeGrower', async () => {
  it('depthwise: respects max_depth, numbers children left = n, right = n + 1, leaves hold eta * w', async () => {
    const { data, gh } = regressionData(2000, 4, 1);
    const { tree, leafNodes, leafWindows, rows } = await grower(data, base).grow(gh);
    let maxDepth = 0;
    for (let i = 0; i < tree.nNodes; i++) {
      if (tree.left[i] !== -1) expect(tree.right[i]).toBe(tree.left[i]! + 1);
      else maxDepth = Math.max(maxDepth, depthOf(tree.parent, i));
    }
    expect(maxDepth).toBe(4);
    // Each leaf's value equals eta * w(G, H) over the rows of its two windows, as XGBoost's hist
    // computes it: the float32 weight times the float32 learning rate.
    for (let k = 0; k < leafNodes.length; k++) {
      let G = 0;
      let H = 0;
      for (const i of leafPositions(leafWindows, k)) {
        G += gh[2 * rows[i]!]!;
        H += gh[2 * rows[i]! + 1]!;
      }
      expect(tree.splitCondition[leafNodes[k]!]).toBe(Math.fround(Math.fround(0.3) * Math.fround(leafWeight(base, G, H))));
      expect(tree.sumHessian[leafNodes[k]!]).toBeCloseTo(H, 3);
    }
  });

  it('leaf windows cover every row once and agree with walking the tree on raw float32 values', async () => {
    const { data, gh } = regressionData(3000, 5, 2);
    const { tree, leafNodes, leafWindows, rows } = await grower(data, base).grow(gh);
    const seen = new Uint8Array(data.nRows);
    const viaPartition = new Float32Array(data.nRows);
    for (let k = 0; k < leafNodes.length; k++) {
      const at = leafPositions(leafWindows, k);
      // Within a leaf, rows ascend over its first window then its second (node-rows.ts).
      for (let j = 1; j < at.length; j++) expect(rows[at[j]!]!).toBeGreaterThan(rows[at[j - 1]!]!);
      for (const i of at) {
        seen[rows[i]!]++;
        viaPartition[rows[i]!] = tree.splitCondition[leafNodes[k]!]!;
      }
    }
    expect(seen.every((c) => c === 1)).toBe(true);
    const viaWalk = new Float32Array(data.nRows);
    addTreeToMargins(tree, data.columns, viaWalk);
    expect(Array.from(viaWalk)).toEqual(Array.from(viaPartition));
  });

  it('lossguide: respects max_leaves and expands by largest loss change', async () => {
    const { data, gh } = regressionData(2000, 4, 3);
    const { tree, leafNodes } = await grower(data, { ...base, growPolicy: 'lossguide', maxDepth: 0, maxLeaves: 7 }).grow(gh);
    expect(leafNodes.length).toBe(7);
    expect(tree.nNodes).toBe(13);
    // Expansion order = order of the children's ids (expanding appends them). A node expanded
    // while another was already open (created, not yet expanded) must have a loss change at least
    // as large as that other node's.
    const internal = Array.from({ length: tree.nNodes }, (_, i) => i).filter((i) => tree.left[i] !== -1);
    let compared = 0;
    for (const a of internal) {
      for (const b of internal) {
        const openWhenAExpanded = b < tree.left[a]! && tree.left[b]! > tree.left[a]!;
        if (openWhenAExpanded) {
          expect(tree.lossChange[a]!).toBeGreaterThanOrEqual(tree.lossChange[b]!);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(0);
  });

  it('gamma prunes: a huge gamma leaves a single leaf', async () => {
    const { data, gh } = regressionData(500, 3, 4);
    const { tree } = await grower(data, { ...base, gamma: 1e12 }).grow(gh);
    expect(tree.nNodes).toBe(1);
  });

  it('finds a perfect separation on the first split', async () => {
    const n = 400;
    const x = Float32Array.from({ length: n }, (_, i) => Math.floor(i / 8)); // 50 distinct values: all are cuts
    const data: Dataset = {
      nRows: n, nFeatures: 2, featureNames: [], hasFeatureNames: false,
      columns: [Float32Array.from({ length: n }, (_, i) => (i * 7) % 13), x], label: null, weight: null,
      queryOffsets: null, position: null, source: 'test',
    };
    const gh = new Float32Array(2 * n);
    for (let r = 0; r < n; r++) {
      gh[2 * r] = r < 184 ? 1 : -1; // rows 0..183 have x < 23
      gh[2 * r + 1] = 1;
    }
    const { tree } = await grower(data, { ...base, maxDepth: 1 }).grow(gh);
    expect(tree.splitIndex[0]).toBe(1);
    expect(tree.splitCondition[0]).toBe(23);
  });
});
