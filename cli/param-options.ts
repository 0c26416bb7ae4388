/**
 * CLI options derived from the parameter table: every parameter is `--<canonical name> <value>`;
 * aliases and dashed spellings (`--learning-rate`, `--rounds`, `--early-stopping-rounds`) are
 * rewritten to the canonical flag before parsing, and trailing `key=value` words (LightGBM style)
 * are accepted too.
 */
import type { Command } from 'commander';
import { UserError } from '../src/errors.js';
import { appendListValue, findParam, unknownParam } from '../src/params/resolve.js';
import { PARAMS, type ParamSpec } from '../src/params/schema.js';

/** Adds one option per parameter, with its description and default. */
export function addParamOptions(cmd: Command): Command {
  for (const p of PARAMS as readonly ParamSpec[]) {
    const def = p.default === undefined || (Array.isArray(p.default) && p.default.length === 0) ? '' : ` (default: ${String(p.default)})`;
    const alias = p.aliases.length > 0 ? ` [aliases: ${p.aliases.join(', ')}]` : '';
    if (p.type === 'list') cmd.option(`--${p.name} <value>`, `${p.desc} (repeatable)${alias}`, (v: string, prev: string[] | undefined) => [...(prev ?? []), v]);
    else cmd.option(`--${p.name} <value>`, `${p.desc}${def}${alias}`);
  }
  return cmd;
}

/**
 * Rewrites `--alias`, `--dashed-name` and `--name=value` flags of parameters to `--canonical`,
 * leaving every other argument alone.
 */
export function normalizeParamFlags(argv: readonly string[], reserved: ReadonlySet<string>): string[] {
  return argv.map((a) => {
    if (!a.startsWith('--')) return a;
    const eq = a.indexOf('=');
    const key = a.slice(2, eq < 0 ? undefined : eq);
    if (reserved.has(key)) return a;
    const p = findParam(key);
    if (!p) return a;
    return `--${p.name}${eq < 0 ? '' : a.slice(eq)}`;
  });
}

/**
 * Adds the parameter values commander parsed to `values` (canonical keys, string values): they
 * replace what is there, except list parameters, whose every `--flag` appends (appendListValue).
 */
export function addParamValuesFromOptions(values: Record<string, string>, opts: Record<string, unknown>, typedAs?: Record<string, string>): void {
  for (const p of PARAMS as readonly ParamSpec[]) {
    const v = opts[p.name];
    if (typeof v === 'string') {
      appendListValue(values, p, v);
    } else if (Array.isArray(v)) {
      for (const item of v) if (typeof item === 'string') appendListValue(values, p, item);
    } else {
      continue;
    }
    if (typedAs) typedAs[p.name] = p.name;
  }
}

/**
 * Parses trailing `key=value` words into `values` (canonical keys; aliases allowed; a list
 * parameter given twice appends, appendListValue). `typedAs`, when given, records the name each
 * parameter was typed as (canonical name -> name given), for the notes on foreign names.
 * @throws UserError for a word that is not key=value, ParamError for an unknown key.
 */
export function addParamValuesFromWords(values: Record<string, string>, words: readonly string[], typedAs?: Record<string, string>): void {
  for (const w of words) {
    const eq = w.indexOf('=');
    if (eq <= 0) throw new UserError(`unexpected argument ${JSON.stringify(w)} (parameters are --name value or name=value)`);
    const key = w.slice(0, eq).trim();
    const p = findParam(key);
    if (!p) throw unknownParam(key);
    appendListValue(values, p, w.slice(eq + 1).trim());
    if (typedAs) typedAs[p.name] = key;
  }
}
