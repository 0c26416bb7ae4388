/**
 * Every command's --help: 80 columns, one style of defaults, and --quiet / --verbosity on every
 * command that prints messages (serve's flags are its own module's).
 */
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const COMMANDS = ['train', 'cv', 'predict', 'eval', 'dump', 'simulate-clicks', 'serve', 'importance', 'pdp', 'bias', 'shap', 'propensity'];

describe('CLI help', () => {
  it.each([...COMMANDS, ''])('%s --help: no line over 80 columns, defaults as (default: value)', async (name) => {
    const r = await runCli(name ? [name, '--help'] : ['--help']);
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.length).toBeGreaterThan(3);
    for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(80);
    expect(r.stdout).not.toMatch(/\(default: "|\(default [^:]|\(default: \[\]\)/);
  });

  it.each(COMMANDS.filter((c) => c !== 'serve'))('%s has --quiet and --verbosity', async (name) => {
    const r = await runCli([name, '--help']);
    expect(r.stdout).toMatch(/\n {2}--quiet\s/);
    expect(r.stdout).toMatch(/\n {2}--verbosity <\w+>\s/);
  });

  it('--verbosity 0 silences messages, a bad value is one line', async () => {
    const model = new URL('../fixtures/models/xgboost-1.7.4/binary.model.json', import.meta.url).pathname;
    const data = new URL('../../datasets/lightgbm-binary/binary.test', import.meta.url).pathname;
    const loud = await runCli(['eval', '--model', model, '--data', data]);
    expect(loud.status).toBe(0);
    const quiet = await runCli(['eval', '--model', model, '--data', data, '--verbosity', '0']);
    expect(quiet.stdout).toBe(loud.stdout);
    expect(quiet.stderr).toBe('');
    const bad = await runCli(['dump', '--model', model, '--verbosity', 'loud']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('lambdaboost: --verbosity must be 0, 1, 2 or 3, not "loud"\n');
  });
});
