/**
 * Row partitions of a batch of windows on worker threads: the windows of one tree level's nodes
 * (two per node, one in each segment of the partition array: src/tree/node-rows.ts), largest first,
 * claimed one at a time from a shared counter by every thread until none is left. So even a level
 * of one node (the root) is shared evenly, with no join, and a thread that starts late takes fewer.
 * A window's partition is stable and touches only that window of the partition array (and the same
 * window of the scratch array), so the result is the serial one whoever partitions which window.
 */
import type { Kernels, SharedKernelMemory } from '../kernels/kernels.js';
import { partitionSerial, type PartitionJob, type Partitioner } from '../tree/partition-job.js';
import type { BinArray, RowIndexArray } from '../types.js';
import { faultPending, takeWorkerFault } from './fault.js';
import { memoryId } from './memory-id.js';
import { alongside } from './settle.js';
import type { Ticket } from './channel.js';
import { kernelWorkers } from './pool.js';
import type { PartitionTask } from './tasks.js';
import { thresholds } from './thresholds.js';
import { sharedWords, type SharedWords } from './shared-words.js';

export class ParallelPartitioner implements Partitioner {
  private readonly shared: SharedKernelMemory;
  private readonly memId: number;
  private out: Uint32Array;
  /** The next unclaimed window of the batch (one shared Int32 word). */
  private readonly counter: SharedWords;

  /** @param threads threads to use, >= 2 (the calling thread and threads - 1 workers). */
  constructor(
    private readonly kernels: Kernels,
    readonly threads: number,
  ) {
    if (!kernels.shared) throw new Error('ParallelPartitioner needs kernels with shared memory');
    this.shared = kernels.shared;
    this.memId = memoryId(this.shared.memory);
    this.out = kernels.memory.u32(64);
    this.counter = sharedWords(this.shared, 1);
  }

  async partition(jobs: readonly PartitionJob[], codes: BinArray, nRows: number, rows: RowIndexArray, scratch: RowIndexArray): Promise<void> {
    const T = this.threads;
    let total = 0;
    for (const j of jobs) total += j.end - j.start;
    if (T < 2 || jobs.length < 2 || (total < thresholds.partitionRows && !faultPending())) {
      partitionSerial(this.kernels, jobs, codes, nRows, rows, scratch);
      return;
    }
    // Windows largest first, claimed from a shared counter by every thread until none is left.
    const order = jobs.map((_, i) => i).sort((a, b) => jobs[b]!.end - jobs[b]!.start - (jobs[a]!.end - jobs[a]!.start) || a - b);
    if (this.out.length < jobs.length) this.out = this.kernels.memory.u32(2 * jobs.length);
    const sh = this.shared;
    const list: number[] = [];
    for (const i of order) {
      const j = jobs[i]!;
      list.push(i, j.start, j.end, j.feature, j.splitBin, j.missingCode, j.defaultLeft ? 1 : 0);
    }
    const counter = this.counter.words;
    Atomics.store(counter, 0, 0);
    const workers = kernelWorkers(T - 1);
    const task: PartitionTask = {
      kind: 'partition', memId: this.memId, memory: sh.memory, kernel: this.kernels.name, fault: null,
      binsAt: sh.address(codes, 'bins'), binsBytes: codes.BYTES_PER_ELEMENT as 1 | 2, nRows,
      rowsAt: sh.address(rows, 'rows'), scratchAt: sh.address(scratch, 'scratch'),
      outAt: sh.address(this.out, 'out'), nJobs: jobs.length, jobs: list, counterAt: this.counter.at,
    };
    const pending: Ticket[] = [];
    for (let w = 0; w < T - 1; w++) pending.push(workers[w]!.post({ ...task, fault: takeWorkerFault() }));
    await alongside(pending, () => {
      for (let k = Atomics.add(counter, 0, 1); k < order.length; k = Atomics.add(counter, 0, 1)) {
        const i = order[k]!;
        const j = jobs[i]!;
        this.out[i] = this.kernels.partition(
          codes, 1, j.feature * nRows, j.splitBin, j.missingCode, j.defaultLeft, rows, j.start, j.end, scratch.subarray(j.start),
        );
      }
    });
    for (let i = 0; i < jobs.length; i++) jobs[i]!.nLeft = this.out[i]!;
  }
}
