/**
 * Which columns of a file are categorical, and how their cells become category codes: the rule the
 * typed columnar readers (Arrow IPC, Parquet) and the delimited reader share, so the same table
 * gives the same dataset from any of them. A delimited column is an integer column here (its cells
 * are category names when it is named) unless the reader found text in it (detectCategorical):
 * then it is a text column.
 *
 * - Text columns (Arrow utf8 / large_utf8 and dictionaries of them; Parquet STRING / UTF8 / ENUM,
 *   dictionary-encoded or not) are categorical without being named: each cell is a category name.
 * - Integer columns are categorical when named (LoadOptions.categorical, LightGBM's
 *   categorical_feature): the category name is the integer's decimal text (`3`, `-12`), the text the
 *   same column holds in a CSV file. Float and bool columns cannot be named: a float has no single
 *   text (0.1 is 0.100000001490116... in float32), so it is refused rather than guessed.
 * - Null cells are missing. Strings are category names as they are: `""` or `"NA"` in a string
 *   column is a category (only a null is missing; in a typed file that is how a missing cell is written).
 * - Training data (no model): the column's own categories are the distinct names present, sorted by
 *   code point (category-collector.ts), as the delimited reader sorts them; dictionary entries no
 *   row uses are not categories, so a dictionary column and the same strings in a CSV get the same codes.
 * - Data for a model (`categoryCoding` or `nFeatures` given): a categorical column is coded by the
 *   model's category list (category-coder.ts; unseen names read as missing and reported); a text
 *   column for a feature the model trained as numeric is an error naming the column.
 */
import { DataError } from '../errors.js';
import type { CategoryList } from '../model-io/category-table.js';
import { CategoryCollector, describeCategorical } from './category-collector.js';
import { CategoryCoder, codersFor, unseenReport, type CategoryCoding } from './category-coder.js';
import { resolveColumn, Role, ROLE_NAMES, type ColumnPlan, type ColumnSelection } from './column-plan.js';
import type { ColumnRef } from './options.js';

/** What a typed column's cells are, for the category rule. */
export const CellKind = {
  /** Strings (or a dictionary of strings): category names. */
  text: 0,
  /** Integers: categorical when named, by their decimal text. */
  integer: 1,
  /** Floats, bools and anything else: never category names. */
  other: 2,
} as const;
export type CellKind = (typeof CellKind)[keyof typeof CellKind];

/** Turns one cell (a string, number or bigint; null/undefined = missing) into a code. */
export interface CellCoder {
  /** The code of a non-missing cell's category name. */
  code(text: string): number;
}

/** The options of the columnar readers (readArrow, readParquet): the columns and how categories are taken. */
export type ColumnarReadOptions = ColumnSelection & {
  /** The model's category tables to code by (prediction data), or undefined (training: the data's own). */
  categoryCoding?: CategoryCoding | undefined;
  /** Integer columns to read as categories (string and dictionary columns are categorical anyway). */
  categorical?: ColumnRef[] | undefined;
  nFeatures?: number | undefined;
  /** Receives the load line's notes (which columns were taken as categorical, unseen categories). */
  onInfo?: ((m: string) => void) | undefined;
};

/** The categorical columns of a typed columnar file. */
export interface ColumnarCategories {
  /** Per physical column: the coder of its cells, or null for a numeric column. */
  readonly coders: readonly (CellCoder | null)[];
  /** The physical columns named categorical (LoadOptions.categorical). */
  readonly named: ReadonlySet<number>;
  /**
   * After the rows are read: sorts the training data's own categories and re-codes their columns
   * in place (`columns`: the feature columns, length nFeatures), reports unseen categories and the
   * categorical columns through `onInfo`; returns Dataset.categories (undefined when none).
   */
  finish(columns: Float32Array[], onInfo: ((m: string) => void) | undefined): (CategoryList | null)[] | undefined;
}


/**
 * Decides the categorical columns.
 * @param names the file's column names (null: a delimited file without a header, columns by index).
 * @param kinds per physical column, its {@link CellKind}; `typeName(j)` names its type for messages.
 * @throws DataError naming the column for a text column that cannot be categorical here, or a
 *   named column that cannot be.
 */
export function planColumnarCategories(
  file: string,
  names: string[] | null,
  plan: ColumnPlan,
  kinds: readonly CellKind[],
  typeName: (j: number) => string,
  options: { categorical?: ColumnRef[] | undefined; categoryCoding?: CategoryCoding | undefined; nFeatures?: number | undefined },
): ColumnarCategories {
  const forModel = options.categoryCoding !== undefined || options.nFeatures !== undefined;
  const named = new Set<number>();
  for (const ref of options.categorical ?? []) {
    const j = resolveColumn(file, names, plan.width, ref, 'categorical');
    const role = plan.roles[j]!;
    if (role !== Role.feature) throw new DataError({ file, column: plan.columnLabel(j) }, `option categorical: this is the ${ROLE_NAMES[role]} column, not a feature`);
    if (kinds[j] === CellKind.other) {
      throw new DataError(
        { file, column: plan.columnLabel(j) },
        `option categorical: a ${typeName(j)} column has no category names (categorical columns are string, dictionary or integer columns; a float has no single text)`,
      );
    }
    named.add(j);
  }
  const modelCoders = new Array<CategoryCoder | null>(plan.width).fill(null);
  if (options.categoryCoding !== undefined) {
    const byFeature = codersFor(options.categoryCoding, plan.featureNames, plan.hasFeatureNames);
    plan.featureColumns.forEach((j, k) => (modelCoders[j] = byFeature[k] ?? null));
  }
  const coders = new Array<CellCoder | null>(plan.width).fill(null);
  const collectors = new Array<CategoryCollector | null>(plan.width).fill(null);
  for (const j of plan.featureColumns) {
    const kind = kinds[j]!;
    const model = modelCoders[j]!;
    if (forModel) {
      if (model === null) {
        if (kind === CellKind.text || named.has(j)) {
          throw new DataError(
            { file, column: plan.columnLabel(j) },
            `${kind === CellKind.text ? `is a ${typeName(j)} column` : 'is named categorical'}, but the model has no categories for this feature (it was trained as numeric), so its cells must be numbers`,
          );
        }
        continue;
      }
      // A model feature with numeric categories (pandas categories of numbers) is matched by
      // value, so any numeric column can hold them; names need text or integers.
      if (kind === CellKind.other && model.list.kind === 'string') {
        throw new DataError({ file, column: plan.columnLabel(j) }, `is a ${typeName(j)} column, but the model's feature has category names: give the names (a string or dictionary column)`);
      }
      coders[j] = model;
    } else if (kind === CellKind.text || named.has(j)) {
      const c = new CategoryCollector();
      collectors[j] = c;
      coders[j] = c;
    }
  }
  return {
    coders,
    named,
    finish(columns, onInfo) {
      plan.featureColumns.forEach((j) => {
        const report = modelCoders[j] !== null && coders[j] !== null ? unseenReport(file, plan.columnLabel(j), modelCoders[j]!) : null;
        if (report !== null) onInfo?.(report);
      });
      if (!collectors.some((c) => c !== null)) return undefined;
      const categories = plan.featureColumns.map((j, k) => collectors[j]?.finish(columns[k]!) ?? null);
      onInfo?.(`${file}: categorical columns: ${describeCategorical(plan.featureNames, categories)}`);
      return categories;
    },
  };
}

/** The category name of a typed cell: strings as they are, integers (number or bigint) by their decimal text. */
export function cellText(v: unknown): string {
  return typeof v === 'string' ? v : String(v);
}
