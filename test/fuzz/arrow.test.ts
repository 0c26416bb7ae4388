/**
 * Fuzzing the Arrow IPC reader through loadDataset.
 *
 * 1. Generated tables (every numeric width, float16 as raw bits, 64-bit integers, bool, null-type
 *    columns, nulls anywhere, several record batches, file and stream format, a label column by
 *    name) load to the values they were generated from, converted by the reference rules in this
 *    file (null -> NaN, integers and doubles -> nearest float32, float16 decoded from its bits,
 *    bool -> 0/1). Datasets written by writeArrow (with recorded label/weight/qid/position roles)
 *    load back unchanged.
 * 2. The same files mutated (flipped and inserted bytes, truncation, ...) and random bytes after
 *    an Arrow magic either load to a well-formed Dataset or fail with a DataError, each within the
 *    time bound, without retained memory growth.
 */
import { statSync } from 'node:fs';
import fc from 'fast-check';
import {
  Bool, Field, Float16, Float32, Float64, Int16, Int32, Int64, Int8, Null, RecordBatch, Schema, Struct, Table, Uint16, Uint32, Uint64, Uint8,
  makeData, tableToIPC, type Data, type DataType,
} from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { writeArrow } from '../../src/data/arrow-writer.js';
import type { Dataset } from '../../src/data/dataset.js';
import type { LoadOptions } from '../../src/data/load.js';
import { loadOrReject, loadRefusedAsInfinite, loadWellFormed } from './dataset-checks.js';
import { DATA_ERRORS, expectBothOutcomes, FC_PARAMS, FUZZ_TEST_TIMEOUT_MS, FuzzBatch, MUTATION_RUNS, REFERENCE_RUNS, showBytes, useFuzzDir } from './harness.js';
import { applyMutations, int32MutationArb, mutationsArb } from './mutate.js';
import { firstDifference } from './tokens.js';

const dir = useFuzzDir('arrow');

// ---------------------------------------------------------------------------------------------
// Generated tables

type Kind = 'f64' | 'f32' | 'f16' | 'i8' | 'i16' | 'i32' | 'i64' | 'u8' | 'u16' | 'u32' | 'u64' | 'bool' | 'null';
const KINDS: Kind[] = ['f64', 'f32', 'f16', 'i8', 'i16', 'i32', 'i64', 'u8', 'u16', 'u32', 'u64', 'bool', 'null'];

/** A cell as generated: a number, a bigint (64-bit kinds), float16 bits, a boolean, or null. */
type Value = number | bigint | boolean | null;

interface ColumnSpec {
  name: string;
  kind: Kind;
  values: Value[];
}

interface ArrowCase {
  columns: ColumnSpec[];
  /** Row counts of the record batches (sum = nRows). */
  batches: number[];
  format: 'file' | 'stream';
  /** Index of the column given as the label, or -1. */
  label: number;
}

function valueArb(kind: Kind): fc.Arbitrary<Value> {
  switch (kind) {
    case 'f64':
      return fc.oneof(fc.double(), fc.constantFrom(1e30, -1e30, 3.5e38, 1e-46, 5e-324));
    case 'f32':
      return fc.float();
    case 'f16':
      return fc.integer({ min: 0, max: 0xffff }); // raw half-precision bits
    case 'i8':
      return fc.integer({ min: -128, max: 127 });
    case 'i16':
      return fc.integer({ min: -32768, max: 32767 });
    case 'i32':
      return fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
    case 'u8':
      return fc.integer({ min: 0, max: 255 });
    case 'u16':
      return fc.integer({ min: 0, max: 65535 });
    case 'u32':
      return fc.integer({ min: 0, max: 2 ** 32 - 1 });
    case 'i64':
      return fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
    case 'u64':
      return fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
    case 'bool':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
  }
}

const NAME_SUFFIXES = ['', ' x', ',y', '"q"', 'é', '中文', '\n', ''];

function caseArb(): fc.Arbitrary<ArrowCase> {
  return fc
    .record({
      nCols: fc.integer({ min: 1, max: 6 }),
      batches: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 3 }),
      format: fc.constantFrom('file' as const, 'stream' as const),
      withLabel: fc.boolean(),
    })
    .chain(({ nCols, batches, format, withLabel }) => {
      const nRows = batches.reduce((a, b) => a + b, 0);
      const column = (j: number, label: boolean): fc.Arbitrary<ColumnSpec> =>
        (label ? fc.constantFrom<Kind>('f64', 'f32', 'i32', 'u8', 'i64') : fc.constantFrom(...KINDS)).chain((kind) =>
          fc.record({
            name: fc.constantFrom(...NAME_SUFFIXES).map((s) => `c${j}${s}`),
            kind: fc.constant(kind),
            values: fc.array(
              label
                ? valueArb(kind).filter((v) => v !== null && Number.isFinite(referenceValue(kind, v)))
                : fc.oneof({ weight: 5, arbitrary: valueArb(kind) }, { weight: 1, arbitrary: fc.constant(null) }),
              { minLength: nRows, maxLength: nRows },
            ),
          }),
        );
      return fc.record({
        columns: fc.tuple(...Array.from({ length: nCols }, (_, j) => column(j, withLabel && j === nCols - 1))),
        batches: fc.constant(batches),
        format: fc.constant(format),
        label: fc.constant(withLabel ? nCols - 1 : -1),
      });
    });
}

/** Reference decoding of IEEE 754 half-precision bits (written independently of the reader). */
function decodeHalf(bits: number): number {
  const sign = bits >> 15 ? -1 : 1;
  const exponent = (bits >> 10) & 31;
  const fraction = bits & 1023;
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  if (exponent === 0) return sign * (fraction / 1024) * 2 ** -14;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** The float32 a generated cell must load as. */
function referenceValue(kind: Kind, v: Value): number {
  if (v === null) return NaN;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return Math.fround(Number(v));
  if (kind === 'f16') return Math.fround(decodeHalf(v));
  return Math.fround(v);
}

function arrowType(kind: Kind): DataType {
  switch (kind) {
    case 'f64': return new Float64();
    case 'f32': return new Float32();
    case 'f16': return new Float16();
    case 'i8': return new Int8();
    case 'i16': return new Int16();
    case 'i32': return new Int32();
    case 'i64': return new Int64();
    case 'u8': return new Uint8();
    case 'u16': return new Uint16();
    case 'u32': return new Uint32();
    case 'u64': return new Uint64();
    case 'bool': return new Bool();
    case 'null': return new Null();
  }
}

/** The value buffer of a column slice (nulls as zero). */
function valueBuffer(kind: Kind, values: Value[]): ArrayBufferView {
  const n = values.length;
  const nums = values.map((v) => (v === null ? 0 : v));
  switch (kind) {
    case 'f64': return Float64Array.from(nums as number[]);
    case 'f32': return Float32Array.from(nums as number[]);
    case 'f16': return Uint16Array.from(nums as number[]);
    case 'i8': return Int8Array.from(nums as number[]);
    case 'i16': return Int16Array.from(nums as number[]);
    case 'i32': return Int32Array.from(nums as number[]);
    case 'u8': return Uint8Array.from(nums as number[]);
    case 'u16': return Uint16Array.from(nums as number[]);
    case 'u32': return Uint32Array.from(nums as number[]);
    case 'i64': return BigInt64Array.from(values.map((v) => (v === null ? 0n : (v as bigint))));
    case 'u64': return BigUint64Array.from(values.map((v) => (v === null ? 0n : (v as bigint))));
    case 'bool': {
      const bits = new Uint8Array(Math.ceil(n / 8));
      values.forEach((v, i) => {
        if (v === true) bits[i >> 3]! |= 1 << (i & 7);
      });
      return bits;
    }
    case 'null': return new Uint8Array(0);
  }
}

function columnData(kind: Kind, values: Value[]): Data {
  const type = arrowType(kind);
  const n = values.length;
  if (kind === 'null') return makeData({ type: type as Null, length: n });
  const nullCount = values.filter((v) => v === null).length;
  const nullBitmap = new Uint8Array(Math.ceil(n / 8));
  values.forEach((v, i) => {
    if (v !== null) nullBitmap[i >> 3]! |= 1 << (i & 7);
  });
  // makeData's overloads are per type; the props object is the same shape for every numeric type.
  const props = { type, length: n, nullCount, nullBitmap: nullCount > 0 ? nullBitmap : null, data: valueBuffer(kind, values) };
  return makeData(props as unknown as { type: Float64; length: number; nullCount: number; nullBitmap: Uint8Array | null; data: Float64Array });
}

function toIpc(c: ArrowCase): Uint8Array {
  const fields = c.columns.map((col) => new Field(col.name, arrowType(col.kind), true));
  const schema = new Schema(fields);
  const batches: RecordBatch[] = [];
  let r0 = 0;
  for (const size of c.batches) {
    const children = c.columns.map((col) => columnData(col.kind, col.values.slice(r0, r0 + size)));
    batches.push(new RecordBatch(schema, makeData({ type: new Struct(fields), length: size, nullCount: 0, children })));
    r0 += size;
  }
  return tableToIPC(new Table(schema, batches), c.format);
}

function loadOptions(c: ArrowCase): LoadOptions {
  return c.label >= 0 ? { label: c.columns[c.label]!.name } : {};
}

function difference(d: Dataset, c: ArrowCase): string | null {
  const nRows = c.batches.reduce((a, b) => a + b, 0);
  const features = c.columns.filter((_, j) => j !== c.label);
  if (d.nRows !== nRows) return `nRows ${d.nRows}, expected ${nRows}`;
  if (d.nFeatures !== features.length) return `nFeatures ${d.nFeatures}, expected ${features.length}`;
  const names = features.map((f) => f.name);
  if (JSON.stringify(d.featureNames) !== JSON.stringify(names)) return `names ${JSON.stringify(d.featureNames)}, expected ${JSON.stringify(names)}`;
  for (let k = 0; k < features.length; k++) {
    const f = features[k]!;
    const diff = firstDifference(`column ${k} (${f.kind})`, d.columns[k]!, f.values.map((v) => referenceValue(f.kind, v)));
    if (diff) return diff;
  }
  if (c.label >= 0) {
    const l = c.columns[c.label]!;
    return firstDifference('label', d.label ?? [], l.values.map((v) => referenceValue(l.kind, v)));
  }
  return d.label === null ? null : 'unexpected label';
}

/** A random Dataset for the writeArrow round trip. */
const datasetArb: fc.Arbitrary<Dataset> = fc
  .record({ nRows: fc.integer({ min: 1, max: 12 }), nFeatures: fc.integer({ min: 0, max: 5 }), names: fc.boolean(), label: fc.boolean(), weight: fc.boolean(), groups: fc.boolean(), position: fc.boolean() })
  .filter((s) => s.nFeatures + Number(s.label) + Number(s.weight) + Number(s.groups) + Number(s.position) > 0) // a file with no column at all is refused
  .chain((s) =>
    fc.record({
      columns: fc.array(fc.array(fc.oneof(fc.float({ noDefaultInfinity: true }), fc.constant(NaN)), { minLength: s.nRows, maxLength: s.nRows }), { minLength: s.nFeatures, maxLength: s.nFeatures }),
      label: fc.array(fc.float({ noNaN: true, noDefaultInfinity: true }), { minLength: s.nRows, maxLength: s.nRows }),
      weight: fc.array(fc.float({ min: 0, max: 1e6, noNaN: true }), { minLength: s.nRows, maxLength: s.nRows }),
      cuts: fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, s.nRows - 1) }), { maxLength: 3 }),
      position: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: s.nRows, maxLength: s.nRows }),
      featureNames: fc.constant(Array.from({ length: s.nFeatures }, (_, j) => (s.names ? `feat ${j}` : `f${j}`))),
      spec: fc.constant(s),
    }),
  )
  .map(({ columns, label, weight, cuts, position, featureNames, spec }) => {
    const offsets = [0, ...cuts.filter((x) => x < spec.nRows).sort((a, b) => a - b), spec.nRows];
    return {
      nRows: spec.nRows,
      nFeatures: spec.nFeatures,
      featureNames,
      hasFeatureNames: spec.names,
      columns: columns.map((c) => Float32Array.from(c)),
      label: spec.label ? Float32Array.from(label) : null,
      weight: spec.weight ? Float32Array.from(weight) : null,
      queryOffsets: spec.groups ? Uint32Array.from(offsets) : null,
      position: spec.position ? Int32Array.from(position) : null,
      source: 'generated',
    };
  });

function sameDataset(a: Dataset, b: Dataset): string | null {
  if (a.nRows !== b.nRows || a.nFeatures !== b.nFeatures) return `shape ${a.nRows}x${a.nFeatures}, expected ${b.nRows}x${b.nFeatures}`;
  if (JSON.stringify(a.featureNames) !== JSON.stringify(b.featureNames) || a.hasFeatureNames !== b.hasFeatureNames) return `names ${JSON.stringify(a.featureNames)}`;
  for (let j = 0; j < b.nFeatures; j++) {
    const d = firstDifference(`column ${j}`, a.columns[j]!, b.columns[j]!);
    if (d) return d;
  }
  const pairs: [string, ArrayLike<number> | null, ArrayLike<number> | null][] = [
    ['label', a.label, b.label],
    ['weight', a.weight, b.weight],
    ['queryOffsets', a.queryOffsets, b.queryOffsets],
    ['position', a.position, b.position],
  ];
  for (const [what, x, y] of pairs) {
    if ((x === null) !== (y === null)) return `${what} ${x === null ? 'absent' : 'present'}`;
    if (x !== null && y !== null) {
      const d = firstDifference(what, x, y);
      if (d) return d;
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------

describe('fuzz: Arrow IPC reader', () => {
  it(`generated tables load to the reference values (${REFERENCE_RUNS} cases)`, async () => {
    const path = dir.path('gen.arrow');
    const batch = new FuzzBatch('arrow: generated tables vs reference', DATA_ERRORS, path);
    const input = fc.oneof({ weight: 4, arbitrary: caseArb().map((c) => ({ c, ds: null })) }, { weight: 1, arbitrary: datasetArb.map((ds) => ({ c: null, ds })) });
    await fc.assert(
      fc.asyncProperty(input, async ({ c, ds }) => {
        let bytes: number;
        if (c !== null) {
          const ipc = toIpc(c);
          bytes = ipc.length;
          dir.write('gen.arrow', ipc);
        } else {
          await writeArrow(path, ds!);
          bytes = statSync(path).size;
        }
        const show = (): string => JSON.stringify(c ?? ds, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
        if (c !== null) {
          const features = c.columns.filter((_, j) => j !== c.label);
          const inf = (f: (typeof features)[number], v: Value): boolean => Math.abs(referenceValue(f.kind, v)) === Infinity;
          if (features.some((f) => f.values.some((v) => inf(f, v)))) {
            const at = (name: string, row: number): boolean => {
              const f = features.find((x) => x.name === name);
              return f !== undefined && row >= 1 && inf(f, f.values[row - 1]!);
            };
            await loadRefusedAsInfinite(batch, path, loadOptions(c), bytes, show, at);
            return;
          }
        }
        const loaded = await loadWellFormed(batch, path, c !== null ? loadOptions(c) : {}, bytes, show);
        const diff = c !== null ? difference(loaded, c) : sameDataset(loaded, ds!);
        if (diff) throw new Error(diff);
      }),
      { ...FC_PARAMS, numRuns: REFERENCE_RUNS },
    );
    expect(batch.finish().cases).toBeGreaterThanOrEqual(REFERENCE_RUNS);
  }, FUZZ_TEST_TIMEOUT_MS);

  it(`mutated files and random bytes load or fail with a DataError (${MUTATION_RUNS} cases)`, async () => {
    const path = dir.path('mut.arrow');
    const batch = new FuzzBatch('arrow: mutated files and random bytes', DATA_ERRORS, path);
    const magic = (kind: 'file' | 'stream'): Uint8Array => (kind === 'file' ? new TextEncoder().encode('ARROW1\0\0') : Uint8Array.of(0xff, 0xff, 0xff, 0xff));
    const input = fc.oneof(
      { weight: 6, arbitrary: fc.tuple(caseArb(), mutationsArb).map(([c, ms]) => ({ bytes: applyMutations(toIpc(c), ms), options: loadOptions(c) })) },
      { weight: 3, arbitrary: fc.tuple(caseArb(), int32MutationArb).map(([c, m]) => ({ bytes: applyMutations(toIpc(c), [m]), options: loadOptions(c) })) },
      {
        weight: 1,
        arbitrary: fc.tuple(fc.constantFrom('file' as const, 'stream' as const), fc.uint8Array({ maxLength: 600 })).map(([k, rest]) => {
          const m = magic(k);
          const bytes = new Uint8Array(m.length + rest.length);
          bytes.set(m);
          bytes.set(rest, m.length);
          return { bytes, options: { format: 'arrow' } as LoadOptions };
        }),
      },
    );
    await fc.assert(
      fc.asyncProperty(input, async ({ bytes, options }) => {
        dir.write('mut.arrow', bytes);
        // Every row of a numeric or bool column takes at least one bit of the file: more rows than
        // that means lengths from the metadata were believed over the buffers.
        await loadOrReject(batch, path, options, bytes.length, () => `${showBytes(bytes)} options ${JSON.stringify(options)}`, (d) => {
          const valueColumns = d.columns.filter((c) => c.some((v) => !Number.isNaN(v))).length + (d.label !== null ? 1 : 0);
          return valueColumns > 0 && d.nRows > 8 * bytes.length ? `${d.nRows} rows from ${bytes.length} bytes` : null;
        });
      }),
      { ...FC_PARAMS, numRuns: MUTATION_RUNS },
    );
    expectBothOutcomes(batch, MUTATION_RUNS);
  }, FUZZ_TEST_TIMEOUT_MS);
});
