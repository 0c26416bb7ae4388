/**
 * `lambdaboost serve` as a user runs it: a child process (`node bin/lambdaboost.js`, compiled
 * code in dist/, which `npm test` builds first). Graceful shutdown on SIGTERM and SIGINT, exit
 * statuses, the listening line and the request log.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../cli/run-cli.js';
import { RANK_MODEL, postJson, rankMargins, rankRows, request } from './helpers.js';

const BIN = new URL('../../bin/lambdaboost.js', import.meta.url).pathname;

interface Served {
  child: ChildProcess;
  port: number;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `serve` on 127.0.0.1, port 0, and waits for its listening line. */
/** One serving process (`--workers 1`, whatever the machine's cores) unless `extra` says otherwise; cluster.test.ts covers workers. */
async function serve(extra: string[] = []): Promise<Served> {
  const workers = extra.includes('--workers') ? [] : ['--workers', '1'];
  const child = spawn(process.execPath, [BIN, 'serve', '--model', RANK_MODEL, '--host', '127.0.0.1', '--port', '0', ...workers, ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line; stderr: ${err}`)), 20_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    void exit.then(() => reject(new Error(`exited early; stderr: ${err}`)));
  });
  return { child, port, stdout: () => out, stderr: () => err, exit };
}

describe('lambdaboost serve (child process)', () => {
  it('prints the address, serves, logs, and on SIGTERM finishes the request in flight and exits 0', async () => {
    const s = await serve();
    expect(s.stdout()).toMatch(/^lambdaboost serve: listening on http:\/\/127\.0\.0\.1:\d+ \(.*rank-ndcg\.model\.json: 301 features, 100 trees, rank:ndcg\)\n$/);
    const rows = rankRows(0, 20);
    const r = await postJson(s.port, '/rank', { rows });
    expect(r.status).toBe(200);
    expect(r.json['scores']).toEqual(Array.from(rankMargins(0, 20)));

    // A request in flight: headers and part of the body before SIGTERM, the rest after.
    const text = JSON.stringify({ rows: rows.slice(0, 4) });
    const inFlight = new Promise<string>((resolve, reject) => {
      const sock = connect(s.port, '127.0.0.1', () => {
        sock.write(`POST /predict HTTP/1.1\r\nHost: x\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text.slice(0, 50)}`);
        setTimeout(() => {
          s.child.kill('SIGTERM');
          setTimeout(() => sock.write(text.slice(50)), 200);
        }, 100);
      });
      let got = '';
      sock.on('data', (d) => (got += d.toString()));
      sock.on('end', () => resolve(got));
      sock.on('error', reject);
    });
    const got = await inFlight;
    expect(got).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(got).toContain('{"scores":[');
    expect(await s.exit).toEqual({ code: 0, signal: null });
    const log = s.stderr().trim().split('\n');
    expect(log[0]).toMatch(/^POST \/rank 200 \d+\.\d\dms rows=20$/);
    expect(log.some((l) => /^SIGTERM: finishing in-flight requests \(up to \d+(\.\d+)? s\), then stopping$/.test(l))).toBe(true);
    expect(log.some((l) => /^POST \/predict 200 \d+\.\d\dms rows=4$/.test(l))).toBe(true);
    expect(log[log.length - 1]).toBe('lambdaboost serve: stopped');
  });

  it('SIGINT with --quiet: no request log, exit 0', async () => {
    const s = await serve(['--quiet']);
    expect((await request(s.port, 'GET', '/health')).status).toBe(200);
    s.child.kill('SIGINT');
    expect(await s.exit).toEqual({ code: 0, signal: null });
    expect(s.stderr()).toBe('');
  });

  it('a bad model file, a bad port: one line, exit 2', () => {
    const dir = tempDir('lambdaboost-serve-');
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"learner": ');
    const run = (args: string[]) => spawnSync(process.execPath, [BIN, 'serve', ...args], { encoding: 'utf8', timeout: 20_000 });
    for (const args of [['--model', bad, '--port', '0'], ['--model', join(dir, 'missing.json'), '--port', '0'], ['--model', RANK_MODEL, '--port', '70000']]) {
      const r = run(args);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^lambdaboost: /)]);
    }
    expect(run(['--model', RANK_MODEL, '--port', 'x']).stderr).toContain('--port must be an integer in [0, 65535], got "x"');
  });
});
