/**
 * A reader that stops early (`lambdaboost dump ... | head`): the command ends quietly with status
 * 0, whatever it was writing. A real pipe whose read end is destroyed after the first chunk.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATA, runCli, tempDir } from './run-cli.js';

const BIN = new URL('../../bin/lambdaboost.js', import.meta.url).pathname;
const CASP = `${DATA}uci-casp-protein/CASP.csv`;

/** Runs the CLI, destroys its stdout reader after the first chunk; resolves to status and stderr. */
function runClosingEarly(args: string[]): Promise<{ status: number | null; signal: string | null; stderr: string; first: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let first = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.stdout.once('data', (d: Buffer) => {
      first = d.toString();
      child.stdout.destroy();
    });
    child.on('error', reject);
    child.on('exit', (status, signal) => resolve({ status, signal, stderr, first }));
  });
}

describe('CLI: standard output closed by its reader', () => {
  let model = '';
  beforeAll(async () => {
    const dir = tempDir();
    model = join(dir, 'm.json');
    // 40 trees of depth 6: a dump of about 200 kB, more than a pipe holds.
    const r = await runCli(['train', '--data', CASP, '--label', 'RMSD', '--rounds', '40', '--model-out', model, '--quiet']);
    expect(r.status).toBe(0);
  }, 120_000);

  it.each([
    ['dump', () => ['dump', '--model', model, '--with-stats']],
    ['predict', () => ['predict', '--model', model, '--data', CASP, '--label', 'RMSD', '--quiet']],
    ['train (eval log)', () => ['train', '--data', CASP, '--label', 'RMSD', '--valid', CASP, '--rounds', '100000', '--max_depth', '2', '--model-out', join(tempDir(), 'm.json')]],
  ])('%s | head: exit 0, nothing on stderr but its own lines', async (_name, args) => {
    const r = await runClosingEarly(args());
    expect(r.first.length).toBeGreaterThan(0);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(0);
    expect(r.stderr).not.toMatch(/EPIPE|Error|\n\s+at /);
  }, 120_000);
});
