/**
 * What the published tarball carries (`npm pack --dry-run`, scripts off so nothing is rebuilt):
 * the MIT LICENSE the package.json names, the command and the compiled code.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;

describe('package tarball', () => {
  it('carries LICENSE (MIT, as package.json says), bin and dist', () => {
    const r = spawnSync('npm', ['pack', '--dry-run', '--ignore-scripts', '--json'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    expect(files).toContain('LICENSE');
    expect(files).toContain('bin/lambdaboost.js');
    expect(files).toContain('dist/cli/main.js');
    expect(files).toContain('dist/cli-bundle/main.js'); // what bin/lambdaboost.js runs
    expect((JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { license: string }).license).toBe('MIT');
    expect(readFileSync(`${ROOT}LICENSE`, 'utf8')).toMatch(/^MIT License\n/);
  }, 120_000);
});
