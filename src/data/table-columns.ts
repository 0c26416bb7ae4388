/**
 * Where a delimited file's values go while it is read: the final typed array of every physical
 * column that keeps values (features, label, weight: Float32Array; position: Int32Array), all of
 * one capacity, written in place by row index. Both the general record path and the fast path of
 * the delimited reader write here, so a row is stored once, with no per-cell call and no
 * intermediate copy; with a good row estimate the arrays are never copied at all (untouched
 * capacity past the last row costs address space, not memory).
 */
import { Role, type ColumnPlan } from './column-plan.js';

const NO_VALUES = new Float32Array(0);

/** Growth factor when the estimate was too small: modest, since every grow copies all columns. */
const GROWTH = 1.5;

/** The columns a delimited file's rows are written into. */
export class TableColumns {
  /**
   * Per physical column: the Float32Array its values go to (features, label, weight), or an
   * empty array for columns that keep no float values (ignored, qid, position).
   */
  floats: Float32Array[];
  /** The position column's values (an empty array when there is none). */
  position: Int32Array;
  /** Rows written so far (complete rows; row `rows` may be partly written). */
  rows = 0;
  /** Rows the arrays can hold. */
  capacity: number;

  /**
   * @param plan the file's column plan
   * @param capacity initial number of rows (at least 1)
   */
  constructor(
    private readonly plan: ColumnPlan,
    capacity: number,
  ) {
    this.capacity = Math.max(1, capacity);
    this.floats = Array.from(plan.roles, (role) =>
      role === Role.feature || role === Role.label || role === Role.weight ? new Float32Array(this.capacity) : NO_VALUES,
    );
    this.position = plan.position >= 0 ? new Int32Array(this.capacity) : new Int32Array(0);
  }

  /** Makes room for more rows (all columns grow together, by {@link GROWTH}). */
  grow(): void {
    const cap = Math.max(this.capacity + 16, Math.ceil(this.capacity * GROWTH));
    const rows = this.rows;
    this.floats = this.floats.map((a) => {
      if (a.length === 0) return a;
      const next = new Float32Array(cap);
      next.set(a.subarray(0, rows));
      return next;
    });
    if (this.position.length > 0) {
      const next = new Int32Array(cap);
      next.set(this.position.subarray(0, rows));
      this.position = next;
    }
    this.capacity = cap;
  }

  /**
   * The columns trimmed to {@link rows}: feature columns in file order, label, weight, position
   * (null when the plan has none). The object must not be used afterwards.
   */
  finish(): { columns: Float32Array[]; label: Float32Array | null; weight: Float32Array | null; position: Int32Array | null } {
    const plan = this.plan;
    const out = {
      columns: plan.featureColumns.map((j) => trim(this.floats[j]!, this.rows)),
      label: plan.label >= 0 ? trim(this.floats[plan.label]!, this.rows) : null,
      weight: plan.weight >= 0 ? trim(this.floats[plan.weight]!, this.rows) : null,
      position: plan.position >= 0 ? trimInt(this.position, this.rows) : null,
    };
    this.floats = [];
    this.position = new Int32Array(0);
    return out;
  }
}

/**
 * `a` cut to `n` values: a view when the spare capacity is at most 1/16 of the values (its
 * untouched pages take no memory), a copy otherwise (so a badly overestimated column does not
 * keep a large buffer alive).
 */
function trim(a: Float32Array, n: number): Float32Array {
  const spare = a.length - n;
  return spare === 0 ? a : spare * 16 <= n ? a.subarray(0, n) : a.slice(0, n);
}

function trimInt(a: Int32Array, n: number): Int32Array {
  const spare = a.length - n;
  return spare === 0 ? a : spare * 16 <= n ? a.subarray(0, n) : a.slice(0, n);
}
