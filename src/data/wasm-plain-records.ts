/**
 * The delimited fast path's plainest records in WASM (native/assembly/record-scan.ts
 * scanPlainRecords): lines of plain numbers (at most 15 digits, a power of ten within 1e+-22, no
 * quotes or spaces) and empty feature cells, in a file whose every column is a feature, the label or the weight.
 * That covers nearly every record of a numeric CSV, read faster than the TS fast path does
 * (figures in bench/RESULTS.md). It stores exactly what the TS fast path
 * (delimited-fast-path.ts, the reference) stores and takes a subset of what it takes: a record it
 * does not take is left to the TS path (test/data/wasm-plain-records.test.ts loads every kind of
 * cell both ways and compares the bytes of every column).
 *
 * The bytes of a run are copied into the module's own memory (about 0.7 MiB) a slice at a time,
 * and the values come back column by column (one typed-array copy per column per slice).
 */
import { Role, type ColumnPlan } from './column-plan.js';
import { loadKernelModule } from '../kernels/wasm/loader.js';
import { WASM_PAGE_BYTES } from '../kernels/wasm/wasm-api.js';
import { POW10 } from './decimal-scanner.js';
import type { TableColumns } from './table-columns.js';
import { ParallelPlainRecords } from './parallel-plain-records.js';
import { copyToShared } from './shared-copy.js';

/** Most bytes of text copied in per call, and the fewest. */
const SLICE_BYTES = 1 << 17;
const MIN_SLICE_BYTES = 1 << 12;

const C_LF = 10;
const C_CR = 13;

type ScanExport = (
  text: number, pos: number, end: number, delim: number, roles: number, width: number, pow10: number, out: number, maxRecords: number, state: number,
) => number;

/** The role codes of scanPlainRecords (1 feature, 2 label, 3 weight). */
function roleCode(role: number): number {
  return role === Role.feature ? 1 : role === Role.label ? 2 : role === Role.weight ? 3 : 0;
}

/** Reads runs of plain records into a {@link TableColumns}; see the module comment. */
export class WasmPlainRecords {
  /** Records taken by the last {@link take}. */
  records = 0;
  /** Bytes copied in at the next call (see take). */
  private slice = SLICE_BYTES;
  /** The scan's state word: the bytes it took. */
  private readonly state: Uint32Array;

  private constructor(
    private readonly scan: ScanExport,
    private readonly heap: Uint8Array,
    private readonly textAt: number,
    private readonly rolesAt: number,
    private readonly pow10At: number,
    private readonly stage: Float32Array,
    private readonly stateAt: number,
    private readonly delimiter: number,
    private readonly width: number,
    private readonly maxRecords: number,
    private readonly table: TableColumns,
    /** Chunks read ahead on several threads, or null (one thread). */
    private readonly ahead: ParallelPlainRecords | null,
  ) {
    this.state = new Uint32Array(heap.buffer, stateAt, 1);
  }

  /**
   * The WASM reader for `plan`'s file, or null when WASM is not available here or a column has
   * another role (ignored, qid, position: the TS fast path reads those files).
   */
  static create(delimiter: number, plan: ColumnPlan, table: TableColumns, threads = 1): WasmPlainRecords | null {
    const width = plan.roles.length;
    if (width === 0 || Array.from(plan.roles).some((r) => roleCode(r) === 0)) return null;
    const loaded = loadKernelModule();
    if (!loaded) return null;
    // A record takes at least `width` bytes (its delimiters and line break), so a slice holds at
    // most SLICE_BYTES / width of them: the stage is about 4 x SLICE_BYTES whatever the width.
    const maxRecords = Math.floor(SLICE_BYTES / width) + 1;
    // Layout from 64 KiB (past the module's static data): text, roles, powers of ten, state, stage.
    const base = WASM_PAGE_BYTES;
    const textAt = base;
    const rolesAt = textAt + SLICE_BYTES + 16;
    const pow10At = rolesAt + Math.ceil(width / 16) * 16;
    const stateAt = pow10At + 24 * 8;
    const stageAt = stateAt + 16;
    const bytes = stageAt + 4 * maxRecords * width;
    const pages = Math.ceil(bytes / WASM_PAGE_BYTES);
    const memory = new loaded.api.Memory({ initial: pages, maximum: pages, shared: true });
    const instance = new loaded.api.Instance(loaded.module, { env: { memory } });
    const scan = instance.exports.scanPlainRecords;
    const heapBase = instance.exports.heapBase;
    if (typeof scan !== 'function' || typeof heapBase !== 'function') return null; // (a stale build: the TS path reads)
    if ((heapBase as () => number)() > base) return null;
    const heap = new Uint8Array(memory.buffer);
    heap.set(Array.from(plan.roles, (r) => roleCode(r)), rolesAt);
    new Float64Array(memory.buffer, pow10At, 23).set(POW10.subarray(0, 23));
    const stage = new Float32Array(memory.buffer, stageAt, maxRecords * width);
    const ahead = ParallelPlainRecords.create(delimiter, Array.from(plan.roles, (r) => roleCode(r)), threads);
    return new WasmPlainRecords(scan as ScanExport, heap, textAt, rolesAt, pow10At, stage, stateAt, delimiter, width, maxRecords, table, ahead);
  }

  /** Reads `chunk` ahead from `start` on several threads (ParallelPlainRecords.prepare), when there are. */
  async prepare(chunk: Uint8Array, start: number): Promise<void> {
    await this.ahead?.prepare(chunk, start);
  }

  /**
   * Takes the plain records from `b[pos]` on, each ending with its line break before `limit`
   * (the position after the buffer's last line break), into the table's next rows; returns the
   * position after the last one taken ({@link records} tells how many).
   */
  take(b: Uint8Array, pos: number, limit: number): number {
    if (this.ahead !== null) {
      const at = this.ahead.take(b, pos, limit, this.table);
      if (at >= 0) {
        this.records = this.ahead.records;
        return at;
      }
    }
    const table = this.table;
    const width = this.width;
    const heap = this.heap;
    const state = this.state;
    let taken = 0;
    while (pos < limit) {
      let end = Math.min(limit, pos + this.slice);
      if (end < limit) {
        // Whole records only: up to the slice's last line break.
        let i = end - 1;
        while (i > pos && b[i] !== C_LF && b[i] !== C_CR) i--;
        end = i + 1;
        if (i === pos) {
          this.slice = Math.min(SLICE_BYTES, 2 * this.slice);
          break; // a record longer than the slice: the TS path reads it
        }
      }
      const lead = copyToShared(heap, this.textAt, b.subarray(pos, end));
      const k = this.scan(this.textAt, lead, lead + end - pos, this.delimiter, this.rolesAt, width, this.pow10At, this.stage.byteOffset, this.maxRecords, this.stateAt);
      if (k > 0) {
        while (table.rows + k > table.capacity) table.grow();
        const row = table.rows;
        const m = this.maxRecords;
        const floats = table.floats;
        for (let j = 0; j < width; j++) floats[j]!.set(this.stage.subarray(j * m, j * m + k), row);
        table.rows = row + k;
        taken += k;
      }
      const next = pos + state[0]! - lead;
      const stopped = next < end && k < this.maxRecords; // before a record it does not take
      // The next slice: twice what this one took when it stopped early (a file where the TS path
      // reads every few records copies little it does not use), else up to SLICE_BYTES again.
      this.slice = stopped ? Math.max(MIN_SLICE_BYTES, Math.min(SLICE_BYTES, 2 * (next - pos))) : Math.min(SLICE_BYTES, 2 * this.slice);
      pos = next;
      if (stopped) break;
    }
    this.records = taken;
    return pos;
  }
}
