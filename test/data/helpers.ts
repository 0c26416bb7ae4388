/** Test helpers for the data loaders: temporary files and DataError expectations. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { DataError, type DataLocation } from '../../src/errors.js';

/** Absolute path of a fixture under test/fixtures/data. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../fixtures/data/${name}`, import.meta.url));
}

/** Absolute path of a bundled dataset under datasets/. */
export function dataset(rel: string): string {
  return fileURLToPath(new URL(`../../datasets/${rel}`, import.meta.url));
}

/** A temporary directory, removed by the returned cleanup function. */
export function makeTmpDir(): { dir: string; file: (name: string, content: string | Uint8Array) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'lambdaboost-data-'));
  return {
    dir,
    file: (name, content) => {
      const p = join(dir, name);
      writeFileSync(p, content);
      return p;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Awaits `p`, expects a DataError, checks its location fields and message; returns it. */
export async function expectDataError(p: Promise<unknown>, loc: Partial<DataLocation>, message?: RegExp): Promise<DataError> {
  let caught: unknown;
  try {
    await p;
  } catch (err) {
    caught = err;
  }
  expect(caught, 'expected a DataError').toBeInstanceOf(DataError);
  const e = caught as DataError;
  for (const [k, v] of Object.entries(loc)) expect(e.location[k as keyof DataLocation], `location.${k} of "${e.message}"`).toBe(v);
  if (message) expect(e.message).toMatch(message);
  return e;
}
