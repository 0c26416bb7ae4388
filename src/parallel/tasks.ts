/**
 * The one message the main thread sends to kernel workers (src/parallel/worker.ts): run units of
 * a unit kernel over arrays named by byte address in one shared `WebAssembly.Memory`. A task
 * carries offsets and lengths, never array contents.
 */
import type { WasmMemory } from '../kernels/wasm/wasm-api.js';
import type { EncodedArgs } from './unit-kernel.js';

/** Test-only fault a worker injects before running a task (see fault.ts; set by the channel). */
export type WorkerFault = 'throw' | 'exit' | null;

/**
 * Units [0, nUnits) of the unit kernel `unitKernel` (src/kernels/units/registry.ts) over `args`
 * (encodeArgs: arrays by byte address in `memory`), claimed from the Int32 counter at `counterAt`
 * by every thread until none is left (claimUnits).
 */
export interface UnitsTask {
  readonly kind: 'units';
  /** Process-unique id of `memory` (workers keep their per-memory scope by it). */
  readonly memId: number;
  /** The shared memory (structured-cloned: the same bytes, not a copy). */
  readonly memory: WasmMemory;
  /** Which kernel implementation to run (the booster's choice). */
  readonly kernel: 'ts' | 'wasm';
  /** Test-only: make the worker throw or exit instead of working. */
  readonly fault: WorkerFault;
  readonly unitKernel: string;
  readonly args: EncodedArgs;
  readonly nUnits: number;
  readonly counterAt: number;
}

/** Any task (there is one kind). */
export type KernelTask = UnitsTask;
