/**
 * A full garbage collection on request, for the few places that free a large amount of memory at a
 * known point and want it back before allocating more (train's `freeRawData`: the raw feature
 * values, 4 bytes a cell, once binned). V8 only returns the memory of unreachable ArrayBuffers
 * after a collection, and the JavaScript heap is too small at that point for one to run by itself.
 *
 * Node exposes `gc` only under `--expose-gc`; the flag can be set at run time and the function
 * taken from a fresh context (the V8 flag applies to contexts created after it is set). When that
 * fails (a runtime without the flag), this does nothing and the memory is returned later.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null | undefined;

/** Runs a full collection when the runtime allows it; otherwise does nothing. */
export function collectGarbage(): void {
  if (gc === undefined) {
    gc = null;
    try {
      setFlagsFromString('--expose-gc');
      const f: unknown = runInNewContext('gc');
      if (typeof f === 'function') gc = f as () => void;
    } catch {
      gc = null;
    }
  }
  gc?.();
}
