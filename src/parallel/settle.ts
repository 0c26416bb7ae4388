/**
 * Waiting for worker tasks safely: a batch's shared memory may be reused by the caller only once
 * no worker can still write to it, so every task is waited for even when one has failed or the
 * calling thread's own share has thrown.
 */
import type { Ticket } from './channel.js';
import { destroyWorkerPool } from './pool.js';
import { WorkerFailedError } from './worker-error.js';

/**
 * Waits for every task; on any failure destroys the pool and throws WorkerFailedError with the
 * first worker error.
 */
export async function settle(pending: readonly Ticket[]): Promise<void> {
  let failure: unknown = null;
  for (const t of pending) {
    const error = await t.channel.wait(t.seq);
    if (error !== null && failure === null) failure = error;
  }
  if (failure !== null) {
    await destroyWorkerPool();
    throw new WorkerFailedError(failure);
  }
}

/**
 * Runs the calling thread's share of a batch while the `pending` worker tasks run, then settles
 * them. A worker failure is thrown first (WorkerFailedError); otherwise an error of the calling
 * thread's share is rethrown once the workers are done.
 * @param drained called after the share: true when it has claimed every unit left (none is left
 *   for the workers), so tasks their serve loops have not entered yet are withdrawn, not waited for.
 */
export async function alongside(pending: readonly Ticket[], ownShare: () => void, drained: () => boolean = () => false): Promise<void> {
  let ownError: unknown = null;
  try {
    ownShare();
  } catch (e) {
    ownError = e;
  }
  const waitFor = ownError === null && drained() ? pending.filter((t) => !t.channel.withdraw(t.seq)) : pending;
  await settle(waitFor);
  if (ownError !== null) throw ownError;
}
