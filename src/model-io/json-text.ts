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

/** Orders keys by their UTF-8 bytes, as XGBoost's std::map<std::string> does. */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  const ea = Buffer.from(a, 'utf8');
  const eb = Buffer.from(b, 'utf8');
  return Buffer.compare(ea, eb);
}
