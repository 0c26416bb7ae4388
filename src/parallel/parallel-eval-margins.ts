/**
 * A validation set's margins during training, updated on two threads: its aligned columns are
 * copied once into the kernels' shared memory (column-major float32), and after each round the
 * calling thread walks the new tree for the first half of the rows while a worker walks it for the
 * second half. Each row's walk and float32 addition is the serial one (addTreeToMargins), so the
 * margins are identical.
 */
import type { Kernels, SharedKernelMemory } from '../kernels/kernels.js';
import { addTreeToMargins } from '../tree/apply-tree.js';
import type { Tree } from '../tree/tree.js';
import { takeWorkerFault } from './fault.js';
import { memoryId } from './memory-id.js';
import { alongside } from './settle.js';
import { kernelWorkers } from './pool.js';
import type { ApplyTreeTask } from './tasks.js';
import { thresholds } from './thresholds.js';

export class SharedEvalMargins {
  private readonly shared: SharedKernelMemory;
  /** The columns, views of the shared copy (Float32Array, nRows each). */
  private readonly columns: Float32Array[];
  private readonly columnsAt: number;
  /** Float32Array, length nRows, in the shared memory. */
  readonly margins: Float32Array;

  /**
   * Null when the set is small (the caller then updates its own margins serially).
   * @param columns in: the set's columns aligned with the training features (Float32Array, nRows each).
   * @param margins in: starting margins (copied).
   */
  static create(kernels: Kernels, columns: readonly Float32Array[], margins: Float32Array, threads: number): SharedEvalMargins | null {
    if (threads < 2 || !kernels.shared || margins.length < thresholds.evalRows || columns.length === 0) return null;
    return new SharedEvalMargins(kernels, columns, margins);
  }

  private constructor(
    private readonly kernels: Kernels,
    source: readonly Float32Array[],
    margins: Float32Array,
  ) {
    const sh = kernels.shared!;
    this.shared = sh;
    const n = margins.length;
    const all = sh.f32(source.length * n);
    this.columns = source.map((c, f) => {
      const view = all.subarray(f * n, (f + 1) * n);
      view.set(c);
      return view;
    });
    this.columnsAt = sh.address(all, 'columns');
    this.margins = sh.f32(n);
    this.margins.set(margins);
  }

  /** Adds `tree` to every row's margin (rows [0, n/2) here, [n/2, n) on a worker). */
  async addTree(tree: Tree): Promise<void> {
    const n = this.margins.length;
    const half = n >>> 1;
    const sh = this.shared;
    const task: ApplyTreeTask = {
      kind: 'applyTree', memId: memoryId(sh.memory), memory: sh.memory, kernel: this.kernels.name, fault: takeWorkerFault(),
      left: Array.from(tree.left), right: Array.from(tree.right), splitIndex: Array.from(tree.splitIndex),
      splitCondition: Array.from(tree.splitCondition), defaultLeft: Array.from(tree.defaultLeft),
      columnsAt: this.columnsAt, nFeatures: this.columns.length, nRows: n,
      marginsAt: sh.address(this.margins, 'margins'), rowStart: half, rowEnd: n,
    };
    const pending = [kernelWorkers(1)[0]!.post(task)];
    await alongside(pending, () => {
      addTreeToMargins(tree, this.columns, this.margins, 1, 0, half);
    });
  }
}
