/**
 * `--verbosity 2` prints the time of every phase of every round on stderr and a summary at the
 * end; verbosity 1 prints none of it. The figures are wall-clock times and are not checked, only
 * that every phase is reported and the per-round lines add up to the summary's rounds.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA, runCli, tempDir } from './run-cli.js';

const train = (extra: string[]) => ['train', '--data', `${DATA}lightgbm-binary/binary.train`, '--valid', `${DATA}lightgbm-binary/binary.test`, '--rounds', '4', '--model-out', join(tempDir(), 'm.json'), ...extra];
const ROUND_PHASES = ['gradient', 'histogram', 'histogram + split', 'split', 'partition', 'grower other', 'margins', 'eval'];
const re = (p: string): string => p.replace(/[+]/g, '\\+');

describe('CLI: --verbosity 2 timings', () => {
  it.each([['1'], ['2']])('--nthread %s: per-round phase times and a summary on stderr, the eval log untouched', async (nthread) => {
    const r = await runCli(train(['--verbosity', '2', '--nthread', nthread]));
    expect(r.status).toBe(0);
    const rounds = r.stderr.split('\n').filter((l) => /^\[\d+\] time ms: /.test(l));
    expect(rounds.map((l) => /^\[(\d+)\]/.exec(l)![1])).toEqual(['0', '1', '2', '3']);
    for (const l of rounds) {
      for (const p of ROUND_PHASES) expect(l).toMatch(new RegExp(`[:,] ${re(p)} \\d+\\.\\d\\d`));
      expect(l).toMatch(/, total \d+\.\d\d$/);
    }
    const summary = r.stderr.slice(r.stderr.indexOf('timings (4 rounds'));
    for (const p of ['load', 'cuts', 'binning', ...ROUND_PHASES]) expect(summary).toMatch(new RegExp(`\\n  ${re(p)} +\\d+\\.\\d{3} s +\\d+\\.\\d %`));
    expect(summary).toMatch(/\n  histogram .* ms\/round/);
    expect(summary).toMatch(/\n  total +\d+\.\d{3} s\n$/);
    expect(r.stdout.trim().split('\n')).toHaveLength(4);
  });

  it('verbosity 1 prints no timings', async () => {
    const r = await runCli(train([]));
    expect(r.status).toBe(0);
    expect(r.stderr).not.toMatch(/time ms|timings/);
  });
});
