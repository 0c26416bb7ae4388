/**
 * Output paths are checked before any data is read, so a typo in `--model-out` or `--out` costs
 * milliseconds, not a training run: the file's directory must exist and be writable, and the path
 * must not name a directory. One rule for every command that writes files (directories are not
 * created, except `train --checkpoint-dir`, which names a directory).
 */
import { accessSync, constants, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { UserError } from '../src/errors.js';

/** Throws a UserError naming `flag` when `path` cannot be written as a file. */
export function checkOutputFile(flag: string, path: string): void {
  const dir = dirname(path);
  const where = `${flag} ${path}`;
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new UserError(`${where}: directory ${dir} does not exist`);
  }
  if (!isDir) throw new UserError(`${where}: ${dir} is not a directory`);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new UserError(`${where}: directory ${dir} is not writable`);
  }
  let target;
  try {
    target = statSync(path);
  } catch {
    return; // a new file
  }
  if (target.isDirectory()) throw new UserError(`${where}: is a directory (give a file name)`);
}
