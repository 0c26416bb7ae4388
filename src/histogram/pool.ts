/**
 * Owns histogram memory: a free list of equally sized Float64Arrays, so growing a tree allocates
 * nothing after the first few nodes (LightGBM's HistogramPool, without the LRU: the grower keeps
 * only the histograms it will subtract from).
 */
import type { SumArray } from '../types.js';

export class HistogramPool {
  private readonly free: SumArray[] = [];
  /**
   * @param length doubles per histogram (2 * total slots).
   * @param alloc allocator of new histograms (the kernels' memory).
   */
  constructor(
    readonly length: number,
    private readonly alloc: (length: number) => SumArray = (n) => new Float64Array(n),
  ) {}

  /**
   * A histogram whose contents are undefined: a HistogramBuilder zeroes the slots it builds (on the
   * thread that builds them), and a subtraction overwrites every slot.
   */
  acquire(): SumArray {
    return this.free.pop() ?? this.alloc(this.length);
  }

  /** Returns a histogram to the pool. */
  release(h: SumArray): void {
    this.free.push(h);
  }
}
