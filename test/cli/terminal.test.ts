/**
 * Training on a terminal: the eval log is data (standard output, every line, in order, also when
 * standard output is redirected), the progress bar lives on standard error and never swallows a
 * line. Run under a pseudo-terminal with util-linux `script`.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA, tempDir } from './run-cli.js';

const BIN = new URL('../../bin/lambdaboost.js', import.meta.url).pathname;
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
const BASH = spawnSync('bash', ['-c', 'command -v bash'], { encoding: 'utf8' }).stdout?.trim() ?? '';
const ROUNDS = 25;

/**
 * Runs `command` (a bash line) with stdin, stdout and stderr on a pseudo-terminal; what the terminal showed.
 * `script` hands the line to `$SHELL`, which is `/bin/sh` (dash, no `pipefail`) on CI machines, so the
 * shell is named here rather than inherited.
 */
function onTerminal(command: string): { status: number | null; screen: string } {
  const r = spawnSync('script', ['-qefc', command, '/dev/null'], {
    encoding: 'utf8',
    timeout: 120_000,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SHELL: BASH },
  });
  return { status: r.status, screen: r.stdout };
}

/** The eval log lines in `text`, with the bar's drawing (CR, erase-line) taken out. */
function evalLines(text: string): string[] {
  return text.split(/\r\x1b\[2K|\r?\n|\r/).filter((s) => /^\[\d+\]\t/.test(s));
}

const train = (out: string): string =>
  `${process.execPath} ${BIN} train --data ${DATA}lightgbm-binary/binary.train --valid ${DATA}lightgbm-binary/binary.test --rounds ${ROUNDS} --max_depth 3 --model-out ${out}`;

describe.skipIf(!hasScript || BASH === '')('CLI on a terminal (util-linux script)', () => {
  it('every eval line is shown, in order, the final one included; the bar is drawn and erased', () => {
    const dir = tempDir();
    const r = onTerminal(train(join(dir, 'm.json')));
    expect(r.status).toBe(0);
    expect(r.screen).toContain('training [');
    const lines = evalLines(r.screen);
    expect(lines.map((l) => /^\[(\d+)\]/.exec(l)![1])).toEqual(Array.from({ length: ROUNDS }, (_, i) => String(i)));
    expect(lines[ROUNDS - 1]).toMatch(/^\[24\]\ttrain-rmse:[\d.]+\tvalid-rmse:[\d.]+$/);
    expect(r.screen).toContain('model written to');
  });

  it('> log captures the whole eval log and nothing of the bar; the bar stays on the terminal', () => {
    const dir = tempDir();
    const log = join(dir, 'log');
    const r = onTerminal(`${train(join(dir, 'm.json'))} > ${log}`);
    expect(r.status).toBe(0);
    const text = readFileSync(log, 'utf8');
    expect(text).not.toMatch(/\x1b|\r|training \[/);
    const lines = text.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(ROUNDS);
    lines.forEach((l, i) => expect(l).toMatch(new RegExp(`^\\[${i}\\]\\ttrain-rmse:[\\d.]+\\tvalid-rmse:[\\d.]+$`)));
    expect(r.screen).toContain('training [');
    expect(evalLines(r.screen)).toEqual([]);
  });

  it('| tee log: the same lines in the file and on the terminal (no bar: tee writes when it likes)', () => {
    const dir = tempDir();
    const log = join(dir, 'log');
    const r = onTerminal(`set -o pipefail; ${train(join(dir, 'm.json'))} | tee ${log}`);
    expect(r.status).toBe(0);
    const lines = readFileSync(log, 'utf8').split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(ROUNDS);
    expect(evalLines(r.screen)).toEqual(lines);
    expect(r.screen).not.toContain('training [');
  });
});
