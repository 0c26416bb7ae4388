/**
 * The data flags every command that reads data shares (`--format`, `--label`, `--qid`, `--weight`,
 * `--position`, `--ignore`, `--no-header`), so label and id columns are never mistaken for features.
 */
import { Command } from 'commander';
import type { DataFormat, LoadOptions } from '../src/data/load.js';
import { TextLabelError, UserError } from '../src/errors.js';
import { loadDataset } from '../src/data/load.js';
import type { Dataset } from '../src/data/dataset.js';
import { parseLabelMap } from '../src/data/label-map.js';

/** Adds the shared data flags to a command. */
export function addDataOptions(cmd: Command): Command {
  return cmd
    .option('--format <format>', 'data format: auto, csv, tsv, libsvm, arrow, parquet', 'auto')
    .option('--label <column>', 'label column (name or 0-based index); headerless delimited files default to column 0')
    .option('--weight <column>', 'row weight column')
    .option('--qid <column>', 'query (group) id column')
    .option('--position <column>', 'displayed position column (unbiased learning to rank)')
    .option('--libsvm-absent <reading>', 'LibSVM entries not written: missing (XGBoost) or zero (LightGBM)')
    .option('--ignore <columns>', 'columns to ignore (comma list; repeatable)', collectList, [] as string[])
    .option('--delimiter <char>', 'delimiter of a delimited file: one character or "tab" (default: detected among , tab ;)')
    .option('--decimal <mark>', 'decimal mark of a delimited file: "." (default) or "," (European CSV, e.g. 1,5;2,25)')
    .option('--label-map <map>', 'text labels to numbers, e.g. no=0,yes=1 (binary objectives map two label texts by themselves)')
    .option('--categorical <columns>', 'categorical feature columns, names or 0-based indices (comma list; repeatable); train and cv also take a text column as categorical and say so', collectList, [] as string[])
    .option('--categorical_feature <columns>', 'LightGBM\'s name for --categorical', collectList, [] as string[])
    .option('--header', 'the delimited file has a header row (default: detected)')
    .option('--no-header', 'the delimited file has no header row');
}

/** Options the data flags produce, as commander hands them over. */
/** The long names of the data options (`label`, `no-header`, ...), derived from addDataOptions: flags never rewritten as parameter aliases. */
export const DATA_FLAGS: readonly string[] = addDataOptions(new Command()).options.map((o) => o.long!.slice(2));

export interface DataFlags {
  format: string;
  label?: string;
  weight?: string;
  qid?: string;
  position?: string;
  ignore: string[];
  header?: boolean;
  delimiter?: string;
  decimal?: string;
  labelMap?: string;
  libsvmAbsent?: string;
  categorical?: string[];
  categorical_feature?: string[];
}

const FORMATS: readonly DataFormat[] = ['auto', 'csv', 'tsv', 'libsvm', 'arrow', 'parquet'];

/**
 * Converts the flags to loader options. Column references stay strings: the loader matches a
 * name first and takes a digits-only reference that names no column as a 0-based index.
 */
export function toLoadOptions(flags: DataFlags, extra: Partial<LoadOptions> = {}): LoadOptions {
  const format = flags.format as DataFormat;
  if (!FORMATS.includes(format)) {
    throw new UserError(`--format must be one of ${FORMATS.join(', ')}, not ${JSON.stringify(flags.format)}`);
  }
  const opts: LoadOptions = { format, ...extra };
  if (flags.label !== undefined) opts.label = flags.label;
  if (flags.weight !== undefined) opts.weight = flags.weight;
  if (flags.qid !== undefined) opts.qid = flags.qid;
  if (flags.position !== undefined) opts.position = flags.position;
  if (flags.ignore.length > 0) opts.ignore = flags.ignore;
  if (flags.header !== undefined) opts.header = flags.header;
  const categorical = [...(flags.categorical ?? []), ...(flags.categorical_feature ?? [])];
  if (categorical.length > 0) opts.categorical = categorical;
  if (flags.delimiter !== undefined) opts.delimiter = flags.delimiter;
  if (flags.labelMap !== undefined) opts.labelMap = parseLabelMap(flags.labelMap);
  if (flags.decimal !== undefined) {
    if (flags.decimal !== '.' && flags.decimal !== ',') throw new UserError(`--decimal must be "." or ",", not ${JSON.stringify(flags.decimal)}`);
    opts.decimal = flags.decimal;
  }
  if (flags.libsvmAbsent !== undefined) {
    if (flags.libsvmAbsent !== 'missing' && flags.libsvmAbsent !== 'zero') {
      throw new UserError(`--libsvm-absent must be missing or zero, not ${JSON.stringify(flags.libsvmAbsent)}`);
    }
    opts.libsvmAbsent = flags.libsvmAbsent;
  }
  return opts;
}

/** Commander collector for repeatable comma lists. */
export function collectList(value: string, previous: string[]): string[] {
  return previous.concat(value.split(',').map((s) => s.trim()).filter((s) => s !== ''));
}

/** Commander collector for repeatable single values. */
export function collect(value: string, previous: string[]): string[] {
  return previous.concat([value]);
}

/**
 * Loads data whose label column may be text: when it is and `fallback` is given (a binary
 * objective's 'binary', or a model's saved names), reads the file again with that label map and
 * says so (`labels: no=0, yes=1`).
 */
export async function loadWithTextLabels(
  path: string,
  options: LoadOptions,
  fallback: LoadOptions['labelMap'] | undefined,
  info: (msg: string) => void,
): Promise<Dataset> {
  let data: Dataset;
  try {
    data = await loadDataset(path, options);
  } catch (e) {
    if (!(e instanceof TextLabelError) || fallback === undefined || options.labelMap !== undefined) throw e;
    data = await loadDataset(path, { ...options, labelMap: fallback });
  }
  if (data.labelNames) info(`labels of ${path}: ${data.labelNames.map((n, i) => `${n}=${i}`).join(', ')}`);
  return data;
}
