/**
 * The layout batch prediction walks: rows in blocks of BLOCK_ROWS, each block column-major, so
 * feature i of the block's row b is at `blockStart + i * BLOCK_ROWS + b` (float32, NaN = missing).
 * A block of a model with nFeatures features spans BLOCK_ROWS * nFeatures floats, also when it
 * holds fewer rows (the last block). Walking a block tree by tree keeps the tree's nodes and the
 * block's values in L1 cache, and the rows of a block reading one feature read adjacent floats.
 */

/** Rows per block. */
export const BLOCK_ROWS = 128;

/** Number of blocks holding nRows rows. */
export function blockCount(nRows: number): number {
  return Math.ceil(nRows / BLOCK_ROWS);
}
