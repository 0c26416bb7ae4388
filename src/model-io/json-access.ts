/**
 * Typed, path-aware reads from untrusted parsed JSON (a model file). Every failed check throws
 * a ModelError naming the file and the JSON path (`learner.gradient_booster.model.trees[3].id`).
 */
import { ModelError } from '../errors.js';

/** A JSON object as parsed (`JSON.parse` output), keys to unknown values. */
export type JsonObject = { [key: string]: unknown };

/** Reading context: the file name for messages. */
export interface JsonSource {
  readonly file: string;
}

/** Describes a JSON value's kind for messages (`an array`, `a string`, `null`, ...). */
export function describeJson(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'string') return v.length > 40 ? 'a string' : `the string ${JSON.stringify(v)}`;
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'boolean') return `${v}`;
  if (typeof v === 'object') return 'an object';
  return typeof v;
}

/** Throws the ModelError for `path` of `src`. */
export function fail(src: JsonSource, path: string, detail: string): never {
  throw new ModelError(src.file, path ? `${path}: ${detail}` : detail);
}

/** Whether v is a JSON object (not null, not an array). */
export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value must be a JSON object. */
export function asObject(src: JsonSource, v: unknown, path: string): JsonObject {
  if (!isObject(v)) fail(src, path, `expected an object, found ${describeJson(v)}`);
  return v;
}

/** `obj[key]`, which must be present. */
export function required(src: JsonSource, obj: JsonObject, key: string, path: string): unknown {
  if (!Object.prototype.hasOwnProperty.call(obj, key)) fail(src, path, `missing key "${key}"`);
  return obj[key];
}

/** `obj[key]` when present, else undefined. */
export function optional(obj: JsonObject, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

/** Joins a path and a key. */
export function sub(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;
}

/** `obj[key]` as an object. */
export function getObject(src: JsonSource, obj: JsonObject, key: string, path: string): JsonObject {
  return asObject(src, required(src, obj, key, path), sub(path, key));
}

/** `obj[key]` as an array. */
export function getArray(src: JsonSource, obj: JsonObject, key: string, path: string): unknown[] {
  const v = required(src, obj, key, path);
  if (!Array.isArray(v)) fail(src, sub(path, key), `expected an array, found ${describeJson(v)}`);
  return v;
}

/** `obj[key]` as a string. */
export function getString(src: JsonSource, obj: JsonObject, key: string, path: string): string {
  const v = required(src, obj, key, path);
  if (typeof v !== 'string') fail(src, sub(path, key), `expected a string, found ${describeJson(v)}`);
  return v;
}

/**
 * `obj[key]` as an integer written either as a JSON number or, as XGBoost writes its
 * parameters, a decimal string (`"100"`). Must lie in [min, max].
 */
export function getIntParam(
  src: JsonSource,
  obj: JsonObject,
  key: string,
  path: string,
  min: number,
  max: number = 2147483647,
): number {
  const v = required(src, obj, key, path);
  const n = typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v) ? Number(v) : typeof v === 'number' ? v : NaN;
  if (!Number.isInteger(n)) fail(src, sub(path, key), `expected an integer, found ${describeJson(v)}`);
  if (n < min || n > max) fail(src, sub(path, key), `${n} is out of range [${min}, ${max}]`);
  return n;
}

/** Special float spellings XGBoost may write; the reader turns bare tokens into these strings. */
const SPECIAL_FLOATS: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

/**
 * A float from a JSON number (or one of the strings `NaN`, `Infinity`, `-Infinity`), rounded to
 * float32 (xgboost-spec.md §3.3: every number read from a model goes through Math.fround).
 */
export function toFloat32(src: JsonSource, v: unknown, path: string): number {
  if (typeof v === 'number') return Math.fround(v);
  if (typeof v === 'string' && Object.prototype.hasOwnProperty.call(SPECIAL_FLOATS, v)) return SPECIAL_FLOATS[v]!;
  return fail(src, path, `expected a number, found ${describeJson(v)}`);
}

/** `obj[key]`: an array of exactly `length` numbers, as a Float32Array. */
export function getFloat32Array(src: JsonSource, obj: JsonObject, key: string, path: string, length: number): Float32Array {
  const a = getArray(src, obj, key, path);
  const p = sub(path, key);
  checkLength(src, a, p, length);
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    const v = a[i];
    out[i] = typeof v === 'number' ? v : toFloat32(src, v, sub(p, i));
  }
  return out;
}

/** `obj[key]`: an array of exactly `length` integers in [min, max], as an Int32Array. */
export function getInt32Array(
  src: JsonSource,
  obj: JsonObject,
  key: string,
  path: string,
  length: number,
  min: number,
  max: number,
): Int32Array {
  const a = getArray(src, obj, key, path);
  const p = sub(path, key);
  checkLength(src, a, p, length);
  const out = new Int32Array(length);
  for (let i = 0; i < length; i++) {
    const v = a[i];
    if (typeof v !== 'number' || !Number.isInteger(v)) fail(src, sub(p, i), `expected an integer, found ${describeJson(v)}`);
    if (v < min || v > max) fail(src, sub(p, i), `${v} is out of range [${min}, ${max}]`);
    out[i] = v;
  }
  return out;
}

/** Fails unless the array has `length` entries. */
export function checkLength(src: JsonSource, a: unknown[], path: string, length: number): void {
  if (a.length !== length) fail(src, path, `has ${a.length} entries, expected ${length}`);
}
