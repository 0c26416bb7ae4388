/**
 * Poller (src/parallel/poll.ts): polls a word until it changes or the budget has passed, and stops
 * polling for a while once it finds itself preempted (a gap between two clock reads).
 */
import { describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import { Poller } from '../../src/parallel/poll.js';
import { runQueueWait } from '../../src/parallel/run-queue.js';
import { existsSync, readdirSync } from 'node:fs';

/** A clock that advances `step` ms per read, with extra jumps at the given read numbers, and on `advance`. */
function fakeClock(step: number, jumps: ReadonlyMap<number, number> = new Map()): { now: () => number; reads: () => number; advance: (ms: number) => void } {
  let t = 1000;
  let reads = 0;
  return {
    now: () => {
      reads++;
      t += step + (jumps.get(reads) ?? 0);
      return t;
    },
    reads: () => reads,
    advance: (ms) => {
      t += ms;
    },
  };
}

describe('Poller', () => {
  it('returns false once the budget has passed without a change, and true at once when the word differs', () => {
    const word = new Int32Array(new SharedArrayBuffer(4));
    const clock = fakeClock(0.01);
    const p = new Poller(1, undefined, clock.now);
    expect(p.poll(word, 0, 0)).toBe(false);
    // 1 ms at 0.01 ms a clock read: about 100 reads, not one and not unbounded.
    expect(clock.reads()).toBeGreaterThanOrEqual(100);
    expect(clock.reads()).toBeLessThan(110);
    expect(p.poll(word, 0, 7)).toBe(true);
    expect(new Poller(0, undefined, clock.now).poll(word, 0, 0)).toBe(false);
  });

  it('sees a change made by another thread while it polls', async () => {
    const word = new Int32Array(new SharedArrayBuffer(4));
    const w = new Worker('const { workerData } = require("node:worker_threads"); const a = new Int32Array(workerData); const t = Date.now() + 20; while (Date.now() < t); Atomics.store(a, 0, 1);', { eval: true, workerData: word.buffer });
    try {
      // Polls (again after a budget spent or a preemption seen, as a loaded machine may cause)
      // until the other thread's store is seen.
      const p = new Poller(5);
      const end = performance.now() + 30_000;
      let seen = false;
      while (!seen && performance.now() < end) seen = p.poll(word, 0, 0);
      expect(seen).toBe(true);
      expect(Atomics.load(word, 0)).toBe(1);
    } finally {
      await w.terminate();
    }
  });

  it('after a gap between two clock reads (preempted) stops polling for a while, then polls again', () => {
    const word = new Int32Array(new SharedArrayBuffer(4));
    // The 5th read comes 3 ms after the 4th: the thread was descheduled.
    const clock = fakeClock(0.01, new Map([[5, 3]]));
    const p = new Poller(1, undefined, clock.now);
    expect(p.poll(word, 0, 0)).toBe(false);
    expect(clock.reads()).toBe(5);
    // Backing off: one clock read, no polling.
    const before = clock.reads();
    expect(p.poll(word, 0, 0)).toBe(false);
    expect(clock.reads() - before).toBe(1);
    // Still backing off, but a word that has changed is still reported.
    expect(p.poll(word, 0, 5)).toBe(true);
    // Once the back-off has passed, a poll spends its budget again (~100 clock reads).
    clock.advance(1000);
    const resumed = clock.reads();
    expect(p.poll(word, 0, 0)).toBe(false);
    expect(clock.reads() - resumed).toBeGreaterThanOrEqual(100);
  });

  it('does not poll while its thread waits for a core more than a tenth of the time, and polls again after', () => {
    const word = new Int32Array(new SharedArrayBuffer(4));
    const clock = fakeClock(0.01);
    let waited = 0;
    const p = new Poller(1, () => waited, clock.now);
    // First reading: no verdict yet, polls its budget.
    expect(p.poll(word, 0, 0)).toBe(false);
    // 20 ms later the thread has waited 5 ms of them for a core: oversubscribed, no polling.
    clock.advance(20);
    waited += 5;
    let before = clock.reads();
    expect(p.poll(word, 0, 0)).toBe(false);
    expect(clock.reads() - before).toBe(1);
    expect(p.poll(word, 0, 3)).toBe(true);
    // 20 ms more with 1 ms of waiting (5 %): polls its budget again.
    clock.advance(20);
    waited += 1;
    before = clock.reads();
    expect(p.poll(word, 0, 0)).toBe(false);
    expect(clock.reads() - before).toBeGreaterThanOrEqual(100);
  });
});

describe('runQueueWait', () => {
  it.skipIf(!existsSync('/proc/thread-self/schedstat'))('reads a finite, non-decreasing wait in ms from Linux schedstat', () => {
    const w = runQueueWait();
    const a = w();
    let x = 0;
    for (let i = 0; i < 1e6; i++) x += Math.sqrt(i);
    const b = w();
    expect(x).toBeGreaterThan(0);
    expect(Number.isFinite(a)).toBe(true);
    expect(a).toBeGreaterThanOrEqual(0);
    expect(b).toBeGreaterThanOrEqual(a);
  });

  it.skipIf(!existsSync('/proc/self/fd'))('opens one file descriptor per thread however often a serve loop asks for the reader', () => {
    const first = runQueueWait();
    const open = readdirSync('/proc/self/fd').length;
    for (let i = 0; i < 50; i++) expect(runQueueWait()).toBe(first);
    expect(readdirSync('/proc/self/fd').length).toBe(open);
  });
});
