import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/util/atomic-write.js';

const dir = mkdtempSync(join(tmpdir(), 'lb-atomic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('writes a new file and replaces an existing one, leaving no temporary files', async () => {
    const p = join(dir, 'a.json');
    await writeFileAtomic(p, '{"x":1}');
    expect(readFileSync(p, 'utf8')).toBe('{"x":1}');
    await writeFileAtomic(p, new TextEncoder().encode('second'));
    expect(readFileSync(p, 'utf8')).toBe('second');
    expect(readdirSync(dir)).toEqual(['a.json']);
  });

  it('on failure rethrows, removes the temporary file and leaves the target untouched', async () => {
    const sub = join(dir, 'fail');
    mkdirSync(sub);
    // The target is a non-empty directory: writing the temp file works, the rename fails.
    const target = join(sub, 'model.json');
    mkdirSync(target);
    writeFileSync(join(target, 'keep'), 'x');
    await expect(writeFileAtomic(target, 'data')).rejects.toThrow();
    expect(readdirSync(sub)).toEqual(['model.json']);
    expect(readdirSync(target)).toEqual(['keep']);
  });

  it('fails cleanly when the directory does not exist', async () => {
    await expect(writeFileAtomic(join(dir, 'no-such-dir', 'm.json'), 'x')).rejects.toThrow(/ENOENT/);
  });
});
