/**
 * Kernel worker thread (piscina task module). Imports only kernels: runs the TS or WASM kernels over
 * views of the task's shared memory. Per memory it keeps one WASM instance over that memory (the
 * module instantiated with the same `WebAssembly.Memory`); the last few memories are cached.
 */
import { buildHistogram as tsBuildHistogram } from '../kernels/ts/ts-kernels.js';
import { kernelExports, type KernelExports } from '../kernels/wasm/kernel-exports.js';
import { loadKernelModule } from '../kernels/wasm/loader.js';
import type { WasmMemory } from '../kernels/wasm/wasm-api.js';
import type { HistogramTask, KernelTask } from './tasks.js';

/** Per-memory state of this worker. */
interface MemoryContext {
  readonly memory: WasmMemory;
  wasm: KernelExports | null;
}

/** Memories seen, most recent last (at most MAX_CONTEXTS kept, so old boosters' memory can be freed). */
const contexts = new Map<number, MemoryContext>();
const MAX_CONTEXTS = 2;

function contextOf(task: KernelTask): MemoryContext {
  let c = contexts.get(task.memId);
  if (c) return c;
  c = { memory: task.memory, wasm: null };
  contexts.set(task.memId, c);
  while (contexts.size > MAX_CONTEXTS) contexts.delete(contexts.keys().next().value!);
  return c;
}

function wasmOf(c: MemoryContext): KernelExports {
  if (c.wasm) return c.wasm;
  const loaded = loadKernelModule();
  if (!loaded) throw new Error('kernel worker: native/build/kernels.wasm is not available in this worker');
  c.wasm = kernelExports(new loaded.api.Instance(loaded.module, { env: { memory: c.memory } }));
  return c.wasm;
}

function histogram(t: HistogramTask, c: MemoryContext): void {
  const jobs = t.jobs;
  if (t.kernel === 'wasm') {
    const ex = wasmOf(c);
    const build = t.binsBytes === 1 ? ex.buildHistogramU8 : ex.buildHistogramU16;
    for (let j = 0; j < jobs.length; j += 3) {
      build(t.binsAt, t.nRows, t.featStart, t.featEnd, t.offsetsAt, t.rowsAt, jobs[j]!, jobs[j + 1]!, t.ghAt, jobs[j + 2]!);
    }
    return;
  }
  const buf = c.memory.buffer;
  const n = t.nRows;
  const bins = t.binsBytes === 1 ? new Uint8Array(buf, t.binsAt, t.nFeatures * n) : new Uint16Array(buf, t.binsAt, t.nFeatures * n);
  const offsets = new Uint32Array(buf, t.offsetsAt, t.nFeatures + 1);
  const rows = new Uint32Array(buf, t.rowsAt, n);
  const gh = new Float32Array(buf, t.ghAt, 2 * n);
  for (let j = 0; j < jobs.length; j += 3) {
    const hist = new Float64Array(buf, jobs[j + 2]!, t.histLen);
    tsBuildHistogram(bins, n, t.featStart, t.featEnd, offsets, rows, jobs[j]!, jobs[j + 1]!, gh, hist);
  }
}

/** Runs one task; returns 0. */
export default function run(task: KernelTask): number {
  if (task.fault === 'throw') throw new Error('injected worker fault (test)');
  if (task.fault === 'exit') process.exit(70);
  const c = contextOf(task);
  switch (task.kind) {
    case 'hist':
      histogram(task, c);
      return 0;
  }
}
