/**
 * Unit kernels: the one shape of parallel work. A unit kernel is a plain function that runs unit
 * `u` of a batch over arrays in the kernels' shared memory and writes only that unit's own,
 * disjoint outputs, so the result never depends on which thread ran which unit. The calling
 * thread and the workers run the same function in the same claim loop (claimUnits).
 *
 * A kernel's arguments are declared once as a schema of typed fields (arrays by element type,
 * numbers, plain data); `encodeArgs` turns the caller's arrays into byte addresses for the task
 * message and `decodeArgs` turns them back into views on the worker, so both sides hand the
 * function the same record. Per-unit records (a batch's list of windows, nodes...) are declared
 * with `record`, whose named offsets both the writer and the reader use.
 */
import type { BinArray } from '../types.js';
import type { ThreadScope } from './thread-scope.js';

type FieldKind = 'f64' | 'f32' | 'u32' | 'i32' | 'u8' | 'u16' | 'codes' | 'f64s' | 'f32s' | 'number' | 'data';

/** One argument: its kind, whether it may be null, and (type only) its value's type. */
export interface Field<T> {
  readonly kind: FieldKind;
  readonly optional: boolean;
  /** Type-level only: the value's type. */
  readonly type?: T;
}

function field<T>(kind: FieldKind, optional = false): Field<T> {
  return { kind, optional };
}

/** The argument field kinds. Arrays must live in the kernels' shared memory. */
export const arg = {
  f64: field<Float64Array>('f64'),
  f32: field<Float32Array>('f32'),
  u32: field<Uint32Array>('u32'),
  i32: field<Int32Array>('i32'),
  u8: field<Uint8Array>('u8'),
  u16: field<Uint16Array>('u16'),
  /** Bin codes: Uint8Array or Uint16Array. */
  codes: field<BinArray>('codes'),
  /** A list of Float64Arrays (a batch's histograms); unit records name them by index. */
  f64s: field<readonly Float64Array[]>('f64s'),
  /** A list of Float32Arrays (a validation set's columns). */
  f32s: field<readonly Float32Array[]>('f32s'),
  number: field<number>('number'),
  /** Plain data sent by structured clone (small: a config, a unit list, a tree's node arrays). */
  data: <T>(): Field<T> => field<T>('data'),
  /** The same field, or null. */
  optional: <T>(f: Field<T>): Field<T | null> => field<T | null>(f.kind, true),
} as const;

/** A kernel's argument schema. */
export type Schema = Readonly<Record<string, Field<unknown>>>;

/** The argument record a schema describes. */
export type ArgsOf<S extends Schema> = { readonly [K in keyof S]: S[K] extends Field<infer T> ? T : never };

/** Arguments as a task carries them: arrays as [byteOffset, length] (null: absent), the rest as given. */
export type EncodedArgs = Readonly<Record<string, unknown>>;

export type AnyArray = Float64Array | Float32Array | Uint32Array | Int32Array | Uint8Array | Uint16Array;

/** Where arrays are named by byte address (SharedKernelMemory is one). */
export interface AddressSpace {
  /** Byte address of `a[0]`; throws when `a` is not a view of the shared memory. */
  address(a: AnyArray, argName: string): number;
}

/** The arrays of `args` as byte addresses in `sh` (throws when one is not in it). */
export function encodeArgs<S extends Schema>(schema: S, sh: AddressSpace, args: ArgsOf<S>): EncodedArgs {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(schema)) {
    const f = schema[name]!;
    const v = (args as Record<string, unknown>)[name];
    if (f.kind === 'number' || f.kind === 'data') out[name] = v;
    else if (v === null) {
      if (!f.optional) throw new Error(`unit kernel argument ${name} is null`);
      out[name] = null;
    } else if (f.kind === 'f64s' || f.kind === 'f32s') {
      out[name] = (v as readonly (Float64Array | Float32Array)[]).map((a) => [sh.address(a, name), a.length]);
    } else {
      const a = v as AnyArray;
      out[name] = [sh.address(a, name), a.length, a.BYTES_PER_ELEMENT];
    }
  }
  return out;
}

/** Views of `buffer` for the encoded arrays: the record the caller passed. */
export function decodeArgs<S extends Schema>(schema: S, buffer: ArrayBufferLike, enc: EncodedArgs): ArgsOf<S> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(schema)) {
    const f = schema[name]!;
    const v = enc[name];
    if (f.kind === 'number' || f.kind === 'data' || v === null) {
      out[name] = v;
      continue;
    }
    if (f.kind === 'f64s') {
      out[name] = (v as [number, number][]).map(([at, length]) => new Float64Array(buffer, at, length));
      continue;
    }
    if (f.kind === 'f32s') {
      out[name] = (v as [number, number][]).map(([at, length]) => new Float32Array(buffer, at, length));
      continue;
    }
    const [at, length, bytes] = v as [number, number, number];
    switch (f.kind) {
      case 'f64': out[name] = new Float64Array(buffer, at, length); break;
      case 'f32': out[name] = new Float32Array(buffer, at, length); break;
      case 'u32': out[name] = new Uint32Array(buffer, at, length); break;
      case 'i32': out[name] = new Int32Array(buffer, at, length); break;
      case 'u8': out[name] = new Uint8Array(buffer, at, length); break;
      case 'u16': out[name] = new Uint16Array(buffer, at, length); break;
      case 'codes': out[name] = bytes === 1 ? new Uint8Array(buffer, at, length) : new Uint16Array(buffer, at, length); break;
    }
  }
  return out as ArgsOf<S>;
}

/** Named offsets of a fixed-size record of numbers (one unit's entry in a flat list). */
export interface RecordLayout<K extends string> {
  /** Numbers per record. */
  readonly size: number;
  /** Offset of each field within a record. */
  readonly at: { readonly [F in K]: number };
  /** Appends one record to `out`. */
  push(out: number[], values: { readonly [F in K]: number }): void;
}

/** A record layout with the fields `names`, in that order. */
export function record<const K extends string>(names: readonly K[]): RecordLayout<K> {
  const at = {} as Record<K, number>;
  names.forEach((n, i) => (at[n] = i));
  return {
    size: names.length,
    at,
    push(out, values) {
      for (const n of names) out.push(values[n]);
    },
  };
}

/** A unit kernel (see the file comment). */
export interface UnitKernel<S extends Schema> {
  /** Registry name (src/kernels/units/registry.ts). */
  readonly name: string;
  readonly args: S;
  /**
   * Cost of one item of a batch's work (a row, a (row, feature) update, a bin...) relative to the
   * executor's unit of cost (executor.ts): the one rule deciding when a batch goes to workers.
   */
  readonly itemCost: number;
  /** Runs unit `unit`; writes only that unit's outputs. */
  readonly run: (scope: ThreadScope, args: ArgsOf<S>, unit: number) => void;
}

/** Declares a unit kernel. */
export function unitKernel<S extends Schema>(name: string, args: S, itemCost: number, run: (scope: ThreadScope, args: ArgsOf<S>, unit: number) => void): UnitKernel<S> {
  return { name, args, itemCost, run };
}

/**
 * The claim loop the calling thread and every worker run: the next unit from the shared counter
 * (Atomics.add) until none is left.
 * @param counter Int32Array in shared memory; word 0 is the next unclaimed unit.
 */
export function claimUnits(counter: Int32Array, nUnits: number, run: (unit: number) => void): void {
  for (let u = Atomics.add(counter, 0, 1); u < nUnits; u = Atomics.add(counter, 0, 1)) run(u);
}

/** For type positions: any unit kernel. */
export type AnyUnitKernel = UnitKernel<Schema>;
