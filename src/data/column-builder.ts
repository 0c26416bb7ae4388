/**
 * Growable typed-array buffers: the loaders append values one at a time without knowing the row
 * count in advance, then take a right-sized typed array at the end.
 */

const INITIAL_CAPACITY = 1024;

function grownCapacity(current: number, needed: number): number {
  // Grows from the capacity the builder was given: a small one (a column of a very wide file)
  // doubles from there rather than jumping to INITIAL_CAPACITY.
  let cap = Math.max(current, 16);
  while (cap < needed) cap = cap < 1 << 24 ? cap * 2 : Math.ceil(cap * 1.5);
  return cap;
}

/**
 * Growable Float32 column. `push` stores into a Float32Array, which rounds the float64 argument
 * to the nearest float32 exactly as `Math.fround` does.
 */
export class Float32Builder {
  private buf: Float32Array;
  private len = 0;

  constructor(initialCapacity = INITIAL_CAPACITY) {
    this.buf = new Float32Array(Math.max(1, initialCapacity));
  }

  /** Number of values appended so far. */
  get length(): number {
    return this.len;
  }

  /** Appends one value (rounded to float32 by the store, as Math.fround). */
  push(v: number): void {
    if (this.len === this.buf.length) this.grow(this.len + 1);
    this.buf[this.len++] = v;
  }

  /** Appends `count` copies of `v` (used to back-fill NaN). */
  fill(v: number, count: number): void {
    if (this.len + count > this.buf.length) this.grow(this.len + count);
    this.buf.fill(v, this.len, this.len + count);
    this.len += count;
  }

  /** The value at `i` (0 <= i < length). */
  get(i: number): number {
    return this.buf[i]!;
  }

  /**
   * The values as a Float32Array of exactly `length` elements; the builder must not be used
   * afterwards. When the buffer is at most 1/16 larger than needed (a well-sized builder) the result
   * is a view of it rather than a copy, so finishing costs no second copy of the column.
   */
  finish(): Float32Array {
    const spare = this.buf.length - this.len;
    const out = spare === 0 ? this.buf : spare * 16 <= this.len ? this.buf.subarray(0, this.len) : this.buf.slice(0, this.len);
    this.buf = new Float32Array(0);
    this.len = 0;
    return out;
  }

  /** Makes room for at least `n` values in all (one resize now instead of several later). */
  reserve(n: number): void {
    if (n > this.buf.length) {
      const next = new Float32Array(Math.ceil(n));
      next.set(this.buf.subarray(0, this.len));
      this.buf = next;
    }
  }

  /**
   * The values so far as a view of the builder's buffer (no copy): for a builder whose values are
   * only read once more, e.g. scattered elsewhere. Valid until the next push.
   */
  view(): Float32Array {
    return this.buf.subarray(0, this.len);
  }

  private grow(needed: number): void {
    const next = new Float32Array(grownCapacity(this.buf.length, needed));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
}

/** Growable Uint32 buffer (row offsets, sparse column indices). */
export class Uint32Builder {
  private buf: Uint32Array;
  private len = 0;

  constructor(initialCapacity = INITIAL_CAPACITY) {
    this.buf = new Uint32Array(Math.max(1, initialCapacity));
  }

  /** Number of values appended so far. */
  get length(): number {
    return this.len;
  }

  /** Appends one value (must be an integer in 0..2^32-1). */
  push(v: number): void {
    if (this.len === this.buf.length) this.grow(this.len + 1);
    this.buf[this.len++] = v;
  }

  /** The value at `i` (0 <= i < length). */
  get(i: number): number {
    return this.buf[i]!;
  }

  /** The values as a Uint32Array of exactly `length` elements; the builder must not be used afterwards. */
  finish(): Uint32Array {
    const out = this.len === this.buf.length ? this.buf : this.buf.slice(0, this.len);
    this.buf = new Uint32Array(0);
    this.len = 0;
    return out;
  }

  /** Makes room for at least `n` values in all (one resize now instead of several later). */
  reserve(n: number): void {
    if (n > this.buf.length) {
      const next = new Uint32Array(Math.ceil(n));
      next.set(this.buf.subarray(0, this.len));
      this.buf = next;
    }
  }

  /**
   * The values so far as a view of the builder's buffer (no copy): for a builder whose values are
   * only read once more, e.g. scattered elsewhere. Valid until the next push.
   */
  view(): Uint32Array {
    return this.buf.subarray(0, this.len);
  }

  private grow(needed: number): void {
    const next = new Uint32Array(grownCapacity(this.buf.length, needed));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
}

/** Growable Int32 buffer (positions). */
export class Int32Builder {
  private buf: Int32Array;
  private len = 0;

  constructor(initialCapacity = INITIAL_CAPACITY) {
    this.buf = new Int32Array(Math.max(1, initialCapacity));
  }

  /** Number of values appended so far. */
  get length(): number {
    return this.len;
  }

  /** Appends one value (must be an integer in -2^31..2^31-1). */
  push(v: number): void {
    if (this.len === this.buf.length) this.grow(this.len + 1);
    this.buf[this.len++] = v;
  }

  /** The values as an Int32Array of exactly `length` elements; the builder must not be used afterwards. */
  finish(): Int32Array {
    const out = this.len === this.buf.length ? this.buf : this.buf.slice(0, this.len);
    this.buf = new Int32Array(0);
    this.len = 0;
    return out;
  }

  private grow(needed: number): void {
    const next = new Int32Array(grownCapacity(this.buf.length, needed));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
}
