/**
 * How long the current thread has waited for a core: Linux's per-thread scheduler statistics
 * (/proc/thread-self/schedstat, second field: nanoseconds spent runnable but waiting on a run
 * queue). A thread whose wait grows while it runs shares its core with other runnable threads: the
 * machine is oversubscribed (poll.ts stops polling then).
 */
import { closeSync, openSync, readSync } from 'node:fs';

const SCHEDSTAT = '/proc/thread-self/schedstat';

/** This thread's reader (module state is per thread): opened once, as every serve loop asks for it. */
let threadReader: (() => number) | null = null;

/**
 * A reader of the calling thread's run-queue wait: call it on the thread it is about (the file
 * names the thread that opens it). Where the statistics are not available it returns NaN. Every
 * call on one thread returns the same reader, over one file descriptor kept open for the thread's life.
 * @returns a function giving the thread's total run-queue wait so far in milliseconds, or NaN.
 */
export function runQueueWait(): () => number {
  threadReader ??= openReader();
  return threadReader;
}

function openReader(): () => number {
  let fd = -1;
  try {
    fd = openSync(SCHEDSTAT, 'r');
  } catch {
    return () => NaN;
  }
  const buf = Buffer.alloc(96);
  return () => {
    if (fd < 0) return NaN;
    try {
      const n = readSync(fd, buf, 0, buf.length, 0);
      const fields = buf.toString('latin1', 0, n).split(' ');
      const ns = Number(fields[1]);
      return Number.isFinite(ns) ? ns / 1e6 : NaN;
    } catch {
      closeSync(fd);
      fd = -1;
      return NaN;
    }
  };
}
