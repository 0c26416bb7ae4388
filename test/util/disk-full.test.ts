/**
 * Disk full: writing a model or predictions onto a full file system fails with one line (exit 2)
 * and leaves the last good file in place, with no temporary file behind. Needs root to mount a
 * small tmpfs (as this project's machines and CI run); skipped, saying why, where mount is refused.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA, runCli } from '../cli/run-cli.js';

const mountPoint = mkdtempSync(join(tmpdir(), 'lambdaboost-full-'));
let mounted = false;
let why = '';
try {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mountPoint], { stdio: 'pipe' });
  mounted = true;
} catch (e) {
  why = `cannot mount a tmpfs here (${(e as Error).message.split('\n')[0]})`;
  console.info(`disk-full test skipped: ${why}`);
}

describe.skipIf(!mounted)('disk full', () => {
  const model = join(mountPoint, 'model.json');
  const common = ['--data', `${DATA}uci-casp-protein/CASP.csv`, '--label', 'RMSD', '--max_depth', '2', '--quiet'];

  beforeAll(async () => {
    expect((await runCli(['train', ...common, '--rounds', '2', '--model-out', model])).status).toBe(0);
    // Fill the file system, leaving a little room (less than a model of 40 rounds needs).
    const free = 256 * 1024 - readFileSync(model).length - 8 * 1024;
    writeFileSync(join(mountPoint, 'filler'), Buffer.alloc(Math.max(0, free)));
  });

  afterAll(() => {
    try {
      execFileSync('umount', [mountPoint], { stdio: 'pipe' });
    } finally {
      rmSync(mountPoint, { recursive: true, force: true });
    }
  });

  it('train: one line naming the file and ENOSPC, exit 2, the previous model unchanged, no temp file', async () => {
    const before = readFileSync(model);
    const r = await runCli(['train', ...common, '--rounds', '40', '--model-out', model]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^lambdaboost: .*model\.json.*ENOSPC/)]);
    expect(readFileSync(model)).toEqual(before);
    expect(readdirSync(mountPoint).sort()).toEqual(['filler', 'model.json']);
  });

  it('predict --out: the same', async () => {
    const out = join(mountPoint, 'preds.txt');
    const r = await runCli(['predict', '--model', model, '--data', `${DATA}uci-casp-protein/CASP.csv`, '--label', 'RMSD', '--out', out, '--quiet']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/preds\.txt: cannot write \(ENOSPC/);
    expect(readdirSync(mountPoint).sort()).toEqual(['filler', 'model.json']);
  });
});
