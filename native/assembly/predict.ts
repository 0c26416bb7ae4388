/**
 * Batch prediction: the float32 margins of one block of rows over the first nTrees trees of a
 * numeric forest (no categorical splits). The TypeScript walk (src/kernels/ts/tree-walk.ts, sumTrees)
 * is the reference; this kernel gives the same float32 margins to the bit.
 *
 * Memory layout (all arguments are byte addresses in linear memory):
 * - nodes: the walk table, 16 bytes per node (src/kernels/shared-forest.ts builds it):
 *     +0  u32  byte address of the left child's entry (16-aligned; a leaf holds its own address),
 *              plus 1 when missing values go right. The right child's entry follows the left
 *              one's, so a step is `left + (goesRight << 4)`.
 *     +4  u32  byte offset of the tested feature's values in a block (feature * blockRows * 4).
 *     +8  f32  threshold (`v < t` goes left); NaN for a leaf, so every v stays there.
 *     +12 f32  a leaf's contribution (leaf value times tree weight, in float32); 0 for a split.
 * - roots: u32 per tree, the root's node index. depth: i32 per tree, the depth of its deepest leaf.
 * - x: the block's features, column-major: feature i of row b at x + i * blockRows * 4 + b * 4.
 * - out: f32 per row of the block, the margins.
 *
 * Every row takes exactly depth[t] steps in tree t (a leaf steps to itself), so eight rows are
 * walked in lockstep, eight independent chains of loads. Per row the leaf values are added in tree
 * order with one f32 add each: `m = f32(m + leaf)`, the reference's Math.fround(m + leaf).
 */

/**
 * One step from node entry `s` for the row whose values start at `xb`; returns the next entry.
 * Missing goes right: `!(v < t)` (true for NaN); missing goes left: `v >= t` (false for NaN);
 * either is `v >= t` for every other v. At a leaf both are false (t = NaN, no flag): it stays.
 */
// @ts-ignore: decorator
@inline function step(s: usize, xb: usize): usize {
  const v = load<f32>(xb + <usize>load<u32>(s, 4));
  const t = load<f32>(s, 8);
  const w = load<u32>(s);
  const right = select<u32>(<u32>!(v < t), <u32>(v >= t), w & 1);
  return <usize>(w & ~1) + (<usize>right << 4);
}

/** out[b] = f32(out[b] + the leaf value of node entry s), b at byte offset `o` of out. */
// @ts-ignore: decorator
@inline function addLeaf(out: usize, o: usize, s: usize): void {
  store<f32>(out + o, load<f32>(out + o) + load<f32>(s, 12));
}

/**
 * Margins of the nb rows of one block (layout above): out[b] = m0, then the leaf values of trees
 * 0 .. nTrees-1 added in order.
 */
export function predictBlock(
  nodes: usize, roots: usize, depth: usize, nTrees: u32, x: usize, nb: u32, m0: f32, out: usize,
): void {
  for (let b: u32 = 0; b < nb; b++) store<f32>(out + (<usize>b << 2), m0);
  for (let t: u32 = 0; t < nTrees; t++) {
    const root = nodes + (<usize>load<u32>(roots + (<usize>t << 2)) << 4);
    const dt = load<i32>(depth + (<usize>t << 2));
    let b: u32 = 0;
    for (; b + 8 <= nb; b += 8) {
      let s0 = root, s1 = root, s2 = root, s3 = root, s4 = root, s5 = root, s6 = root, s7 = root;
      const xb = x + (<usize>b << 2);
      for (let d = dt; d > 0; d--) {
        s0 = step(s0, xb);
        s1 = step(s1, xb + 4);
        s2 = step(s2, xb + 8);
        s3 = step(s3, xb + 12);
        s4 = step(s4, xb + 16);
        s5 = step(s5, xb + 20);
        s6 = step(s6, xb + 24);
        s7 = step(s7, xb + 28);
      }
      const o = <usize>b << 2;
      addLeaf(out, o, s0);
      addLeaf(out, o + 4, s1);
      addLeaf(out, o + 8, s2);
      addLeaf(out, o + 12, s3);
      addLeaf(out, o + 16, s4);
      addLeaf(out, o + 20, s5);
      addLeaf(out, o + 24, s6);
      addLeaf(out, o + 28, s7);
    }
    for (; b < nb; b++) {
      let s = root;
      const xb = x + (<usize>b << 2);
      for (let d = dt; d > 0; d--) s = step(s, xb);
      addLeaf(out, <usize>b << 2, s);
    }
  }
}
