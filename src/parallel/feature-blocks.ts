/**
 * Splits features into contiguous blocks, one per thread. Each thread owns the histogram slots of
 * its block, so no reduction is needed and results never depend on the block boundaries.
 */

/**
 * Block boundaries for `nFeatures` over `threads` blocks of near-equal size (empty blocks dropped).
 * @returns Uint32Array of length blocks + 1, ascending, from 0 to nFeatures.
 */
export function featureBlocks(nFeatures: number, threads: number): Uint32Array {
  const t = Math.max(1, Math.min(threads, nFeatures));
  const out = new Uint32Array(t + 1);
  for (let i = 0; i <= t; i++) out[i] = Math.round((nFeatures * i) / t);
  return out;
}
