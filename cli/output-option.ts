/**
 * `--class k` and its alias `--target k` of the explaining commands (pdp, importance, shap): which
 * output of a K-output model to explain, 0-based: class k of multi:softprob / multi:softmax, or
 * quantile k of reg:quantileerror with several quantile_alpha (src/explain/output-labels.ts).
 */
import type { Command } from 'commander';
import { UserError } from '../src/errors.js';
import { parseOutputFlag } from '../src/explain/output-labels.js';
import type { Model } from '../src/model-io/model.js';

export interface OutputFlags {
  class?: string;
  target?: string;
}

/** Adds --class and --target to `cmd`; `what` says what happens with one (and `without`, without). */
export function addOutputOptions(cmd: Command, what: string, without: string): Command {
  return cmd
    .option('--class <k>', `a K-output model: ${what} of output k only (0-based: class k of multi:*, quantile k of several quantile_alpha); without it, ${without}`)
    .option('--target <k>', 'the same as --class (reads better for quantiles)');
}

/** The flag given (--class or --target) and its text, or null; both given is refused. */
export function outputOption(flags: OutputFlags): { flag: string; text: string } | null {
  if (flags.class !== undefined && flags.target !== undefined) throw new UserError('give --class or --target, not both (they are the same option)');
  if (flags.class !== undefined) return { flag: '--class', text: flags.class };
  if (flags.target !== undefined) return { flag: '--target', text: flags.target };
  return null;
}

/**
 * The output index --class / --target picks (parseOutputFlag), or undefined when neither is given.
 * @param model the model read from `file`, or null for one that has a single output whatever it is (LightGBM's here).
 * @throws UserError for a flag given with a single-output model, or an index that is not one of its outputs.
 */
export function outputIndex(flags: OutputFlags, model: Model | null, file: string): number | undefined {
  const given = outputOption(flags);
  if (given === null) return undefined;
  if (model === null || model.nOutputGroups === 1) throw new UserError(`${given.flag} applies to models of several outputs (multi-class, several quantile_alpha); ${file} has one`);
  return parseOutputFlag(model, given.text, given.flag);
}
