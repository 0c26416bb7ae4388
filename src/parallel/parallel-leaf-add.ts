/**
 * Training-margin update after a tree on worker threads: the leaves are cut into `threads` runs of
 * about equal row counts; the calling thread adds the first run's leaf values while the workers add
 * the others'. Leaves own disjoint rows, so the margins equal the serial update's.
 */
import { addLeafValues } from '../booster/leaf-margins.js';
import type { Kernels, SharedKernelMemory } from '../kernels/kernels.js';
import type { RowIndexArray } from '../types.js';
import { faultPending, takeWorkerFault } from './fault.js';
import { memoryId } from './memory-id.js';
import { alongside } from './settle.js';
import type { Ticket } from './channel.js';
import { kernelWorkers } from './pool.js';
import type { LeafAddTask } from './tasks.js';
import { thresholds } from './thresholds.js';

export class ParallelLeafAdder {
  private readonly shared: SharedKernelMemory;
  private readonly memId: number;

  /** @param threads threads to use, >= 2. */
  constructor(
    private readonly kernels: Kernels,
    readonly threads: number,
  ) {
    if (!kernels.shared) throw new Error('ParallelLeafAdder needs kernels with shared memory');
    this.shared = kernels.shared;
    this.memId = memoryId(this.shared.memory);
  }

  /**
   * Adds each leaf's value to its rows' margins (addLeafValues over every window).
   * @param rows in: Uint32Array partition array after growth (the kernels' memory), length nRows.
   * @param margins in/out: Float32Array (the kernels' memory), length nRows.
   * @param windows in: triples (start, end, leaf value), one per leaf, in the rows array's order.
   */
  async add(rows: RowIndexArray, margins: Float32Array, windows: readonly number[]): Promise<void> {
    const T = this.threads;
    const nLeaves = windows.length / 3;
    let total = 0;
    for (let k = 0; k < nLeaves; k++) total += windows[3 * k + 1]! - windows[3 * k]!;
    if (T < 2 || nLeaves < 2 || (total < thresholds.leafAddRows && !faultPending())) {
      addLeafValues(rows, margins, windows, 0, nLeaves);
      return;
    }
    // Run boundaries: leaf k starts run floor(T * rowsBefore(k) / total).
    const cut: number[] = [0];
    let before = 0;
    for (let k = 0; k < nLeaves; k++) {
      while (cut.length < T && before * T >= cut.length * total) cut.push(k);
      before += windows[3 * k + 1]! - windows[3 * k]!;
    }
    while (cut.length < T) cut.push(nLeaves);
    cut.push(nLeaves);
    const sh = this.shared;
    const workers = kernelWorkers(T - 1);
    const pending: Ticket[] = [];
    for (let t = 1; t < T; t++) {
      if (cut[t + 1]! <= cut[t]!) continue;
      const task: LeafAddTask = {
        kind: 'leafAdd', memId: this.memId, memory: sh.memory, kernel: this.kernels.name, fault: takeWorkerFault(),
        nRows: rows.length, rowsAt: sh.address(rows, 'rows'), marginsAt: sh.address(margins, 'margins'),
        windows: windows.slice(3 * cut[t]!, 3 * cut[t + 1]!),
      };
      pending.push(workers[t - 1]!.post(task));
    }
    await alongside(pending, () => {
      addLeafValues(rows, margins, windows, cut[0]!, cut[1]!);
    });
  }
}
