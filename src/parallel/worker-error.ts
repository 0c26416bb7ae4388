/** The error training fails with when a kernel worker thread throws or dies. */
import { UserError } from '../errors.js';

/**
 * A kernel worker failed (threw, or its thread exited). A UserError so the CLI prints one line and
 * exits 2; the message carries the worker's own error message.
 */
export class WorkerFailedError extends UserError {
  constructor(cause: unknown) {
    const msg = cause instanceof Error ? cause.message : String(cause);
    super(`training failed: a worker thread failed: ${msg.replace(/\s*\n\s*/g, ' ')}`);
  }
}
