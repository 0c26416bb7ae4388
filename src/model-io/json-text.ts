/**
 * Deterministic JSON text for the free-form parts of a model file (objective configuration,
 * attributes, the `lambdaboost` extras): object keys sorted (XGBoost writes std::map order),
 * no whitespace, typed arrays written as plain arrays.
 */
import { formatFloat32 } from '../util/float32-format.js';

/** How numbers are written. */
export type NumberFormat = (n: number) => string;

/** JavaScript's shortest round-trip double text; non-finite numbers become `null` (as JSON.stringify). */
export const doubleFormat: NumberFormat = (n) => (Number.isFinite(n) ? JSON.stringify(n) : 'null');

/**
 * XGBoost's JSON numbers are float32: a number that is a float32 is written in XGBoost's shortest
 * form (`1E0`, `5E-1`); any other number as a double.
 */
export const xgboostNumberFormat: NumberFormat = (n) =>
  Number.isFinite(n) && Math.fround(n) === n ? formatFloat32(n) : doubleFormat(n);

/**
 * Stringifies `value` with sorted object keys. Typed arrays become arrays of numbers; `undefined`
 * members, functions and symbols are skipped (as JSON.stringify does); a bigint becomes a number
 * when exact, else a string.
 */
export function stableStringify(value: unknown, num: NumberFormat = doubleFormat): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return num(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return Number.isSafeInteger(Number(value)) ? String(value) : JSON.stringify(String(value));
    case 'object':
      break;
    default:
      return 'null';
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const a = value as unknown as ArrayLike<number | bigint>;
    const parts: string[] = [];
    for (let i = 0; i < a.length; i++) parts.push(stableStringify(a[i], num));
    return `[${parts.join(',')}]`;
  }
  if (Array.isArray(value)) {
    return `[${value.map((v) => (v === undefined || typeof v === 'function' || typeof v === 'symbol' ? 'null' : stableStringify(v, num))).join(',')}]`;
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort(compareKeys);
  const parts: string[] = [];
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    parts.push(`${JSON.stringify(k)}:${stableStringify(v, num)}`);
  }
  return `{${parts.join(',')}}`;
}

/**
 * Orders keys by their UTF-8 bytes, as XGBoost's std::map<std::string> does: -1, 0 or 1. UTF-8
 * byte order is code point order, which is UTF-16 code unit order except that a surrogate
 * (0xD800-0xDFFF, part of a code point >= 0x10000) sorts after every unit from 0xE000 up; so no
 * encoding is needed (and no Node Buffer: the web build shares this file).
 */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length < b.length ? -1 : 1;
}
