/**
 * The control block a WorkerChannel (main side, channel.ts) and its serve loop (worker side,
 * serve-loop.ts) share: one Int32Array over a SharedArrayBuffer, read and written with Atomics only.
 */
import type { MessagePort } from 'node:worker_threads';

/** Tasks posted so far (the main thread bumps it once per task), or CLOSED once the serve loop has ended. */
export const SEQ = 0;
/** Tasks the serve loop has finished (failed ones included). */
export const DONE = 1;
/** Tasks that failed so far (each failure also posts `{ seq, message }` back on the port). */
export const FAILED = 2;
/** 1 while the serve loop sleeps on SEQ: only then does a post need Atomics.notify (a futex wake). */
export const WORKER_SLEEPS = 3;
/** 1 while the calling thread sleeps on DONE: only then does the loop need Atomics.notify. */
export const CALLER_SLEEPS = 4;
/**
 * The last task the serve loop has entered (k: every task up to k has been entered or skipped), or
 * -k once the calling thread has withdrawn every task up to k that the loop had not entered: the
 * loop skips those. Both sides change it by compare-and-swap only (WorkerChannel.withdraw,
 * serve-loop.ts enter), so a task is either entered or withdrawn, never both.
 */
export const ENTERED = 5;
/** Int32 fields in a control block. */
export const CONTROL_INTS = 6;
/**
 * SEQ's value once the serve loop has ended after being idle: it swaps SEQ from the count it has
 * seen to CLOSED only when no task came meanwhile, so a later post sees CLOSED and starts a new loop.
 */
export const CLOSED = -1;

/** What a failed task reports back on the port. */
export interface TaskFailure {
  readonly seq: number;
  readonly message: string;
}

/** The first message of a serve loop (the piscina task that hosts it). */
export interface ServeTask {
  readonly kind: 'serve';
  /** SharedArrayBuffer of CONTROL_INTS int32. */
  readonly control: SharedArrayBuffer;
  /** The worker's end of the channel's MessagePort pair (transferred). */
  readonly port: MessagePort;
  /** SEQ when the loop starts: the tasks before it were served by earlier loops. */
  readonly seen: number;
}
