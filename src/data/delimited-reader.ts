/**
 * Delimited text (CSV, TSV, semicolon-separated) to a Dataset, streamed: the file is read in
 * byte chunks (byte-stream.ts); ordinary records are parsed in one pass straight into the final
 * columns (delimited-fast-path.ts, table-columns.ts), the others are split into cells by
 * delimited-tokenizer.ts and stored by {@link DelimitedTableBuilder}; memory is the columns plus
 * one chunk.
 *
 * Rules:
 * - Header: `header` option, or detected: the first record is a header when one of its cells is
 *   neither a number nor a missing token.
 * - Missing: an empty cell and the tokens of parse-number.ts (`NA`, `NaN`, `?`, `nan`, ...) -> NaN.
 * - +-Infinity (`inf`, `-Infinity`, ...) and values beyond the float32 range (`1e39`) are refused
 *   in every column, as XGBoost does (value-rules.ts).
 * - Values are parsed to the nearest float64 and then rounded to float32 (`Math.fround`, done by the
 *   store into the Float32Array).
 * - A line may end with a trailing delimiter: a record with one extra, blank, unquoted last cell is
 *   taken as having none. When the first record itself ends with a blank cell, it is a trailing
 *   delimiter unless the next record has a non-blank value in that place.
 * - Every record must have the same number of cells (ragged rows are a DataError).
 */
import { DataError, TextLabelError } from '../errors.js';
import type { Dataset } from './dataset.js';
import { planColumns, Role, ROLE_NAMES, type ColumnPlan, type ColumnSelection } from './column-plan.js';
import type { ColumnRef } from './options.js';
import type { CategoryList } from '../model-io/category-table.js';
import { CellKind, planColumnarCategories, type CellCoder, type ColumnarCategories } from './columnar-categories.js';
import { PlainRecordParser } from './delimited-fast-path.js';
import { Cells, DelimitedTokenizer } from './delimited-tokenizer.js';
import { parseNumberText, quoteCell } from './parse-number.js';
import { QueryBuilder } from './query-builder.js';
import { CHUNK_BYTES, readByteChunks, textSizeHint } from './byte-stream.js';
import { TableColumns } from './table-columns.js';
import { decimalCommaChunks } from './decimal-comma.js';
import { LabelMapper } from './label-map.js';
import type { CategoryCoding } from './category-coder.js';
import { featureError, isValidFeature, isValidLabel, isValidPosition, isValidWeight, labelError, positionError, weightError } from './value-rules.js';

/** Options of the delimited reader. */
export interface DelimitedOptions extends ColumnSelection {
  /** Delimiter character code: 44 `,`, 9 tab, 59 `;`. */
  delimiter: number;
  /** `,`: decimal commas (`1,5`), rewritten to points before tokenizing (decimal-comma.ts). Default `.`. */
  decimal?: '.' | ',' | undefined;
  /**
   * Text labels: an explicit text -> number map, or 'binary' (the two texts found, sorted, are
   * 0 and 1; see label-map.ts). Such files are read by the general path only.
   */
  labelMap?: Readonly<Record<string, number>> | 'binary' | undefined;
  /** Whether the first line is a header; undefined = detect. */
  header?: boolean | undefined;
  /**
   * Number of features a model expects: a headerless file with exactly that many columns (besides
   * weight/qid/position/ignored ones) has no label column, so column 0 is not taken as the label.
   */
  nFeatures?: number | undefined;
  /**
   * Expected number of records (an estimate from the file size; 0 or undefined = unknown): the
   * column buffers start at about this size, so a large file is neither copied while it grows
   * nor trimmed by a copy at the end (peak memory close to the data itself).
   */
  expectedRows?: number | undefined;
  /** Size of the file in bytes (0 or undefined = unknown); bounds the estimate above. */
  fileBytes?: number | undefined;
  /**
   * false: every record goes through the general path (tokenizer + {@link DelimitedTableBuilder}),
   * none through delimited-fast-path.ts; for tests that check the two read alike. 'ts': the fast
   * path without its WASM reader (wasm-plain-records.ts), the reference that reader is checked
   * against. Default true.
   */
  fastPath?: boolean | 'ts' | undefined;
  /** Threads that read numbers (LoadOptions.threads; default 1). */
  threads?: number | undefined;
  /** Category text coding of categorical feature columns (category-coder.ts); such files take the general path. */
  categoryCoding?: CategoryCoding | undefined;
  /** Categorical feature columns (LoadOptions.categorical): their own category lists, or the model's (categoryCoding). */
  categorical?: ColumnRef[] | undefined;
  /** Text in a feature column makes it categorical (LoadOptions.detectCategorical; training data only). */
  detectCategorical?: boolean | undefined;
  /**
   * Columns found categorical by detection after numbers (set by {@link readDelimited} when it reads
   * the file again): the physical column, the first text cell and its line, for the load line.
   */
  detected?: readonly DetectedText[] | undefined;
  /** Receives the report of unseen categories and the line naming the categorical columns. */
  onInfo?: ((message: string) => void) | undefined;
}

/** The cell that made an unnamed column categorical: its text and line. */
export interface DetectedText {
  readonly physical: number;
  readonly text: string;
  readonly line: number;
}

/**
 * Text in a feature column that was read as numeric up to this record, in training data where
 * text makes a column categorical: {@link readDelimited} reads the file again with the column
 * named categorical. Its message is the ordinary "cannot parse" line for callers that cannot.
 */
export class LateCategoricalColumn extends DataError {
  constructor(file: string, readonly line: number, column: string | number, readonly text: string, readonly physical: number) {
    super(
      { file, line, column },
      `cannot parse ${quoteCell(text)} as a number after numbers in the lines above (name the column categorical to read every cell as a category)`,
    );
  }
}

/**
 * The load line of a column taken as categorical because of its text (not named categorical):
 * which cell made it so and, when most of its categories read as numbers, that a stray text cell
 * in a numeric column does this (the column is then trained as categorical, which XGBoost and
 * LightGBM users expect of a text column, but not of a typo):
 * `data.csv: column "x" is categorical: its cell "x" at line 3002 is text (2999 of its 3000 categories are numbers: if the column is numeric, correct that cell or leave it empty; to read it as text anyway, name it with --categorical)`.
 */
function detectedNote(file: string, column: string, why: DetectedText, list: CategoryList): string {
  const names = list.kind === 'string' ? list.names : [];
  let numeric = 0;
  for (const n of names) if (Number.isFinite(parseNumberText(n))) numeric++;
  const head = `${file}: column ${JSON.stringify(column)} is categorical: its cell ${quoteCell(why.text)} at line ${why.line} is text`;
  if (numeric * 2 < names.length) return `${head} (name text columns categorical, or skip them with ignore)`;
  return `${head} (${numeric} of its ${names.length} categories are numbers: if the column is numeric, correct that cell or leave it empty; to read it as categories anyway, name it categorical)`;
}

/** True when some cell of the record is neither a number nor a missing token. */
function looksLikeHeader(cells: Cells): boolean {
  for (let i = 0; i < cells.count; i++) {
    const v = cells.number(i);
    if (v !== v && !cells.isMissing(i)) return true;
  }
  return false;
}


/**
 * The advice after "cannot parse ... as a number": a decimal comma is named as such; a feature
 * column of text can be skipped; a label, weight, query id or position column must hold numbers
 * (skipping it is no answer).
 */
/** A number written with a decimal comma (`1,5`, `-,25`). */
const DECIMAL_COMMA = /^\s*[-+]?\d*,\d+\s*$/;

function notANumberHint(text: string, role: number): string {
  if (DECIMAL_COMMA.test(text)) return '(a decimal comma? numbers are read with a decimal point, 1.5)';
  if (role === Role.feature) return '(text columns can be skipped with ignore)';
  return `(the ${ROLE_NAMES[role] ?? 'column'} column must hold numbers)`;
}

/**
 * Receives records from the tokenizer and builds the dataset. Holds back the first record (and
 * the second, when needed to decide about a trailing delimiter) until the column layout is known.
 */
export class DelimitedTableBuilder {
  private early: { cells: Cells; line: number }[] = [];
  private header: boolean | null = null;
  private headerLine = 0;
  private plan: ColumnPlan | null = null;
  private table: TableColumns | null = null;
  private queries: QueryBuilder | null = null;
  private tokenizer: DelimitedTokenizer | null = null;
  /** Text labels (options.labelMap), or null. */
  private readonly labels: LabelMapper | null;
  /** The categorical columns (columnar-categories.ts: the rule shared with the Arrow and Parquet readers), or null before the plan. */
  private categories: ColumnarCategories | null = null;
  /** Per physical column, the coder of a categorical column (the model's table or the data's own categories), or null. */
  private coders: readonly (CellCoder | null)[] = [];
  /** Whether text in a numeric feature column makes it categorical (LateCategoricalColumn). */
  private detect = false;
  /** Per physical column taken as categorical by detection (not named), the text cell that made it so. */
  private readonly detected = new Map<number, DetectedText>();

  constructor(
    private readonly file: string,
    private readonly options: DelimitedOptions,
  ) {
    this.labels = options.labelMap !== undefined ? new LabelMapper(options.labelMap, file) : null;
  }

  /**
   * The tokenizer feeding this builder: once the column layout is known, ordinary records are
   * read by the fast path (delimited-fast-path.ts) installed on it, and only the others come
   * through {@link record}.
   */
  useTokenizer(tokenizer: DelimitedTokenizer): void {
    this.tokenizer = tokenizer;
  }

  /** Handles one record (bound: pass it to the tokenizer as is). */
  readonly record = (cells: Cells, line: number): void => {
    if (this.plan !== null) {
      this.addRow(cells, line);
      return;
    }
    this.early.push({ cells: cells.copy(), line });
    if (this.header === null) {
      this.header = this.options.header ?? looksLikeHeader(this.early[0]!.cells);
      if (this.header) this.headerLine = line;
    }
    const first = this.early[0]!.cells;
    const needsLookahead = first.count > 1 && first.isBlank(first.count - 1);
    if (!needsLookahead || this.early.length >= 2) this.makePlan();
  };

  /** Ends the input and returns the dataset (label etc. as the options select). */
  finish(): Dataset {
    if (this.plan === null) {
      if (this.early.length === 0) throw new DataError({ file: this.file }, 'file is empty: no data rows');
      this.makePlan();
    }
    const plan = this.plan!;
    const table = this.table!;
    const nRows = table.rows;
    if (nRows === 0) {
      throw new DataError({ file: this.file, line: this.headerLine }, 'the file has a header line but no data rows');
    }
    const { columns, label, weight, position } = table.finish();
    const labelNames = this.labels !== null && label !== null ? this.labels.finish(label) : null;
    const categories = this.categories!.finish(columns, this.options.onInfo);
    if (categories !== undefined) {
      plan.featureColumns.forEach((j, k) => {
        const why = this.detected.get(j);
        if (why !== undefined) this.options.onInfo?.(detectedNote(this.file, plan.featureNames[k]!, why, categories[k]!));
      });
    }
    return {
      ...(labelNames !== null ? { labelNames } : {}),
      ...(categories !== undefined ? { categories } : {}),
      nRows,
      nFeatures: plan.featureColumns.length,
      featureNames: plan.featureNames,
      hasFeatureNames: plan.hasFeatureNames,
      columns,
      label,
      weight,
      queryOffsets: this.queries?.finish() ?? null,
      position,
      source: this.file,
      ...(plan.label >= 0 ? { labelName: plan.columnLabel(plan.label) } : {}),
    };
  }

  private makePlan(): void {
    const first = this.early[0]!;
    const header = this.header === true;
    let width = first.cells.count;
    if (width > 1 && first.cells.isBlank(width - 1)) {
      const next = this.early[1]?.cells;
      const realColumn = next !== undefined && next.count === width && !next.isBlank(width - 1);
      if (!realColumn) width--; // a trailing delimiter, not a column
    }
    const names = header ? Array.from({ length: width }, (_, j) => first.cells.text(j).trim()) : null;
    const plan = planColumns(this.file, names, width, this.options, header ? undefined : 0, this.options.nFeatures);
    this.plan = plan;
    this.planCategorical(plan, names, header);
    // A record takes at least `width` bytes (delimiters and newline), which bounds a misleading
    // estimate (a dense first chunk followed by long lines).
    const bytes = this.options.fileBytes ?? 0;
    const estimate = Math.min(this.options.expectedRows ?? 0, bytes > 0 ? bytes / width + 1 : 0);
    // The 16384-row floor is capped as well: no file holds more than bytes / width rows, and with
    // the size unknown the initial buffers of all columns together stay within 2^22 values. With
    // the floor alone a one-row file of 100,000 columns (200 KB) took 64 KB per column: 6.4 GB
    // and 6.5 s (found by test/fuzz's memory checks).
    const cap = bytes > 0 ? Math.ceil(bytes / width) + 1 : Math.max(16, Math.floor((1 << 22) / width));
    const capacity = Math.max(1, Math.min(Math.max(1 << 14, Math.ceil(estimate)), cap));
    const table = new TableColumns(plan, capacity);
    this.table = table;
    if (plan.qid >= 0) this.queries = new QueryBuilder(this.file, 'line', plan.columnLabel(plan.qid));
    const early = this.early;
    this.early = [];
    for (let r = header ? 1 : 0; r < early.length; r++) this.addRow(early[r]!.cells, early[r]!.line);
    if (this.options.fastPath !== false && this.labels === null && !this.coders.some((c) => c !== null)) this.tokenizer?.setRunParser(new PlainRecordParser(this.options.delimiter, plan, table, this.queries, this.options.fastPath !== 'ts', this.options.threads ?? 1));
  }

  /**
   * The categorical columns (planColumnarCategories): named ones (options.categorical) and, in
   * training data with detectCategorical, feature columns whose first data records hold text (text
   * columns of the shared rule). Data for a model (nFeatures or categoryCoding given) gets no
   * categories of its own: its categorical columns are coded by the model's table, and a named
   * column must be one the model has categories for.
   */
  private planCategorical(plan: ColumnPlan, names: string[] | null, header: boolean): void {
    const forModel = this.options.categoryCoding !== undefined || this.options.nFeatures !== undefined;
    this.detect = !forModel && this.options.detectCategorical === true;
    const kinds = new Array<CellKind>(plan.width).fill(CellKind.integer);
    const found = new Map<number, DetectedText>();
    if (this.detect) {
      for (let r = header ? 1 : 0; r < this.early.length; r++) {
        const cells = this.early[r]!.cells;
        for (const j of plan.featureColumns) {
          if (j < cells.count && !found.has(j) && !cells.isMissing(j) && cells.number(j) !== cells.number(j) && !DECIMAL_COMMA.test(cells.text(j))) {
            kinds[j] = CellKind.text;
            found.set(j, { physical: j, text: cells.text(j), line: this.early[r]!.line });
          }
        }
      }
    }
    this.categories = planColumnarCategories(this.file, names, plan, kinds, () => 'text', this.options);
    this.coders = this.categories.coders;
    if (forModel) return;
    // The load line names the cell that made a column categorical, for a column not named so.
    for (const d of this.options.detected ?? []) this.detected.set(d.physical, d);
    for (const [j, d] of found) if (!this.categories.named.has(j)) this.detected.set(j, d);
  }

  /** The general path: one record from the tokenizer, checked and stored at the table's next row. */
  private addRow(cells: Cells, line: number): void {
    const plan = this.plan!;
    const table = this.table!;
    const width = plan.width;
    const n = cells.count;
    if (n !== width && !(n === width + 1 && cells.isBlank(width))) {
      throw new DataError(
        { file: this.file, line },
        `expected ${width} cell${width === 1 ? '' : 's'} (as in the ${this.header ? 'header' : 'first line'}), found ${n}`,
      );
    }
    if (table.rows === table.capacity) table.grow();
    const row = table.rows;
    const roles = plan.roles;
    const floats = table.floats;
    for (let j = 0; j < width; j++) {
      const role = roles[j]!;
      if (role === Role.ignore) continue;
      const coder = this.coders[j];
      if (coder) {
        floats[j]![row] = cells.isMissing(j) ? NaN : coder.code(cells.text(j));
        continue;
      }
      const v = role === Role.label && this.labels !== null ? this.labels.code(cells.text(j), line, String(plan.columnLabel(j))) : cells.number(j);
      if (v !== v && !cells.isMissing(j)) {
        // A label that reads as a decimal-comma number gets that advice; other text, the label map's.
        if (role === Role.label && !DECIMAL_COMMA.test(cells.text(j))) {
          throw new TextLabelError(
            { file: this.file, line, column: plan.columnLabel(j) },
            `cannot parse ${quoteCell(cells.text(j))} as a number: text labels need a label map (e.g. --label-map no=0,yes=1; ` +
              'binary objectives map two label texts by themselves)',
          );
        }
        if (role === Role.feature && this.detect && !DECIMAL_COMMA.test(cells.text(j))) {
          throw new LateCategoricalColumn(this.file, line, plan.columnLabel(j), cells.text(j), j);
        }
        throw new DataError(
          { file: this.file, line, column: plan.columnLabel(j) },
          `cannot parse ${quoteCell(cells.text(j))} as a number ${notANumberHint(cells.text(j), role)}`,
        );
      }
      switch (role) {
        case Role.feature: {
          const f = Math.fround(v);
          if (!isValidFeature(f)) throw featureError({ file: this.file, line, column: plan.columnLabel(j) }, v, cells.text(j));
          floats[j]![row] = f;
          break;
        }
        case Role.label: {
          const f = Math.fround(v);
          if (!isValidLabel(f)) throw labelError({ file: this.file, line, column: plan.columnLabel(j) }, f, cells.text(j));
          floats[j]![row] = f;
          break;
        }
        case Role.weight: {
          const f = Math.fround(v);
          if (!isValidWeight(f)) throw weightError({ file: this.file, line, column: plan.columnLabel(j) }, f, cells.text(j));
          floats[j]![row] = f;
          break;
        }
        case Role.position:
          if (!isValidPosition(v)) throw positionError({ file: this.file, line, column: plan.columnLabel(j) }, v, cells.text(j));
          table.position[row] = v;
          break;
        case Role.qid:
          this.queries!.add(v, line);
          break;
      }
    }
    table.rows = row + 1;
  }
}

/**
 * Parses delimited UTF-8 text given as a sequence of byte chunks (any split, even inside a record,
 * a quoted cell or a multi-byte character; no BOM) into a Dataset. `file` is used in messages and
 * as Dataset.source.
 */
export async function parseDelimitedChunks(
  file: string,
  chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
  options: DelimitedOptions,
): Promise<Dataset> {
  const builder = new DelimitedTableBuilder(file, options);
  const tokenizer = new DelimitedTokenizer(file, options.delimiter, builder.record);
  builder.useTokenizer(tokenizer);
  for await (const chunk of chunks) {
    await tokenizer.readAhead(chunk);
    tokenizer.feed(chunk);
  }
  tokenizer.finish();
  return builder.finish();
}

/**
 * Reads a delimited text file (streamed in chunks; see the module comment for the rules).
 * Columns in the result are Float32Array of length nRows; label/weight Float32Array of length
 * nRows; position Int32Array of length nRows; queryOffsets Uint32Array of length nQueries + 1.
 */
export async function readDelimited(path: string, options: DelimitedOptions): Promise<Dataset> {
  const size = await textSizeHint(path);
  // One read buffer for the whole file (the tokenizer copies what it keeps).
  const chunks = readByteChunks(path, CHUNK_BYTES, true);
  // Estimate the record count from the first chunk's line density (5% headroom) before parsing.
  const first = await chunks.next();
  let expectedRows = 0;
  if (!first.done && first.value.length > 0) {
    let lines = 0;
    for (let i = first.value.indexOf(10); i >= 0; i = first.value.indexOf(10, i + 1)) lines++;
    expectedRows = first.value.length >= size ? lines + 1 : Math.ceil(((lines + 1) * size * 1.05) / first.value.length);
  }
  async function* all(): AsyncGenerator<Uint8Array, void, void> {
    if (!first.done) yield first.value;
    yield* chunks;
  }
  const source = options.decimal === ',' ? decimalCommaChunks(all()) : all();
  try {
    return await parseDelimitedChunks(path, source, { ...options, expectedRows, fileBytes: size });
  } catch (e) {
    if (!(e instanceof LateCategoricalColumn)) throw e;
    await chunks.return(undefined);
    // Text after numbers in a feature column of training data: the column is categorical, and its
    // earlier cells are category names too (their text, not their values), so the file is read again.
    return readDelimited(path, {
      ...options,
      categorical: [...(options.categorical ?? []), e.physical],
      detected: [...(options.detected ?? []), { physical: e.physical, text: e.text, line: e.line }],
    });
  } finally {
    // A parse that stops in the first chunk (bad input) returns `all()` while it is still at its
    // first yield, which never reaches `chunks`: close the file here, whatever happened.
    await chunks.return(undefined);
  }
}
