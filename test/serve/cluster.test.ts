/**
 * `lambdaboost serve` as a process: --workers 2 (node:cluster) serving from both workers with one
 * log stream, /metrics summed over workers, POST /reload and SIGHUP (a bad file keeps the old
 * model and says why), SIGTERM draining in-flight requests within --drain-seconds; and, in
 * process, a reload while a request is in flight (it finishes on the old model).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRanker } from '../../src/serve/load-ranker.js';
import { startServer } from '../../src/serve/server.js';
import { BINARY_MODEL, RANK_MODEL, postJson, rankMargins, rankRows, request } from './helpers.js';

const BIN = fileURLToPath(new URL('../../bin/lambdaboost.js', import.meta.url));
const f32 = (xs: unknown): number[] => Array.from(Float32Array.from(xs as number[]));

interface Served {
  child: ChildProcess;
  port: number;
  stderr: string[];
  exited: Promise<number | null>;
}

/** Starts the CLI's serve on port 0 and waits for its listening line. */
async function serve(args: string[]): Promise<Served> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  let errBuf = '';
  child.stderr!.on('data', (d: Buffer) => {
    errBuf += d.toString();
    const lines = errBuf.split('\n');
    errBuf = lines.pop()!;
    stderr.push(...lines);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    void exited.then((code) => reject(new Error(`serve exited with ${code}: ${stderr.join('\n')}`)));
  });
  return { child, port, stderr, exited };
}

/** The value of a metric line `name{labels} value` (labels as written), or undefined. */
function metric(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** Replaces `path` atomically with `text`. */
function replaceFile(path: string, text: string | Buffer): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

describe('serve --workers 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lb-cluster-'));
  const model = join(dir, 'model.json');
  let s: Served;
  const rows = rankRows(0, 20);
  const margins = rankMargins(0, 20);

  beforeAll(async () => {
    copyFileSync(RANK_MODEL, model);
    s = await serve(['--model', model, '--workers', '2', '--drain-seconds', '5']);
  });
  afterAll(() => {
    if (s.child.exitCode === null) s.child.kill('SIGKILL');
  });

  it('serves from both workers, with one log stream naming the worker of each line', async () => {
    for (let i = 0; i < 12; i++) {
      const r = await postJson(s.port, '/rank', { rows }); // a new connection each time
      expect(r.status).toBe(200);
      expect(f32(r.json['scores'])).toEqual(Array.from(margins));
    }
    // Log lines travel to the primary over IPC, so they may trail the responses a little.
    await expect.poll(() => s.stderr.filter((l) => / POST \/rank 200 /.test(l)).length).toBe(12);
    const lines = s.stderr.filter((l) => / POST \/rank 200 /.test(l));
    for (const l of lines) expect(l).toMatch(/^w[12] POST \/rank 200 \d+\.\d\dms rows=20$/);
    expect(new Set(lines.map((l) => l.slice(0, 2)))).toEqual(new Set(['w1', 'w2']));
  });

  it('GET /metrics sums both workers: requests, errors, latency histogram, rows, model', async () => {
    await request(s.port, 'GET', '/nowhere');
    const r = await request(s.port, 'GET', '/metrics');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(metric(r.text, 'lambdaboost_requests_total{route="/rank",status="200"}')).toBe(12);
    expect(metric(r.text, 'lambdaboost_request_errors_total{route="other",kind="client_error"}')).toBe(1);
    expect(metric(r.text, 'lambdaboost_request_duration_seconds_count{route="/rank"}')).toBe(12);
    expect(metric(r.text, 'lambdaboost_request_duration_seconds_bucket{route="/rank",le="+Inf"}')).toBe(12);
    expect(metric(r.text, 'lambdaboost_rows_scored_total')).toBe(12 * 20);
    expect(metric(r.text, 'lambdaboost_workers')).toBe(2);
    const sha = createHash('sha256').update(readFileSync(model)).digest('hex');
    expect(r.text).toContain(`lambdaboost_model_info{path="${model}",objective="rank:ndcg",features="301",trees="100",sha256="${sha}"} 1`);
  });

  it('POST /reload loads the new file in every worker; a bad file keeps the old model and says why', async () => {
    replaceFile(model, readFileSync(BINARY_MODEL));
    const ok = await request(s.port, 'POST', '/reload');
    expect(ok.status).toBe(200);
    const binary = JSON.parse(readFileSync(BINARY_MODEL, 'utf8')) as { learner: { learner_model_param: { num_feature: string } } };
    const nf = Number(binary.learner.learner_model_param.num_feature);
    expect(JSON.parse(ok.text)).toMatchObject({ status: 'reloaded', model: { path: model, objective: 'binary:logistic', features: nf } });
    for (let i = 0; i < 6; i++) {
      const h = JSON.parse((await request(s.port, 'GET', '/health')).text) as { model: { objective: string } };
      expect(h.model.objective).toBe('binary:logistic'); // whichever worker answers
    }
    replaceFile(model, '{"learner": {');
    const bad = await request(s.port, 'POST', '/reload');
    expect(bad.status).toBe(422);
    expect(JSON.parse(bad.text).error).toMatch(new RegExp(`^reload failed, still serving the previous model: ${model.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
    for (let i = 0; i < 6; i++) {
      const h = JSON.parse((await request(s.port, 'GET', '/health')).text) as { model: { objective: string } };
      expect(h.model.objective).toBe('binary:logistic');
    }
    expect(s.stderr.some((l) => l.startsWith('lambdaboost serve: reload failed, still serving the previous model: '))).toBe(true);
  });

  it('SIGHUP reloads too', async () => {
    replaceFile(model, readFileSync(RANK_MODEL));
    s.child.kill('SIGHUP');
    await expect.poll(async () => JSON.parse((await request(s.port, 'GET', '/health')).text).model.objective, { timeout: 20_000 }).toBe('rank:ndcg');
    const m = await request(s.port, 'GET', '/metrics');
    expect(metric(m.text, 'lambdaboost_model_reloads_total{result="ok"}')).toBe(2);
    expect(metric(m.text, 'lambdaboost_model_reloads_total{result="failed"}')).toBe(1);
  });

  it('SIGTERM lets a request in flight finish, then every worker stops and the server exits 0', async () => {
    const body = JSON.stringify({ rows });
    const half = Math.floor(body.length / 2);
    const reply = new Promise<string>((resolve, reject) => {
      const sock = connect(s.port, '127.0.0.1', () => {
        sock.write(`POST /rank HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, half)}`);
        setTimeout(() => {
          s.child.kill('SIGTERM');
          setTimeout(() => sock.write(body.slice(half)), 500);
        }, 200);
      });
      let text = '';
      sock.on('data', (d) => (text += d.toString()));
      sock.on('end', () => resolve(text));
      sock.on('error', reject);
    });
    const text = await reply;
    expect(text).toMatch(/^HTTP\/1\.1 200 /);
    expect(text).toMatch(/connection: close/i);
    expect(await s.exited).toBe(0);
    expect(s.stderr).toContain('SIGTERM: finishing in-flight requests (up to 5 s), then stopping');
    expect(s.stderr[s.stderr.length - 1]).toBe('lambdaboost serve: stopped');
  });
});

describe('serve: drain limit and reload in flight', () => {
  it('--drain-seconds bounds the wait for a request that never finishes', async () => {
    const s = await serve(['--model', RANK_MODEL, '--workers', '1', '--drain-seconds', '0.3', '--quiet']);
    const sock = connect(s.port, '127.0.0.1');
    await new Promise<void>((resolve) => sock.on('connect', () => resolve()));
    sock.on('error', () => undefined);
    sock.write('POST /rank HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"rows": [');
    await new Promise((r) => setTimeout(r, 200));
    const t0 = Date.now();
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    const waited = Date.now() - t0;
    expect(waited).toBeGreaterThanOrEqual(250);
    expect(waited).toBeLessThan(5000);
    sock.destroy();
  });

  it('a bad --drain-seconds or --workers is one line, exit 2', async () => {
    for (const [flag, value, msg] of [['--drain-seconds', 'soon', /--drain-seconds must be a number of seconds/], ['--workers', '0', /--workers must be an integer in \[1, 256\]/]] as const) {
      const child = spawn(process.execPath, [BIN, 'serve', '--model', RANK_MODEL, flag, value], { stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code).toBe(2);
      expect(err).toMatch(msg);
      expect(err.trim().split('\n')).toHaveLength(1);
    }
  });

  it('a reload while a request is in flight: that request is scored by the model it arrived under', async () => {
    const rank = await loadRanker(RANK_MODEL);
    const srv = await startServer(rank, { port: 0, log: null });
    const rows = rankRows(0, 5);
    const body = JSON.stringify({ rows });
    const half = Math.floor(body.length / 2);
    const reply = new Promise<string>((resolve, reject) => {
      const sock = connect(srv.port, '127.0.0.1', () => {
        sock.write(`POST /rank HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, half)}`);
        setTimeout(() => {
          srv.handler.setRanker(binary); // the new model arrives mid-request
          sock.write(body.slice(half));
        }, 100);
      });
      let text = '';
      sock.on('data', (d) => (text += d.toString()));
      sock.on('end', () => resolve(text));
      sock.on('error', reject);
    });
    const binary = await loadRanker(RANK_MODEL.replace('rank-ndcg', 'rank-pairwise'));
    const text = await reply;
    const json = JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as { scores: number[] };
    expect(f32(json.scores)).toEqual(Array.from(rankMargins(0, 5)));
    // The next request gets the new model.
    const next = await postJson(srv.port, '/rank', { rows });
    expect(f32(next.json['scores'])).toEqual(Array.from(binary.rank(rows).scores));
    expect(f32(next.json['scores'])).not.toEqual(Array.from(rankMargins(0, 5)));
    await srv.close();
  });
});
