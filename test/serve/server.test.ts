/**
 * The HTTP server in-process on 127.0.0.1, port 0: every endpoint, every kind of bad request
 * (after each of which the server still serves), parity with Predictor and Booster.rank, the
 * request log, graceful close.
 */
import { Agent, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Booster } from '../../src/booster/booster.js';
import { readModelFile } from '../../src/model-io/model-file.js';
import { Predictor } from '../../src/predict/predictor.js';
import { Ranker } from '../../src/serve/ranker.js';
import { loadRanker } from '../../src/serve/load-ranker.js';
import { startServer, type RunningServer } from '../../src/serve/server.js';
import { makeModel, stump } from '../model-io/tiny-model.js';
import { BINARY_MODEL, RANK_MODEL, postJson, rankMargins, rankRows, request } from './helpers.js';

const f32 = (xs: unknown): number[] => Array.from(Float32Array.from(xs as number[]));

describe('serve: rank:ndcg reference model', () => {
  let srv: RunningServer;
  const log: string[] = [];
  const rows = rankRows(0, 100);
  const margins = rankMargins(0, 100);

  beforeAll(async () => {
    srv = await startServer(await loadRanker(RANK_MODEL), { host: '127.0.0.1', port: 0, log: (l) => log.push(l), maxBodyBytes: 200_000 });
  });
  afterAll(async () => {
    await srv.close();
  });

  /** The server still answers health checks and scores. */
  async function stillServes(): Promise<void> {
    const h = await request(srv.port, 'GET', '/health');
    expect(h.status).toBe(200);
    const r = await postJson(srv.port, '/predict', { rows: rows.slice(0, 2) });
    expect(r.status).toBe(200);
    expect(f32(r.json['scores'])).toEqual(Array.from(margins.subarray(0, 2)));
  }

  it('listens on the real port of port 0', () => {
    expect(srv.port).toBeGreaterThan(0);
    expect(srv.url).toBe(`http://127.0.0.1:${srv.port}`);
  });

  it('GET /health', async () => {
    const r = await request(srv.port, 'GET', '/health');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json');
    expect(JSON.parse(r.text)).toEqual({ status: 'ok', model: { features: { count: 301 }, trees: 100, objective: 'rank:ndcg' } });
    const head = await request(srv.port, 'HEAD', '/health');
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
  });

  it('POST /predict: XGBoost margins, bit for bit, with or without margin: true', async () => {
    for (const body of [{ rows }, { rows, margin: true }, { rows, margin: false }]) {
      const r = await postJson(srv.port, '/predict', body);
      expect(r.status).toBe(200);
      expect(Object.keys(r.json)).toEqual(['scores']);
      expect(f32(r.json['scores'])).toEqual(Array.from(margins));
    }
    // Each number is the exact float32 value (reads back without rounding).
    const r = await postJson(srv.port, '/predict', { rows });
    expect(r.json['scores']).toEqual(Array.from(margins));
  });

  it('POST /rank: scores in input order, order as Booster.rank and Predictor', async () => {
    const r = await postJson(srv.port, '/rank', { rows });
    expect(r.status).toBe(200);
    const booster = await Booster.load(RANK_MODEL);
    const want = booster.rank(rows);
    const predictor = Predictor.fromModel(await readModelFile(RANK_MODEL));
    const viaPredict = predictor.predict(rows.map((row) => row.map((v) => (v === null ? NaN : v))));
    expect(r.json['scores']).toEqual(Array.from(viaPredict));
    expect(r.json['scores']).toEqual(Array.from(want.scores));
    expect(r.json['order']).toEqual(Array.from(want.order));
    const order = r.json['order'] as number[];
    for (let k = 1; k < order.length; k++) expect(viaPredict[order[k - 1]!]!).toBeGreaterThanOrEqual(viaPredict[order[k]!]!);
  });

  it('rows as objects keyed by the default names f0..f300, and an empty query', async () => {
    const named = rows.slice(0, 10).map((row) => Object.fromEntries(row.flatMap((v, i) => (v === null ? [] : [[`f${i}`, v]]))));
    const r = await postJson(srv.port, '/rank', { rows: named });
    expect(r.status).toBe(200);
    expect(r.json['scores']).toEqual(Array.from(margins.subarray(0, 10)));
    const empty = await postJson(srv.port, '/rank', { rows: [] });
    expect(empty.json).toEqual({ order: [], scores: [] });
  });

  it('a body sent in chunks (no Content-Length)', async () => {
    const text = JSON.stringify({ rows: rows.slice(0, 5) });
    const r = await request(srv.port, 'POST', '/rank', [text.slice(0, 1000), text.slice(1000)]);
    expect(r.status).toBe(200);
    expect((JSON.parse(r.text) as { scores: number[] }).scores).toEqual(Array.from(margins.subarray(0, 5)));
  });

  const row = (): (number | null)[] => rows[0]!.slice();
  const withValue = (v: unknown): unknown[] => {
    const r: unknown[] = row();
    r[5] = v;
    return r;
  };
  const bad: [string, string, string | unknown, number, RegExp][] = [
    ['not JSON', '/predict', '{"rows": [[1, 2', 400, /^the body is not valid JSON: /],
    ['empty body', '/rank', '', 400, /^the body is empty/],
    ['a JSON array', '/predict', [[1, 2]], 400, /^the body is an array, expected \{"rows"/],
    ['no rows', '/rank', { margin: true }, 400, /^the body has no "rows"/],
    ['rows not an array', '/rank', { rows: { a: 1 } }, 400, /^"rows" is an object/],
    ['a row neither array nor object', '/rank', { rows: [row(), 'abc'] }, 400, /^row 2: "abc" is not a row/],
    ['margin not boolean', '/predict', { rows: [], margin: 'yes' }, 400, /^"margin" is a string \("yes"\), expected true or false$/],
    ['unknown key', '/predict', { rows: [], limit: 3 }, 400, /^unknown key "limit" in the body/],
    ['too few features', '/rank', { rows: [row(), row().slice(1)] }, 400, /^row 2: the row has 300 values, the model expects 301$/],
    ['too many features', '/predict', { rows: [[...row(), 1]] }, 400, /^row 1: the row has 302 values, the model expects 301$/],
    ['unknown feature name', '/rank', { rows: [{ f1: 1, price: 2 }] }, 400, /^row 1: unknown feature name "price"/],
    ['non-numeric value', '/rank', { rows: [withValue('0.5')] }, 400, /^row 1 column 5: "0\.5" is not a number \(expected a number or null\)$/],
    ['boolean value', '/predict', { rows: [withValue(true)] }, 400, /^row 1 column 5: true is not a number/],
    ['nested array value', '/predict', { rows: [withValue([1])] }, 400, /^row 1 column 5: an array is not a number/],
    ['non-numeric named value', '/predict', { rows: [{ f2: {} }] }, 400, /^row 1 column "f2": an object is not a number/],
    // Infinite values, and numbers beyond the float32 range (raw JSON text: JSON.stringify has no Infinity).
    ['1e400', '/predict', `{"rows":[${JSON.stringify(row())},${JSON.stringify(row()).replace(/^\[[^,]*,/, '[1e400,')}]}`, 400, /^row 2 column 0: the value is infinite .*infinite values are refused/],
    ['-1e400 by name', '/rank', '{"rows":[{"f3":-1e400}]}', 400, /^row 1 column "f3": the value is infinite/],
    ['3.5e38 (finite, but infinite in float32)', '/rank', `{"rows":[${JSON.stringify(withValue(3.5e38))}]}`, 400, /^row 1 column 5: the value 3\.5e\+38 is beyond the float32 range/],
  ];
  for (const [what, path, body, status, message] of bad) {
    it(`bad request: ${what} -> ${status}, one-line JSON error, still serving`, async () => {
      const r = await request(srv.port, 'POST', path, typeof body === 'string' ? body : JSON.stringify(body));
      expect(r.status).toBe(status);
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.text).not.toContain('\n');
      const json = JSON.parse(r.text) as { error: string };
      expect(Object.keys(json)).toEqual(['error']);
      expect(json.error).toMatch(message);
      await stillServes();
    });
  }

  it('bad request: wrong path -> 404, wrong method -> 405 with Allow', async () => {
    const nf = await request(srv.port, 'GET', '/score');
    expect(nf.status).toBe(404);
    expect(JSON.parse(nf.text)).toEqual({ error: 'no endpoint "/score" (endpoints: GET /health, POST /predict, POST /rank)' });
    const m1 = await request(srv.port, 'GET', '/rank');
    expect(m1.status).toBe(405);
    expect(m1.headers['allow']).toBe('POST');
    expect(JSON.parse(m1.text)).toEqual({ error: 'GET is not allowed on /rank (use POST)' });
    const m2 = await request(srv.port, 'POST', '/health', '{}');
    expect(m2.status).toBe(405);
    expect(m2.headers['allow']).toBe('GET, HEAD');
    const m3 = await request(srv.port, 'PUT', '/predict?x=1', '{}');
    expect(m3.status).toBe(405);
    await stillServes();
  });

  it('bad request: body over the limit -> 413 (Content-Length or chunked)', async () => {
    const big = JSON.stringify({ rows: rankRows(0, 200) });
    expect(big.length).toBeGreaterThan(200_000);
    const a = await request(srv.port, 'POST', '/rank', big);
    expect(a.status).toBe(413);
    expect(JSON.parse(a.text)).toEqual({ error: 'the body is larger than the limit of 200000 bytes (see --max-body-bytes)' });
    await stillServes();
    const b = await request(srv.port, 'POST', '/rank', [big.slice(0, 150_000), big.slice(150_000)]);
    expect(b.status).toBe(413);
    await stillServes();
  });

  it('bad request: malformed HTTP -> 400, still serving', async () => {
    const reply = await new Promise<string>((resolve, reject) => {
      const s = connect(srv.port, '127.0.0.1', () => s.write('NOT HTTP AT ALL\r\n\r\n'));
      let text = '';
      s.on('data', (d) => (text += d.toString()));
      s.on('end', () => resolve(text));
      s.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
    await stillServes();
  });

  it('a client that hangs up in the middle of a body: still serving', async () => {
    await new Promise<void>((resolve) => {
      const s = connect(srv.port, '127.0.0.1', () => {
        s.write('POST /rank HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n{"rows": [[1, 2');
        setTimeout(() => {
          s.destroy();
          resolve();
        }, 50);
      });
    });
    await stillServes();
    // Logged as aborted (499 and why), never as an internal error.
    expect(log.some((l) => /^POST \/rank 499 \d+\.\d\dms rows=- aborted: the client (closed the connection|went away) before the whole body was received/.test(l))).toBe(true);
    expect(log.filter((l) => l.includes('internal error'))).toEqual([]);
  });

  it('logs one line per request: method, path, status, ms, rows', async () => {
    log.length = 0;
    await postJson(srv.port, '/rank', { rows: rows.slice(0, 7) });
    await request(srv.port, 'GET', '/nowhere');
    expect(log).toHaveLength(2);
    expect(log[0]).toMatch(/^POST \/rank 200 \d+\.\d\dms rows=7$/);
    expect(log[1]).toMatch(/^GET \/nowhere 404 \d+\.\d\dms rows=-$/);
  });
});

describe('serve: output space, ties, names', () => {
  it('/predict gives probabilities unless margin: true; /rank margins unless margin: false', async () => {
    const ranker = await loadRanker(BINARY_MODEL);
    const predictor = Predictor.fromModel(await readModelFile(BINARY_MODEL));
    const srv = await startServer(ranker, { port: 0, log: null });
    try {
      const rows = [0, 1, 2].map((k) => Array.from({ length: ranker.nFeatures }, (_, i) => ((i + k) % 4) * 0.5));
      const p = await postJson(srv.port, '/predict', { rows });
      expect(p.json['scores']).toEqual(Array.from(predictor.predict(rows)));
      const m = await postJson(srv.port, '/predict', { rows, margin: true });
      expect(m.json['scores']).toEqual(Array.from(predictor.predictMargin(rows)));
      const r = await postJson(srv.port, '/rank', { rows });
      expect(r.json['scores']).toEqual(Array.from(predictor.predictMargin(rows)));
      const rp = await postJson(srv.port, '/rank', { rows, margin: false });
      expect(rp.json['scores']).toEqual(Array.from(predictor.predict(rows)));
      expect(rp.json['order']).toEqual(r.json['order']);
    } finally {
      await srv.close();
    }
  });

  it('ties keep input order; objects keyed by the model feature names; null = missing', async () => {
    const model = makeModel({ nFeatures: 2, baseScore: 0, featureNames: ['price', 'clicks'], objective: 'rank:pairwise', trees: [stump(1, 10, -1, 1)] });
    const srv = await startServer(Ranker.fromModel(model), { port: 0, log: null });
    try {
      const health = await request(srv.port, 'GET', '/health');
      expect(JSON.parse(health.text)).toEqual({
        status: 'ok',
        model: { features: { count: 2, names: ['price', 'clicks'] }, trees: 1, objective: 'rank:pairwise' },
      });
      const rows = [{ clicks: 3 }, { clicks: 50, price: 1 }, [2, null], { price: 9 }, [0, 11], { clicks: null }, { clicks: 10 }];
      const r = await postJson(srv.port, '/rank', { rows });
      expect(r.json).toEqual({ order: [1, 4, 6, 0, 2, 3, 5], scores: [-1, 1, -1, -1, 1, -1, 1] });
      const u = await postJson(srv.port, '/rank', { rows: [{ clicks: 1, views: 2 }] });
      expect(u.status).toBe(400);
      expect(u.json['error']).toBe('row 1: unknown feature name "views" (the model\'s features are "price", "clicks")');
    } finally {
      await srv.close();
    }
  });
});

describe('serve: lifecycle', () => {
  it('a port in use is a one-line user error', async () => {
    const ranker = await loadRanker(RANK_MODEL);
    const a = await startServer(ranker, { port: 0, log: null });
    try {
      await expect(startServer(ranker, { port: a.port, log: null })).rejects.toThrow(`cannot listen on 127.0.0.1:${a.port}: the address is in use`);
    } finally {
      await a.close();
    }
  });

  it('close(): refuses new connections, finishes the request in flight, then resolves', async () => {
    const srv = await startServer(await loadRanker(RANK_MODEL), { port: 0, log: null });
    const text = JSON.stringify({ rows: rankRows(0, 3) });
    // Neither an idle keep-alive connection nor one that has sent nothing yet holds the shutdown up.
    const agent = new Agent({ keepAlive: true });
    const first = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: srv.port, path: '/health', agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end();
    });
    expect(first).toBe(200);
    const silent = connect(srv.port, '127.0.0.1');
    await new Promise((r) => silent.once('connect', r));
    const t0 = Date.now();
    // Headers and half the body now, the rest after close() was called.
    const reply = new Promise<string>((resolve, reject) => {
      const s = connect(srv.port, '127.0.0.1', () => {
        s.write(`POST /rank HTTP/1.1\r\nHost: x\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text.slice(0, 100)}`);
        setTimeout(() => {
          void srv.close();
          setTimeout(() => s.write(text.slice(100)), 50);
        }, 50);
      });
      let got = '';
      s.on('data', (d) => (got += d.toString()));
      s.on('end', () => resolve(got));
      s.on('error', reject);
    });
    const got = await reply;
    expect(got).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(got).toMatch(/connection: close/i);
    expect(got).toContain('"order":[');
    await srv.closed;
    expect(Date.now() - t0).toBeLessThan(5000);
    await expect(request(srv.port, 'GET', '/health')).rejects.toThrow(/ECONNREFUSED/);
    agent.destroy();
    silent.destroy();
  });
});
