/**
 * Test-only fault injection: makes the next kernel worker task throw or terminate its thread, so
 * tests can check that a failing worker fails training promptly with the worker's error and that
 * the pool is cleaned up. Never set outside tests.
 */
import type { WorkerFault } from './tasks.js';

/**
 * Also settable for a whole process (CLI tests) with LAMBDABOOST_TEST_WORKER_FAULT=throw|exit: the
 * first worker task of the process fails.
 */
const fromEnv = process.env.LAMBDABOOST_TEST_WORKER_FAULT;
let pending: WorkerFault = fromEnv === 'throw' || fromEnv === 'exit' ? fromEnv : null;

/** Makes the next worker task fail (`throw`: an Error in the task; `exit`: the worker thread exits). */
export function injectWorkerFaultForTesting(fault: WorkerFault): void {
  pending = fault;
}

/** True while a fault is pending (the histogram builder then uses workers even for tiny batches). */
export function faultPending(): boolean {
  return pending !== null;
}

/** The pending fault, cleared once taken. */
export function takeWorkerFault(): WorkerFault {
  const f = pending;
  pending = null;
  return f;
}
