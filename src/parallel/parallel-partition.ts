/**
 * Row partitions of a batch of windows on worker threads: the windows of one tree level's nodes
 * (two per node, one in each segment of the partition array: src/tree/node-rows.ts) are split into
 * `threads` groups of about equal row counts (greedy, in order: each window goes to the group with
 * the fewest rows so far, the calling thread on ties); the calling thread partitions group 0 while
 * the workers take the others. So even a level of one node (the root) is shared evenly, with no
 * join. A window's partition is stable and touches only that window of the partition array (and
 * the same window of the scratch array), so the result is the serial one whatever the grouping.
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

export class ParallelPartitioner implements Partitioner {
  private readonly shared: SharedKernelMemory;
  private readonly memId: number;
  private out: Uint32Array;

  /** @param threads threads to use, >= 2 (the calling thread and threads - 1 workers). */
  constructor(
    private readonly kernels: Kernels,
    readonly threads: number,
  ) {
    if (!kernels.shared) throw new Error('ParallelPartitioner needs kernels with shared memory');
    this.shared = kernels.shared;
    this.memId = memoryId(this.shared.memory);
    this.out = kernels.memory.u32(64);
  }

  async partition(jobs: readonly PartitionJob[], codes: BinArray, nRows: number, rows: RowIndexArray, scratch: RowIndexArray): Promise<void> {
    const T = this.threads;
    let total = 0;
    for (const j of jobs) total += j.end - j.start;
    if (T < 2 || jobs.length < 2 || (total < thresholds.partitionRows && !faultPending())) {
      partitionSerial(this.kernels, jobs, codes, nRows, rows, scratch);
      return;
    }
    // Greedy grouping by rows, in node order.
    const load = new Array<number>(T).fill(0);
    const groups: number[][] = Array.from({ length: T }, () => []);
    for (let i = 0; i < jobs.length; i++) {
      let g = 0;
      for (let k = 1; k < T; k++) if (load[k]! < load[g]!) g = k;
      load[g]! += jobs[i]!.end - jobs[i]!.start;
      groups[g]!.push(i);
    }
    if (this.out.length < jobs.length) this.out = this.kernels.memory.u32(2 * jobs.length);
    const sh = this.shared;
    const workers = kernelWorkers(T - 1);
    const base = {
      kind: 'partition' as const, memId: this.memId, memory: sh.memory, kernel: this.kernels.name,
      binsAt: sh.address(codes, 'bins'), binsBytes: codes.BYTES_PER_ELEMENT as 1 | 2, nRows,
      rowsAt: sh.address(rows, 'rows'), scratchAt: sh.address(scratch, 'scratch'),
      outAt: sh.address(this.out, 'out'), nJobs: jobs.length,
    };
    const pending: Ticket[] = [];
    for (let g = 1; g < T; g++) {
      if (groups[g]!.length === 0) continue;
      const list: number[] = [];
      for (const i of groups[g]!) {
        const j = jobs[i]!;
        list.push(i, j.start, j.end, j.feature, j.splitBin, j.missingCode, j.defaultLeft ? 1 : 0);
      }
      const task: PartitionTask = { ...base, jobs: list, fault: takeWorkerFault() };
      pending.push(workers[g - 1]!.post(task));
    }
    await alongside(pending, () => {
      for (const i of groups[0]!) {
        const j = jobs[i]!;
        j.nLeft = this.kernels.partition(
          codes, 1, j.feature * nRows, j.splitBin, j.missingCode, j.defaultLeft, rows, j.start, j.end, scratch.subarray(j.start),
        );
      }
    });
    for (let g = 1; g < T; g++) for (const i of groups[g]!) jobs[i]!.nLeft = this.out[i]!;
  }
}
