/**
 * The process-wide piscina pool of kernel workers: started on first use, reused across rounds and
 * boosters, grown (restarted) when a booster asks for more threads, destroyed after a worker
 * failure so the next booster starts from fresh workers. Idle workers do not keep the process alive.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { KernelTask } from './tasks.js';

let pool: Piscina<KernelTask, number> | null = null;

/** The worker module: compiled JS (dist/) even when this file runs from src/ under vitest. */
function workerFile(): string {
  const here = import.meta.url;
  const rel = here.endsWith('.ts') ? '../../dist/src/parallel/worker.js' : './worker.js';
  return fileURLToPath(new URL(rel, here));
}

/**
 * Threads to use for an `nthread` value: 0 means the machine's cores.
 * @returns an integer >= 1.
 */
export function resolveThreads(nthread: number): number {
  return nthread > 0 ? nthread : Math.max(1, availableParallelism());
}

/** A pool with at least `workers` threads (>= 1). */
export function workerPool(workers: number): Piscina<KernelTask, number> {
  if (pool && pool.maxThreads >= workers) return pool;
  if (pool) void pool.destroy();
  pool = new Piscina<KernelTask, number>({
    filename: workerFile(),
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: 60_000,
    atomics: 'sync',
    // A batch may give one worker two tasks (e.g. the second row halves and a feature block). With
    // one task per worker, piscina dispatches the second only once the calling thread has seen the
    // first complete, i.e. after it has finished its own share: measured 4 ms of waiting on such a
    // batch of 8 ms at 1M rows. Posting both at once lets the worker run them back to back.
    concurrentTasksPerWorker: 4,
  });
  return pool;
}

/**
 * Starts the workers a `threads`-thread run will use, so that their start-up (a thread, Node's
 * bootstrap, the worker module: ~50-80 ms) overlaps what the caller does next (the CLI reads the
 * training data meanwhile).
 */
export function startWorkers(threads: number): void {
  if (threads > 1) workerPool(threads - 1);
}

/** Destroys the pool (after a worker failure, or at shutdown); the next use starts a new one. */
export async function destroyWorkerPool(): Promise<void> {
  const p = pool;
  pool = null;
  if (p) await p.destroy();
}

/** True while a pool exists (tests check that a failure cleaned it up). */
export function hasWorkerPool(): boolean {
  return pool !== null;
}
