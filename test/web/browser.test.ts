/**
 * lambdaboost/web in a real headless browser (Debian's chromium, driven by playwright-core) and in
 * Node: the bundle loaded from a page served on 127.0.0.1 predicts XGBoost 3.4.1's margins to the
 * float32 bit from JSON and from UBJSON models, and its margins, probabilities, SHAP values and rankings are Node's Booster's to
 * the bit, with the WASM kernel and with the TypeScript fallback. Also: the bundle is one module
 * with no imports left, and its size.
 */
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Booster as NodeBooster } from '../../src/booster/booster.js';
import { BUNDLE, buildBundle, bits, ensureChromium, launchChromium, modelCases, ROOT, serveFiles, type ModelCase } from './web-harness.js';

buildBundle();
const { cases, freshSkipped } = modelCases();
if (freshSkipped) console.log(`web tests: only the committed fixtures: ${freshSkipped}`);
const noBrowser = ensureChromium();
if (noBrowser) console.log(`web browser test skipped: ${noBrowser}`);

/** What the web build computes for one model, as plain numbers (float32 values). */
interface WebResult {
  kernel: string;
  margin: number[];
  output: number[];
  contrib: number[];
  order: number[];
  rankScores: number[];
}

/** Node's Booster on the same model and rows: the values the web build must reproduce. */
function nodeResult(c: ModelCase) {
  const b = NodeBooster.fromJSON(readFileSync(c.jsonPath, 'utf8'));
  const rows = c.rows.map((r) => r.map((v) => (v === null ? NaN : v)));
  const ranked = b.rank(c.rows.slice(0, 20));
  return {
    margin: b.predict(rows, { margin: true }),
    output: b.predict(rows),
    contrib: b.predict(rows, { contrib: true }),
    order: Array.from(ranked.order),
    rankScores: ranked.scores,
  };
}

function expectSameAsNode(label: string, got: WebResult, c: ModelCase): void {
  const want = nodeResult(c);
  expect(bits(want.margin), `${label}: Node vs XGBoost 3.4.1 margins`).toEqual(bits(c.margin));
  expect(bits(got.margin), `${label}: margins`).toEqual(bits(want.margin));
  expect(bits(got.output), `${label}: output`).toEqual(bits(want.output));
  expect(bits(got.contrib), `${label}: contributions`).toEqual(bits(want.contrib));
  expect(got.order, `${label}: rank order`).toEqual(want.order);
  expect(bits(got.rankScores), `${label}: rank scores`).toEqual(bits(want.rankScores));
}

describe('the bundle', () => {
  it('is one ES module with no imports left (no node: built-ins, no packages), and says its size', async () => {
    const text = readFileSync(BUNDLE, 'utf8');
    expect(text).not.toMatch(/["'`]node:/);
    // Bundling it again resolves nothing on a neutral platform: any import left is an error here.
    const again = await build({ entryPoints: [BUNDLE], bundle: true, write: false, platform: 'neutral', format: 'esm', metafile: true, logLevel: 'silent' });
    const inputs = Object.values(again.metafile.inputs);
    expect(inputs).toHaveLength(1);
    expect(inputs[0]!.imports).toEqual([]);
    const min = Buffer.byteLength(text);
    const gz = gzipSync(text, { level: 9 }).length;
    console.log(`web bundle dist/web/lambdaboost.js: ${min} bytes minified, ${gz} bytes gzipped (level 9)`);
    expect(min).toBeGreaterThan(10_000); // the engine and the kernel are in it
  });
});

describe('lambdaboost/web in Node (a runtime other than the browser)', () => {
  it('reproduces Node\'s Booster to the bit with the WASM kernel and the TypeScript walk', async () => {
    const web = (await import(join(ROOT, 'dist/web/lambdaboost.js'))) as typeof import('../../src/web/index.js');
    expect((await web.ready()).kernel).toBe('wasm');
    for (const c of cases) {
      for (const [format, kernel] of [['json', 'auto'], ['json', 'ts'], ['ubj', 'auto'], ['ubj', 'ts']] as const) {
        const b = format === 'json'
          ? web.Booster.fromJSON(readFileSync(c.jsonPath, 'utf8'), { kernel })
          : web.Booster.fromUBJ(readFileSync(c.ubjPath), { kernel });
        expect(b.kernel).toBe(kernel === 'auto' ? 'wasm' : 'ts');
        const ranked = b.rank(c.rows.slice(0, 20));
        const got: WebResult = {
          kernel: b.kernel,
          margin: Array.from(b.predict(c.rows as number[][], { margin: true })),
          output: Array.from(b.predict(c.rows as number[][])),
          contrib: Array.from(b.predict(c.rows as number[][], { contrib: true })),
          order: Array.from(ranked.order),
          rankScores: Array.from(ranked.scores),
        };
        expectSameAsNode(`node ${c.label}.${format} ${kernel}`, got, c);
      }
    }
  });
});

describe.skipIf(noBrowser !== null)('lambdaboost/web in headless Chromium', () => {
  let browser: BrowserContext;
  let server: Server;
  let origin: string;

  beforeAll(async () => {
    const routes: Record<string, string> = {
      '/': join(ROOT, 'test/web/blank.html'),
      '/page-check.js': join(ROOT, 'test/web/page-check.js'),
      '/lambdaboost.js': BUNDLE,
      '/examples/web/': join(ROOT, 'examples/web'),
      '/dist/web/': join(ROOT, 'dist/web'),
    };
    cases.forEach((c, i) => {
      routes[`/m/${i}.json`] = c.jsonPath;
      routes[`/m/${i}.ubj`] = c.ubjPath;
    });
    ({ server, origin } = await serveFiles(routes));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('predicts XGBoost 3.4.1\'s margins to the float32 bit from JSON and UBJSON, and Node\'s outputs, SHAP values and rankings', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => (globalThis as { checksLoaded?: boolean }).checksLoaded === true);
    type Run = (n: number, rowsOf: (number | null)[][][]) => Promise<{ info: unknown; out: Record<string, WebResult>; isolated: boolean }>;
    const results = await page.evaluate(
      ([n, rowsOf]) => (globalThis as unknown as { runChecks: Run }).runChecks(n, rowsOf),
      [cases.length, cases.map((c) => c.rows)] as const,
    );
    expect(errors).toEqual([]);
    expect(results.isolated).toBe(false); // a plain page: no SharedArrayBuffer, as on most sites
    expect(results.info).toEqual({ kernel: 'wasm' });
    cases.forEach((c, i) => {
      for (const format of ['json', 'ubj']) {
        for (const kernel of ['auto', 'ts']) {
          const got = results.out[`${i}/${format}/${kernel}`]!;
          expect(got.kernel).toBe(kernel === 'auto' ? 'wasm' : 'ts');
          expectSameAsNode(`chromium ${c.label}.${format} ${kernel}`, got, c);
        }
      }
    });
  });

  it('runs the examples/web page: typed values give Node\'s score and one SHAP bar per feature', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${origin}/examples/web/index.html`);
    await page.waitForSelector('#x6');
    await page.fill('#x0', '1.5');
    await page.fill('#x2', '');
    const score = await page.textContent('#score');
    const node = NodeBooster.fromJSON(readFileSync(join(ROOT, 'examples/web/model.json'), 'utf8'));
    const p = node.predict([[1.5, 0, NaN, 0, 0, 0, 0]])[0]!;
    expect(score).toContain(`score ${p.toPrecision(6)}`);
    expect(await page.locator('#bars .track').count()).toBe(7);
    await page.fill('#x3', 'abc');
    expect(await page.textContent('#error')).toBe('f3: "abc" is not a finite number (leave it empty for missing)');
    expect(errors).toEqual([]);
  });
});

describe('lambdaboost/web on bad input', () => {
  it('refuses malformed UBJSON and JSON with one line naming the source', async () => {
    const web = (await import(join(ROOT, 'dist/web/lambdaboost.js'))) as typeof import('../../src/web/index.js');
    const ubj = readFileSync(join(ROOT, 'test/fixtures/web/reg.ubj'));
    expect(() => web.Booster.fromUBJ(ubj.subarray(0, ubj.length - 9), { source: 'cut.ubj' })).toThrow(/^cut\.ubj: not a UBJSON model: .*at byte \d+$/);
    expect(() => web.Booster.fromJSON('{"learner":', { source: 'cut.json' })).toThrow(/^cut\.json: /);
    expect(() => web.Booster.fromJSON('{}')).toThrow(web.ModelError);
  });
});
