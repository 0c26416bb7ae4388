/**
 * The tree walk over one block of rows in the block layout (src/kernels/ts/block-rows.ts): the TypeScript batch
 * kernel, used when the WASM kernel (native/assembly/predict.ts) is unavailable or the forest has
 * categorical splits. Same rules and the same float32 sums as the single-row walk (tree-walk.ts,
 * the reference): per row, `m = fround(m + leaf)` over the trees in order.
 *
 * Numeric forests: the block goes through each tree in turn (the tree's nodes stay in L1 cache);
 * every row takes exactly depth[t] branch-free steps (a leaf steps to itself), four rows in
 * lockstep so that four independent chains of loads overlap. Hot loops allocate nothing.
 */
import { FLAG_CATEGORICAL, FLAG_MISSING_RIGHT, NODE_STRIDE, type CompiledForest } from './forest-layout.js';
import { BLOCK_ROWS } from './block-rows.js';
import { inCategorySet } from './tree-walk.js';

/**
 * The global index of the leaf reached in the tree rooted at global node `root` by the block row
 * whose feature 0 is at `x[off]` (feature i at `off + i * BLOCK_ROWS`).
 * @param x in: Float32Array holding the block.
 */
export function findLeafInBlock(f: CompiledForest, x: Float32Array, off: number, root: number): number {
  const I = f.nodeInt;
  const F = f.nodeFloat;
  let n = root;
  for (let l = I[n * NODE_STRIDE]!; l !== n; l = I[n * NODE_STRIDE]!) {
    const s = n * NODE_STRIDE;
    const v = x[off + I[s + 1]! * BLOCK_ROWS]!;
    const flags = I[s + 3]!;
    if (v !== v) n = l + (flags & FLAG_MISSING_RIGHT);
    else if ((flags & FLAG_CATEGORICAL) !== 0) n = inCategorySet(f, n, v) ? l + 1 : l;
    else n = v < F[s + 2]! ? l : l + 1;
  }
  return n;
}

/**
 * Margins of the `nb` rows of the block at `x[xOff ..]`: `out[outOff + b]` = margin0 plus the leaf
 * contributions of trees [0, nTrees), added in tree order in float32.
 * @param x in: Float32Array holding the block (BLOCK_ROWS * nFeatures floats from xOff).
 * @param margin0 the starting margin (float32).
 * @param out out: Float32Array, nb margins from outOff.
 */
export function walkBlock(
  f: CompiledForest,
  x: Float32Array,
  xOff: number,
  nb: number,
  nTrees: number,
  margin0: number,
  out: Float32Array,
  outOff: number,
): void {
  const roots = f.roots;
  const L = f.leafValue;
  // Storing a double into a Float32Array rounds it to float32: out[o] = fround(out[o] + leaf).
  for (let b = 0; b < nb; b++) out[outOff + b] = margin0;
  if (f.hasCategorical) {
    for (let t = 0; t < nTrees; t++) {
      const root = roots[t]!;
      for (let b = 0; b < nb; b++) out[outOff + b] = out[outOff + b]! + L[findLeafInBlock(f, x, xOff + b, root)]!;
    }
    return;
  }
  const I = f.nodeInt;
  const F = f.nodeFloat;
  const depth = f.depth;
  for (let t = 0; t < nTrees; t++) {
    const root = roots[t]! * NODE_STRIDE;
    const dt = depth[t]!;
    let b = 0;
    for (; b + 4 <= nb; b += 4) {
      // Node offsets (node index * NODE_STRIDE) of four rows walked in lockstep.
      let s0 = root;
      let s1 = root;
      let s2 = root;
      let s3 = root;
      const xo = xOff + b;
      for (let d = dt; d > 0; d--) {
        const v0 = x[xo + I[s0 + 1]! * BLOCK_ROWS]!;
        const v1 = x[xo + 1 + I[s1 + 1]! * BLOCK_ROWS]!;
        const v2 = x[xo + 2 + I[s2 + 1]! * BLOCK_ROWS]!;
        const v3 = x[xo + 3 + I[s3 + 1]! * BLOCK_ROWS]!;
        s0 = (I[s0]! + goesRight(v0, F[s0 + 2]!, I[s0 + 3]!)) * NODE_STRIDE;
        s1 = (I[s1]! + goesRight(v1, F[s1 + 2]!, I[s1 + 3]!)) * NODE_STRIDE;
        s2 = (I[s2]! + goesRight(v2, F[s2 + 2]!, I[s2 + 3]!)) * NODE_STRIDE;
        s3 = (I[s3]! + goesRight(v3, F[s3 + 2]!, I[s3 + 3]!)) * NODE_STRIDE;
      }
      const o = outOff + b;
      out[o] = out[o]! + L[s0 / NODE_STRIDE]!;
      out[o + 1] = out[o + 1]! + L[s1 / NODE_STRIDE]!;
      out[o + 2] = out[o + 2]! + L[s2 / NODE_STRIDE]!;
      out[o + 3] = out[o + 3]! + L[s3 / NODE_STRIDE]!;
    }
    for (; b < nb; b++) {
      let s = root;
      const xo = xOff + b;
      for (let d = dt; d > 0; d--) s = (I[s]! + goesRight(x[xo + I[s + 1]! * BLOCK_ROWS]!, F[s + 2]!, I[s + 3]!)) * NODE_STRIDE;
      out[outOff + b] = out[outOff + b]! + L[s / NODE_STRIDE]!;
    }
  }
}

/** 1 when a numeric split sends v right (see tree-walk.ts); 0 at a leaf. */
function goesRight(v: number, t: number, flags: number): number {
  return ((v >= t) as unknown as number) | (((v !== v) as unknown as number) & flags);
}
