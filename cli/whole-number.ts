/**
 * A command-line flag's whole-number value (`--top 10`, `--nfold 5`), one place for every command.
 */
import { UserError } from '../src/errors.js';

/** The value of `flag` as a whole number >= min. @throws UserError naming the flag and the text. */
export function wholeNumber(flag: string, s: string, min: number): number {
  if (!/^\d+$/.test(s.trim()) || Number(s) < min) throw new UserError(`${flag} must be a whole number >= ${min}, not ${JSON.stringify(s)}`);
  return Number(s);
}
