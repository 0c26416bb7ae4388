/**
 * Shared machinery of the fuzz suites (test/fuzz/*.test.ts): seeds and case counts, a temporary
 * directory, the outcome rule (a load either succeeds or throws the reader's typed error), a
 * per-case time bound, a hang watchdog and the memory checks.
 *
 * Outcome rule: every generated or mutated input must either load, or fail with the typed error
 * of its reader (DataError for data files, ModelError for model files). Anything else (a
 * TypeError, a RangeError, an apache-arrow internal error...) is a bug and fails the property,
 * which fast-check then shrinks to a small counterexample and reports with its seed and path.
 *
 * Time: each case must finish within {@link CASE_TIME_LIMIT_MS}. A case that never returns
 * (a synchronous infinite loop in a parser) cannot be timed from the same thread, so a watchdog
 * thread checks a shared heartbeat; when one case has run for {@link HANG_LIMIT_MS} it prints the
 * suite, the case number and the seed, and aborts this test process, which fails the run instead
 * of hanging it.
 *
 * Memory (documented bound): after each batch, with garbage collected before and after, the
 * retained growth of `heapUsed + arrayBuffers` must stay below
 * {@link RETAINED_GROWTH_FACTOR} x (total bytes of all inputs of the batch) + {@link RETAINED_GROWTH_SLACK}
 * (nothing a reader allocates may outlive the case), and no single case may grow the resident
 * set size by more than {@link PEAK_RSS_SLACK} + RETAINED_GROWTH_FACTOR x its input (catches a
 * small file that makes a reader allocate and touch gigabytes: a dense matrix sized by a corrupt
 * index, a length field read from flipped bytes). The peak RSS growth over the batch is reported.
 */
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import { afterAll, expect } from 'vitest';
import { DataError, ModelError } from '../../src/errors.js';

/** Seed of every fuzz property (fixed: the suite is deterministic). */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20240611);
/**
 * Multiplier of the case counts, for longer local runs: `FUZZ_SCALE=20 npx vitest run test/fuzz`
 * (and FUZZ_SEED=n for another seed). The suite as committed runs with 1 and the fixed seed.
 */
const SCALE = Math.max(1, Number(process.env.FUZZ_SCALE ?? 1) || 1);
/** Generated well-formed files compared with a reference reader, per reader. */
export const REFERENCE_RUNS = 1000 * SCALE;
/** Mutated valid files and random byte strings, per reader. */
export const MUTATION_RUNS = 1500 * SCALE;
/**
 * fast-check run options of every fuzz property, besides numRuns: the fixed seed, and a time
 * limit on the whole run (shrinking included): a property that fails on slow cases would
 * otherwise spend minutes shrinking; an interrupted run counts as a failure.
 */
export const FC_PARAMS = { seed: FUZZ_SEED, interruptAfterTimeLimit: 40_000 * SCALE, markInterruptAsFailure: true } as const;
/** vitest timeout of each fuzz test (above the run time limit, so that fast-check reports first). */
export const FUZZ_TEST_TIMEOUT_MS = 60_000 * SCALE;
/** Upper bound on the time of one case (a load, or a parse plus a prediction). */
export const CASE_TIME_LIMIT_MS = 1000;
/** A case running this long is taken as a hang: the watchdog aborts the process. */
export const HANG_LIMIT_MS = 10_000;
/** Allowed retained growth per input byte over a batch. */
export const RETAINED_GROWTH_FACTOR = 50;
/** Constant allowance for retained growth (JIT code, fast-check's own bookkeeping, vitest). */
export const RETAINED_GROWTH_SLACK = 48 * 2 ** 20;
/** Allowed resident-set growth during one case, besides RETAINED_GROWTH_FACTOR x its input. */
export const PEAK_RSS_SLACK = 384 * 2 ** 20;

v8.setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** Runs a full garbage collection (twice: the second pass frees what finalizers released). */
export function fullGc(): void {
  collectGarbage();
  collectGarbage();
}

/** Bytes the memory checks look at: JS heap in use plus ArrayBuffer backing stores. */
export function retainedBytes(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** Where the case files go: a RAM-backed /dev/shm when there is one (thousands of small writes), else the OS temp dir. */
function fuzzTmpRoot(): string {
  try {
    accessSync('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return tmpdir();
  }
}

/** A temporary directory for the suite's files, removed by cleanup(). */
export function makeFuzzDir(prefix: string): { path: (name: string) => string; write: (name: string, bytes: Uint8Array | string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(fuzzTmpRoot(), `lambdaboost-fuzz-${prefix}-`));
  return {
    path: (name) => join(dir, name),
    write: (name, bytes) => {
      const p = join(dir, name);
      writeFileSync(p, bytes);
      return p;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

// ---------------------------------------------------------------------------------------------
// Hang watchdog: a worker thread watching a shared heartbeat.

/** Shared slot [0]: number of the running case (1-based; 0 = idle). */
const heartbeat = new Int32Array(new SharedArrayBuffer(4));
/** Shared bytes: the running suite's name (UTF-8, NUL-padded), for the hang message. */
const suiteName = new Uint8Array(new SharedArrayBuffer(256));
let watchdog: Worker | null = null;

const WATCHDOG_SOURCE = `
const { workerData } = require('node:worker_threads');
const hb = workerData.heartbeat;
const suiteName = workerData.suiteName;
const limit = workerData.limit;
let lastCase = 0, since = Date.now();
setInterval(() => {
  const c = Atomics.load(hb, 0);
  if (c === 0 || c !== lastCase) { lastCase = c; since = Date.now(); return; }
  if (Date.now() - since > limit) {
    require('node:fs').writeSync(2, '\\nFUZZ HANG: case ' + c + ' of suite "' + Buffer.from(suiteName).toString('utf8').replace(/\\0+$/, '') +
      '" has run for more than ' + limit + ' ms (seed ' + workerData.seed + '); aborting the test process\\n');
    process.kill(process.pid, 'SIGABRT');
  }
}, 250); // not unref'd: it is all that keeps this thread alive (the thread itself is unref'd)
`;

function startWatchdog(): void {
  if (watchdog !== null) return;
  watchdog = new Worker(WATCHDOG_SOURCE, {
    eval: true,
    workerData: { heartbeat, suiteName, limit: HANG_LIMIT_MS, seed: FUZZ_SEED },
  });
  watchdog.unref();
}

/** Stops the watchdog (call from afterAll). */
export async function stopWatchdog(): Promise<void> {
  const w = watchdog;
  watchdog = null;
  if (w !== null) await w.terminate();
}

// ---------------------------------------------------------------------------------------------
// Cases and batches.

/** What one case did. */
export type Outcome = { ok: true } | { ok: false; error: Error };

/** Statistics of a batch, for the report and the memory checks. */
export interface BatchStats {
  suite: string;
  cases: number;
  loaded: number;
  rejected: number;
  inputBytes: number;
  maxInputBytes: number;
  slowestMs: number;
  totalMs: number;
  retainedGrowth: number;
  peakRssGrowth: number;
}

/** One batch of fuzz cases: call {@link run} per case, then {@link finish}. */
export class FuzzBatch {
  private readonly stats: BatchStats;
  private readonly start: number;
  private readonly rss0: number;
  private readonly retained0: number;
  private caseNo = 0;

  /**
   * @param suite name for messages and the report
   * @param accepts the typed errors this reader may throw for bad input
   * @param inputPath the file each case writes its input to (named by the hang message: after an
   *   abort it still holds the input that hung)
   */
  constructor(
    suite: string,
    private readonly accepts: readonly (abstract new (...args: never[]) => Error)[],
    private readonly inputPath?: string,
  ) {
    startWatchdog();
    fullGc();
    this.retained0 = retainedBytes();
    this.rss0 = process.memoryUsage.rss();
    this.start = performance.now();
    this.stats = {
      suite,
      cases: 0,
      loaded: 0,
      rejected: 0,
      inputBytes: 0,
      maxInputBytes: 0,
      slowestMs: 0,
      totalMs: 0,
      retainedGrowth: 0,
      peakRssGrowth: 0,
    };
  }

  /**
   * Runs one case: `body` loads `inputBytes` bytes of input (and may check what it loaded). A
   * typed error is a rejected input; any other exception is rethrown with the case described;
   * the case must take less than CASE_TIME_LIMIT_MS.
   */
  async run(describe: () => string, inputBytes: number, body: () => Promise<void> | void): Promise<Outcome> {
    const no = ++this.caseNo;
    if (no === 1) {
      suiteName.fill(0);
      const label = this.inputPath === undefined ? this.stats.suite : `${this.stats.suite}", input file "${this.inputPath}`;
      suiteName.set(new TextEncoder().encode(label).subarray(0, suiteName.length));
    }
    Atomics.store(heartbeat, 0, no);
    const rssBefore = process.memoryUsage.rss();
    const t0 = performance.now();
    let outcome: Outcome;
    try {
      await body();
      outcome = { ok: true };
    } catch (err) {
      if (!this.accepts.some((E) => err instanceof E)) {
        const what = err instanceof Error ? `${err.name}: ${err.message}\n${err.stack ?? ''}` : String(err);
        throw new Error(`${this.stats.suite}: case ${no} threw an untyped exception (${what})\ninput: ${describe()}`);
      }
      outcome = { ok: false, error: err as Error };
      if (process.env.FUZZ_DEBUG) noteRejection(err as Error);
    } finally {
      Atomics.store(heartbeat, 0, 0);
    }
    const ms = performance.now() - t0;
    const s = this.stats;
    s.cases++;
    if (outcome.ok) s.loaded++;
    else s.rejected++;
    s.inputBytes += inputBytes;
    s.maxInputBytes = Math.max(s.maxInputBytes, inputBytes);
    if (ms > s.slowestMs && process.env.FUZZ_DEBUG) console.log(`[fuzz] ${s.suite}: slowest so far ${ms.toFixed(1)} ms: ${describe().slice(0, 300)}`);
    s.slowestMs = Math.max(s.slowestMs, ms);
    const rssAfter = process.memoryUsage.rss();
    s.peakRssGrowth = Math.max(s.peakRssGrowth, rssAfter - this.rss0);
    const rssGrowth = rssAfter - rssBefore;
    if (ms > CASE_TIME_LIMIT_MS) {
      throw new Error(`${s.suite}: case ${no} took ${ms.toFixed(0)} ms (limit ${CASE_TIME_LIMIT_MS} ms)\ninput: ${describe()}`);
    }
    if (rssGrowth > PEAK_RSS_SLACK + RETAINED_GROWTH_FACTOR * inputBytes) {
      throw new Error(
        `${s.suite}: case ${no}: resident memory grew by ${(rssGrowth / 2 ** 20).toFixed(0)} MiB during the case ` +
          `(input ${inputBytes} bytes)\ninput: ${describe()}`,
      );
    }
    return outcome;
  }

  /** Checks the retained-memory bound and returns the batch statistics. */
  finish(): BatchStats {
    const s = this.stats;
    s.totalMs = performance.now() - this.start;
    fullGc();
    s.retainedGrowth = retainedBytes() - this.retained0;
    const bound = RETAINED_GROWTH_FACTOR * s.inputBytes + RETAINED_GROWTH_SLACK;
    expect(s.retainedGrowth, `${s.suite}: retained growth over ${s.cases} cases (${s.inputBytes} input bytes)`).toBeLessThan(bound);
    report.push({ ...s });
    return s;
  }
}

/** Statistics of every finished batch of this test file (printed by {@link printReport}). */
export const report: BatchStats[] = [];

/** Debug aid (FUZZ_DEBUG=1): rejection messages, digits masked, and how often each came. */
const rejections = new Map<string, number>();

function noteRejection(err: Error): void {
  const key = err.message.replace(/[0-9]+/g, 'N').replace(/^[^:]*: /, '').slice(0, 90);
  rejections.set(key, (rejections.get(key) ?? 0) + 1);
}

/** Prints one line per finished batch (kept short: the figures for the reliability report). */
export function printReport(): void {
  if (process.env.FUZZ_DEBUG) console.log([...rejections].sort((a, b) => b[1] - a[1]).slice(0, 40).map(([m, c]) => `${c}\t${m}`).join('\n'));
  for (const s of report) {
    // eslint-disable-next-line no-console
    console.log(
      `[fuzz] ${s.suite}: ${s.cases} cases (${s.loaded} loaded, ${s.rejected} rejected with a typed error), ` +
        `${s.inputBytes} input bytes, ${s.totalMs.toFixed(0)} ms, slowest case ${s.slowestMs.toFixed(1)} ms, ` +
        `retained growth ${(s.retainedGrowth / 2 ** 20).toFixed(1)} MiB, peak RSS growth ${(s.peakRssGrowth / 2 ** 20).toFixed(1)} MiB`,
    );
  }
}

/** The typed errors of the data readers. */
export const DATA_ERRORS = [DataError] as const;
/** The typed error of the model reader (a predict with rows of the right width must not throw at all). */
export const MODEL_ERRORS = [ModelError] as const;

/** Short printable form of bytes for counterexamples: JSON of the latin1 text, cut at 400 chars. */
export function showBytes(b: Uint8Array): string {
  const s = JSON.stringify(Buffer.from(b).toString('latin1'));
  return s.length > 400 ? `${s.slice(0, 400)}... (${b.length} bytes)` : s;
}

/**
 * A fuzz file's scratch folder (makeFuzzDir) whose end is registered with the file: after its
 * tests the report is printed, the folder removed and the watchdog stopped.
 */
export function useFuzzDir(prefix: string): ReturnType<typeof makeFuzzDir> {
  const dir = makeFuzzDir(prefix);
  afterAll(async () => {
    printReport();
    dir.cleanup();
    await stopWatchdog();
  });
  return dir;
}

/** The end of a mutation batch: every case ran, and both outcomes occurred (some inputs rejected, some loaded). */
export function expectBothOutcomes(batch: FuzzBatch, runs: number): void {
  const s = batch.finish();
  expect(s.cases).toBeGreaterThanOrEqual(runs);
  expect(s.rejected).toBeGreaterThan(0);
  expect(s.loaded).toBeGreaterThan(0);
}
