/**
 * XGBoost 3.1+'s category table, `gradient_booster.model.cats`: the categories each categorical
 * feature had in training, by which XGBoost re-codes categorical input at prediction (category
 * code = position in the feature's list).
 *
 * Layout as XGBoost 3.4.1 writes it (src/data/cat_container.cc, read from its JSON output):
 * - `enc`: one entry per feature. A string feature: `{"offsets": [0, e1, ..., en], "values": [...]}`,
 *   the UTF-8 bytes (as signed chars, -128..127) of the n category names concatenated, name i being bytes offsets[i]..offsets[i+1].
 *   A numeric feature (pandas categories of numbers): `{"type": T, "values": [v0, ...]}`. A
 *   non-categorical feature: `{"offsets": [], "values": []}`.
 * - `feature_segments` (length nFeatures + 1) and `sorted_idx`: per feature, the order of its
 *   categories sorted by name (XGBoost's lookup index). Not needed for coding by name here.
 */
import { describeJson, fail, isObject, sub, type JsonObject, type JsonSource } from './json-access.js';

/** The categories of one feature: names (string features) or values (numeric categories), code = index. */
export type CategoryList = { readonly kind: 'string'; readonly names: readonly string[] } | { readonly kind: 'number'; readonly values: readonly number[] };

/** A JSON array or a typed array (UBJSON's optimized containers), as numbers. */
function numbers(src: JsonSource, v: unknown, path: string): ArrayLike<number> {
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return v as unknown as ArrayLike<number>;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (typeof v[i] !== 'number') fail(src, sub(path, i), `expected a number, found ${describeJson(v[i])}`);
    return v as number[];
  }
  return fail(src, path, `expected an array, found ${describeJson(v)}`);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes `cats` into one CategoryList per feature (null for features without categories).
 * @param nFeatures the model's num_feature; `enc` must have that many entries (or none).
 * @throws ModelError naming the JSON path on a malformed table.
 */
export function decodeCategoryTable(src: JsonSource, cats: JsonObject, path: string, nFeatures: number): (CategoryList | null)[] {
  const out: (CategoryList | null)[] = new Array<CategoryList | null>(nFeatures).fill(null);
  const enc = cats.enc;
  if (enc === undefined) return out;
  if (!Array.isArray(enc)) return fail(src, sub(path, 'enc'), `expected an array, found ${describeJson(enc)}`);
  if (enc.length === 0) return out;
  if (enc.length !== nFeatures) fail(src, sub(path, 'enc'), `has ${enc.length} entries, expected num_feature = ${nFeatures}`);
  for (let f = 0; f < nFeatures; f++) {
    const ep = sub(sub(path, 'enc'), f);
    const e: unknown = enc[f];
    if (!isObject(e)) return fail(src, ep, `expected an object, found ${describeJson(e)}`);
    const values = numbers(src, e.values, sub(ep, 'values'));
    if (e.offsets === undefined) {
      if (e.type === undefined) fail(src, ep, 'has neither "offsets" (category names) nor "type" (numeric categories)');
      const list: number[] = [];
      for (let i = 0; i < values.length; i++) {
        const v = values[i]!;
        if (!Number.isFinite(v)) fail(src, sub(sub(ep, 'values'), i), `is ${v}: a category must be a finite number`);
        list.push(v);
      }
      if (list.length > 0) out[f] = { kind: 'number', values: list };
      continue;
    }
    const offsets = numbers(src, e.offsets, sub(ep, 'offsets'));
    if (offsets.length === 0) {
      if (values.length !== 0) fail(src, sub(ep, 'values'), `has ${values.length} entries but "offsets" is empty`);
      continue;
    }
    if (offsets[0] !== 0 || offsets[offsets.length - 1] !== values.length) {
      fail(src, sub(ep, 'offsets'), `must run from 0 to the length of "values" (${values.length})`);
    }
    const bytes = new Uint8Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const b = values[i]!;
      // XGBoost writes the bytes as signed chars (-61 for 0xC3).
      if (!Number.isInteger(b) || b < -128 || b > 255) fail(src, sub(sub(ep, 'values'), i), `is ${b}, not a byte of UTF-8 text`);
      bytes[i] = b & 255;
    }
    const names: string[] = [];
    const seen = new Set<string>();
    for (let i = 0; i + 1 < offsets.length; i++) {
      const a = offsets[i]!;
      const b = offsets[i + 1]!;
      if (!Number.isInteger(a) || !Number.isInteger(b) || b < a) fail(src, sub(sub(ep, 'offsets'), i + 1), `is ${b}: offsets must be non-decreasing integers`);
      let name: string;
      try {
        name = utf8.decode(bytes.subarray(a, b));
      } catch {
        return fail(src, sub(ep, 'values'), `category ${i} is not valid UTF-8`);
      }
      if (seen.has(name)) fail(src, sub(ep, 'values'), `category ${JSON.stringify(name)} appears twice`);
      seen.add(name);
      names.push(name);
    }
    out[f] = { kind: 'string', names };
  }
  return out;
}

/** UTF-8 bytes of `s` as the signed chars XGBoost writes. */
function signedUtf8(s: string): number[] {
  return Array.from(new TextEncoder().encode(s), (b) => (b > 127 ? b - 256 : b));
}

/** Byte-wise comparison of UTF-8 strings (std::string's order, XGBoost's sorted_idx). */
function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** XGBoost's array-interface type tag of int64 category values (3.4.1 writes 15 for integer pandas categories). */
const INT64_TYPE = 15;

/**
 * The `cats` table of a model trained on features with `categories` (null for a numerical
 * feature), as XGBoost 3.4.1 writes it (layout above): names as signed UTF-8 bytes with offsets,
 * integer categories as int64 values; `feature_segments` the running category counts and
 * `sorted_idx` each feature's categories' order by name (bytes) or value.
 * @throws Error for a numeric category that is not an integer (XGBoost refuses floating-point categories).
 */
export function encodeCategoryTable(categories: readonly (CategoryList | null)[]): JsonObject {
  const enc: JsonObject[] = [];
  const segments: number[] = [0];
  const sorted: number[] = [];
  for (const c of categories) {
    if (c === null) {
      enc.push({ offsets: [], values: [] });
    } else if (c.kind === 'string') {
      const bytes = c.names.map((n) => new TextEncoder().encode(n));
      const offsets = [0];
      const values: number[] = [];
      for (const n of c.names) {
        values.push(...signedUtf8(n));
        offsets.push(values.length);
      }
      enc.push({ offsets, values });
      sorted.push(...bytes.map((_, i) => i).sort((a, b) => compareBytes(bytes[a]!, bytes[b]!) || a - b));
    } else {
      for (const v of c.values) if (!Number.isSafeInteger(v)) throw new Error(`category ${v} is not an integer: XGBoost's category table holds integer or text categories only`);
      enc.push({ type: INT64_TYPE, values: [...c.values] });
      sorted.push(...c.values.map((_, i) => i).sort((a, b) => c.values[a]! - c.values[b]! || a - b));
    }
    segments.push(segments[segments.length - 1]! + (c === null ? 0 : c.kind === 'string' ? c.names.length : c.values.length));
  }
  return { enc, feature_segments: segments, sorted_idx: sorted };
}
