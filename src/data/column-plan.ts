/**
 * Column roles of a table-shaped file (delimited text, Arrow): which physical column is the
 * label, weight, query id, position, which are ignored, and which are features, resolved from
 * the user's names/indices against the header or schema.
 */
import { DataError } from '../errors.js';
import { checkUniqueNames } from './check-dataset.js';
import type { ColumnRef } from './options.js';

/** Role of a physical column (values of {@link ColumnPlan.roles}). */
export const Role = {
  feature: 0,
  label: 1,
  weight: 2,
  qid: 3,
  position: 4,
  ignore: 5,
} as const;

/** How messages name a column's role (features have no entry: `the label column`, `the ignored column`). */
export const ROLE_NAMES: Readonly<Record<number, string>> = { [Role.label]: 'label', [Role.weight]: 'weight', [Role.qid]: 'query id', [Role.position]: 'position', [Role.ignore]: 'ignored' };

/** The column options a table-shaped loader honours. */
export interface ColumnSelection {
  /** Label column. */
  label?: ColumnRef | undefined;
  /** Per-row weight column. */
  weight?: ColumnRef | undefined;
  /** Query id column. */
  qid?: ColumnRef | undefined;
  /** Displayed position column. */
  position?: ColumnRef | undefined;
  /** Columns to skip entirely (never parsed). */
  ignore?: ColumnRef[] | undefined;
}

/** What each physical column of a file is for. */
export interface ColumnPlan {
  /** Number of physical columns in the file. */
  readonly width: number;
  /** Uint8Array of length width: a {@link Role} value per physical column. */
  readonly roles: Uint8Array;
  /** Physical column index of each feature, length nFeatures, in file order. */
  readonly featureColumns: number[];
  /** Feature names, length nFeatures (from the header/schema, or `f0..`). */
  readonly featureNames: string[];
  /** True when the feature names came from the file. */
  readonly hasFeatureNames: boolean;
  /** Physical index of the label column, or -1. */
  readonly label: number;
  /** Physical index of the weight column, or -1. */
  readonly weight: number;
  /** Physical index of the query id column, or -1. */
  readonly qid: number;
  /** Physical index of the position column, or -1. */
  readonly position: number;
  /** How messages name physical column j: its header name, or its index when there is no header. */
  readonly columnLabel: (j: number) => string | number;
}

const MAX_LISTED_NAMES = 40;

/**
 * Most columns a delimited or Arrow file may have. Each column of the dense layout costs a
 * Float32Array object and a name on the V8 heap (~300-600 bytes) besides its values, about 200
 * times the 2 bytes a column takes in a one-line CSV: a 32 MB line of 16 million cells exhausted
 * the heap and killed the process (found by test/fuzz). LibSVM files have the same limit
 * (MAX_LIBSVM_FEATURES).
 */
export const MAX_COLUMNS = 1 << 20;

function listNames(names: string[]): string {
  const shown = names.slice(0, MAX_LISTED_NAMES).map((n) => JSON.stringify(n));
  return shown.join(', ') + (names.length > MAX_LISTED_NAMES ? `, ... (${names.length} in all)` : '');
}

/**
 * Resolves one column reference to a physical index.
 * @param names header/schema names (length width), or null when the file has none
 */
export function resolveColumn(file: string, names: string[] | null, width: number, ref: ColumnRef, option: string): number {
  if (typeof ref === 'number') {
    if (!Number.isInteger(ref) || ref < 0 || ref >= width) {
      throw new DataError(
        { file, column: ref },
        `option ${option}: column index ${ref} is out of range; the file has ${width} column${width === 1 ? '' : 's'} (indices 0..${width - 1})`,
      );
    }
    return ref;
  }
  if (names !== null) {
    const first = names.indexOf(ref);
    if (first >= 0) {
      const second = names.indexOf(ref, first + 1);
      if (second >= 0) {
        throw new DataError(
          { file, column: ref },
          `option ${option}: the name is ambiguous, columns ${first} and ${second} are both called ${JSON.stringify(ref)}; give a 0-based index instead`,
        );
      }
      return first;
    }
  }
  if (/^\d+$/.test(ref)) return resolveColumn(file, names, width, Number(ref), option);
  if (names === null) {
    throw new DataError(
      { file, column: ref },
      `option ${option}: the file has no column names (no header), so give a 0-based column index instead of a name`,
    );
  }
  throw new DataError({ file, column: ref }, `option ${option}: no column with this name; available: ${listNames(names)}`);
}

/**
 * Builds the column plan.
 * @param names header/schema names (length width), or null when the file has none
 * @param defaultLabel the label column when `selection.label` is undefined (undefined = no label)
 * @param nFeatures when given (predicting with a model of that many features) and the default
 *   label would leave exactly one column fewer than that, the file is taken to have no label
 *   column and the default label is not used
 */
export function planColumns(
  file: string,
  names: string[] | null,
  width: number,
  selection: ColumnSelection,
  defaultLabel: ColumnRef | undefined,
  nFeatures?: number,
): ColumnPlan {
  if (width > MAX_COLUMNS) throw new DataError({ file }, `the file has ${width} columns; at most ${MAX_COLUMNS} are supported`);
  const roles = new Uint8Array(width); // all Role.feature
  const owner: (string | undefined)[] = new Array<string | undefined>(width);
  let taken = 0;
  const assign = (ref: ColumnRef | undefined, option: string, role: number): number => {
    if (ref === undefined) return -1;
    const j = resolveColumn(file, names, width, ref, option);
    const prev = owner[j];
    if (prev !== undefined) {
      throw new DataError(
        { file, column: names?.[j] ?? j },
        `the same column is given as ${prev} and as ${option}`,
      );
    }
    owner[j] = option;
    roles[j] = role;
    taken++;
    return j;
  };
  const weight = assign(selection.weight, 'weight', Role.weight);
  const qid = assign(selection.qid, 'qid', Role.qid);
  const position = assign(selection.position, 'position', Role.position);
  for (const ref of selection.ignore ?? []) {
    const j = resolveColumn(file, names, width, ref, 'ignore');
    if (roles[j] === Role.ignore) continue; // ignoring twice is harmless
    assign(ref, 'ignore', Role.ignore);
  }
  let label: number;
  if (selection.label !== undefined) label = assign(selection.label, 'label', Role.label);
  else if (defaultLabel === undefined || (nFeatures !== undefined && width - taken === nFeatures)) label = -1;
  else label = assign(defaultLabel, 'label (the default for a file without a header)', Role.label);
  const featureColumns: number[] = [];
  const featureNames: string[] = [];
  for (let j = 0; j < width; j++) {
    if (roles[j] !== Role.feature) continue;
    const k = featureColumns.length;
    featureColumns.push(j);
    const name = names?.[j];
    featureNames.push(name !== undefined && name !== '' ? name : `f${k}`);
  }
  // Two features of one name would be one column to every lookup by name (the model could not
  // score its own file): refused, as XGBoost refuses duplicate feature_names. A generated name
  // (an empty header cell) counts too.
  if (names !== null) {
    checkUniqueNames(featureNames, file, (k) => {
      const j = featureColumns[k]!;
      return names[j] === '' ? `column ${j}, whose empty name is read as ${JSON.stringify(featureNames[k])}` : `column ${j}`;
    });
  }
  return {
    width,
    roles,
    featureColumns,
    featureNames,
    hasFeatureNames: names !== null,
    label,
    weight,
    qid,
    position,
    columnLabel: (j: number) => (names !== null ? names[j] ?? j : j),
  };
}
