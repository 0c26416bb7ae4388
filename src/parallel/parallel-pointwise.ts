/**
 * Gradients of a row-separable objective (reg:*, binary:logistic, count:poisson) on two threads: the
 * calling thread computes rows [0, n/2) while a worker computes [n/2, n) with the same objective
 * made from the same name and options, reading the margins and a shared copy of the labels and
 * weights. Each row's (g, h) is the same function of that row alone, so the result is the serial one.
 */
import type { Kernels, SharedKernelMemory } from '../kernels/kernels.js';
import type { Objective } from '../objective/objective.js';
import type { PointwiseOptions } from '../objective/pointwise.js';
import type { GradArray } from '../types.js';
import { takeWorkerFault } from './fault.js';
import { memoryId } from './memory-id.js';
import { alongside } from './settle.js';
import { kernelWorkers } from './pool.js';
import type { PointwiseTask } from './tasks.js';
import { thresholds } from './thresholds.js';

export class ParallelPointwise {
  private readonly shared: SharedKernelMemory;
  private readonly base: Omit<PointwiseTask, 'ghAt' | 'marginsAt' | 'fault'>;

  /**
   * Null when the objective is not row-separable, there is one thread, or the data is small.
   * @param label in: Float32Array, length nRows (copied); @param weight in: Float32Array or null (copied).
   */
  static create(
    kernels: Kernels, objective: Objective, options: PointwiseOptions, label: Float32Array, weight: Float32Array | null, threads: number,
  ): ParallelPointwise | null {
    if (threads < 2 || !kernels.shared || !objective.gradientsRange || label.length < thresholds.pointwiseRows) return null;
    return new ParallelPointwise(kernels, objective, options, label, weight);
  }

  private constructor(
    kernels: Kernels,
    private readonly objective: Objective,
    options: PointwiseOptions,
    label: Float32Array,
    weight: Float32Array | null,
  ) {
    const sh = kernels.shared!;
    this.shared = sh;
    const n = label.length;
    const labels = sh.f32(n);
    labels.set(label);
    let weightsAt = -1;
    if (weight) {
      const w = sh.f32(n);
      w.set(weight);
      weightsAt = w.byteOffset;
    }
    this.base = {
      kind: 'pointwise', memId: memoryId(sh.memory), memory: sh.memory, kernel: kernels.name,
      objective: objective.name, options: { ...options }, nRows: n, labelsAt: labels.byteOffset, weightsAt,
      rowStart: n >>> 1, rowEnd: n,
    };
  }

  /**
   * Same as `objective.gradients(margins, gh)`.
   * @param margins in: Float32Array (the kernels' memory), length nRows; @param gh out: Float32Array (the kernels' memory), length 2 * nRows.
   */
  async gradients(margins: Float32Array, gh: GradArray): Promise<void> {
    const sh = this.shared;
    const task: PointwiseTask = { ...this.base, marginsAt: sh.address(margins, 'margins'), ghAt: sh.address(gh, 'gh'), fault: takeWorkerFault() };
    const pending = [kernelWorkers(1)[0]!.post(task)];
    await alongside(pending, () => {
      this.objective.gradientsRange!(margins, gh, 0, this.base.rowStart);
    });
  }
}
