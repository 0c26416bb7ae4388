/**
 * CLI: a worker thread that dies during training makes `train` exit 2 with one line naming the
 * worker's error, and the model file from the last good run stays as it was.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { injectWorkerFaultForTesting } from '../../src/parallel/fault.js';
import { destroyWorkerPool } from '../../src/parallel/pool.js';
import { runCli } from '../cli/run-cli.js';

afterAll(async () => {
  injectWorkerFaultForTesting(null);
  await destroyWorkerPool();
});

describe('lambdaboost train with a failing worker', () => {
  it('exits 2 with one line and leaves the last good model in place', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lb-worker-fail-'));
    const csv = join(dir, 'train.csv');
    let s = 'y,a,b,c\n';
    for (let i = 0; i < 600; i++) s += `${(i % 13) * 0.5},${i % 17},${(i * 7) % 23},${Math.sin(i)}\n`;
    writeFileSync(csv, s);
    const model = join(dir, 'model.json');
    const args = ['train', '--data', csv, '--label', 'y', '--rounds', '5', '--nthread', '2', '--model-out', model, '--quiet'];
    const good = await runCli(args);
    expect(good.status).toBe(0);
    const before = readFileSync(model);
    injectWorkerFaultForTesting('exit');
    const bad = await runCli(args);
    expect(bad.status).toBe(2);
    const lines = bad.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/worker thread failed/);
    expect(readFileSync(model).equals(before)).toBe(true);
  });
});
