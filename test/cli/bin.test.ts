/**
 * The installed command as a user runs it: a separate process (`npm test` builds dist first), which
 * runs the bundled CLI (dist/cli-bundle, scripts/build-cli.js).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA, runCli, tempDir } from './run-cli.js';
import { WASM } from '../wasm-available.js';

const BIN = new URL('../../bin/lambdaboost.js', import.meta.url).pathname;

function run(args: string[], env: NodeJS.ProcessEnv = process.env) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000, env });
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

  // The bundle's chunks live in dist/cli-bundle/: modules that find files from their own URL must
  // still find them from there (build-cli.js keeps their dist/ location).
  it.skipIf(!WASM)('finds the WASM kernels (--kernel wasm refuses to run without them)', () => {
    const dir = tempDir();
    const r = run(['train', '--data', `${DATA}lightgbm-binary/binary.test`, '--rounds', '2', '--kernel', 'wasm', '--nthread', '2', '--model-out', join(dir, 'm.json')]);
    expect(r.stderr).toContain('model written to');
    expect(r.status).toBe(0);
  });

  it('starts its kernel workers from dist/src/parallel/worker.js (the first task reaches a worker and fails as injected)', () => {
    const dir = tempDir();
    const r = run(['train', '--data', `${DATA}lightgbm-binary/binary.test`, '--rounds', '2', '--nthread', '2', '--model-out', join(dir, 'm.json')],
      { ...process.env, LAMBDABOOST_TEST_WORKER_FAULT: 'throw' });
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^lambdaboost: training failed: a worker thread failed: injected worker fault/);
    expect(r.status).toBe(2);
  });

  it('writes the same model bytes as the CLI run from the sources', async () => {
    const dir = tempDir();
    const args = ['--data', `${DATA}lightgbm-binary/binary.test`, '--rounds', '5', '--max_depth', '4', '--nthread', '2'];
    const r = run(['train', ...args, '--model-out', join(dir, 'bin.json')]);
    expect(r.status, r.stderr).toBe(0);
    const inProcess = await runCli(['train', ...args, '--quiet', '--model-out', join(dir, 'src.json')]);
    expect(inProcess.status, inProcess.stderr).toBe(0);
    expect(readFileSync(join(dir, 'bin.json'), 'utf8')).toBe(readFileSync(join(dir, 'src.json'), 'utf8'));
  });
});
