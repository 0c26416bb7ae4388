/**
 * The installed command as a user runs it: a separate process (`npm test` builds dist first).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA, tempDir } from './run-cli.js';

const BIN = new URL('../../bin/lambdaboost.js', import.meta.url).pathname;

function run(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
}

describe('bin/lambdaboost.js', () => {
  it('trains and exits 0', () => {
    const dir = tempDir();
    const r = run(['train', '--data', `${DATA}lightgbm-binary/binary.test`, '--rounds', '2', '--model-out', join(dir, 'm.json')]);
    expect(r.stderr).toContain('model written to');
    expect(r.status).toBe(0);
  });

  it('bad input: exit status 2, one line on stderr, no stack trace', () => {
    const dir = tempDir();
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'y,a\n1,2\nx,3\n'); // a text label (a text feature would be categorical)
    const r = run(['train', '--data', file, '--label', 'y', '--model-out', join(dir, 'm.json')]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^lambdaboost: .*bad\.csv:3.*"x"/)]);
    expect(r.stdout).toBe('');
  });

  it('--help lists the parameters from the table', () => {
    const r = run(['train', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/--max_depth <value>\s+Maximum tree depth/);
    expect(r.stdout).toContain('learning_rate');
  });
});
