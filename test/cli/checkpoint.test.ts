/**
 * Training that survives: checkpoints every N rounds (complete models), SIGINT/SIGTERM finish the
 * round and write a final checkpoint (exit 130/143), and --init-model continues to the same bytes.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readModelFile } from '../../src/model-io/model-file.js';
import { DATA, runCli, tempDir } from './run-cli.js';

const BIN = new URL('../../bin/lambdaboost.js', import.meta.url).pathname;
const common = ['--data', `${DATA}uci-casp-protein/CASP.csv`, '--label', 'RMSD', '--max_depth', '4', '--subsample', '0.8', '--seed', '5', '--quiet'];

describe('CLI: checkpoints, signals, continued training', () => {
  it('--checkpoint-every writes complete models; --init-model continues to the same bytes', async () => {
    const dir = tempDir();
    const ck = join(dir, 'ck');
    const r = await runCli(['train', ...common, '--rounds', '10', '--checkpoint-every', '4', '--checkpoint-dir', ck, '--model-out', join(dir, 'full.json')]);
    expect(r.status).toBe(0);
    expect(readdirSync(ck).sort()).toEqual(['model-4.json', 'model-8.json']);
    expect((await readModelFile(join(ck, 'model-8.json'))).trees).toHaveLength(8);
    const c = await runCli(['train', ...common, '--rounds', '2', '--init-model', join(ck, 'model-8.json'), '--model-out', join(dir, 'continued.json')]);
    expect(c.status).toBe(0);
    expect(readFileSync(join(dir, 'continued.json'))).toEqual(readFileSync(join(dir, 'full.json')));
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s finishes the round, writes a checkpoint that continues, exits %i', async (sig, code) => {
    const dir = tempDir();
    const ck = join(dir, 'ck');
    const child = spawn(process.execPath, [BIN, 'train', ...common.filter((a) => a !== '--quiet'), '--rounds', '100000', '--checkpoint-dir', ck, '--model-out', join(dir, 'm.json')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    // Wait until training is under way (the data is loaded), then interrupt.
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (stderr.includes('loaded')) {
          clearInterval(poll);
          setTimeout(resolve, 1500);
        }
      }, 50);
    });
    child.kill(sig);
    const status = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(status).toBe(code);
    const m = /model of (\d+) rounds written to (\S+) \(continue with --init-model/.exec(stderr);
    expect(m).not.toBeNull();
    expect(stderr).not.toMatch(/\n\s+at /);
    const model = await readModelFile(m![2]!);
    expect(model.trees.length).toBe(Number(m![1]));
    expect(model.trees.length).toBeGreaterThan(0);
    expect(existsSync(join(dir, 'm.json'))).toBe(false);
    expect(readdirSync(ck).filter((f) => f.includes('.tmp'))).toEqual([]);
  });
});
