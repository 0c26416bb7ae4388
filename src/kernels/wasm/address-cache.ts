/**
 * The byte address of a kernel argument, remembered for the last array seen in that argument
 * position. Reading `buffer` and `byteOffset` of a typed array costs tens of nanoseconds in V8,
 * while training passes the same bins, rows, gradients and scratch arrays on every call; an
 * identity hit costs about one. Sound because a view of a fixed-length buffer never changes its
 * buffer or offset.
 */
import type { KernelArray, WasmArena } from './arena.js';

export class AddressCache {
  private last: KernelArray | null = null;
  private at = 0;

  /**
   * @param arena the memory arguments must come from.
   * @param argName the argument's name, for the error message.
   */
  constructor(
    private readonly arena: WasmArena,
    private readonly argName: string,
  ) {}

  /**
   * Byte address of `a[0]`.
   * @throws Error when `a` is not from the arena (see WasmArena.address).
   */
  of(a: KernelArray): number {
    if (a === this.last) return this.at;
    const at = this.arena.address(a, this.argName);
    this.last = a;
    this.at = at;
    return at;
  }
}
