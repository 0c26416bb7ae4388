/**
 * Shared set-up of the web build's tests: the bundle rebuilt from the current sources, XGBoost
 * 3.4.1 models (the committed fixtures in test/fixtures/web, plus models trained now on fresh
 * random data where XGBoost 3.4.1 is present), headless Chromium (installed where missing when
 * running as root with apt), and a static file server on 127.0.0.1.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext } from 'playwright-core';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BUNDLE = join(ROOT, 'dist/web/lambdaboost.js');
export const CHROMIUM = '/usr/bin/chromium';
const XGB_PYTHONPATH = '/work/shared/anchors/xgboost-3.4.1/python';
const PYTHON = '/usr/bin/python3';

/** Rebuilds dist/web/lambdaboost.js from the sources (esbuild, well under a second). */
export function buildBundle(): void {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/build-web.js')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`scripts/build-web.js failed: ${r.stderr}`);
}

/** One model of a set: its files and XGBoost 3.4.1's margins and contributions on test rows. */
export interface ModelCase {
  /** e.g. "fixture/binary" or "fresh-123/rank". */
  readonly label: string;
  readonly jsonPath: string;
  readonly ubjPath: string;
  /** Test rows, null = missing. */
  readonly rows: (number | null)[][];
  /** XGBoost's output_margin, float32. */
  readonly margin: Float32Array;
}

function casesIn(dir: string, prefix: string): ModelCase[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.rows.json'))
    .sort()
    .map((f) => {
      const name = f.slice(0, -'.rows.json'.length);
      const ref = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { rows: (number | null)[][]; margin: number[] };
      return {
        label: `${prefix}/${name}`,
        jsonPath: join(dir, `${name}.json`),
        ubjPath: join(dir, `${name}.ubj`),
        rows: ref.rows,
        margin: Float32Array.from(ref.margin),
      };
    });
}

/**
 * The committed fixtures, and where XGBoost 3.4.1 runs, three more models trained now with a
 * seed of this run (printed, so a failure can be reproduced with test/web/make-xgb-models.py).
 * @returns the cases and, when no fresh models were made, why.
 */
export function modelCases(): { cases: ModelCase[]; freshSkipped?: string } {
  const cases = casesIn(join(ROOT, 'test/fixtures/web'), 'fixture');
  if (!existsSync(join(XGB_PYTHONPATH, 'xgboost'))) return { cases, freshSkipped: `XGBoost 3.4.1 is not at ${XGB_PYTHONPATH}` };
  const seed = Math.floor(Math.random() * 1e6);
  const dir = mkdtempSync(join(tmpdir(), 'lb-web-models-'));
  const r = spawnSync(PYTHON, [join(ROOT, 'test/web/make-xgb-models.py'), dir, String(seed)], {
    encoding: 'utf8',
    env: { ...process.env, PYTHONPATH: XGB_PYTHONPATH },
    timeout: 60_000,
  });
  if (r.status !== 0) return { cases, freshSkipped: `XGBoost 3.4.1 did not run (${(r.stderr || r.error?.message || '').trim().split('\n').pop()})` };
  console.log(`web tests: fresh XGBoost 3.4.1 models with seed ${seed} in ${dir}`);
  return { cases: [...cases, ...casesIn(dir, `fresh-${seed}`)] };
}

/**
 * Makes sure Debian's chromium is at /usr/bin/chromium: installs it with apt-get when missing and
 * running as root.
 * @returns null when it is there, else why the browser tests are skipped.
 */
export function ensureChromium(): string | null {
  if (existsSync(CHROMIUM)) return null;
  if (process.getuid?.() !== 0) return `${CHROMIUM} is missing and installing it needs root (apt-get install -y chromium)`;
  const apt = (args: string[]) => spawnSync('apt-get', args, { encoding: 'utf8', timeout: 600_000, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  let r = apt(['install', '-y', 'chromium']);
  if (r.status !== 0) {
    apt(['update']);
    r = apt(['install', '-y', 'chromium']);
  }
  if (existsSync(CHROMIUM)) return null;
  return `${CHROMIUM} is missing and apt-get install -y chromium failed (${(r.stderr || r.error?.message || '').trim().split('\n').pop()})`;
}

/**
 * Launches Debian's chromium headless, with no network of its own, in a fresh profile (playwright
 * takes the profile as launchPersistentContext's first argument, not as --user-data-dir), and never
 * downloads a browser.
 */
export async function launchChromium(): Promise<BrowserContext> {
  process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';
  const { chromium } = await import('playwright-core');
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'lb-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.ubj': 'application/octet-stream',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
};

/**
 * Serves files on 127.0.0.1: `routes` maps URL paths to files; a prefix ending in "/" maps to a
 * directory.
 */
export async function serveFiles(routes: Record<string, string>): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file: string | undefined = routes[path];
    if (file === undefined) {
      for (const [prefix, dir] of Object.entries(routes)) {
        if (prefix.endsWith('/') && path.startsWith(prefix)) {
          const rel = normalize(path.slice(prefix.length));
          if (!rel.startsWith('..')) file = join(dir, rel);
        }
      }
    }
    if (file === undefined || !existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** The bits of a float32 array, for exact comparison. */
export function bits(a: Float32Array | number[]): number[] {
  return Array.from(new Uint32Array(Float32Array.from(a).buffer));
}
