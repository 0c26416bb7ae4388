/**
 * LambdaMART gradients on worker threads by query blocks: thread k computes queries
 * [qb[k], qb[k+1]) (blocks of near-equal row counts; the calling thread takes block 0). A query
 * reads only shared read-only inputs and writes only its own rows of `gh`, through its thread's own
 * scratch (lambdarank-query.ts), so the gradients are identical for any thread count. Biased
 * LambdaMART only: the unbiased variant accumulates position-bias costs and stays on one thread.
 */
import type { Kernels, SharedKernelMemory } from '../kernels/kernels.js';
import { LambdaRankObjective } from '../objective/lambdarank.js';
import { LambdaRankScratch, lambdaRankQueries, type LambdaRankInputs } from '../objective/lambdarank-query.js';
import type { Objective } from '../objective/objective.js';
import type { GradArray } from '../types.js';
import { takeWorkerFault } from './fault.js';
import { memoryId } from './memory-id.js';
import { alongside } from './settle.js';
import type { Ticket } from './channel.js';
import { kernelWorkers } from './pool.js';
import type { LambdaRankTask } from './tasks.js';

export class ParallelLambdaRank {
  private readonly shared: SharedKernelMemory;
  private readonly scratch: LambdaRankScratch;
  /** Query block boundaries, length blocks + 1. */
  private readonly blocks: Uint32Array;
  private readonly base: Omit<LambdaRankTask, 'iteration' | 'qBegin' | 'qEnd' | 'fault' | 'ghAt' | 'marginsAt'>;

  /**
   * Parallel gradients for `objective`, or null when it is not a (biased) LambdaMART objective,
   * has no queries to split, or the kernels' memory is not shared.
   */
  static create(kernels: Kernels, objective: Objective, nRows: number, threads: number): ParallelLambdaRank | null {
    if (threads < 2 || !kernels.shared || !(objective instanceof LambdaRankObjective)) return null;
    const inp = objective.kernelInputs();
    if (inp === null || inp.config.unbiased || inp.rowWeight !== null || inp.queryOffsets.length < 3) return null;
    return new ParallelLambdaRank(kernels.shared, inp, nRows, threads);
  }

  private constructor(
    sh: SharedKernelMemory,
    private readonly inputs: LambdaRankInputs,
    nRows: number,
    private readonly threads: number,
  ) {
    this.shared = sh;
    const offs = inputs.queryOffsets;
    const nQ = offs.length - 1;
    let maxQuery = 1;
    for (let q = 0; q < nQ; q++) maxQuery = Math.max(maxQuery, offs[q + 1]! - offs[q]!);
    const copyF32 = (a: Float32Array): number => {
      const c = sh.f32(a.length);
      c.set(a);
      return c.byteOffset;
    };
    const copyF64 = (a: Float64Array): number => {
      const c = sh.f64(a.length);
      c.set(a);
      return c.byteOffset;
    };
    const offsets = sh.u32(offs.length);
    offsets.set(offs);
    let positionsAt = -1;
    if (inputs.positions) {
      const u = sh.u32(inputs.positions.length);
      new Int32Array(u.buffer, u.byteOffset, u.length).set(inputs.positions);
      positionsAt = u.byteOffset;
    }
    this.scratch = new LambdaRankScratch(maxQuery);
    const blocks = new Uint32Array(threads + 1);
    let q = 0;
    for (let b = 1; b < threads; b++) {
      const target = (nRows * b) / threads;
      while (q < nQ && offs[q]! < target) q++;
      blocks[b] = q;
    }
    blocks[threads] = nQ;
    this.blocks = blocks;
    this.base = {
      kind: 'lambdarank', memId: memoryId(sh.memory), memory: sh.memory, kernel: 'ts',
      config: { ...inputs.config }, nRows, nQueries: nQ, maxQuery,
      labelsAt: copyF32(inputs.labels), offsetsAt: offsets.byteOffset, positionsAt,
      invIdcgAt: inputs.invIdcg ? copyF64(inputs.invIdcg) : -1,
      queryWeightAt: copyF32(inputs.queryWeight), weightNorm: inputs.weightNorm,
      discountAt: copyF64(inputs.discount.subarray(0, maxQuery)),
    };
  }

  /**
   * Same as `objective.gradients(margins, gh, iteration)`.
   * @param margins in: Float32Array from the kernels' shared memory, length nRows.
   * @param gh out: Float32Array from the kernels' shared memory, length 2 * nRows.
   */
  async gradients(margins: Float32Array, gh: GradArray, iteration: number): Promise<void> {
    const ghAt = this.shared.address(gh, 'gh');
    const marginsAt = this.shared.address(margins, 'margins');
    const workers = kernelWorkers(this.threads - 1);
    const pending: Ticket[] = [];
    const b = this.blocks;
    for (let k = 1; k < this.threads; k++) {
      if (b[k] === b[k + 1]) continue;
      pending.push(workers[k - 1]!.post({ ...this.base, ghAt, marginsAt, iteration, qBegin: b[k]!, qEnd: b[k + 1]!, fault: takeWorkerFault() }));
    }
    await alongside(pending, () => {
      lambdaRankQueries(this.inputs, margins, iteration, b[0]!, b[1]!, this.scratch, gh, null, null);
    });
  }
}
