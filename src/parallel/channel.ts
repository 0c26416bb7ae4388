/**
 * A WorkerChannel sends kernel tasks to one worker thread's serve loop (serve-loop.ts) and tells
 * when each is done, through a control block in shared memory (channel-control.ts) instead of
 * piscina's per-task messages: the worker is woken by SEQ changing and fetches the task from its
 * port synchronously; the calling thread sees the task finish by DONE changing, without a turn of
 * its event loop (serve-loop.ts has the measurements). Tasks on one channel run one after the
 * other, in the order posted.
 *
 * The serve loop is a piscina task on the process's pool, started on the first post and again
 * after it has ended on its own (idle): the pool still starts, restarts and tears down the threads,
 * and a thread that dies rejects that piscina task, which fails whoever waits on the channel.
 */
import { MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { CALLER_SLEEPS, CLOSED, CONTROL_INTS, DONE, ENTERED, FAILED, SEQ, WORKER_SLEEPS, type ServeTask, type TaskFailure } from './channel-control.js';
import type { PostedTask } from './serve-loop.js';
import type { KernelTask } from './tasks.js';
import { takeWorkerFault } from './fault.js';

/** A posted task: done once its channel's DONE reaches `seq`. */
export interface Ticket {
  readonly channel: WorkerChannel;
  readonly seq: number;
}

/** Starts a serve loop as a piscina task (the port in the task is transferred). */
export type ServeStarter = (serve: ServeTask) => Promise<unknown>;

/** Atomics.waitAsync (Node >= 16; ES2024, newer than this project's `lib`). */
const waitAsync = (Atomics as unknown as {
  waitAsync(a: Int32Array, index: number, value: number, timeoutMs: number): { async: false; value: string } | { async: true; value: Promise<string> };
}).waitAsync;

/**
 * How long `wait` blocks the calling thread (Atomics.wait, no spinning: see serve-loop.ts) before it
 * waits asynchronously; most batches' shares end within a few ms of each other.
 */
const WAIT_SYNC_MS = 10;
/** The asynchronous wait's timeout, after which it checks again. */
const WAIT_ASYNC_MS = 50;

export class WorkerChannel {
  private readonly control = new Int32Array(new SharedArrayBuffer(CONTROL_INTS * 4));
  /** Tasks posted over the channel's life (SEQ's value while a loop runs). */
  private posted = 0;
  /** The calling thread's end of the current loop's port pair; null before the first loop. */
  private port: MessagePort | null = null;
  /** Memory ids whose memory the current loop has been sent. */
  private sent = new Set<number>();
  /** FAILED as last read, and the failures read from the port by task number. */
  private failuresRead = 0;
  private readonly failures = new Map<number, string>();
  /** Settles when the current loop's piscina task does; `death` is then set if its thread failed. */
  private ended: Promise<void> = Promise.resolve();
  private death: unknown = null;

  constructor(private readonly startServe: ServeStarter) {
    Atomics.store(this.control, SEQ, CLOSED);
  }

  /** Posts `task`; the returned ticket is waited for with `wait`. */
  post(task: KernelTask): Ticket {
    const next = this.posted + 1;
    // A running loop is told by bumping SEQ; if the loop has closed (SEQ = CLOSED), a new one starts.
    if (Atomics.compareExchange(this.control, SEQ, this.posted, next) !== this.posted) {
      this.openLoop();
      Atomics.store(this.control, SEQ, next);
    }
    const first = !this.sent.has(task.memId);
    this.sent.add(task.memId);
    // Test-only failure injection happens here, for every kind of task (fault.ts).
    const fault = task.fault ?? takeWorkerFault();
    const posted: PostedTask = first ? { ...task, fault } : { ...task, fault, memory: undefined };
    this.port!.postMessage(posted);
    this.posted = next;
    // A futex wake only when the loop sleeps: a notify is far dearer than the atomic load
    // (bench/RESULTS.md has the measurement).
    if (Atomics.load(this.control, WORKER_SLEEPS) === 1) Atomics.notify(this.control, SEQ);
    return { channel: this, seq: next };
  }

  /**
   * Waits until the task of `seq` is done. Blocks briefly (the common case: the worker's share ends
   * about when the caller's does), then waits asynchronously, so a worker thread that died is seen.
   * @returns null when the task succeeded, else its error (the thrown message, or the thread's exit error).
   */
  async wait(seq: number): Promise<unknown> {
    if (!this.isDone(seq)) this.block(seq);
    while (!this.isDone(seq)) {
      if (this.death !== null) return this.death;
      const cur = Atomics.load(this.control, DONE);
      Atomics.store(this.control, CALLER_SLEEPS, 1);
      const w = waitAsync(this.control, DONE, cur, WAIT_ASYNC_MS);
      if (w.async) await Promise.race([w.value, this.ended]);
      Atomics.store(this.control, CALLER_SLEEPS, 0);
    }
    return this.failureOf(seq);
  }

  /**
   * Withdraws the task of `seq` if the serve loop has not entered it yet (it then skips it without
   * touching the task's memory), so the caller need not wait for a worker that has not woken up
   * when there is nothing left for it to do. Tasks are withdrawn in the order posted: `seq` only
   * once every earlier task has been entered, skipped or withdrawn.
   * @returns true when withdrawn (do not `wait` for it); false when the loop has entered it or is
   *   still on an earlier task (then `wait`).
   */
  withdraw(seq: number): boolean {
    const v = Atomics.load(this.control, ENTERED);
    if (Math.abs(v) !== seq - 1) return false;
    return Atomics.compareExchange(this.control, ENTERED, v, -seq) === v;
  }

  /** True while a serve loop is running for this channel (false before the first post and after it ends idle). */
  get serving(): boolean {
    return Atomics.load(this.control, SEQ) !== CLOSED;
  }

  private isDone(seq: number): boolean {
    return Atomics.load(this.control, DONE) >= seq;
  }

  /** Sleeps until `seq` is done or WAIT_SYNC_MS have passed. */
  private block(seq: number): void {
    const t0 = performance.now();
    for (let done = Atomics.load(this.control, DONE); done < seq; done = Atomics.load(this.control, DONE)) {
      const left = WAIT_SYNC_MS - (performance.now() - t0);
      if (left <= 0) return;
      // As in serve-loop.ts: the flag is set before the wait re-checks DONE.
      Atomics.store(this.control, CALLER_SLEEPS, 1);
      const r = Atomics.wait(this.control, DONE, done, left);
      Atomics.store(this.control, CALLER_SLEEPS, 0);
      if (r === 'timed-out') return;
    }
  }

  private failureOf(seq: number): string | null {
    const failed = Atomics.load(this.control, FAILED);
    if (failed !== this.failuresRead && this.port) {
      this.failuresRead = failed;
      for (let m = receiveMessageOnPort(this.port); m !== undefined; m = receiveMessageOnPort(this.port)) {
        const f = m.message as TaskFailure;
        this.failures.set(f.seq, f.message);
      }
    }
    const message = this.failures.get(seq);
    if (message === undefined) return null;
    this.failures.delete(seq);
    return message;
  }

  /** Starts a serve loop that begins after the `posted` tasks already served. */
  private openLoop(): void {
    if (this.port) {
      this.failureOf(-1); // keep failures the old loop reported before its port closes
      this.port.close();
    }
    const { port1, port2 } = new MessageChannel();
    port1.unref();
    this.port = port1;
    this.sent = new Set();
    this.death = null;
    Atomics.store(this.control, SEQ, this.posted);
    const serve: ServeTask = { kind: 'serve', control: this.control.buffer as SharedArrayBuffer, port: port2, seen: this.posted };
    this.ended = this.startServe(serve).then(
      () => undefined,
      (e: unknown) => {
        this.death = e ?? new Error('the worker thread exited');
      },
    );
  }
}
