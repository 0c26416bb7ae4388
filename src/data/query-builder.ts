/**
 * Query ids, one per row in file order, to query offsets. The rows of one query must be
 * contiguous; a query id that comes back after another query is a DataError naming both places.
 */
import { DataError, type DataLocation } from '../errors.js';
import { Uint32Builder } from './column-builder.js';

/** Builds query offsets from per-row query ids. */
export class QueryBuilder {
  private readonly offsets = new Uint32Builder(256);
  /** Query id -> first and last line/row of its rows (for the error message). */
  private readonly seen = new Map<number, { first: number; last: number }>();
  private current: { first: number; last: number } | null = null;
  private currentQid = NaN;
  private rows = 0;

  /**
   * @param file path for messages
   * @param unit whether the numbers given to {@link add} are 1-based text lines or 1-based rows
   * @param column the qid column's name or index (or `"qid"` for LibSVM tokens), for messages
   */
  constructor(
    private readonly file: string,
    private readonly unit: 'line' | 'row',
    private readonly column: string | number,
  ) {}

  /**
   * Adds the query id of the next row, found at 1-based line (or row) `at`. Throws DataError for
   * a NaN/infinite id or a query whose rows are not contiguous.
   */
  add(qid: number, at: number): void {
    if (this.current !== null && qid === this.currentQid) {
      this.current.last = at;
      this.rows++;
      return;
    }
    if (!Number.isFinite(qid)) throw new DataError(this.loc(at), `query id must be a finite number, found ${qid}`);
    const prior = this.seen.get(qid);
    if (prior !== undefined) {
      throw new DataError(
        this.loc(at),
        `query id ${qid} reappears after another query; its earlier rows are at ${this.unit} ${prior.first}` +
          (prior.last !== prior.first ? `-${prior.last}` : '') +
          '. The rows of a query must be contiguous (sort the file by query id)',
      );
    }
    this.current = { first: at, last: at };
    this.seen.set(qid, this.current);
    this.currentQid = qid;
    this.offsets.push(this.rows);
    this.rows++;
  }

  /** Number of rows added. */
  get nRows(): number {
    return this.rows;
  }

  /** Query offsets: Uint32Array of length nQueries + 1, starting at 0 and ending at nRows. */
  finish(): Uint32Array {
    this.offsets.push(this.rows);
    return this.offsets.finish();
  }

  private loc(at: number): DataLocation {
    return this.unit === 'line' ? { file: this.file, line: at, column: this.column } : { file: this.file, row: at, column: this.column };
  }
}

/**
 * Converts group sizes (LightGBM's `.query` file: one count of consecutive rows per query) into
 * query offsets, Uint32Array of length sizes.length + 1.
 */
export function offsetsFromSizes(sizes: ArrayLike<number>): Uint32Array {
  const out = new Uint32Array(sizes.length + 1);
  let acc = 0;
  for (let i = 0; i < sizes.length; i++) {
    acc += sizes[i]!;
    out[i + 1] = acc;
  }
  return out;
}
