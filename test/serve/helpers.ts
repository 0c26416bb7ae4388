/**
 * Shared fixtures of the serve tests: the XGBoost 1.7.4 rank:ndcg reference model, rows of
 * LightGBM's rank.test as JSON-ready arrays (null = missing), XGBoost's margins for them, and a
 * small HTTP client.
 */
import { readFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { fileURLToPath } from 'node:url';

export const RANK_MODEL = fileURLToPath(new URL('../fixtures/models/xgboost-1.7.4/rank-ndcg.model.json', import.meta.url));
export const BINARY_MODEL = fileURLToPath(new URL('../fixtures/models/xgboost-1.7.4/binary.model.json', import.meta.url));
const RANK_TEST = fileURLToPath(new URL('../../datasets/lightgbm-rank/rank.test', import.meta.url));
const RANK_MARGINS = fileURLToPath(new URL('../fixtures/models/xgboost-1.7.4/rank-ndcg.test.margin.txt', import.meta.url));

/** Feature count of the rank model. */
export const RANK_FEATURES = 301;

/** Rows [start, start + count) of rank.test: arrays of 301 values, null where the LibSVM line has no entry. */
export function rankRows(start = 0, count = 100): (number | null)[][] {
  const lines = readFileSync(RANK_TEST, 'utf8').trim().split('\n').slice(start, start + count);
  return lines.map((line) => {
    const row: (number | null)[] = new Array<number | null>(RANK_FEATURES).fill(null);
    for (const item of line.trim().split(/\s+/).slice(1)) {
      const [i, v] = item.split(':');
      row[Number(i)] = Number(v);
    }
    return row;
  });
}

/** XGBoost 1.7.4's margins (float32) for rows [start, start + count) of rank.test. */
export function rankMargins(start = 0, count = 100): Float32Array {
  return Float32Array.from(readFileSync(RANK_MARGINS, 'utf8').trim().split('\n').slice(start, start + count), Number);
}

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/**
 * One HTTP request to 127.0.0.1.
 * @param body a string or bytes sent with Content-Length; an array of chunks is sent chunked.
 */
export function request(
  port: number,
  method: string,
  path: string,
  body?: string | Buffer | (string | Buffer)[],
  headers: Record<string, string> = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (Array.isArray(body)) {
      for (const c of body) req.write(c);
      req.end();
    } else {
      req.end(body);
    }
  });
}

/** POSTs a JSON value (or raw text) and parses the JSON reply. */
export async function postJson(port: number, path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown>; text: string }> {
  const r = await request(port, 'POST', path, typeof body === 'string' ? body : JSON.stringify(body), { 'Content-Type': 'application/json' });
  return { status: r.status, json: JSON.parse(r.text) as Record<string, unknown>, text: r.text };
}
