/**
 * The walk table of the WASM prediction kernel (native/assembly/predict.ts has the layout): 16
 * bytes per node of a compiled forest, written into the kernel's linear memory. Shared by the
 * Node forest in shared memory (shared-forest.ts) and the web build's kernel (src/web/).
 */
import { BLOCK_ROWS } from './block-rows.js';
import { FLAG_MISSING_RIGHT, NODE_STRIDE, type CompiledForest } from './forest-layout.js';

/** Bytes per node of the walk table. */
export const WALK_TABLE_NODE_BYTES = 16;

/**
 * Writes the walk table of `f` at byte address `tableAt` (16-aligned) of `buf`, which must hold
 * f.nNodes * 16 bytes from there. Entry n: the byte address of node n's left child's entry plus 1
 * when missing goes right, the tested feature's byte offset in a block, the float32 threshold's
 * bits (NaN for a leaf), the leaf's contribution.
 */
export function writeWalkTable(f: CompiledForest, buf: ArrayBufferLike, tableAt: number): void {
  const nN = f.nNodes;
  const table = new Int32Array(buf, tableAt, nN * 4);
  const tableF = new Float32Array(buf, tableAt, nN * 4);
  const I = f.nodeInt;
  for (let n = 0; n < nN; n++) {
    const s = n * NODE_STRIDE;
    table[4 * n] = (tableAt + WALK_TABLE_NODE_BYTES * I[s]!) | (I[s + 3]! & FLAG_MISSING_RIGHT);
    table[4 * n + 1] = I[s + 1]! * BLOCK_ROWS * 4;
    table[4 * n + 2] = I[s + 2]!; // the float32 threshold's bits
    tableF[4 * n + 3] = f.leafValue[n]!;
  }
}
