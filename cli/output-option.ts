/**
 * `--class k` and its alias `--target k` of the explaining commands (pdp, importance, shap): which
 * output of a K-output model to explain, 0-based: class k of multi:softprob / multi:softmax, or
 * quantile k of reg:quantileerror with several quantile_alpha (src/explain/output-labels.ts).
 */
import type { Command } from 'commander';
import { UserError } from '../src/errors.js';

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
