/**
 * Kernel worker thread (piscina task module): hosts a channel's serve loop (serve-loop.ts) and runs
 * each UnitsTask's claim loop over the task's shared memory with the unit kernel it names. Per
 * memory (and kernel implementation) it keeps one ThreadScope, whose Kernels are attached to that
 * memory once; the last few memories are kept. Imports the unit kernels and the runtime only.
 */
import { UNIT_KERNELS } from '../kernels/units/registry.js';
import type { ServeTask } from './channel-control.js';
import { serveLoop } from './serve-loop.js';
import type { KernelTask } from './tasks.js';
import { ThreadScope } from './thread-scope.js';
import { claimUnits, decodeArgs } from './unit-kernel.js';

/** Scopes by memory id and kernel implementation, most recent last (at most MAX_SCOPES, so old boosters' memory can be freed). */
const scopes = new Map<string, ThreadScope>();
const MAX_SCOPES = 2;

function scopeOf(task: KernelTask): ThreadScope {
  const key = `${task.memId}:${task.kernel}`;
  let scope = scopes.get(key);
  if (!scope) {
    scope = new ThreadScope(task.memory, task.kernel, null);
    scopes.set(key, scope);
    while (scopes.size > MAX_SCOPES) scopes.delete(scopes.keys().next().value!);
  }
  return scope;
}

/** Runs one task: the claim loop over its units (the calling thread runs the same); returns 0. */
function run(task: KernelTask): number {
  if (task.fault === 'throw') throw new Error('injected worker fault (test)');
  if (task.fault === 'exit') process.exit(70);
  const kernel = UNIT_KERNELS.get(task.unitKernel);
  if (!kernel) throw new Error(`kernel worker: no unit kernel ${task.unitKernel}`);
  const scope = scopeOf(task);
  const buf = scope.sync();
  const args = decodeArgs(kernel.args, buf, task.args);
  claimUnits(new Int32Array(buf, task.counterAt, 1), task.nUnits, (u) => kernel.run(scope, args, u));
  return 0;
}

/** The piscina task: a channel's serve loop, which runs kernel tasks with `run`; returns 0. */
export default function serve(task: ServeTask): number {
  return serveLoop(task, run);
}
