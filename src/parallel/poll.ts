/**
 * Bounded polling before a thread sleeps on a control word (channel-control.ts): a worker that has
 * just finished a task first re-reads SEQ for up to a budget of milliseconds, and only then sleeps
 * in Atomics.wait (serve-loop.ts). On this 2-vCPU VM a futex wake of a thread whose vCPU has gone
 * idle costs the waking thread ~0.1 ms (more under load) and the woken one its wake-up latency;
 * most next tasks are posted well within the budget, so neither is paid (bench/RESULTS.md,
 * "Design measurements").
 *
 * Polling is only free while each thread has a core of its own: on a loaded machine a polling
 * thread takes time slices the threads it waits for need. So a poller stops polling while its
 * thread has been waiting for a core more than CONTENDED_SHARE of the time (its run-queue wait,
 * run-queue.ts, read every PROBE_MS), and, where that is not known, for BACKOFF_MS after it finds
 * itself preempted (two clock reads of one poll more than PREEMPTED_MS apart).
 */

/** A gap this long between two clock reads of one poll means the thread was descheduled meanwhile. */
const PREEMPTED_MS = 0.2;
/** After a preempted poll, no polling for this long. */
const BACKOFF_MS = 50;
/** Reads of the word between two clock reads. */
const READS_PER_CLOCK = 32;
/** How often the run-queue wait is read. */
const PROBE_MS = 10;
/** Oversubscribed while the thread's run-queue wait grew by more than this share of the time. */
const CONTENDED_SHARE = 0.1;

export class Poller {
  /** The clock's time before which `poll` does not poll (a preemption was seen). */
  private quietUntil = 0;
  /** When the run-queue wait is next read, the last reading and its time, and the verdict from it. */
  private probeAt = 0;
  private lastWait = NaN;
  private lastProbe = 0;
  private contended = false;

  /**
   * @param budgetMs how long one `poll` re-reads the word at most (>= 0; 0: never polls).
   * @param waited the thread's total run-queue wait so far in ms, NaN when unknown (runQueueWait).
   * @param now the clock in milliseconds (tests pass their own).
   */
  constructor(
    private readonly budgetMs: number,
    private readonly waited: () => number = () => NaN,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Whether the thread has lately waited for a core more than CONTENDED_SHARE of the time. */
  private oversubscribed(t: number): boolean {
    if (t < this.probeAt) return this.contended;
    const w = this.waited();
    if (Number.isFinite(w) && Number.isFinite(this.lastWait) && t > this.lastProbe) {
      this.contended = (w - this.lastWait) > CONTENDED_SHARE * (t - this.lastProbe);
    }
    this.lastWait = w;
    this.lastProbe = t;
    this.probeAt = t + PROBE_MS;
    return this.contended;
  }

  /**
   * Re-reads `a[index]` until it is no longer `value` or the budget has passed (or at once when
   * backing off after a preemption).
   * @param a Int32Array over a SharedArrayBuffer.
   * @returns true when the word changed (no need to sleep), false when the caller should sleep.
   */
  poll(a: Int32Array, index: number, value: number): boolean {
    if (this.budgetMs <= 0) return Atomics.load(a, index) !== value;
    let t = this.now();
    if (t < this.quietUntil || this.oversubscribed(t)) return Atomics.load(a, index) !== value;
    const end = t + this.budgetMs;
    for (;;) {
      for (let k = 0; k < READS_PER_CLOCK; k++) if (Atomics.load(a, index) !== value) return true;
      const t1 = this.now();
      if (t1 - t > PREEMPTED_MS) {
        this.quietUntil = t1 + BACKOFF_MS;
        return Atomics.load(a, index) !== value;
      }
      if (t1 >= end) return false;
      t = t1;
    }
  }
}
