/**
 * Builds a categorical column's own category list while a file is read (training data with
 * category text, `categorical` in the load options): each cell gets a provisional code in
 * first-seen order, and {@link CategoryCollector.finish} sorts the categories and re-codes the
 * column, so code = index in the sorted list.
 *
 * Order: the categories sorted by Unicode code point, which is the order pandas'
 * `astype("category")` gives string categories (Python compares str by code point) and so the
 * order of the `cats` table and of the codes XGBoost 3.4.1 trains on for a pandas frame of the same
 * data. JavaScript's `<` on strings compares UTF-16 code units, which puts an astral character
 * (U+10000 and above, a surrogate pair starting 0xD800..0xDBFF) before U+E000..U+FFFF; the comparator
 * used (compareKeys, json-text.ts) compares code points instead.
 *
 * Matching is by exact text: `"3"`, `"03"` and `" 3"` are three categories, as in a pandas column
 * read with dtype str (every cell of a named categorical column is a category name, numbers included).
 */
import type { CategoryList } from '../model-io/category-table.js';
import { compareKeys } from '../model-io/json-text.js';

/** One categorical column's category collector. */
export class CategoryCollector {
  private readonly codes = new Map<string, number>();
  private readonly names: string[] = [];

  /** The provisional code of category `text` (a non-missing cell): its first-seen index. */
  code(text: string): number {
    let c = this.codes.get(text);
    if (c === undefined) {
      c = this.names.length;
      this.codes.set(text, c);
      this.names.push(text);
    }
    return c;
  }

  /** Number of distinct categories so far. */
  get size(): number {
    return this.names.length;
  }

  /**
   * Sorts the categories (code point order) and re-codes `column` (length nRows, provisional codes
   * or NaN) in place to indices in the sorted list.
   */
  finish(column: Float32Array): CategoryList {
    const sorted = this.names.slice().sort(compareKeys);
    const remap = new Float32Array(this.names.length);
    sorted.forEach((name, i) => (remap[this.codes.get(name)!] = i));
    for (let r = 0; r < column.length; r++) {
      const c = column[r]!;
      if (c === c) column[r] = remap[c]!;
    }
    return { kind: 'string', names: sorted };
  }
}

/** The categorical columns of a dataset, for the load line: `city (22 categories), device (3)`. */
export function describeCategorical(names: readonly string[], categories: readonly (CategoryList | null)[]): string {
  const parts: string[] = [];
  categories.forEach((list, j) => {
    if (list === null) return;
    const n = list.kind === 'string' ? list.names.length : list.values.length;
    parts.push(`${names[j]} (${n} categor${n === 1 ? 'y' : 'ies'})`);
  });
  return parts.join(', ');
}
