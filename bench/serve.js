// Benchmark of `lambdaboost serve`: POST /rank with 100-document queries over keep-alive HTTP on
// 127.0.0.1, plus in-process single-row scoring. Run after `npm run build`:
//
//   node bench/serve.js [--requests 5000] [--docs 100] [--concurrency 1,8] [--workers 1,2]
//
// The server runs in a child process (`node bin/lambdaboost.js serve --port 0 --quiet
// --workers W`, once per --workers value: 1 serves in that process, 2+ in node:cluster workers)
// while the load generator is this process, with
// XGBoost 1.7.4's rank:ndcg reference model (301 features, 100 trees); queries are rows of
// LightGBM's rank.test (missing entries sent as null). The client is a plain http.Agent with
// keepAlive, a fixed number of requests per concurrency level after a warm-up, so the run is
// bounded (and cut after --max-seconds). Prints one JSON line per measurement, and the ratio of
// requests/s at each concurrency between the largest and the smallest worker count. The machine's
// load average is printed with each line: figures taken while other work runs are noise.
// --server-prof DIR writes the server's CPU profile (node --cpu-prof) to DIR (single process).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { loadRanker } from '../dist/src/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MODEL = `${ROOT}test/fixtures/models/xgboost-1.7.4/rank-ndcg.model.json`;
const DATA = `${ROOT}datasets/lightgbm-rank/rank.test`;
const BIN = `${ROOT}bin/lambdaboost.js`;

const args = parseArgs(process.argv.slice(2), {
  requests: '5000',
  docs: '100',
  concurrency: '1,8',
  workers: '1,2',
  'max-seconds': '120',
  warmup: '500',
  'server-prof': '',
});
const N = Number(args.requests);
const DOCS = Number(args.docs);
const LEVELS = args.concurrency.split(',').map(Number);
const WORKERS = args.workers.split(',').map(Number);
const WARMUP = Number(args.warmup);
const deadline = Date.now() + Number(args['max-seconds']) * 1000;

// ---- data: queries of DOCS rows (cycling through the file), as JSON bodies and arrays ----
// Values keep their decimal text from the file (0.74, not float32's 0.7400000095367432).
const nF = 301;
const allRows = readFileSync(DATA, 'utf8')
  .trim()
  .split('\n')
  .map((line) => {
    const row = new Array(nF).fill(null);
    for (const item of line.trim().split(/\s+/).slice(1)) {
      const [i, v] = item.split(':');
      row[Number(i)] = Number(v);
    }
    return row;
  });
const N_QUERIES = 8;
const queries = [];
for (let q = 0; q < N_QUERIES; q++) {
  const rows = [];
  for (let k = 0; k < DOCS; k++) rows.push(allRows[(q * 37 + k) % allRows.length]);
  queries.push({ rows, body: Buffer.from(JSON.stringify({ rows })) });
}

// ---- single-row scoring in-process ----
// Time per call, and heap bytes per call over 10,000 calls after a full GC (too few to trigger
// a scavenge, so the heap growth is what the calls allocated).
v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');
const ranker = await loadRanker(MODEL);
{
  const rowArrays = allRows.slice(0, 256);
  const rowF32 = rowArrays.map((r) => Float32Array.from(r, (v) => (v === null ? NaN : v)));
  const rowNamed = rowArrays.map((r) => Object.fromEntries(r.flatMap((v, i) => (v === null ? [] : [[`f${i}`, v]]))));
  const sink = new Float64Array(1);
  const loop = (rows, n) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += ranker.scoreRow(rows[i & 255]);
    sink[0] += s;
  };
  const result = { bench: 'scoreRow', model: 'rank-ndcg (301 features, 100 trees)' };
  for (const [name, rows] of [['array', rowArrays], ['float32', rowF32], ['named', rowNamed]]) {
    for (let k = 0; k < 5; k++) loop(rows, 10_000);
    const reps = 100_000;
    const t0 = process.hrtime.bigint();
    loop(rows, reps);
    result[`${name}_ns`] = Math.round(Number(process.hrtime.bigint() - t0) / reps);
    gc();
    const heap0 = process.memoryUsage().heapUsed;
    loop(rows, 10_000);
    result[`${name}_heap_bytes_per_call`] = Math.max(0, Math.round((process.memoryUsage().heapUsed - heap0) / 10_000));
  }
  if (Number.isNaN(sink[0])) throw new Error('NaN score');
  console.log(JSON.stringify(result));
}

// ---- server ----
// --server-prof DIR: the server writes a V8 CPU profile there (node --cpu-prof) when it stops.
const profArgs = args['server-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${args['server-prof']}`] : [];
const killTimer = setTimeout(() => {
  console.error('bench/serve.js: time limit reached, stopping');
  process.exit(1);
}, Math.max(1000, deadline - Date.now()));
killTimer.unref();

/** Starts `serve --workers W` in a child process; resolves with it and its port. */
async function startServe(workers) {
  const child = spawn(process.execPath, [...profArgs, BIN, 'serve', '--model', MODEL, '--host', '127.0.0.1', '--port', '0', '--quiet', '--workers', String(workers)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { child, port };
}

function post(agent, port, body) {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: 'POST', path: '/rank', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': body.length } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`status ${res.statusCode}: ${Buffer.concat(chunks)}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const rps = {};
for (const workers of WORKERS) {
  const { child, port } = await startServe(workers);
  // Sanity: the server's scores are the local Ranker's.
  {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const got = JSON.parse((await post(agent, port, queries[0].body)).toString());
    const want = ranker.rank(queries[0].rows);
    if (JSON.stringify(got.scores) !== JSON.stringify(Array.from(want.scores)) || JSON.stringify(got.order) !== JSON.stringify(Array.from(want.order))) {
      throw new Error('server scores differ from Ranker.rank');
    }
    agent.destroy();
  }

  for (const c of LEVELS) {
    const agent = new Agent({ keepAlive: true, maxSockets: c });
    const run = async (count, lat) => {
      let next = 0;
      const worker = async () => {
        while (next < count && Date.now() < deadline) {
          const i = next++;
          const t0 = process.hrtime.bigint();
          await post(agent, port, queries[i % N_QUERIES].body);
          if (lat) lat[i] = Number(process.hrtime.bigint() - t0) / 1e6;
        }
      };
      await Promise.all(Array.from({ length: c }, worker));
      return next;
    };
    await run(WARMUP, null);
    const lat = new Float64Array(N);
    const load0 = loadavg()[0];
    const t0 = process.hrtime.bigint();
    const done = await run(N, lat);
    const secs = Number(process.hrtime.bigint() - t0) / 1e9;
    const sorted = lat.subarray(0, done).sort();
    const q = (p) => round3(sorted[Math.min(done - 1, Math.floor(p * done))]);
    rps[`${workers}/${c}`] = done / secs;
    console.log(
      JSON.stringify({
        bench: 'serve /rank',
        workers,
        docs: DOCS,
        features: nF,
        trees: ranker.nTrees,
        body_bytes: queries[0].body.length,
        concurrency: c,
        requests: done,
        rps: Math.round(done / secs),
        p50_ms: q(0.5),
        p90_ms: q(0.9),
        p99_ms: q(0.99),
        max_ms: round3(sorted[done - 1]),
        loadavg_1m_before: round3(load0),
        loadavg_1m_after: round3(loadavg()[0]),
      }),
    );
    agent.destroy();
  }

  child.kill('SIGTERM');
  await new Promise((resolve) => child.on('exit', resolve));
}
if (WORKERS.length > 1) {
  const lo = Math.min(...WORKERS);
  const hi = Math.max(...WORKERS);
  for (const c of LEVELS) {
    console.log(JSON.stringify({ bench: 'serve /rank scaling', concurrency: c, workers: [lo, hi], rps_ratio: round3(rps[`${hi}/${c}`] / rps[`${lo}/${c}`]) }));
  }
}

function round3(x) {
  return Math.round(x * 1000) / 1000;
}

function parseArgs(argv, defaults) {
  const out = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([\w-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m || !(m[1] in defaults)) {
      console.error(`usage: node bench/serve.js [--requests N] [--docs N] [--concurrency 1,8] [--workers 1,2] [--warmup N] [--max-seconds S] [--server-prof DIR]`);
      process.exit(2);
    }
    out[m[1]] = m[2] ?? argv[++i];
  }
  return out;
}
