/**
 * Row partitions of a batch of nodes on worker threads: the nodes of one tree level are split into
 * `threads` groups of about equal row counts (greedy, in node order: each node goes to the group
 * with the fewest rows so far, the calling thread on ties); the calling thread partitions group 0
 * while the workers take the others. A node's partition is stable and touches only its own window
 * of the partition array (and the same window of the scratch array), so the result is the serial
 * one whatever the grouping. A large node (the root above all) is cut in two halves partitioned
 * on two threads, then joined by moving the first half's right rows after the second half's left
 * rows: the stable partition of the whole window again.
 */
import type { Kernels, SharedKernelMemory } from '../kernels/kernels.js';
import { partitionSerial, type PartitionJob, type Partitioner } from '../tree/partition-job.js';
import type { BinArray, RowIndexArray } from '../types.js';
import { faultPending, takeWorkerFault } from './fault.js';
import { memoryId } from './memory-id.js';
import { settle } from './parallel-histogram.js';
import { workerPool } from './pool.js';
import type { PartitionTask } from './tasks.js';

/**
 * Below this many rows in a batch, the calling thread partitions alone: a partition costs ~2-3 ns a
 * row, a worker task's round trip 40-130 us (measured on 2 cores), so smaller batches lose.
 */
const DEFAULT_MIN_PARALLEL_ROWS = 1 << 17;
let minParallelRows = DEFAULT_MIN_PARALLEL_ROWS;

/** Nodes of at least this many rows are partitioned as two halves on two threads. */
const SPLIT_NODE_ROWS = 1 << 16;
let splitNodeRows = SPLIT_NODE_ROWS;

/** Test-only: halve nodes of at least this many rows (so small test data takes that path); null restores it. */
export function setPartitionSplitRowsForTesting(rows: number | null): void {
  splitNodeRows = rows ?? SPLIT_NODE_ROWS;
}

/** Test-only: the batch size below which the calling thread works alone (0 = always use workers); null restores it. */
export function setMinParallelPartitionForTesting(rows: number | null): void {
  minParallelRows = rows ?? DEFAULT_MIN_PARALLEL_ROWS;
}

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
    if (T < 2 || (total < minParallelRows && !faultPending())) {
      partitionSerial(this.kernels, jobs, codes, nRows, rows, scratch);
      return;
    }
    // Pieces: a large node is cut into two halves (the calling thread partitions the first, a
    // worker the second; joined below), the others are whole. Pieces go to groups greedily by rows.
    const pieces: { job: number; start: number; end: number }[] = [];
    const halves: { job: number; a: number; b: number }[] = [];
    const load = new Array<number>(T).fill(0);
    const groups: number[][] = Array.from({ length: T }, () => []);
    const assign = (piece: number, g: number): void => {
      groups[g]!.push(piece);
      load[g]! += pieces[piece]!.end - pieces[piece]!.start;
    };
    for (let i = 0; i < jobs.length; i++) {
      const j = jobs[i]!;
      if (j.end - j.start < splitNodeRows) continue;
      const mid = j.start + Math.floor((j.end - j.start) / 2);
      pieces.push({ job: i, start: j.start, end: mid }, { job: i, start: mid, end: j.end });
      halves.push({ job: i, a: pieces.length - 2, b: pieces.length - 1 });
      assign(pieces.length - 2, 0);
      let g = 1;
      for (let k = 2; k < T; k++) if (load[k]! < load[g]!) g = k;
      assign(pieces.length - 1, g);
    }
    for (let i = 0; i < jobs.length; i++) {
      const j = jobs[i]!;
      if (j.end - j.start >= splitNodeRows) continue;
      pieces.push({ job: i, start: j.start, end: j.end });
      let g = 0;
      for (let k = 1; k < T; k++) if (load[k]! < load[g]!) g = k;
      assign(pieces.length - 1, g);
    }
    if (this.out.length < pieces.length) this.out = this.kernels.memory.u32(2 * pieces.length);
    const sh = this.shared;
    const pool = workerPool(T - 1);
    const base = {
      kind: 'partition' as const, memId: this.memId, memory: sh.memory, kernel: this.kernels.name,
      binsAt: sh.address(codes, 'bins'), binsBytes: codes.BYTES_PER_ELEMENT as 1 | 2, nRows,
      rowsAt: sh.address(rows, 'rows'), scratchAt: sh.address(scratch, 'scratch'),
      outAt: sh.address(this.out, 'out'), nJobs: pieces.length,
    };
    const pending: Promise<number>[] = [];
    for (let g = 1; g < T; g++) {
      if (groups[g]!.length === 0) continue;
      const list: number[] = [];
      for (const p of groups[g]!) {
        const pc = pieces[p]!;
        const j = jobs[pc.job]!;
        list.push(p, pc.start, pc.end, j.feature, j.splitBin, j.missingCode, j.defaultLeft ? 1 : 0);
      }
      const task: PartitionTask = { ...base, jobs: list, fault: takeWorkerFault() };
      pending.push(pool.run(task));
    }
    let mainError: unknown = null;
    try {
      for (const p of groups[0]!) {
        const pc = pieces[p]!;
        const j = jobs[pc.job]!;
        this.out[p] = this.kernels.partition(
          codes, 1, j.feature * nRows, j.splitBin, j.missingCode, j.defaultLeft, rows, pc.start, pc.end, scratch.subarray(pc.start),
        );
      }
    } catch (e) {
      mainError = e;
    }
    await settle(pending);
    if (mainError !== null) throw mainError;
    for (let p = 0; p < pieces.length; p++) jobs[pieces[p]!.job]!.nLeft = this.out[p]!;
    for (const h of halves) {
      // [left A | right A | left B | right B] -> [left A | left B | right A | right B]: both
      // halves were partitioned stably, so this is the whole node's stable partition.
      const j = jobs[h.job]!;
      const nA = this.out[h.a]!;
      const nB = this.out[h.b]!;
      const mid = pieces[h.b]!.start;
      const rightA = mid - (j.start + nA);
      if (rightA > 0 && nB > 0) {
        scratch.set(rows.subarray(j.start + nA, mid), j.start);
        rows.copyWithin(j.start + nA, mid, mid + nB);
        rows.set(scratch.subarray(j.start, j.start + rightA), j.start + nA + nB);
      }
      j.nLeft = nA + nB;
    }
  }
}
