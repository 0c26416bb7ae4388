/**
 * Several async flows (the K growers of a multi-class round) run side by side on one executor:
 * each flow's `run` calls wait until every live flow has either asked for a batch or finished,
 * and then all those batches go out as one dispatch (Executor.runMany). On small trees each
 * flow's batches are below the executor's cost rule and would stay on the calling thread; K of
 * them together reach it, and a worker round trip is paid once for K trees' work.
 *
 * The flows must be independent: their batches write disjoint outputs and no flow waits for
 * another's batch. Each unit computes what it computes alone, so the results are those of
 * running the flows one after the other. Outside `all` (or with one live flow) `run` goes
 * straight to the inner executor.
 */
import { batchOf, type Batch, type Executor } from './executor.js';
import type { ThreadScope } from './thread-scope.js';
import type { ArgsOf, Schema, UnitKernel } from './unit-kernel.js';

interface Waiting {
  readonly batch: Batch;
  readonly resolve: () => void;
  readonly reject: (e: unknown) => void;
}

export class LockstepExecutor implements Executor {
  /** Flows of the running `all` that have not finished. */
  private live = 0;
  private readonly waiting: Waiting[] = [];

  constructor(private readonly inner: Executor) {}

  get threads(): number {
    return this.inner.threads;
  }

  get scope(): ThreadScope {
    return this.inner.scope;
  }

  parallel(kernel: { readonly itemCost: number }, work: number): boolean {
    return this.inner.parallel(kernel, work);
  }

  run<S extends Schema>(kernel: UnitKernel<S>, args: ArgsOf<S>, nUnits: number, work: number): Promise<void> {
    if (this.live <= 1 && this.waiting.length === 0) return this.inner.run(kernel, args, nUnits, work);
    return new Promise((resolve, reject) => {
      this.waiting.push({ batch: batchOf(kernel, args, nUnits, work), resolve, reject });
      this.dispatch();
    });
  }

  runMany(batches: readonly Batch[]): Promise<void> {
    return this.inner.runMany(batches);
  }

  share<S extends Schema>(kernel: UnitKernel<S>, args: ArgsOf<S>, nUnits: number, workers: number, ownShare: (claim: () => void) => void): Promise<void> {
    return this.inner.share(kernel, args, nUnits, workers, ownShare);
  }

  /**
   * Runs `flows` side by side (started in order: each runs synchronously up to its first batch
   * before the next starts) and returns their results in order. Every flow is settled before
   * this returns or throws (the first error is thrown).
   */
  async all<T>(flows: readonly (() => Promise<T>)[]): Promise<T[]> {
    if (this.live !== 0) throw new Error('lockstep: one group of flows at a time');
    this.live = flows.length;
    const settled = await Promise.allSettled(flows.map(async (flow) => {
      try {
        return await flow();
      } finally {
        this.live--;
        this.dispatch();
      }
    }));
    const out: T[] = [];
    for (const s of settled) {
      if (s.status === 'rejected') throw s.reason;
      out.push(s.value);
    }
    return out;
  }

  /** Sends the waiting batches once every live flow waits for one. */
  private dispatch(): void {
    if (this.waiting.length === 0 || this.waiting.length < this.live) return;
    const group = this.waiting.splice(0);
    this.inner.runMany(group.map((w) => w.batch)).then(
      () => {
        for (const w of group) w.resolve();
      },
      (e: unknown) => {
        for (const w of group) w.reject(e);
      },
    );
  }
}
