/**
 * Regression tests for the reader bugs the fuzz suites found, one per fix (see each test's note).
 */
import { readFileSync } from 'node:fs';
import { Float32, Null, Table, makeData, tableFromArrays, tableToIPC, vectorFromArray } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/load.js';
import { readLines } from '../../src/data/byte-stream.js';
import { MAX_COLUMNS, planColumns } from '../../src/data/column-plan.js';
import { parseDelimitedChunks } from '../../src/data/delimited-reader.js';
import { MAX_LIBSVM_FEATURES } from '../../src/data/libsvm-reader.js';
import { Booster } from '../../src/booster/booster.js';
import { DataError, ModelError } from '../../src/errors.js';
import { MAX_MODEL_FEATURES } from '../../src/model-io/xgboost-json.js';
import { makeFuzzDir } from './harness.js';

const dir = makeFuzzDir('regress');
afterAll(() => dir.cleanup());

async function rejection(p: Promise<unknown>): Promise<DataError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(DataError);
    return err as DataError;
  }
  throw new Error('expected a DataError');
}

describe('LibSVM: a huge feature index in a tiny file (memory and time bounded)', () => {
  // Before the fix, `1 2000000000:1` filled an 8 GiB duplicate-check array (33 s, 9.6 GB RSS)
  // before the dense-size check refused it, and `1 5000000:1` loaded 5 million one-row
  // columns (10 s, 1.5 GB of heap).
  it('refuses an index beyond MAX_LIBSVM_FEATURES at once, naming the line and the limit', async () => {
    for (const index of ['2000000000', '5000000', String(MAX_LIBSVM_FEATURES), '99999999999999999999']) {
      const rss0 = process.memoryUsage.rss();
      const t0 = performance.now();
      const e = await rejection(loadDataset(dir.write('big.svm', `0 1:1\n1 ${index}:1\n`)));
      expect(performance.now() - t0).toBeLessThan(1000);
      expect(process.memoryUsage.rss() - rss0).toBeLessThan(64 * 2 ** 20);
      expect(e.location.line).toBe(2);
      expect(e.message).toMatch(/feature index .* is too large: at most 1048575/);
    }
  });

  it('still reads the largest allowed index', async () => {
    const d = await loadDataset(dir.write('edge.svm', `1 ${MAX_LIBSVM_FEATURES - 1}:2.5\n`));
    expect(d.nFeatures).toBe(MAX_LIBSVM_FEATURES);
    expect(d.columns[MAX_LIBSVM_FEATURES - 1]![0]).toBe(2.5);
    expect(Number.isNaN(d.columns[0]![0]!)).toBe(true);
  });

  it('refuses an nFeatures option beyond the limit', async () => {
    const e = await rejection(loadDataset(dir.write('pad.svm', '1 1:1\n'), { nFeatures: MAX_LIBSVM_FEATURES + 1 }));
    expect(e.message).toMatch(/at most 1048576 feature columns/);
  });
});

/** Resolves with the load's outcome, or with 'timeout' after `ms` (the load must yield to the event loop). */
async function within(ms: number, p: Promise<unknown>): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  try {
    return await Promise.race([p.then(() => 'loaded', (err: unknown) => err), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Little-endian offsets of every 8-byte integer equal to `value` in `bytes[from, to)`. */
function int64Offsets(bytes: Uint8Array, value: number, from = 0, to = bytes.length): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: number[] = [];
  for (let i = from; i + 8 <= to; i++) if (view.getBigInt64(i, true) === BigInt(value)) out.push(i);
  return out;
}

describe('Arrow: corrupt metadata', () => {
  const table = tableFromArrays({ a: new Float32Array([1, 2, 3, 4, 5, 6, 7]), b: new Float64Array([1, 2, 3, 4, 5, 6, 7]) });

  // Before the fix, a record batch or field length of 2^26 (one corrupt 4-byte field) loaded as
  // 67 million rows of garbage from a 600-byte file (2.8 s, 800 MB): the lengths in the metadata
  // were believed over the buffers.
  it('a row count larger than the buffers hold is a DataError, found without allocating it', async () => {
    for (const kind of ['file', 'stream'] as const) {
      const ipc = tableToIPC(table, kind);
      const sites = int64Offsets(ipc, 7);
      expect(sites.length).toBeGreaterThan(0);
      let rejectedLengths = 0;
      for (const at of sites) {
        const bad = ipc.slice();
        new DataView(bad.buffer).setInt32(at, 1 << 26, true);
        const rss0 = process.memoryUsage.rss();
        const t0 = performance.now();
        const outcome = await within(5000, loadDataset(dir.write(`len-${kind}.arrow`, bad)));
        expect(performance.now() - t0).toBeLessThan(1000);
        expect(process.memoryUsage.rss() - rss0).toBeLessThan(64 * 2 ** 20);
        if (outcome === 'loaded') continue; // not a length field (e.g. a footer block's other field)
        expect(outcome).toBeInstanceOf(DataError);
        if (/67108864 rows/.test((outcome as DataError).message)) rejectedLengths++;
      }
      expect(rejectedLengths, kind).toBeGreaterThanOrEqual(2); // the batch length and a field node length
    }
  });

  // Before the fix, a file-format record batch whose message header says Schema instead of
  // RecordBatch (one corrupt byte) made apache-arrow's batch iterator re-read the same footer
  // block forever (found by the fuzz suite: the test process hung).
  it('a footer block whose message is not a record batch is a DataError, not an endless loop', async () => {
    const ipc = tableToIPC(table, 'file');
    // The Message flatbuffer of the first block (at 8): its header_type byte is 3 (RecordBatch),
    // the first 3 after three zero bytes; 1 means Schema.
    let at = -1;
    for (let i = 11; i < 80 && at < 0; i++) if (ipc[i] === 3 && ipc[i - 1] === 0 && ipc[i - 2] === 0 && ipc[i - 3] === 0) at = i;
    expect(at).toBeGreaterThan(8);
    const bad = ipc.slice();
    bad[at] = 1;
    const outcome = await within(5000, loadDataset(dir.write('loop.arrow', bad)));
    expect(outcome).toBeInstanceOf(DataError);
    expect((outcome as DataError).message).toMatch(/corrupt Arrow IPC/);
  });
});

describe('Arrow: corrupt flatbuffer vector lengths', () => {
  // A 192-byte stream file found by the fuzz suite (seed 7): a field whose children vector claims
  // 786,456 entries. apache-arrow decoded that many phantom child fields (0.8 s, +230 MB per load;
  // a larger count exhausts the heap). The vector-length guard (arrow-guard.ts) refuses it.
  const FILE =
    '/////7gAAAAQAAAAAAAKABAADgAHAAgACgAAAAAAAAEQAAAAAAAEAAgACAAAAAQACAAAAAQAAAACAAAAUAAAAAQAAADI////FAAAAAAAAAEUAAAAAAAAAhgAAAACAAAAYzEAAAAAAAAIAAwACAAHAAgAAAAAAAABIAAAABAAGAAEAAsAEwAUAAAADAAQAAAAFAAAAAAAAAEUAAAAAAAAAhgAAAADAAAAYzAKABgADAAIAAQACgAAAAAAAAAGAAgA';

  it('is a DataError at once, without building the phantom fields', async () => {
    const path = dir.write('children.arrow', Buffer.from(FILE, 'base64'));
    const rss0 = process.memoryUsage.rss();
    const t0 = performance.now();
    const e = await rejection(loadDataset(path, { label: 'c1' }));
    expect(performance.now() - t0).toBeLessThan(200);
    expect(process.memoryUsage.rss() - rss0).toBeLessThan(32 * 2 ** 20);
    expect(e.message).toMatch(/corrupt Arrow IPC data: a metadata vector claims 786456 entries/);
  });

  it('leaves valid files alone, including empty and nested vectors', async () => {
    const t = tableFromArrays({ x: new Float64Array([1.5, 2.5]), y: new Int8Array([1, 0]) });
    for (const kind of ['file', 'stream'] as const) {
      const d = await loadDataset(dir.write(`ok-${kind}.arrow`, tableToIPC(t, kind)), { label: 'y' });
      expect(Array.from(d.columns[0]!)).toEqual([1.5, 2.5]);
      expect(Array.from(d.label!)).toEqual([1, 0]);
    }
  });
});

describe('Arrow: a field without a name', () => {
  // A 458-byte file-format file from the fuzz suite (seed 7) whose second field has no name in
  // the flatbuffer (apache-arrow gives null). It loaded with a null feature name, which later
  // breaks name matching and model writing; it now reads as an empty name (generated `f1`), as
  // pyarrow reads it.
  const FILE =
    'QVJST1cxAAD/////uAAAABQAAAAAAAAADAAWABQADwAQAAQADAAAABAAAAAAAAAAAAAAAxAAAAAEAAoAGAAMAAgABAAKAAAAFAAAAFgAAAABAAAAAAAAAAAAAAAEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAACAAAAAAAAAAIAAAAAAAAAAAAAAAAAAAACAAAAAAAAAAIAAAAAAAAAAAAAAACAAAAAQAAAAAAAAAAAAAAAAAAAAEAAAAAAAAAAAAAAAAAAADqjKA5WT4pRgAAAAAAAAAA/////wAAAAAQAAAADAAUAA4AEAAEAAgADAAAABAAAAAUAAAAAAAEADQAAAAAAAAAAAAAAAEAAAAIAAAAAAAAAMAAAAAAAAAAEAAAAAAAAAAAAAAACAAIAAAABAAIAAAABAAAAAIAAABMAAAAAAAAAMz///8UAAAAAAAAARQAAAAAAAACGAAAAAIAAABjMQAAAAAAAAAABgAIAAQABgAAACAAAAAQABgABAALABMAFAAAAAwAEAAAABQAAAAAAAABFAAAAAAAAAMYAAAAAgAAAGMwAAAAAAAAAAAGAAgABgAGAAAAAAACAOAAAABBUlJPVzE=';

  it('gets a generated name, never null', async () => {
    const d = await loadDataset(dir.write('noname.arrow', Buffer.from(FILE, 'base64')));
    expect(d.featureNames.every((n) => typeof n === 'string')).toBe(true);
    expect(d.featureNames[1]).toBe('f1');
  });
});

describe('Arrow: a message length that points outside the file', () => {
  // An 829-byte stream file from the fuzz suite (seed 7): a corrupt length moved apache-arrow's
  // read position before the start of the file, and it retried a 0-byte read forever (the test
  // process hung). Reads outside the file are now a DataError.
  const FILE =
    '/////+gAAAAQAAAAAAAKABAADgAHAAgACgAAAAAAAAEQAAAAAAAEAAgACAAAAAQACAAAAAQAAAADAAAAeAAAADQAAAAEAAAA' +
    'pP///xQAAAAAAAABGAAAAAAAAAYUAAAABAAAAGMyLHkAAAAAAAAAACJ4ItT////Q////FAAAAAAAAAEYAAAAAAAAAxgAAAAE' +
    'AAAAYzHDqQAAAAAAAAAABAAEAAQAAAAQABgABAALABMAFAAAAAwAEAAAABQAAAAAAAABGAAAAAAAAAIcAAAABAAAAGMwLHkA' +
    'AAAAAAAAAAgADAAIAAcACAAAAAAAAAEQAAAA/////+gAAAAUAAAAAAAAAAwAFgAUAA8AEAAEAAwAAAAgAAAAAAAAAAAAAAMQ' +
    'AAAABAAKABgADAAIAAQACgAAABQAAAB4AAAAAwAAAAAAAAAAAAAABgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAgAAAAA' +
    'AAAACAAAAAAAAAAAAAAAAAAAAAgAAAAAAAAACAAAAAAAAAAQAAAAAAAAAAgAAAAAAAAAGAAAAAAAAAAIAAAAAAAAAAAAAAAD' +
    'AAAAAwAAAAAAAAAAAAAAAAAAAAMAAAAAAAAAAAAAAAAAAAADAAAAAAAAAAEAAAAAAAAAenP2//5bAAAOAL3GojUAAAYAAAAA' +
    'AAAABgAAAAAAAAD/////6AAAABQAAAAAAAAADAAWABQADwAQAAQADAAAACgAAAAAAAAAAAAAAxAAAAAEAAoAGAAMAAgABAAK' +
    'ABgADAAIAAQACgAAABQAAAB4AAAABQAAAAAAAAAAAAAABgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAABAAAAAAAAAAEAAA' +
    'AAAAAAAIAAAAAAAAABgAAAAAAAAAEAAAAAAAAAAoAAAAAAAAAAgAAAAAAAAAMAAAAAAAAAAIAAAAAAAAAAAAAAADAAAABQAA' +
    'AAAAAAAAAAAAAAAAAAUAAAAAAAAAAQAAAAAAAAAFAAAAAAAAAAEAAAAAAAAAWjEMAP7/AoDvuQAAAAAAABsAAAAAAAAABAAz' +
    'XQAAYJHfmgAAAAAAABsAAAAAAAAAAQAAAAAAAAD/////AAAAAA==';

  it('is a DataError, not an endless read loop', async () => {
    const outcome = await within(5000, loadDataset(dir.write('outside.arrow', Buffer.from(FILE, 'base64'))));
    expect(outcome).toBeInstanceOf(DataError);
    expect((outcome as DataError).message).toMatch(/corrupt Arrow IPC data: a message lies outside the file/);
  });
});

describe('Arrow: a stream message length that points backwards', () => {
  // A 681-byte stream file from the fuzz suite (seed 11): a negative body length moved
  // apache-arrow's read position back to an earlier message, which it read again and again,
  // loading record batches without end. A stream's reads must move forward.
  const FILE =
    '/////7gAAAAQAAAAAAAKABAADgAHAAgACgAAAAAAAAEQAAAAAAAEAAgACAAAAAQACAAAAAQAAAACAAAASAAAAAQAAADQ////' +
    'FAAAAAAAAAEUAAAAAAAAAhAAAAACAAAAYzEAAAAAAAC8////AAAAASAAAAAQABgABAALABMAFAAAAAwAEAAAABQAAAAAAAAB' +
    'GAAAAAAAAAIcAAAABAAAAGMwIHgAAAAAAAAAAAgADAAIAAcACAAAAAAAAAEQAAAA/////7gAAAAUAAAAAAAAAAwAFgAUAA8A' +
    'EAAEAAwAAAAwAAAAAAAAAAAAAAMQAAAABAAKABgADAAIAAQACgAAABQAAABYAAAABQAAAAAAAAAAAAAABAAAAAAAAAAAAAAA' +
    'CAAAAAAAAAAIAAAAAAAAABAAAAAAAAAAGAAAAAAAAAAAAAAAAAAAABgAAAAAAAAAGAAAAAAAAAAAAAAAAgAAAAUAAAAAAAAA' +
    'AgAAAAAAAAAFAAAAAAAAAAAAAAAAAAAAFgAAAAAAAAAAAAAArngAALEJAAAAAAAAw7ZKJbGOhaUXIAAAAO+d3hQ8VnCkAAAA' +
    'AP////+4AAAAFAAAAAAAAAAMABYAFAAPABAABAAMAAAAMAAAAAAAAAAAAAADEAAAAAQACgAYAAwACAAEAAoAAAAUAAAAWAAA' +
    'AAYAAAAAAAAAAAAAAAQAAAAAAAAAAAAAAAgAAAAAAAAACAAAAAAAAAAQAAAAAAAAABgAAAAAAAAAAAAAAAAAAAAYAAAAAAAA' +
    'ABgAAAAAAAAAAAAAAAIAAAAGAAAAAAAAAAEAAAAAAAAABgAAAAAAAAAAAAAAAAAAAB8AAAAAAAAADkpzqWVQvFRkZQAAAAAA' +
    'AHiBGrea/EuqCpemV/n///8KFdvP1fxqzP////8AAAAA';

  it('is a DataError, not an endless stream of batches', async () => {
    const outcome = await within(5000, loadDataset(dir.write('backwards.arrow', Buffer.from(FILE, 'base64'))));
    expect(outcome).toBeInstanceOf(DataError);
    expect((outcome as DataError).message).toMatch(/corrupt Arrow IPC stream: a message length points backwards/);
  });
});

describe('Arrow: a row count no buffer backs', () => {
  // A 240-byte stream file from the fuzz suite (seed 23): a record batch of 2^31 rows whose
  // columns have no buffers to check it against (null-type, or all null). The reader allocated
  // and filled 2^31 missing values (a hang). Rows beyond 8 per byte of the file are refused.
  const FILE =
    '/////3gAAAAQAAAAAAAKABAADgAHAAgACgAAAAAAAAEQAAAAAAAEAAgACAAAAAQACAAAAAQAAAABAAAAFAAAABAAGAAEAAsA' +
    'EwAUAAAADAAQAAAAFAAAAAAAAAEYAAAAAAAAARgAAAAEAAAAYzDDqQAAAAAAAAAABAAEAAQAAAD/////YAAAABQAAAAAAAAA' +
    'AAAKAA4ADAAHAAgACgAAAAAAAAMQAAAABAAKABgADAAIAAQACgAAABQAAAAYAAAABQAAAAAAAAAAAAAAAAAAAAAAAAABAAAA' +
    'AAAAgAAAAAAFAAAAAAAAAP////8AAAAA';

  it('is a DataError at once', async () => {
    const outcome = await within(2000, loadDataset(dir.write('rows.arrow', Buffer.from(FILE, 'base64'))));
    expect(outcome).toBeInstanceOf(DataError);
    expect((outcome as DataError).message).toMatch(/a record batch claims 2147483648 rows, more than the file can hold/);
  });

  it('a real null-type column of a few rows still loads', async () => {
    const t = new Table({ n: makeData({ type: new Null(), length: 3 }) as never, x: vectorFromArray([1, 2, 3], new Float32()) });
    const d = await loadDataset(dir.write('nulls.arrow', tableToIPC(t, 'stream')));
    expect(d.nRows).toBe(3);
    expect(Array.from(d.columns[0]!).every(Number.isNaN)).toBe(true);
  });
});

describe('very wide files: column buffers sized by the file', () => {
  // Before the fix every column started with a 16384-row buffer (64 KB): a two-row CSV of
  // 100,000 columns (400 KB) took 6.4 GB and 6.5 s; an Arrow file of 20,000 columns 1.3 GB.
  it('a two-row CSV of 100,000 columns loads in well under a second and a few MB per MB of file', async () => {
    const line = '1,' + '2,'.repeat(100_000) + '3\n';
    const path = dir.write('wide.csv', line + line);
    const rss0 = process.memoryUsage.rss();
    const t0 = performance.now();
    const d = await loadDataset(path);
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(process.memoryUsage.rss() - rss0).toBeLessThan(400 * 2 ** 20);
    expect(d.nFeatures).toBe(100_001);
    expect(d.columns[100_000]![1]).toBe(3);
  });

  it('an Arrow file of 10,000 columns loads (its initial buffers are bounded by the width too)', async () => {
    const cols: Record<string, ReturnType<typeof vectorFromArray>> = {};
    for (let j = 0; j < 10_000; j++) cols[`c${j}`] = vectorFromArray([j, 2 * j], new Float32());
    const path = dir.write('wide.arrow', tableToIPC(new Table(cols), 'file'));
    // ArrayBuffer bytes (allocated, touched or not) right after the load: the builders' buffers
    // are garbage by then but mostly not yet collected (640 MB before the fix).
    const ab0 = process.memoryUsage().arrayBuffers;
    const d = await loadDataset(path);
    expect(process.memoryUsage().arrayBuffers - ab0).toBeLessThan(200 * 2 ** 20);
    expect(d.nFeatures).toBe(10_000);
    expect(Array.from(d.columns[9999]!)).toEqual([9999, 19998]);
  });
});

describe('delimited and Arrow files: at most MAX_COLUMNS columns', () => {
  // Before the fix a 32 MB CSV line of 16 million cells built 16 million columns and exhausted
  // the V8 heap (a fatal out-of-memory crash of the process, not an exception); 8 MB took 7 s
  // and 2.5 GB. The tokenizer now stops at MAX_COLUMNS + 1 cells.
  it('a line with too many cells is a DataError, found quickly', async () => {
    const path = dir.write('cells.csv', '1,' + '2,'.repeat(MAX_COLUMNS + 1) + '3\n');
    const t0 = performance.now();
    const e = await rejection(loadDataset(path, { format: 'csv' }));
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(e.location.line).toBe(1);
    expect(e.message).toContain('at most 1048576 columns are supported');
  });

  it('a table with too many columns is refused by the column plan (Arrow schemas, headers)', () => {
    expect(() => planColumns('wide.arrow', null, MAX_COLUMNS + 1, {}, undefined)).toThrow(/wide\.arrow: the file has 1048577 columns; at most 1048576 are supported/);
    expect(planColumns('ok.arrow', null, 3, {}, undefined).featureColumns).toEqual([0, 1, 2]);
  });
});

describe('records and lines spanning many chunks are read in linear time', () => {
  // Before the fix every chunk re-joined and re-tokenized (or re-scanned) the pending record from
  // its start, so a record spanning k chunks cost k times its length: a stray quote near the top
  // of a large CSV, a huge quoted cell or a very long LibSVM line took time quadratic in its size
  // (3 s for 32 MB in 1 MiB chunks, hours for a few GB). Here: 8 MB in 4 KiB chunks (2048 chunks;
  // about a minute before the fix, milliseconds after).
  const SIZE = 8 * 2 ** 20;
  const CHUNK = 4096;
  const chunks = (text: string): Uint8Array[] => {
    const b = new TextEncoder().encode(text);
    const out: Uint8Array[] = [];
    for (let i = 0; i < b.length; i += CHUNK) out.push(b.subarray(i, i + CHUNK));
    return out;
  };

  it('a stray quote near the top of a CSV', async () => {
    const row = '1.5,2.25,3.125,4.0625\n';
    const parts = chunks('a,b,c,d\n"' + row.repeat(Math.floor(SIZE / row.length)));
    const t0 = performance.now();
    const e = await rejection(parseDelimitedChunks('quote.csv', parts, { delimiter: 44 }));
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(e.message).toMatch(/quote\.csv:2: unterminated quoted field/);
  });

  it('a huge quoted cell, and a huge unquoted line, read the same as in one chunk', async () => {
    const cell = 'x'.repeat(SIZE);
    const text = `a,b\n1,"${cell}"\n2,"y"\n3,${cell}\n`;
    const t0 = performance.now();
    const d = await parseDelimitedChunks('cell.csv', chunks(text), { delimiter: 44, ignore: ['b'] });
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(Array.from(d.columns[0]!)).toEqual([1, 2, 3]);
  });

  it('a huge LibSVM comment line (line reader)', async () => {
    const path = dir.write('comment.svm', `1 1:2 #${'x'.repeat(SIZE)}\n0 1:3\n`);
    const lines: number[] = [];
    const t0 = performance.now();
    await readLines(path, (_b, start, end, no) => lines.push(no, end - start), CHUNK);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(lines).toEqual([1, SIZE + 7, 2, 5]);
  });
});

/** A model JSON fixture written by XGBoost 1.7.4, parsed (bare NaN thresholds quoted first). */
function fixtureModel(name: string): { learner: { feature_names: string[]; feature_types: string[]; learner_model_param: Record<string, string>; gradient_booster: { model: { trees: Record<string, number[]>[] } } } } {
  const text = readFileSync(new URL(`../fixtures/models/xgboost-1.7.4-features/${name}`, import.meta.url), 'utf8');
  return JSON.parse(text.replaceAll('NaN', '"NaN"')) as ReturnType<typeof fixtureModel>;
}

function modelError(text: string): ModelError {
  try {
    Booster.fromJSON(text, 'm.json').predict([[0, 0, 0, 0]]);
  } catch (err) {
    expect(err).toBeInstanceOf(ModelError);
    return err as ModelError;
  }
  throw new Error('expected a ModelError');
}

describe('model JSON: hostile values', () => {
  // Before the fix, num_feature "500000000" (with empty feature_names) loaded, and predict threw
  // a RangeError allocating its 128-row block of 500 million features.
  it('refuses a num_feature beyond MAX_MODEL_FEATURES at load, naming it', () => {
    const m = fixtureModel('poisson.model.json');
    m.learner.feature_names = [];
    m.learner.feature_types = [];
    m.learner.learner_model_param.num_feature = '500000000';
    const e = modelError(JSON.stringify(m));
    expect(e.message).toMatch(/learner_model_param\.num_feature: 500000000 features: at most 16777216 are supported/);
    // the limit itself loads and predicts
    m.learner.learner_model_param.num_feature = String(MAX_MODEL_FEATURES);
    const b = Booster.fromJSON(JSON.stringify(m));
    expect(b.nFeatures).toBe(MAX_MODEL_FEATURES);
    expect(Number.isFinite(b.predict([new Float32Array(MAX_MODEL_FEATURES)])[0])).toBe(true);
  });

  // Before the fix, category sets that share entries of `categories` passed the checks and made
  // compileForest write past the end of its category table (RangeError at predict time).
  it('refuses categorical segments that overlap', () => {
    const m = fixtureModel('cat-onehot.model.json');
    const tree = m.learner.gradient_booster.model.trees[0]!;
    expect(tree.categories_nodes!.length).toBeGreaterThan(1);
    tree.categories_segments = tree.categories_segments!.map(() => 0);
    tree.categories_sizes = tree.categories_sizes!.map(() => tree.categories!.length);
    const e = modelError(JSON.stringify(m).replaceAll('"NaN"', 'NaN'));
    expect(e.message).toMatch(/trees\[0\]: categories_sizes add up to \d+, but categories has \d+ entries \(the category sets overlap\)/);
  });
});
