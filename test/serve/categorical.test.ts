/**
 * serve with an XGBoost 3.4.1 categorical model: categories given by name in object rows and
 * array rows score as XGBoost scores them (the fixture's predictions, to the float32 bit);
 * numeric categories by value; a category not seen in training is missing; a number where a
 * category name goes is a 400 naming the row and feature.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRanker } from '../../src/serve/load-ranker.js';
import { renderMetrics, ServeMetrics } from '../../src/serve/metrics.js';
import { startServer, type RunningServer } from '../../src/serve/server.js';
import { postJson } from './helpers.js';

const FIX = fileURLToPath(new URL('../fixtures/models/xgboost-3.4.1-categorical', import.meta.url));

/** The fixture's CSV rows as [num, city, dev, shop] (empty cells null). */
function csvRows(file: string): (number | string | null)[][] {
  const lines = readFileSync(join(FIX, file), 'utf8').trim().split('\n').slice(1);
  return lines.map((l) => {
    const [, num, city, dev, shop] = l.split(',');
    return [Number(num), city || null, dev || null, shop ? Number(shop) : null];
  });
}

function preds(file: string): number[] {
  return readFileSync(join(FIX, file), 'utf8').trim().split('\n').map((s) => Math.fround(Number(s)));
}

describe('serve: categorical model', () => {
  let srv: RunningServer;
  const log: string[] = [];
  const metrics = new ServeMetrics();
  beforeAll(async () => {
    srv = await startServer(await loadRanker(join(FIX, 'reg.json')), { host: '127.0.0.1', port: 0, log: (l) => log.push(l), metrics });
  });
  afterAll(async () => {
    await srv.close();
  });

  it('object rows and array rows with category names score as XGBoost', async () => {
    const rows = csvRows('data.csv').slice(0, 50);
    const want = preds('reg.pred').slice(0, 50);
    const arr = await postJson(srv.port, '/predict', { rows });
    expect(arr.status).toBe(200);
    expect((arr.json['scores'] as number[]).map(Math.fround)).toEqual(want);
    const named = rows.map(([num, city, dev, shop]) => ({ num, city, dev, shop: shop === null ? null : String(shop) }));
    const obj = await postJson(srv.port, '/predict', { rows: named });
    expect(obj.status).toBe(200);
    expect((obj.json['scores'] as number[]).map(Math.fround)).toEqual(want);
  });

  it('unseen categories are missing, noted once on the request\'s log line and counted in /metrics by feature', async () => {
    const rows = csvRows('unseen.csv');
    log.length = 0;
    const r = await postJson(srv.port, '/predict', { rows });
    expect(r.status).toBe(200);
    expect((r.json['scores'] as number[]).map(Math.fround)).toEqual(preds('reg.unseen.pred'));
    expect(log).toHaveLength(1);
    expect(log[0]).toMatch(/^POST \/predict 200 .* unseen categories \(scored as missing\): "city" 8 \(first "zzz"\), "dev" 8 \(first "watch"\), "shop" 8 \(first "99"\)$/);
    // Object rows too; the next request's note has only its own counts.
    const named = rows.slice(0, 10).map(([num, city, dev, shop]) => ({ num, city, dev, shop }));
    const unseenInFirst10 = named.filter((row) => row.city === 'zzz').length;
    await postJson(srv.port, '/predict', { rows: named });
    const note = log[1]!;
    if (unseenInFirst10 > 0) expect(note).toContain(`"city" ${unseenInFirst10} (first "zzz")`);
    else expect(note).not.toContain('"city"');
    await postJson(srv.port, '/predict', { rows: csvRows('data.csv').slice(0, 5) });
    expect(log[2]).not.toContain('unseen');
    const text = renderMetrics(metrics.snapshot(), { path: 'm', objective: 'o', features: 4, trees: 1, sha256: '', loadedAt: 0 }, { ok: 0, failed: 0 }, 1);
    expect(text).toContain(`lambdaboost_unseen_categories_total{feature="city"} ${8 + unseenInFirst10}`);
    expect(text).toContain('lambdaboost_unseen_categories_total{feature="dev"}');
  });

  it('a number where a category name goes is refused, naming the row and feature', async () => {
    const r = await postJson(srv.port, '/predict', { rows: [[0.5, 3, 'phone', 3]] });
    expect(r.status).toBe(400);
    expect(r.text).toContain('row 1');
    expect(r.text).toContain('3 is not a category of the categorical feature \\"city\\"');
  });
});
