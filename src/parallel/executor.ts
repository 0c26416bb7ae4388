/**
 * The executor: where a batch of units runs, chosen once per booster (or per shared forest).
 * `serialExecutor` runs every unit on the calling thread, in order. A threaded executor posts one
 * task ("run units of kernel K over these arrays") to each of up to threads - 1 workers and joins
 * the claim loop itself; a batch whose work is below one cost rule (items x the kernel's itemCost
 * < MIN_PARALLEL_COST) stays on the calling thread, since a worker round trip would cost more
 * than it saves (bench/RESULTS.md has the round-trip times). Units write disjoint outputs, so the
 * results are the same on any executor. When the calling thread has claimed every unit before a
 * worker's serve loop has even entered the task (a late wake-up), the task is withdrawn
 * (WorkerChannel.withdraw) instead of waited for.
 */
import type { Kernels } from '../kernels/kernels.js';
import { faultPending } from './fault.js';
import { memoryId } from './memory-id.js';
import { kernelWorkers } from './pool.js';
import { alongside } from './settle.js';
import type { UnitsTask } from './tasks.js';
import { ThreadScope } from './thread-scope.js';
import { claimUnits, encodeArgs, type AddressSpace, type ArgsOf, type Schema, type UnitKernel } from './unit-kernel.js';
import type { WasmMemory } from '../kernels/wasm/wasm-api.js';

/**
 * A batch is worth sending to workers from this much cost (kernels' itemCost are relative to it:
 * 2^16 histogram updates, 2^17 rows partitioned, 2^14 validation rows walked...).
 */
const MIN_PARALLEL_COST = 1 << 17;
let minCost = MIN_PARALLEL_COST;

/** Batches one runMany dispatch carries at most (a claim counter each); more go in further dispatches. */
const RUN_MANY_WIDTH = 64;

/** Test-only: 0 sends every batch with at least two units to the workers; null restores the rule. */
export function setParallelCostForTesting(cost: 0 | null): void {
  minCost = cost ?? MIN_PARALLEL_COST;
}

/** Whether the calling thread joins the claim loop (false only in tests: then the workers run every unit). */
let callerClaims = true;

/** Test-only: false leaves every unit of a threaded batch to the workers; true restores the default. */
export function setCallerClaimsForTesting(claims: boolean): void {
  callerClaims = claims;
}

/** Units run by workers so far, by unit kernel name (the calling thread's are not counted). */
const workerUnits = new Map<string, number>();

/** Units the workers have run in this process, by unit kernel name (tests: proof that a stage ran on workers). */
export function workerUnitCounts(): ReadonlyMap<string, number> {
  return workerUnits;
}

/** Dispatches (tasks posted to the workers) so far, by unit kernel name; a runMany dispatch counts once per batch. */
const dispatches = new Map<string, number>();

/**
 * Batches this process has sent to workers, by unit kernel name (bench/dispatches.js: a count that,
 * unlike times, does not depend on the machine's load).
 */
export function dispatchCounts(): ReadonlyMap<string, number> {
  return dispatches;
}

function countDispatch(name: string): void {
  dispatches.set(name, (dispatches.get(name) ?? 0) + 1);
}

/**
 * One batch of a multi-batch dispatch (runMany): units [0, nUnits) of `kernel` over `args`, `work`
 * items (the cost rule's). Made by `batchOf`, which checks the args against the kernel's schema.
 */
export interface Batch {
  readonly kernel: UnitKernel<Schema>;
  readonly args: ArgsOf<Schema>;
  readonly nUnits: number;
  readonly work: number;
}

/** A Batch of `kernel` over `args`. */
export function batchOf<S extends Schema>(kernel: UnitKernel<S>, args: ArgsOf<S>, nUnits: number, work: number): Batch {
  return { kernel: kernel as unknown as UnitKernel<Schema>, args: args as ArgsOf<Schema>, nUnits, work };
}

export interface Executor {
  /** Threads a batch may use (1: the calling thread only). */
  readonly threads: number;
  /** The calling thread's scope (its kernels, views, cache). */
  readonly scope: ThreadScope;
  /** True when a batch of `work` items of `kernel` goes to workers. */
  parallel(kernel: { readonly itemCost: number }, work: number): boolean;
  /**
   * Runs units [0, nUnits) of `kernel` over `args` (arrays in the kernels' shared memory when
   * threaded), on workers when `parallel(kernel, work)`, else on this thread in unit order.
   */
  run<S extends Schema>(kernel: UnitKernel<S>, args: ArgsOf<S>, nUnits: number, work: number): Promise<void>;
  /**
   * Runs several independent batches (disjoint outputs) as one dispatch: on workers when their
   * summed cost (work x itemCost) reaches the cost rule, each worker and the calling thread going
   * through the batches in order and claiming each one's units from its own counter; else on
   * this thread, batch after batch in unit order. The results are those of running each batch
   * with `run`, in any order.
   */
  runMany(batches: readonly Batch[]): Promise<void>;
  /**
   * Posts units [0, nUnits) to workers (at most `workers`) and runs `ownShare` on this thread
   * meanwhile; `ownShare` may call `claim()` to join the claim loop. For stages whose calling
   * thread has other work than units (staging data only it can read). Threaded executors only.
   */
  share<S extends Schema>(kernel: UnitKernel<S>, args: ArgsOf<S>, nUnits: number, workers: number, ownShare: (claim: () => void) => void): Promise<void>;
}

/** Every unit on the calling thread, in order. */
class SerialExecutor implements Executor {
  readonly threads = 1;
  readonly scope: ThreadScope;

  constructor(kernels: Kernels) {
    this.scope = new ThreadScope(kernels.shared?.memory ?? null, kernels.name, kernels);
  }

  parallel(): boolean {
    return false;
  }

  run<S extends Schema>(kernel: UnitKernel<S>, args: ArgsOf<S>, nUnits: number): Promise<void> {
    for (let u = 0; u < nUnits; u++) kernel.run(this.scope, args, u);
    return Promise.resolve();
  }

  runMany(batches: readonly Batch[]): Promise<void> {
    for (const b of batches) for (let u = 0; u < b.nUnits; u++) b.kernel.run(this.scope, b.args, u);
    return Promise.resolve();
  }

  share(): Promise<void> {
    return Promise.reject(new Error('executor: share needs worker threads'));
  }
}

/** A shared memory a threaded executor names arrays in. */
export interface SharedSpace extends AddressSpace {
  readonly memory: WasmMemory;
}

class ThreadedExecutor implements Executor {
  readonly scope: ThreadScope;
  private readonly memId: number;
  private busy = false;

  /**
   * @param counter Int32Array, length >= 1, in `space`: word 0 is the next unclaimed unit of the
   *   running batch; runMany's batch i claims from word i (at most counter.length batches a dispatch).
   */
  constructor(
    private readonly space: SharedSpace,
    kernelName: 'ts' | 'wasm',
    kernels: Kernels | null,
    readonly threads: number,
    private readonly counter: Int32Array,
  ) {
    this.scope = new ThreadScope(space.memory, kernelName, kernels);
    this.memId = memoryId(space.memory);
  }

  parallel(kernel: { readonly itemCost: number }, work: number): boolean {
    return faultPending() || work * kernel.itemCost >= minCost;
  }

  async run<S extends Schema>(kernel: UnitKernel<S>, args: ArgsOf<S>, nUnits: number, work: number): Promise<void> {
    if (nUnits < 2 || !this.parallel(kernel, work)) {
      for (let u = 0; u < nUnits; u++) kernel.run(this.scope, args, u);
      return;
    }
    await this.share(kernel, args, nUnits, nUnits - 1, (claim) => claim());
  }

  async runMany(batches: readonly Batch[]): Promise<void> {
    const live = batches.filter((b) => b.nUnits > 0);
    let cost = 0;
    let units = 0;
    for (const b of live) {
      cost += b.work * b.kernel.itemCost;
      units += b.nUnits;
    }
    if (live.length === 1) return this.run(live[0]!.kernel, live[0]!.args, live[0]!.nUnits, live[0]!.work);
    if (units < 2 || !(faultPending() || cost >= minCost)) {
      for (const b of live) for (let u = 0; u < b.nUnits; u++) b.kernel.run(this.scope, b.args, u);
      return;
    }
    const width = this.counter.length;
    for (let at = 0; at < live.length; at += width) await this.shareMany(live.slice(at, at + width), units);
  }

  /**
   * One task per batch posted to each worker (a channel runs its tasks in order), batch i claimed
   * from counter word i; the calling thread claims the batches in the same order.
   */
  private async shareMany(batches: readonly Batch[], units: number): Promise<void> {
    if (this.busy) throw new Error('executor: one batch at a time');
    this.busy = true;
    try {
      this.scope.sync();
      const n = Math.max(0, Math.min(this.threads - 1, units - 1));
      const channels = n > 0 ? kernelWorkers(n) : [];
      const pending = [];
      const counters = batches.map((_, i) => this.counter.subarray(i, i + 1));
      const tasks = batches.map((b, i): UnitsTask => {
        Atomics.store(counters[i]!, 0, 0);
        return {
          kind: 'units', memId: this.memId, memory: this.space.memory, kernel: this.scope.kernelName, fault: null,
          unitKernel: b.kernel.name, args: encodeArgs(b.kernel.args, this.space, b.args), nUnits: b.nUnits,
          counterAt: this.space.address(counters[i]!, 'counter'),
        };
      });
      const withdrawable = !faultPending();
      for (let w = 0; w < n; w++) for (const t of tasks) pending.push(channels[w]!.post(t));
      if (n > 0) for (const b of batches) countDispatch(b.kernel.name);
      const own = new Array<number>(batches.length).fill(0);
      let drained = false;
      await alongside(pending, () => {
        if (!callerClaims && n > 0) return;
        batches.forEach((b, i) => claimUnits(counters[i]!, b.nUnits, (u) => {
          own[i]!++;
          b.kernel.run(this.scope, b.args, u);
        }));
        drained = withdrawable;
      }, () => drained);
      batches.forEach((b, i) => workerUnits.set(b.kernel.name, (workerUnits.get(b.kernel.name) ?? 0) + b.nUnits - own[i]!));
    } finally {
      this.busy = false;
    }
  }

  async share<S extends Schema>(
    kernel: UnitKernel<S>, args: ArgsOf<S>, nUnits: number, workers: number, ownShare: (claim: () => void) => void,
  ): Promise<void> {
    if (this.busy) throw new Error('executor: one batch at a time');
    this.busy = true;
    try {
      this.scope.sync();
      Atomics.store(this.counter, 0, 0);
      const task: UnitsTask = {
        kind: 'units', memId: this.memId, memory: this.space.memory, kernel: this.scope.kernelName, fault: null,
        unitKernel: kernel.name, args: encodeArgs(kernel.args, this.space, args), nUnits, counterAt: this.space.address(this.counter, 'counter'),
      };
      const n = Math.max(0, Math.min(this.threads - 1, workers));
      const channels = n > 0 ? kernelWorkers(n) : [];
      const pending = [];
      const withdrawable = !faultPending();
      for (let w = 0; w < n; w++) pending.push(channels[w]!.post(task));
      if (n > 0) countDispatch(kernel.name);
      let own = 0;
      let drained = false;
      const claim = (): void => {
        if (!callerClaims && n > 0) return;
        claimUnits(this.counter, nUnits, (u) => {
          own++;
          kernel.run(this.scope, args, u);
        });
        drained = withdrawable;
      };
      await alongside(pending, () => ownShare(claim), () => drained);
      workerUnits.set(kernel.name, (workerUnits.get(kernel.name) ?? 0) + nUnits - own);
    } finally {
      this.busy = false;
    }
  }
}

/**
 * The executor of a booster: serial for one thread or kernels without shared memory, else the
 * calling thread and threads - 1 workers over `kernels.shared`.
 */
export function createExecutor(kernels: Kernels, threads: number): Executor {
  const sh = kernels.shared;
  if (threads < 2 || !sh) return new SerialExecutor(kernels);
  const u = sh.u32(RUN_MANY_WIDTH);
  return new ThreadedExecutor(sh, kernels.name, kernels, threads, new Int32Array(u.buffer, u.byteOffset, RUN_MANY_WIDTH));
}

/**
 * A threaded executor over a shared memory the caller manages itself (a shared forest's), whose
 * units do not use `scope.kernels` on the calling thread.
 * @param counter Int32Array in that memory, length >= 1: the claim counter.
 */
export function createMemoryExecutor(space: SharedSpace, kernelName: 'ts' | 'wasm', threads: number, counter: Int32Array): Executor {
  return new ThreadedExecutor(space, kernelName, null, threads, counter);
}
