/**
 * Chunks read ahead on two threads (src/data/parallel-plain-records.ts) against the one-thread WASM
 * reader and the general path: the same dataset to the bit (every column's bytes) or the same
 * error (its line), whatever record a part stops at, with CR LF line ends, records spanning chunks
 * and parts, and every unit left to the worker. Workers run dist/: `npm run build` first.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseDelimitedChunks, type DelimitedOptions } from '../../src/data/delimited-reader.js';
import type { Dataset } from '../../src/data/dataset.js';
import { setCallerClaimsForTesting, setParallelCostForTesting, workerUnitCounts } from '../../src/parallel/executor.js';
import { needsWasm, WASM } from '../wasm-available.js';
import { loadDataset } from '../../src/data/load.js';
import { expectDataError, fixture } from './helpers.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

const hex = (a: ArrayBufferView | null): string | null => (a === null ? null : Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex'));

/** The dataset with every typed array as the hex of its bytes, or the error's message. */
async function outcome(chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>, options: Partial<DelimitedOptions>): Promise<unknown> {
  try {
    const ds: Dataset = await parseDelimitedChunks('p.csv', chunks, { delimiter: 44, label: 'y', weight: 'w', ...options });
    return {
      ...ds, columns: ds.columns.map((c) => hex(c as Float32Array)), label: hex(ds.label), weight: hex(ds.weight),
      queryOffsets: hex(ds.queryOffsets), position: hex(ds.position),
    };
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** `bytes` cut into chunks of `size` bytes, each in a buffer reused for the next (as the file reader does). */
async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  const buf = new Uint8Array(size);
  for (let i = 0; i < bytes.length; i += size) {
    const n = Math.min(size, bytes.length - i);
    buf.set(bytes.subarray(i, i + n));
    yield buf.subarray(0, n);
  }
}

async function collect(it: AsyncGenerator<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const c of it) out.push(c.slice());
  return out;
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** Cells the WASM scan does not take (the TS fast path or the general path reads them). */
const OTHER = ['1234567890123456', '1e00004', ' 5', '"5"', 'NA', '1E23', '0.1234567890123451', '5 '];

/** A file of `rows` records: 6-digit numbers, missing cells, and at rate `pOther` a cell the scan stops at. */
function file(rows: number, pOther: number, seed: number, crlf = 0.3, bad = -1): Uint8Array {
  const rnd = lcg(seed);
  const lines = ['y,w,a,b,c,d,e,f,g,h'];
  for (let r = 0; r < rows; r++) {
    const cells = [String(r % 5), (rnd() * 3).toFixed(3)];
    for (let j = 0; j < 8; j++) {
      const u = rnd();
      cells.push(u < pOther ? OTHER[Math.floor(rnd() * OTHER.length)]! : u < 0.03 ? '' : ((rnd() - 0.5) * 40).toPrecision(6));
    }
    if (r === bad) cells[4] = 'x1';
    lines.push(cells.join(','));
  }
  return enc(lines.map((l) => l + (rnd() < crlf ? '\r\n' : '\n')).join(''));
}

/** Expects two threads to read `bytes` as one thread does (the WASM reader) and as the general path. */
async function expectSame(bytes: Uint8Array, sizes: number[]): Promise<unknown> {
  const general = await outcome([bytes], { fastPath: false });
  for (const size of sizes) {
    const one = await outcome(chunked(bytes, size), { threads: 1 });
    expect(one, `one thread, chunks of ${size}`).toEqual(general);
    const before = workerUnitCounts().get('plainRecords') ?? 0;
    // (the chunks handed over in one reused buffer, as the file reader does)
    const two = await outcome(chunked(bytes, size), { threads: 2 });
    expect(two, `two threads, chunks of ${size}`).toEqual(general);
    // The parts were read by the worker (every unit is left to it): the read-ahead ran.
    expect((workerUnitCounts().get('plainRecords') ?? 0) - before, `worker units, chunks of ${size}`).toBeGreaterThan(0);
  }
  return general;
}

/** Every batch of two or more units to the worker, and every unit left to it. */
function leaveToWorkers(): void {
  setParallelCostForTesting(0);
  setCallerClaimsForTesting(false);
}

describe.skipIf(!WASM)(needsWasm('delimited: chunks read ahead on two threads read as one thread'), () => {
  afterEach(() => {
    setParallelCostForTesting(null);
    setCallerClaimsForTesting(true);
  });

  it('files of plain numbers, and with cells the scan stops at (rare, frequent), in chunks of several sizes', async () => {
    leaveToWorkers();
    for (const [pOther, seed] of [[0, 1], [0.0005, 2], [0.01, 3], [0.3, 4]] as const) {
      const got = await expectSame(file(30000, pOther, seed), [1 << 20, 200_003, 65536 + 17]);
      expect(got, String(got)).toMatchObject({ nRows: 30000 });
    }
  });

  it('LF only and CR LF only files', async () => {
    leaveToWorkers();
    await expectSame(file(30000, 0.001, 5, 0), [1 << 20, 131_071]);
    await expectSame(file(30000, 0.001, 6, 1), [1 << 20, 131_071]);
  });

  it('an invalid cell deep in the file: the same error, at the same line', async () => {
    leaveToWorkers();
    const got = await expectSame(file(20000, 0.001, 7, 0.3, 17_345), [1 << 20, 100_000]);
    expect(got).toMatch(/p\.csv:17347/);
  });

  it('a quoted cell whose line breaks span parts and a chunk boundary: the same outcome and line', async () => {
    leaveToWorkers();
    // 150 000 line feeds in one quoted cell: wider than a part (a chunk's eighth), so parts start
    // inside it; the general path reports the record at its first line.
    const text = new TextDecoder().decode(file(20000, 0.001, 9, 0.3));
    const at = text.indexOf('\n', Math.floor(text.length * 0.8)) + 1;
    const line = text.slice(0, at).split('\n').length;
    const bytes = enc(`${text.slice(0, at)}1,1,"2${'\n'.repeat(150_000)}3",4,5,6,7,8,9,10\n${text.slice(at)}`);
    const got = await expectSame(bytes, [1 << 20, 300_007]);
    expect(got).toMatch(new RegExp(`p\\.csv:${line}\\b`));
  });

  it('the calling thread claiming parts too', async () => {
    setParallelCostForTesting(0);
    const bytes = file(20000, 0.002, 8);
    const general = await outcome([bytes], { fastPath: false });
    expect(await outcome(await collect(chunked(bytes, 1 << 20)), { threads: 2 })).toEqual(general);
  });
});

describe('loadDataset: the threads option', () => {
  it('is refused unless a whole number from 1 to nthread\'s maximum (never silently rounded or a memory error)', async () => {
    const p = fixture('semicolon.csv');
    for (const threads of [0, -1, 2.5, NaN, 1025, 1e6]) {
      await expectDataError(loadDataset(p, { label: 'a', threads }), { file: p }, new RegExp(`threads must be a whole number from 1 to 1024, not ${String(threads)}`));
    }
    for (const threads of [1, 2]) expect((await loadDataset(p, { label: 'a', threads })).nRows).toBe(2);
  });
});
