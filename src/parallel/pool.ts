/**
 * The process-wide piscina pool of kernel workers: started on first use, reused across rounds and
 * boosters, grown (restarted) when a booster asks for more threads, destroyed after a worker
 * failure so the next booster starts from fresh workers. Idle workers do not keep the process alive.
 * Kernel tasks reach the workers through one WorkerChannel per worker (channel.ts), whose serve
 * loop is the only kind of piscina task.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { WorkerChannel } from './channel.js';
import type { ServeTask } from './channel-control.js';

let pool: Piscina<ServeTask, number> | null = null;
/** The current pool's channels, one per worker. */
let channels: WorkerChannel[] = [];

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
function workerPool(workers: number): Piscina<ServeTask, number> {
  if (pool && pool.maxThreads >= workers) return pool;
  if (pool) void pool.destroy();
  channels = [];
  pool = new Piscina<ServeTask, number>({
    filename: workerFile(),
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: 60_000,
    atomics: 'sync',
    // Each worker hosts at most one serve loop (it never returns to piscina while serving), so a
    // second loop must go to another worker, never queue behind a running one.
    concurrentTasksPerWorker: 1,
  });
  return pool;
}

/**
 * Channels to `workers` (>= 1) kernel workers of the pool (started or grown as needed): channel k
 * always reaches the same serve loop while it runs. A batch posts its worker shares to channels
 * 0, 1, ... and waits for the tickets with `alongside` / `settle` (settle.ts).
 */
export function kernelWorkers(workers: number): readonly WorkerChannel[] {
  const p = workerPool(workers);
  while (channels.length < workers) {
    channels.push(new WorkerChannel((serve) => p.run(serve, { transferList: [serve.port] })));
  }
  return channels;
}

/**
 * Starts the workers a `threads`-thread run will use, so that their start-up (a thread, Node's
 * bootstrap, the worker module: tens of milliseconds, bench/RESULTS.md, "Design measurements") overlaps what the caller
 * does next (the CLI reads the training data meanwhile).
 */
export function startWorkers(threads: number): void {
  if (threads > 1) kernelWorkers(threads - 1);
}

/** Destroys the pool (after a worker failure, or at shutdown); the next use starts a new one. */
export async function destroyWorkerPool(): Promise<void> {
  const p = pool;
  pool = null;
  channels = [];
  if (p) await p.destroy();
}

/** True while a pool exists (tests check that a failure cleaned it up). */
export function hasWorkerPool(): boolean {
  return pool !== null;
}
