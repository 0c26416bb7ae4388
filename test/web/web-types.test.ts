/**
 * The web entry's sources compile without Node's type definitions (tsconfig.web.json: no
 * `@types/node`), so nothing it reaches uses a Node global such as Buffer or process, which the
 * bundler would pass through silently and a browser would reject at run time. The globals allowed
 * are a web worker's (lib WebWorker: TextDecoder, fetch, ...), which browsers and edge runtimes share.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from './web-harness.js';

it('src/web and everything it imports type-check without @types/node', () => {
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.web.json')], { encoding: 'utf8' });
  expect(r.stdout + r.stderr).toBe('');
  expect(r.status).toBe(0);
});
