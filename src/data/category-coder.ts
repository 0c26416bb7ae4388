/**
 * Codes category text by a known category list (a model's category table): the code of a
 * category is its index in the list, as XGBoost 3.x re-codes input by the names it stored.
 *
 * Matching: string categories by exact text (no trimming, case-sensitive: `"3"` and `"03"` are
 * different categories, as they are different pandas categories); numeric categories (pandas
 * categories of numbers) by numeric value (`"3"`, `"3.0"` and `"03"` are all category 3).
 * Missing cells (empty, `NA`, ...) are missing before any matching. A category not in the list
 * is read as missing and counted: XGBoost 3.4.1 refuses such input ("Found a category not in the
 * training set"); reading it as missing sends it the default way of every split, which is what
 * XGBoost does with a missing value, and the count is reported.
 */
import type { CategoryList } from '../model-io/category-table.js';
import { parseNumberText } from './parse-number.js';

/** One categorical column's coder. */
export class CategoryCoder {
  private readonly byName: Map<string, number> | null;
  private readonly byValue: Map<number, number> | null;
  /** Cells holding a category not in the list (read as missing). */
  unseen = 0;
  /** The first such category text, for the report. */
  firstUnseen: string | null = null;

  constructor(readonly list: CategoryList) {
    if (list.kind === 'string') {
      this.byName = new Map(list.names.map((n, i) => [n, i]));
      this.byValue = null;
    } else {
      this.byName = null;
      this.byValue = new Map(list.values.map((v, i) => [v, i]));
    }
  }

  /** The code of category `text` (a non-missing cell), NaN when it is not in the list. */
  code(text: string): number {
    const c = this.byName !== null ? this.byName.get(text) : this.byValue!.get(parseNumberText(text));
    if (c !== undefined) return c;
    this.unseen++;
    if (this.firstUnseen === null) this.firstUnseen = text;
    return NaN;
  }
}

/** The report line of a column's unseen categories, or null when there were none. */
export function unseenReport(file: string, column: string | number, coder: CategoryCoder): string | null {
  if (coder.unseen === 0) return null;
  return `${file}: ${coder.unseen} cell${coder.unseen === 1 ? '' : 's'} of column ${JSON.stringify(String(column))} hold${coder.unseen === 1 ? 's a category' : ' categories'} not seen in training (first ${JSON.stringify(coder.firstUnseen)}); read as missing`;
}

/** The model-side category lists a loader codes text by (LoadOptions.categoryCoding). */
export interface CategoryCoding {
  /** The model's feature names (empty when it has none: features matched by position). */
  readonly featureNames: readonly string[];
  /** Per model feature, its categories or null (length = the model's number of features). */
  readonly lists: readonly (CategoryList | null)[];
}

/**
 * The coder of each of a file's feature columns (null for non-categorical ones), matched to the
 * model's features by name when both have names, else by position.
 * @param names the file's feature names, length nFeatures.
 */
export function codersFor(coding: CategoryCoding, names: readonly string[], hasNames: boolean): (CategoryCoder | null)[] {
  const byName = hasNames && coding.featureNames.length === coding.lists.length;
  const index = new Map(coding.featureNames.map((n, i) => [n, i]));
  return names.map((name, k) => {
    const f = byName ? index.get(name) : k;
    const list = f === undefined ? null : (coding.lists[f] ?? null);
    return list === null ? null : new CategoryCoder(list);
  });
}

/** The category coding a model's category table calls for, or undefined when it has none. */
export function modelCategoryCoding(model: { readonly featureNames: readonly string[]; readonly categories?: readonly (CategoryList | null)[] }): CategoryCoding | undefined {
  return model.categories === undefined ? undefined : { featureNames: model.featureNames, lists: model.categories };
}
