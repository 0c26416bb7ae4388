/**
 * Fuzzing the Parquet reader through loadDataset.
 *
 * 1. Generated tables (int8..int64, uint8/uint32, float32, float64, bool, nulls anywhere, 1 to 5
 *    row groups, every page codec, dictionary or plain pages, a label column by name), written by
 *    parquet-wasm, load to the values they were generated from (null -> NaN, integers and doubles
 *    -> nearest float32, bool -> 0/1).
 * 2. The same files mutated (flipped and inserted bytes, truncation, 32-bit counts...), and random
 *    bytes between a `PAR1` head and tail, either load to a well-formed Dataset or fail with a
 *    DataError, each within the time bound, without retained memory growth.
 */
import fc from 'fast-check';
import { Bool, Float32, Float64, Int16, Int32, Int64, Int8, Table, Uint32, Uint8, vectorFromArray, type DataType } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import type { LoadOptions } from '../../src/data/load.js';
import { parquetBytes, type ParquetCodec } from '../data/parquet-files.js';
import { loadOrReject, loadRefusedAsInfinite, loadWellFormed } from './dataset-checks.js';
import { DATA_ERRORS, FC_PARAMS, FUZZ_TEST_TIMEOUT_MS, FuzzBatch, MUTATION_RUNS, REFERENCE_RUNS, showBytes, useFuzzDir } from './harness.js';
import { applyMutations, int32MutationArb, mutationsArb } from './mutate.js';
import { firstDifference } from './tokens.js';

const dir = useFuzzDir('parquet');

type Kind = 'f64' | 'f32' | 'i8' | 'i16' | 'i32' | 'i64' | 'u8' | 'u32' | 'bool';
const KINDS: Kind[] = ['f64', 'f32', 'i8', 'i16', 'i32', 'i64', 'u8', 'u32', 'bool'];
type Value = number | bigint | boolean | null;

interface ColumnSpec {
  name: string;
  kind: Kind;
  values: Value[];
}

interface ParquetCase {
  columns: ColumnSpec[];
  rowGroupRows: number;
  codec: ParquetCodec;
  dictionary: boolean;
  /** Index of the column given as the label, or -1. */
  label: number;
}

function valueArb(kind: Kind): fc.Arbitrary<Value> {
  switch (kind) {
    case 'f64': return fc.oneof(fc.double({ noNaN: true }), fc.constantFrom(1e30, -1e30, 3.5e38, 1e-46, 5e-324));
    case 'f32': return fc.float({ noNaN: true });
    case 'i8': return fc.integer({ min: -128, max: 127 });
    case 'i16': return fc.integer({ min: -32768, max: 32767 });
    case 'i32': return fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
    case 'u8': return fc.integer({ min: 0, max: 255 });
    case 'u32': return fc.integer({ min: 0, max: 2 ** 32 - 1 });
    case 'i64': return fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
    case 'bool': return fc.boolean();
  }
}

function arrowType(kind: Kind): DataType {
  switch (kind) {
    case 'f64': return new Float64();
    case 'f32': return new Float32();
    case 'i8': return new Int8();
    case 'i16': return new Int16();
    case 'i32': return new Int32();
    case 'i64': return new Int64();
    case 'u8': return new Uint8();
    case 'u32': return new Uint32();
    case 'bool': return new Bool();
  }
}

/** What the reader must give for a generated cell. */
function referenceValue(v: Value): number {
  if (v === null) return NaN;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return Math.fround(Number(v));
}

const caseArb = (): fc.Arbitrary<ParquetCase> =>
  fc
    .record({
      nRows: fc.integer({ min: 1, max: 40 }),
      kinds: fc.array(fc.constantFrom(...KINDS), { minLength: 1, maxLength: 5 }),
      rowGroupRows: fc.integer({ min: 1, max: 16 }),
      codec: fc.constantFrom<ParquetCodec>('snappy', 'zstd', 'gzip', 'none'),
      dictionary: fc.boolean(),
      withLabel: fc.boolean(),
    })
    .chain((s) =>
      fc.record({
        columns: fc.tuple(
          ...s.kinds.map((kind, j) =>
            fc.array(fc.option(valueArb(kind), { freq: 4 }), { minLength: s.nRows, maxLength: s.nRows }).map((values): ColumnSpec => ({ name: `c${j}`, kind, values })),
          ),
        ),
        spec: fc.constant(s),
      }),
    )
    .map(({ columns, spec }) => {
      // A label must be a finite float32 in every row: the label column (the first f64 one) gets
      // no nulls and no values beyond float32's range.
      const label = spec.withLabel ? columns.findIndex((c) => c.kind === 'f64') : -1;
      const finite = (v: Value): Value => (v === null ? 0 : Math.max(-3e38, Math.min(3e38, v as number)));
      if (label >= 0) columns[label] = { ...columns[label]!, values: columns[label]!.values.map(finite) };
      // apache-arrow writes an all-null column without a value buffer, which parquet-wasm's
      // IPC reader refuses: such a column gets one value (all-null rows still occur in groups).
      columns.forEach((c, j) => {
        if (c.values.every((v) => v === null)) columns[j] = { ...c, values: [c.kind === 'bool' ? false : c.kind === 'i64' ? 0n : 0, ...c.values.slice(1)] };
      });
      return { columns, rowGroupRows: spec.rowGroupRows, codec: spec.codec, dictionary: spec.dictionary, label };
    });

function toParquet(c: ParquetCase): Uint8Array {
  const vectors = Object.fromEntries(c.columns.map((col) => [col.name, vectorFromArray(col.values, arrowType(col.kind))]));
  return parquetBytes(new Table(vectors), { codec: c.codec, rowGroupRows: c.rowGroupRows, dictionary: c.dictionary });
}

function loadOptions(c: ParquetCase): LoadOptions {
  return c.label >= 0 ? { label: c.columns[c.label]!.name } : {};
}

function difference(d: { nRows: number; nFeatures: number; featureNames: string[]; columns: Float32Array[]; label: Float32Array | null }, c: ParquetCase): string | null {
  const nRows = c.columns[0]!.values.length;
  const features = c.columns.filter((_, j) => j !== c.label);
  if (d.nRows !== nRows) return `nRows ${d.nRows}, expected ${nRows}`;
  if (d.nFeatures !== features.length) return `nFeatures ${d.nFeatures}, expected ${features.length}`;
  if (JSON.stringify(d.featureNames) !== JSON.stringify(features.map((f) => f.name))) return `names ${JSON.stringify(d.featureNames)}`;
  for (let k = 0; k < features.length; k++) {
    const diff = firstDifference(`column ${k} (${features[k]!.kind})`, d.columns[k]!, features[k]!.values.map(referenceValue));
    if (diff) return diff;
  }
  if (c.label >= 0) return firstDifference('label', d.label ?? [], c.columns[c.label]!.values.map(referenceValue));
  return d.label === null ? null : 'unexpected label';
}

const show = (c: ParquetCase): string => JSON.stringify(c, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));

describe('fuzz: Parquet reader', () => {
  it(`generated tables load to the reference values (${REFERENCE_RUNS / 2} cases)`, async () => {
    const path = dir.path('gen.parquet');
    const batch = new FuzzBatch('parquet: generated tables vs reference', DATA_ERRORS, path);
    await fc.assert(
      fc.asyncProperty(caseArb(), async (c) => {
        const bytes = toParquet(c);
        dir.write('gen.parquet', bytes);
        const features = c.columns.filter((_, j) => j !== c.label);
        const infiniteAt = (name: string, row: number): boolean => {
          const f = features.find((x) => x.name === name);
          return f !== undefined && row >= 1 && Math.abs(referenceValue(f.values[row - 1]!)) === Infinity;
        };
        if (features.some((f) => f.values.some((v) => Math.abs(referenceValue(v)) === Infinity))) {
          await loadRefusedAsInfinite(batch, path, loadOptions(c), bytes.length, () => show(c), infiniteAt);
          return;
        }
        const loaded = await loadWellFormed(batch, path, loadOptions(c), bytes.length, () => show(c));
        const diff = difference(loaded, c);
        if (diff) throw new Error(`${diff}\n${show(c)}`);
      }),
      { ...FC_PARAMS, numRuns: REFERENCE_RUNS / 2 },
    );
    expect(batch.finish().cases).toBeGreaterThanOrEqual(REFERENCE_RUNS / 2);
  }, FUZZ_TEST_TIMEOUT_MS);

  it(`mutated files and random bytes load or fail with a DataError (${MUTATION_RUNS} cases)`, async () => {
    const path = dir.path('mut.parquet');
    const batch = new FuzzBatch('parquet: mutated files and random bytes', DATA_ERRORS, path);
    const magic = new TextEncoder().encode('PAR1');
    const input = fc.oneof(
      { weight: 6, arbitrary: fc.tuple(caseArb(), mutationsArb).map(([c, ms]) => ({ bytes: applyMutations(toParquet(c), ms), options: loadOptions(c) })) },
      { weight: 3, arbitrary: fc.tuple(caseArb(), int32MutationArb).map(([c, m]) => ({ bytes: applyMutations(toParquet(c), [m]), options: loadOptions(c) })) },
      {
        weight: 1,
        arbitrary: fc.uint8Array({ maxLength: 600 }).map((rest) => {
          const bytes = new Uint8Array(rest.length + 8);
          bytes.set(magic);
          bytes.set(rest, 4);
          bytes.set(magic, rest.length + 4);
          return { bytes, options: {} as LoadOptions };
        }),
      },
    );
    await fc.assert(
      fc.asyncProperty(input, async ({ bytes, options }) => {
        dir.write('mut.parquet', bytes);
        await loadOrReject(batch, path, options, bytes.length, () => `${showBytes(bytes)} options ${JSON.stringify(options)}`);
      }),
      { ...FC_PARAMS, numRuns: MUTATION_RUNS },
    );
    expect(batch.finish().cases).toBeGreaterThanOrEqual(MUTATION_RUNS);
  }, FUZZ_TEST_TIMEOUT_MS);
});
