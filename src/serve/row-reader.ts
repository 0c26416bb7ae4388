/**
 * RowReader: checks one row of caller-supplied feature values (a positional array or an object
 * keyed by feature name) and writes it as float32 into a buffer, allocating nothing on success.
 */
import { featureError, firstInfinite } from '../data/value-rules.js';
import { CategoryCoder } from '../data/category-coder.js';
import type { CategoryList } from '../model-io/category-table.js';
import { DataError } from '../errors.js';
import { UnknownFeatureError } from './unknown-feature-error.js';

/**
 * One row's feature values in model order, length nFeatures: numbers, with null, undefined or
 * NaN for a missing value. Values are cast to float32 (a Float32Array is used as is).
 */
export type RowValues = readonly (number | string | null | undefined)[] | Float32Array | Float64Array;

/**
 * One row keyed by feature name (`{ "age": 41, "bmi": null }`): names the row leaves out are
 * missing, and so are null and NaN values. Names are the model's feature names, or XGBoost's
 * default names `f0`, `f1`, ... when the model has none.
 */
export interface NamedRow {
  readonly [feature: string]: number | string | null | undefined;
}

/** A row to score: positional values or values keyed by feature name. */
export type FeatureRow = RowValues | NamedRow;

export class RowReader {
  /** Number of features a row has (the model's num_feature). */
  readonly nFeatures: number;
  /** Names accepted as keys of a NamedRow, length nFeatures (generated `f0`... when the model has none). */
  readonly names: readonly string[];
  /** True when `names` are the model's own names, false when they were generated. */
  readonly hasModelNames: boolean;
  private readonly index: Map<string, number>;
  /** Per feature, the coder of a categorical feature with a category table (length nFeatures), or null. */
  private readonly coders: (CategoryCoder | null)[] | null;

  /**
   * @param nFeatures the model's number of features.
   * @param featureNames the model's feature names (length nFeatures), or empty.
   * @param categories the model's category lists (Model.categories, length nFeatures), or
   *   undefined: the value of such a feature is its category, a string matched by name (a
   *   numeric category may also be given as a number, matched by value); a category not in the
   *   list is missing, as in category-coder.ts.
   */
  constructor(nFeatures: number, featureNames: readonly string[], categories?: readonly (CategoryList | null)[]) {
    this.nFeatures = nFeatures;
    this.coders = categories === undefined ? null : Array.from({ length: nFeatures }, (_, i) => (categories[i] ? new CategoryCoder(categories[i]!) : null));
    this.hasModelNames = featureNames.length === nFeatures && nFeatures > 0;
    this.names = this.hasModelNames ? featureNames.slice() : Array.from({ length: nFeatures }, (_, i) => `f${i}`);
    this.index = new Map();
    // A duplicated name means its first column, as a name lookup in the model's list would.
    this.names.forEach((name, i) => {
      if (!this.index.has(name)) this.index.set(name, i);
    });
  }

  /** True when some feature's values are category names (the fast body parser does not read them). */
  get hasCategories(): boolean {
    return this.coders !== null && this.coders.some((c) => c !== null);
  }

  /**
   * The categories not in the model's table read (as missing) since the last call, per feature
   * with any: its name, how many cells, the first such category; the counts restart at 0.
   */
  takeUnseen(): { feature: string; count: number; first: string }[] {
    const out: { feature: string; count: number; first: string }[] = [];
    this.coders?.forEach((c, i) => {
      if (c === null || c.unseen === 0) return;
      out.push({ feature: this.names[i]!, count: c.unseen, first: c.firstUnseen! });
      c.unseen = 0;
      c.firstUnseen = null;
    });
    return out;
  }

  /** The model column of a feature name, or -1 when the model has no such feature. */
  featureIndex(name: string): number {
    const i = this.index.get(name);
    return i === undefined ? -1 : i;
  }

  /**
   * Checks `row` and writes its features to `out[off .. off + nFeatures)` as float32, NaN for
   * missing values.
   * @param row a RowValues (exactly nFeatures values) or a NamedRow; anything else is refused.
   * @param r the row's index, for messages (-1: a single row).
   * @param out Float32Array with room for nFeatures values from `off`.
   * @throws DataError naming the row (from 1) and column (a wrong value count, a value that is
   * not a number or null, an infinite value or one beyond the float32 range, a row that is
   * neither an array nor an object); UnknownFeatureError for a
   * name the model does not have.
   */
  read(row: unknown, r: number, out: Float32Array, off: number): void {
    const nF = this.nFeatures;
    if (Array.isArray(row)) {
      if (row.length !== nF) this.fail(r, undefined, `the row has ${row.length} values, the model expects ${nF}`);
      for (let i = 0; i < nF; i++) {
        const v: unknown = row[i];
        const coder = this.coders?.[i];
        if (coder && v !== null && v !== undefined) out[off + i] = this.category(coder, v, r, i, i);
        else if (typeof v === 'number') {
          out[off + i] = v;
          const f = out[off + i]!; // the float32 stored
          if (f - f !== 0 && f === f) this.infinite(r, i, v);
        } else if (v === null || v === undefined) out[off + i] = NaN;
        else this.fail(r, i, `${describe(v)} is not a number (expected a number or null)`);
      }
      return;
    }
    if (row instanceof Float32Array || row instanceof Float64Array) {
      if (row.length !== nF) this.fail(r, undefined, `the row has ${row.length} values, the model expects ${nF}`);
      out.set(row, off);
      const bad = firstInfinite(out, off, off + nF);
      if (bad >= 0) this.infinite(r, bad - off, row[bad - off]!);
      return;
    }
    if (typeof row !== 'object' || row === null || ArrayBuffer.isView(row)) {
      this.fail(r, undefined, `${describe(row)} is not a row (expected an array of feature values or an object keyed by feature name)`);
    }
    out.fill(NaN, off, off + nF);
    const named = row as Record<string, unknown>;
    for (const key in named) {
      if (!Object.hasOwn(named, key)) continue;
      const i = this.index.get(key);
      if (i === undefined) this.unknown(r, key);
      const v = named[key];
      const coder = this.coders?.[i];
      if (coder && v !== null && v !== undefined) out[off + i] = this.category(coder, v, r, key, i);
      else if (typeof v === 'number') {
        out[off + i] = v;
        const f = out[off + i]!; // the float32 stored
        if (f - f !== 0 && f === f) this.infinite(r, key, v);
      } else if (v !== null && v !== undefined) this.fail(r, key, `${describe(v)} is not a number (expected a number or null)`);
    }
  }

  /** The code of a categorical feature's value: a string by name, a number by value for numeric categories. */
  private category(coder: CategoryCoder, v: unknown, r: number, column: string | number, feature: number): number {
    if (typeof v === 'string') return coder.code(v);
    if (typeof v === 'number' && coder.list.kind === 'number') return Number.isFinite(v) ? coder.code(String(v)) : NaN;
    const what = coder.list.kind === 'number' ? 'a category (a number or a string) or null' : 'a category name (a string) or null';
    return this.fail(r, column, `${describe(v)} is not a category of the categorical feature ${quote(this.names[feature]!)} (expected ${what})`);
  }

  private fail(r: number, column: string | number | undefined, detail: string): never {
    throw new DataError({ file: rowName(r), ...(column === undefined ? {} : { column }) }, detail);
  }

  /** An infinite value, or one beyond the float32 range (value-rules.ts). */
  private infinite(r: number, column: string | number, v: number): never {
    throw featureError({ file: rowName(r), column }, v, undefined, 'use null');
  }

  private unknown(r: number, key: string): never {
    const hint = this.hasModelNames
      ? `the model's features are ${listNames(this.names)}`
      : `the model has no feature names; use f0 to f${this.nFeatures - 1}`;
    throw new UnknownFeatureError({ file: rowName(r) }, key, `unknown feature name ${quote(key)} (${hint})`);
  }
}

/** How messages name row r (counted from 1, as every message counts rows; -1: a single row). */
function rowName(r: number): string {
  return r < 0 ? 'row' : `row ${r + 1}`;
}

/** A short description of a JSON-like value for messages. */
function describe(v: unknown): string {
  if (typeof v === 'string') return quote(v);
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  if (typeof v === 'object') return ArrayBuffer.isView(v) ? 'a typed array' : 'an object';
  return String(v);
}

function quote(s: string): string {
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}...` : s);
}

function listNames(names: readonly string[]): string {
  const shown = names.slice(0, 8).map(quote).join(', ');
  return names.length > 8 ? `${shown}, ... (${names.length} in all)` : shown;
}
