/**
 * Where a columnar file's values go while it is read (Arrow IPC record batches, Parquet row
 * groups): the selected columns of each block of rows, given as doubles, are appended to the
 * dataset's arrays, with the label, weight and position checks every loader applies and query ids
 * turned into query offsets.
 */
import { DataError } from '../errors.js';
import type { Dataset } from './dataset.js';
import { Float32Builder, Int32Builder } from './column-builder.js';
import type { ColumnPlan } from './column-plan.js';
import { QueryBuilder } from './query-builder.js';
import { featureError, isValidFeature, isValidLabel, isValidPosition, isValidWeight, labelError, positionError, weightError } from './value-rules.js';

/** Accumulates the selected columns over blocks of rows. */
export class ColumnTableBuilder {
  private readonly features: Float32Builder[];
  private readonly label: Float32Builder | null;
  private readonly weight: Float32Builder | null;
  private readonly position: Int32Builder | null;
  private readonly queries: QueryBuilder | null;
  /** Rows appended so far. */
  rows = 0;

  /**
   * @param kind how messages name the file's format (`Arrow file`, `Parquet file`).
   * @param maxRows most rows the file can hold: a block claiming more is corrupt, and refused
   *   before anything is allocated.
   */
  constructor(
    private readonly file: string,
    private readonly plan: ColumnPlan,
    private readonly maxRows: number,
    private readonly kind: string,
  ) {
    // 16384 rows per column, unless the file is very wide: all the initial buffers together stay
    // within 2^22 values (20,000 columns took 1.3 GB before any row was read).
    const capacity = Math.max(16, Math.min(1 << 14, Math.floor((1 << 22) / Math.max(1, plan.width))));
    this.features = plan.featureColumns.map(() => new Float32Builder(capacity));
    this.label = plan.label >= 0 ? new Float32Builder(1 << 14) : null;
    this.weight = plan.weight >= 0 ? new Float32Builder(1 << 14) : null;
    this.position = plan.position >= 0 ? new Int32Builder(1 << 14) : null;
    this.queries = plan.qid >= 0 ? new QueryBuilder(file, 'row', plan.columnLabel(plan.qid)) : null;
  }

  /**
   * Throws a DataError when a block of `numRows` rows would take the table past the most rows
   * the file can hold (or the count is not a row count). `what` names the block in the message.
   */
  checkRowCount(numRows: number, what: string): void {
    if (!(Number.isSafeInteger(numRows) && numRows >= 0) || this.rows + numRows > this.maxRows) {
      throw new DataError(
        { file: this.file, row: this.rows + 1 },
        `truncated or corrupt ${this.kind}: ${what} claims ${numRows} rows, more than the file can hold`,
      );
    }
  }

  /**
   * Appends a block of rows.
   * @param column the values of physical column j (not ignored), length >= numRows (NaN =
   *   missing): a Float64Array, or a Float32Array for a feature column (stored as float32 anyway);
   *   called once per selected column.
   */
  addColumns(column: (j: number) => ArrayLike<number>, numRows: number): void {
    const plan = this.plan;
    const base = this.rows;
    const loc = (j: number, i: number) => ({ file: this.file, row: base + i + 1, column: plan.columnLabel(j) });
    plan.featureColumns.forEach((j, k) => {
      const v = column(j);
      const b = this.features[k]!;
      // Float32 store: float64 -> float32 rounding, as Math.fround; infinities refused (value-rules.ts).
      for (let i = 0; i < numRows; i++) {
        const f = Math.fround(v[i]!);
        if (!isValidFeature(f)) throw featureError(loc(j, i), v[i]!, undefined, 'store a null');
        b.push(f);
      }
    });
    if (this.label !== null) {
      const v = column(plan.label);
      for (let i = 0; i < numRows; i++) {
        const f = Math.fround(v[i]!);
        if (!isValidLabel(f)) throw labelError(loc(plan.label, i), f);
        this.label.push(f);
      }
    }
    if (this.weight !== null) {
      const v = column(plan.weight);
      for (let i = 0; i < numRows; i++) {
        const f = Math.fround(v[i]!);
        if (!isValidWeight(f)) throw weightError(loc(plan.weight, i), f);
        this.weight.push(f);
      }
    }
    if (this.position !== null) {
      const v = column(plan.position);
      for (let i = 0; i < numRows; i++) {
        if (!isValidPosition(v[i]!)) throw positionError(loc(plan.position, i), v[i]!);
        this.position.push(v[i]!);
      }
    }
    if (this.queries !== null) {
      const v = column(plan.qid);
      for (let i = 0; i < numRows; i++) this.queries.add(v[i]!, base + i + 1);
    }
    this.rows += numRows;
  }

  /** The dataset read (DataError when it has no rows). */
  finish(hasFeatureNames: boolean): Dataset {
    if (this.rows === 0) throw new DataError({ file: this.file }, `the ${this.kind} has no data rows`);
    return {
      nRows: this.rows,
      nFeatures: this.plan.featureColumns.length,
      featureNames: this.plan.featureNames,
      hasFeatureNames,
      columns: this.features.map((b) => b.finish()),
      label: this.label?.finish() ?? null,
      weight: this.weight?.finish() ?? null,
      queryOffsets: this.queries?.finish() ?? null,
      position: this.position?.finish() ?? null,
      source: this.file,
      ...(this.plan.label >= 0 ? { labelName: this.plan.columnLabel(this.plan.label) } : {}),
    };
  }
}
