/**
 * What can be checked without the data is checked before it is read: parameter values and output
 * paths fail at once, in one line, on every command that writes files. The data files named here
 * do not exist: a command that read them first would report them instead.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA, runCli, tempDir } from './run-cli.js';

const NO_DATA = '/nonexistent/lambdaboost/data.csv';
const NO_MODEL = '/nonexistent/lambdaboost/model.json';
const MODEL = new URL('../fixtures/models/xgboost-1.7.4/binary.model.json', import.meta.url).pathname;
const BINARY_TEST = `${DATA}lightgbm-binary/binary.test`;

/** One line on stderr, exit 2, matching `re`. */
function expectOneLine(r: { status: number; stderr: string; stdout: string }, re: RegExp): void {
  expect(r.stderr.split('\n').filter((l) => l !== ''), r.stderr).toEqual([expect.stringMatching(re)]);
  expect(r.status).toBe(2);
}

describe('CLI: parameters and output paths are checked before the data is read', () => {
  it.each([
    [['--eta', 'abc'], /^lambdaboost: parameter eta: invalid value "abc"; expected a number/],
    [['--learning-rate', 'abc'], /^lambdaboost: parameter eta: invalid value "abc"/],
    [['max_depth=-1'], /^lambdaboost: parameter max_depth: invalid value "-1"/],
    [['--objective', 'binari'], /^lambdaboost: parameter objective: invalid value "binari"; expected one of .*binary:logistic/],
    [['--eval_metric', 'nope'], /^lambdaboost: eval_metric: unknown metric "nope"/],
    [['--max_depth', '0'], /^lambdaboost: parameter max_depth: 0 \(no limit\) needs grow_policy lossguide/],
    [['--model-out', 'no/such/dir/m.json'], /^lambdaboost: --model-out no\/such\/dir\/m\.json: directory no\/such\/dir does not exist$/],
  ])('train %j', async (args, re) => {
    expectOneLine(await runCli(['train', '--data', NO_DATA, ...args]), re);
  });

  it('train: a --model-out that is a directory, and an unwritable --checkpoint-dir', async () => {
    const dir = tempDir();
    expectOneLine(await runCli(['train', '--data', NO_DATA, '--model-out', dir]), /--model-out .*: is a directory/);
    const file = join(dir, 'f');
    writeFileSync(file, '');
    expectOneLine(await runCli(['train', '--data', NO_DATA, '--checkpoint-dir', join(file, 'ck')]), /^lambdaboost: --checkpoint-dir .*: cannot create it \(ENOTDIR\)$/);
  });

  it.each([
    ['predict', ['predict', '--model', NO_MODEL, '--data', NO_DATA]],
    ['dump', ['dump', '--model', NO_MODEL]],
    ['importance', ['importance', '--model', NO_MODEL]],
    ['pdp', ['pdp', '--model', NO_MODEL, '--data', NO_DATA, '--feature', '0']],
    ['bias', ['bias', '--model', NO_MODEL]],
    ['simulate-clicks', ['simulate-clicks', '--data', NO_DATA]],
  ])('%s --out in a missing directory', async (_name, args) => {
    expectOneLine(await runCli([...args, '--out', 'no/such/dir/x']), /^lambdaboost: --out no\/such\/dir\/x[.a-z]*: directory no\/such\/dir does not exist$/);
  });

  it('a write that fails anyway says why once (no doubled ENOENT text)', async () => {
    const { writeModelFile, readModelFile } = await import('../../src/model-io/model-file.js');
    const model = await readModelFile(MODEL);
    await expect(writeModelFile('/nonexistent/dir/m.json', model)).rejects.toThrow(
      /^\/nonexistent\/dir\/m\.json: cannot write the model file \(ENOENT: no such file or directory\)$/,
    );
  });

  it('a missing required option reads the same from commander and from train', async () => {
    expectOneLine(await runCli(['dump']), /^lambdaboost: required option '--model <file>' not specified$/);
    expectOneLine(await runCli(['train']), /^lambdaboost: required option '--data <file>' not specified \(or data = FILE in --config\)$/);
  });
});

describe('CLI: chart --out takes a prefix; a known ending is taken off; PNG is refused', () => {
  it('pdp --out pdp.svg writes pdp.svg, not pdp.svg.svg', async () => {
    const dir = tempDir();
    const r = await runCli(['pdp', '--model', MODEL, '--data', BINARY_TEST, '--feature', '3', '--grid', '4', '--ice', '0', '--out', join(dir, 'pdp.svg'), '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    for (const f of ['pdp.svg', 'pdp.csv', 'pdp.json', 'pdp.vl.json']) expect(existsSync(join(dir, f)), f).toBe(true);
    expect(existsSync(join(dir, 'pdp.svg.svg'))).toBe(false);
  });

  it.each(['imp', 'imp.svg', 'imp.vl.json'])('importance --out %s writes imp.svg and imp.vl.json', async (name) => {
    const dir = tempDir();
    const r = await runCli(['importance', '--model', MODEL, '--out', join(dir, name), '--quiet']);
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, 'imp.svg'), 'utf8')).toMatch(/^<svg/);
    expect(JSON.parse(readFileSync(join(dir, 'imp.vl.json'), 'utf8'))).toHaveProperty('$schema');
  });

  it.each([
    ['importance', ['importance', '--model', MODEL]],
    ['pdp', ['pdp', '--model', MODEL, '--data', BINARY_TEST, '--feature', '3']],
    ['bias', ['bias', '--model', MODEL]],
  ])('%s --out x.png is refused before any work, naming .svg and .vl.json', async (_name, args) => {
    const dir = tempDir();
    expectOneLine(await runCli([...args, '--out', join(dir, 'x.png')]), /^lambdaboost: --out .*x\.png: PNG is not written .*\.svg.*\.vl\.json/);
    expect(existsSync(join(dir, 'x.png'))).toBe(false);
  });
});
