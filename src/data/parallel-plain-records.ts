/**
 * The WASM reader's plain records of a whole chunk read ahead on several threads: before the
 * tokenizer gets a chunk of the file, its whole records are split at line breaks into one part per
 * thread, and the parts are scanned at once (src/kernels/units/plain-records.ts, Kernels.
 * scanPlainRecords: the scan the serial WASM reader runs). When the reader then reaches the first
 * part's start, it takes the parts' records in order, as long as each part was taken to its end; at
 * the first part that stopped early (a record for the TS path) it goes on serially from there, so
 * the table gets the same rows and values whether or not a chunk was read ahead
 * (test/data/parallel-plain-records.test.ts loads files both ways and compares every column).
 *
 * Memory: its own WASM kernel set (the chunk's bytes and the parts' values, about 5 x CHUNK_BYTES),
 * made once per reader.
 */
import { createWasmKernels, type WasmKernels } from '../kernels/wasm/wasm-kernels.js';
import { WASM_PAGE_BYTES } from '../kernels/wasm/wasm-api.js';
import { createExecutor, type Executor } from '../parallel/executor.js';
import { plainRecordsUnits } from '../kernels/units/plain-records.js';
import { CHUNK_BYTES } from './byte-stream.js';
import { POW10 } from './decimal-scanner.js';
import { copyToShared } from './shared-copy.js';
import type { TableColumns } from './table-columns.js';

const C_LF = 10;
/** Largest chunk read ahead (the file reader's chunk). */
const CAPACITY = CHUNK_BYTES;
/**
 * Parts a chunk is split into, per thread: a thread that starts late (a worker waking up) still
 * takes its share of the parts, claimed one by one.
 */
const PARTS_PER_THREAD = 4;
/** Values a part may need beyond its share of CAPACITY (the parts' split is not exactly even). */
const SLACK_VALUES = 1 << 14;
/** Fewest bytes a chunk needs to be read ahead (smaller ones cost more to hand out than to scan). */
const MIN_BYTES = 1 << 16;
/** Fewest bytes a part has (but the last). */
const MIN_PART_BYTES = 1 << 15;

/** Reads chunks ahead for one delimited file; see the module comment. */
export class ParallelPlainRecords {
  /** Records taken by the last {@link take}. */
  records = 0;
  /** The prepared chunk: its buffer, and where its parts start and end (byte offsets in that buffer), or null. */
  private preparedBuffer: ArrayBufferLike | null = null;
  private preparedStart = 0;
  /** Where the chunk's bytes start in `text` (copyToShared's lead). */
  private lead = 0;
  private parts = 0;
  private maxRecords = 0;

  private constructor(
    private readonly executor: Executor,
    private readonly text: Uint8Array,
    private readonly bounds: Uint32Array,
    private readonly roles: Uint8Array,
    private readonly pow10: Float64Array,
    private readonly out: Float32Array,
    private readonly results: Uint32Array,
    private readonly delimiter: number,
    private readonly width: number,
    private readonly maxParts: number,
  ) {}

  /**
   * The reader for a file of `width` columns with these role codes (Kernels.scanPlainRecords), or
   * null for fewer than two threads or without the WASM kernels.
   */
  static create(delimiter: number, roleCodes: ArrayLike<number>, threads: number): ParallelPlainRecords | null {
    if (!(threads >= 2)) return null;
    const width = roleCodes.length;
    const maxParts = PARTS_PER_THREAD * threads;
    const outValues = CAPACITY + maxParts * SLACK_VALUES;
    const bytes = CAPACITY + 16 + 16 * maxParts + 64 + 23 * 8 + 4 * outValues + 8 * maxParts + 1024;
    const kernels: WasmKernels | null = createWasmKernels({ maxPages: Math.ceil(bytes / WASM_PAGE_BYTES) + 8 });
    if (!kernels) return null;
    const m = kernels.memory;
    const text = m.u8(CAPACITY + 16); // (3 lead bytes, the chunk, a zero)
    const bounds = m.u32(2 * maxParts);
    const roles = m.u8(width);
    roles.set(Array.from(roleCodes));
    const pow10 = m.f64(23);
    pow10.set(POW10.subarray(0, 23));
    const out = m.f32(outValues);
    const results = m.u32(2 * maxParts);
    return new ParallelPlainRecords(createExecutor(kernels, threads), text, bounds, roles, pow10, out, results, delimiter, width, maxParts);
  }

  /**
   * Scans `chunk`'s whole records from `start` (where the reader will take them up: 0, or after
   * the line that completes a record begun in the previous chunk) to its last line feed. A chunk
   * too small or too large, or whose parts would not fit, is left to the serial reader.
   */
  async prepare(chunk: Uint8Array, start: number): Promise<void> {
    this.preparedBuffer = null;
    const end = chunk.lastIndexOf(C_LF) + 1;
    if (start < 0 || chunk.length > CAPACITY || end - start < MIN_BYTES) return;
    const text = this.text;
    const lead = copyToShared(text, 0, chunk.subarray(start, end));
    const len = lead + end - start;
    text[len] = 0; // (a scan reading on past a number at the end meets no digit)
    const bounds = this.bounds;
    let parts = 0;
    let from = lead;
    let maxPart = 0;
    const want = Math.min(this.maxParts, Math.floor(len / MIN_PART_BYTES) + 1);
    for (let k = 1; k <= want && from < len; k++) {
      // Each part ends after the first line feed at or after its share's end.
      let to = len;
      if (k < want) {
        const lf = text.indexOf(C_LF, Math.max(from, Math.floor((len * k) / want) - 1));
        to = lf < 0 || lf >= len ? len : lf + 1;
      }
      bounds[2 * parts] = from;
      bounds[2 * parts + 1] = to;
      maxPart = Math.max(maxPart, to - from);
      parts++;
      from = to;
    }
    // A record has at least `width` bytes (its delimiters and line break).
    const maxRecords = Math.floor(maxPart / this.width) + 1;
    if (parts * maxRecords * this.width > this.out.length) return;
    await this.executor.run(plainRecordsUnits, {
      text, bounds, roles: this.roles, pow10: this.pow10, out: this.out, results: this.results,
      delimiter: this.delimiter, width: this.width, maxRecords,
    }, parts, len);
    this.preparedBuffer = chunk.buffer;
    this.preparedStart = chunk.byteOffset + start;
    this.lead = lead;
    this.parts = parts;
    this.maxRecords = maxRecords;
  }

  /**
   * When `b[pos]` is where the prepared parts start: appends their records to `table` in part
   * order up to the first part that stopped early (its records included), and returns the
   * position in `b` after the last record taken ({@link records} tells how many); the parts are
   * then used up. Otherwise -1 (nothing prepared there).
   * @param limit the position after b's last line break: every part ends before it.
   */
  take(b: Uint8Array, pos: number, limit: number, table: TableColumns): number {
    if (this.preparedBuffer !== b.buffer || this.preparedStart !== b.byteOffset + pos) return -1;
    this.preparedBuffer = null;
    const bounds = this.bounds;
    const base = pos - this.lead; // b[base + i] is text[i]
    if (base + bounds[2 * this.parts - 1]! > limit) return -1;
    const m = this.maxRecords;
    const width = this.width;
    let taken = 0;
    let at = pos;
    for (let u = 0; u < this.parts; u++) {
      const k = this.results[2 * u]!;
      const next = this.results[2 * u + 1]!;
      if (k > 0) {
        while (table.rows + k > table.capacity) table.grow();
        const row = table.rows;
        const floats = table.floats; // (after grow: it replaces the arrays)
        const block = u * width * m;
        for (let j = 0; j < width; j++) floats[j]!.set(this.out.subarray(block + j * m, block + j * m + k), row);
        table.rows = row + k;
        taken += k;
      }
      at = base + next;
      if (next < bounds[2 * u + 1]!) break; // stopped before a record it does not take
    }
    this.records = taken;
    return at;
  }
}
