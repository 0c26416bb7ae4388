/**
 * Splits features into contiguous blocks, one per thread. Each thread owns the histogram slots of
 * its block, so no reduction is needed and results never depend on the block boundaries.
 */

/**
 * Block boundaries for `nFeatures` over `threads` blocks of near-equal size (empty blocks dropped).
 * With at least 4 features a block, each inner boundary is the multiple of 4 nearest to the even
 * split (ties up: 28 features over 2 threads are 16 + 12): the histogram kernel reads a row's codes
 * 16 or 4 at a time, and a block whose width is not a multiple of 4 pays scalar tails on every row
 * (blocks of 14 + 14 cost ~1.4x a whole row's updates, 16 + 12 ~1.05x: bench/RESULTS.md).
 * @returns Uint32Array of length blocks + 1, ascending, from 0 to nFeatures.
 */
export function featureBlocks(nFeatures: number, threads: number): Uint32Array {
  const t = Math.max(1, Math.min(threads, nFeatures));
  const lanes = nFeatures >= 4 * t ? 4 : 1;
  const cuts = [0];
  for (let i = 1; i < t; i++) {
    const at = Math.min(nFeatures, Math.round((nFeatures * i) / t / lanes) * lanes);
    if (at > cuts[cuts.length - 1]!) cuts.push(at);
  }
  if (cuts.length === 1 || nFeatures > cuts[cuts.length - 1]!) cuts.push(nFeatures);
  return Uint32Array.from(cuts);
}
