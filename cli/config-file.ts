/**
 * `--config FILE`: `key = value` lines as XGBoost's and LightGBM's CLI configs (`#` starts a
 * comment). Keys are parameters (any alias) or the command's file keys (data, valid, model_out /
 * output_model); the command line wins over the file.
 */
import { readFileSync } from 'node:fs';
import { DataError } from '../src/errors.js';

/** Parsed config: ordered key/value pairs (a key may repeat, e.g. valid). */
export type ConfigEntries = [key: string, value: string, line: number][];

export function readConfigFile(path: string): ConfigEntries {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new DataError({ file: path }, `cannot read config file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const out: ConfigEntries = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/#.*$/, '').trim();
    if (line === '') continue;
    const eq = line.indexOf('=');
    if (eq <= 0) throw new DataError({ file: path, line: i + 1 }, `expected "key = value", found ${JSON.stringify(line)}`);
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
    out.push([key, value, i + 1]);
  }
  return out;
}
