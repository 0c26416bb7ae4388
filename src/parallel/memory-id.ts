/** Process-unique ids of shared memories, so workers can cache their per-memory state. */
import type { WasmMemory } from '../kernels/wasm/wasm-api.js';

const ids = new WeakMap<WasmMemory, number>();
let next = 1;

/** The id of `memory` (assigned on first use). */
export function memoryId(memory: WasmMemory): number {
  let id = ids.get(memory);
  if (id === undefined) {
    id = next++;
    ids.set(memory, id);
  }
  return id;
}
