/**
 * Atomic file replacement: the data goes to a temporary file in the target's directory, is
 * flushed to disk, then renamed over the target, so a reader never sees a half-written file
 * (ARCHITECTURE.md decision 8).
 */
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { UserError } from '../errors.js';

/**
 * An output file could not be written (disk full, no permission, missing directory): a user-facing
 * error naming the file and the system's reason; `code` is the errno code (ENOSPC, EACCES, ...).
 */
export class WriteError extends UserError {
  /** The system's reason alone, e.g. `ENOENT: no such file or directory` (no path, no syscall). */
  readonly detail: string;

  constructor(
    readonly path: string,
    readonly code: string | undefined,
    reason: string,
  ) {
    const detail = `${code ? `${code}: ` : ''}${reason}`;
    super(`${path}: cannot write (${detail}); the previous file, if any, is unchanged`);
    this.detail = detail;
  }
}

/** The reason of a Node file-system error without its code, syscall and path ("no such file or directory"). */
function systemReason(e: NodeJS.ErrnoException): string {
  const m = /^[A-Z0-9_]+: ([^,]+)/.exec(e.message ?? '');
  return m ? m[1]! : String(e.message ?? e);
}

/**
 * Writes `data` to `path` atomically: a temporary file `.<name>.<random>.tmp` in the same
 * directory is written, fsync'ed and renamed onto `path`. On any failure the temporary file
 * is removed and the error rethrown; `path` then still holds its previous content (or does not
 * exist), and the error is a WriteError naming `path`.
 * @param path destination file.
 * @param data file content; a string is written as UTF-8.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  let created = false;
  try {
    const handle = await open(tmp, 'wx', 0o644);
    created = true;
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
    created = false;
    await syncDirectory(dirname(path));
  } catch (err) {
    if (created) await unlink(tmp).catch(() => undefined);
    const e = err as NodeJS.ErrnoException;
    throw new WriteError(path, e.code, systemReason(e));
  }
}

/** Flushes a directory entry change (the rename) where the platform allows it; best effort. */
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Some platforms (Windows) and file systems refuse fsync on a directory; the rename is done.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
