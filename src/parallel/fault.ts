/**
 * Test-only fault injection: makes the next kernel worker task throw or terminate its thread, so
 * tests can check that a failing worker fails training promptly with the worker's error and that
 * the pool is cleaned up. Never set outside tests.
 */
import type { WorkerFault } from './tasks.js';

let pending: WorkerFault = null;

/** Makes the next worker task fail (`throw`: an Error in the task; `exit`: the worker thread exits). */
export function injectWorkerFaultForTesting(fault: WorkerFault): void {
  pending = fault;
}

/** The pending fault, cleared once taken. */
export function takeWorkerFault(): WorkerFault {
  const f = pending;
  pending = null;
  return f;
}
