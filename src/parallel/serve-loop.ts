/**
 * The worker side of a WorkerChannel (channel.ts): one long piscina task that runs the channel's
 * tasks as they are posted, until it has been idle for IDLE_MS.
 *
 * Why not one piscina task per kernel task: a kernel task is a few milliseconds of work, and a
 * piscina task's result reaches the calling thread through its event loop, which cost several
 * times more waiting per task than this loop, where the worker sleeps on the control block
 * (Atomics.wait), the task arrives by `receiveMessageOnPort` (no event loop) and the calling
 * thread sleeps on DONE. Training has a thousand or more such batches.
 *
 * Right after a task the loop polls SEQ for up to POLL_MS before it sleeps (poll.ts: a post then
 * finds it awake and needs no futex wake; polling stops while the machine is oversubscribed).
 * The measurements behind these choices: bench/RESULTS.md, "Design measurements".
 */
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { CALLER_SLEEPS, CLOSED, DONE, ENTERED, FAILED, SEQ, WORKER_SLEEPS, type ServeTask, type TaskFailure } from './channel-control.js';
import type { KernelTask } from './tasks.js';
import type { WasmMemory } from '../kernels/wasm/wasm-api.js';
import { Poller } from './poll.js';
import { runQueueWait } from './run-queue.js';

/** End the loop (return the piscina task) after this long without a task, so an idle process can exit. */
const IDLE_MS = 25;
/** After a task, poll for the next one this long before sleeping (most are posted within it). */
const POLL_MS = 1;

/** A task as the channel sends it: `memory` only the first time a loop sees its memId. */
export type PostedTask = Omit<KernelTask, 'memory'> & { memory?: WasmMemory };

/**
 * Runs the channel's tasks with `run` until idle; returns 0 when it ends after an idle period.
 * A task that throws is reported on the port ({ seq, message }) and counted in FAILED; the loop
 * goes on (the main thread decides what a failure means). A task the calling thread has withdrawn
 * before the loop entered it (WorkerChannel.withdraw) is skipped: only marked done.
 */
export function serveLoop(t: ServeTask, run: (task: KernelTask) => number): number {
  const control = new Int32Array(t.control);
  const port: MessagePort = t.port;
  let seen = t.seen;
  // The shared memories this loop has been sent, by id: later tasks on the same memory carry only the id.
  const memories = new Map<number, WasmMemory>();
  const poller = new Poller(POLL_MS, runQueueWait());
  let justRan = false;
  for (;;) {
    const posted = awaitTask(control, seen, justRan ? poller : null);
    justRan = false;
    if (!posted) {
      // Idle: close unless a task was posted meanwhile (then SEQ is no longer `seen`).
      if (Atomics.compareExchange(control, SEQ, seen, CLOSED) === seen) {
        port.close();
        return 0;
      }
      continue;
    }
    // The main thread bumps SEQ just before it posts, so the message may need a few spins.
    let m = receiveMessageOnPort(port);
    while (m === undefined) m = receiveMessageOnPort(port);
    seen++;
    justRan = true;
    try {
      const task = withMemory(m.message as PostedTask, memories);
      if (enter(control, seen)) run(task);
    } catch (e) {
      const failure: TaskFailure = { seq: seen, message: e instanceof Error ? e.message : String(e) };
      port.postMessage(failure);
      Atomics.add(control, FAILED, 1);
    }
    Atomics.store(control, DONE, seen);
    if (Atomics.load(control, CALLER_SLEEPS) === 1) Atomics.notify(control, DONE);
  }
}

/**
 * Enters task `seq` (true: run it) unless the calling thread has withdrawn it (false: skip it; it
 * had claimed every unit itself). See ENTERED.
 */
function enter(control: Int32Array, seq: number): boolean {
  for (;;) {
    const v = Atomics.load(control, ENTERED);
    if (v < 0 && -v >= seq) return false;
    if (Atomics.compareExchange(control, ENTERED, v, seq) === v) return true;
  }
}

/** The task with its memory: the one it carries (remembered) or the one remembered for its id. */
function withMemory(t: PostedTask, memories: Map<number, WasmMemory>): KernelTask {
  if (t.memory) {
    memories.set(t.memId, t.memory);
    return t as KernelTask;
  }
  const memory = memories.get(t.memId);
  if (!memory) throw new Error(`kernel worker: no shared memory for id ${t.memId}`);
  return { ...t, memory } as KernelTask;
}

/**
 * Waits until SEQ differs from `seen`, first polling with `poller` (null: sleep at once), then
 * sleeping; false after IDLE_MS without a task. WORKER_SLEEPS is set
 * before the wait re-checks SEQ and a post bumps SEQ before it reads WORKER_SLEEPS (all sequentially
 * consistent), so a post either sees the flag and wakes the loop, or the wait sees the new SEQ.
 */
function awaitTask(control: Int32Array, seen: number, poller: Poller | null): boolean {
  if (Atomics.load(control, SEQ) !== seen) return true;
  if (poller !== null && poller.poll(control, SEQ, seen)) return true;
  Atomics.store(control, WORKER_SLEEPS, 1);
  const r = Atomics.wait(control, SEQ, seen, IDLE_MS);
  Atomics.store(control, WORKER_SLEEPS, 0);
  return r !== 'timed-out';
}
