/**
 * `dump --fmap` and `dump --format json` against XGBoost 3.4.1's `dump_model` of the same model
 * (a feature map with indicator, integer and quantity features; with and without stats), byte
 * for byte. Skipped, with the reason, where the anchor or Python's numpy is absent.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { XGBOOST_ANCHOR, xgboostAnchorMissing } from '../xgboost-anchor.js';

const ANCHOR = XGBOOST_ANCHOR;
const SCRIPT = new URL('./xgboost-dump.py', import.meta.url).pathname;

const missing = xgboostAnchorMissing();

let dir = '';
beforeAll(() => {
  if (missing) return;
  dir = mkdtempSync(join(tmpdir(), 'lb-dump-'));
  execFileSync('/usr/bin/python3', [SCRIPT, dir], { env: { ...process.env, PYTHONPATH: ANCHOR }, stdio: 'pipe' });
}, 120_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(missing !== null)(`dump against XGBoost 3.4.1's dump_model${missing ? ` (skipped: ${missing})` : ''}`, () => {
  for (const format of ['text', 'json'] as const) {
    for (const stats of [false, true]) {
      it(`--format ${format} --fmap${stats ? ' --with-stats' : ''}: byte for byte`, async () => {
        const r = await runCli([
          'dump', '--model', join(dir, 'model.json'), '--fmap', join(dir, 'fmap.txt'), '--format', format, ...(stats ? ['--with-stats'] : []),
        ]);
        expect(r.status, r.stderr).toBe(0);
        const want = readFileSync(join(dir, `dump-${format}-${stats ? 1 : 0}.txt`), 'utf8');
        expect(r.stdout).toBe(want);
        if (format === 'json') expect(() => JSON.parse(r.stdout) as unknown).not.toThrow();
      });
    }
  }

  it('a feature map with a bad type, out-of-order index or a categorical type on a numeric split is refused', async () => {
    const bad = join(dir, 'bad.txt');
    for (const [text, why] of [
      ['0 flag x\n', /type "x"; expected i \(indicator\), q \(quantity\), int, float or c/],
      ['1 flag i\n', /indices must be 0, 1, 2, \.\.\. in order/],
      ['0 flag i\n1 count\n', /words are not whole lines/],
      ['0 flag c\n1 count q\n2 price q\n', /flag in the feature map is categorical but a split on it is numerical/],
    ] as const) {
      writeFileSync(bad, text);
      const r = await runCli(['dump', '--model', join(dir, 'model.json'), '--fmap', bad, '--format', 'json']);
      expect(r.status, text).toBe(2);
      expect(r.stderr, text).toMatch(why);
    }
    const fmt = await runCli(['dump', '--model', join(dir, 'model.json'), '--format', 'xml']);
    expect(fmt.status).toBe(2);
    expect(fmt.stderr).toMatch(/--format must be text or json/);
  });
});
