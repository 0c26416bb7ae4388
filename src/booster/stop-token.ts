/**
 * Stopping a training run from outside its loop (the CLI's SIGINT/SIGTERM, a caller's cancel):
 * the run finishes the round in progress and returns the model of the rounds done so far.
 *
 * Signals, timers and I/O callbacks reach JavaScript only through the event loop (a signal is
 * seen by libuv's watcher in the loop's poll phase). A round trained on one thread awaits only
 * microtasks, so without a turn of the loop a request made while it runs would wait for the next
 * turn, however many rounds later. `stopRequested` gives the loop that turn once per round (a
 * setImmediate: its cost per round is in bench/RESULTS.md) and then reads the token, so a request
 * that arrives during round k is seen at the end of round k.
 */

/** A flag a training run reads at the end of every round. */
export class StopToken {
  private asked = false;

  /** Asks the run to stop at the end of the round in progress (idempotent). */
  request(): void {
    this.asked = true;
  }

  /** True once `request` was called. */
  get requested(): boolean {
    return this.asked;
  }
}

/**
 * The end of a round: one turn of the event loop (what arrived during the round runs now), then
 * whether `token` asks to stop. Without a token it still gives the loop its turn (progress output,
 * timers of the caller).
 */
export async function stopRequested(token: StopToken | undefined): Promise<boolean> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  return token?.requested === true;
}
