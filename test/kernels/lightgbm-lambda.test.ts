/**
 * lightgbmLambdaQuery (src/kernels/ts/lightgbm-lambda.ts: pairs over rank-ordered copies, the
 * sigmoid table filled on first read) against its naive reference (lightgbm-lambda-naive.ts: the
 * pair-by-pair restatement through the sort order, the sigmoid by formula at every pair): g and h
 * equal bit for bit over queries built to hit tied scores (stable order), tied and duplicate-gain
 * labels, -Infinity and NaN scores, all-equal scores (no gap scaling), queries without relevant
 * documents, one-document queries, truncation below / at / above the query length, lambdarank_norm
 * on and off, and several sigmoids. The sigmoid table is checked against the formula on every kind
 * of input, including the bins at both edges and a hair below the top edge.
 */
import { describe, expect, it } from 'vitest';
import {
  defaultLabelGain, LightGbmLambdaScratch, lightgbmDiscounts, lightgbmLambdaQuery, LightGbmSigmoid, maxDcgAtK,
  type LightGbmLambdaInputs,
} from '../../src/kernels/ts/lightgbm-lambda.js';
import { naiveLightgbmLambdaQuery, naiveLightgbmSigmoid } from '../../src/kernels/ts/lightgbm-lambda-naive.js';

let seed = 99;
const rnd = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);

type ScoreKind = 'normal' | 'ties' | 'equal' | 'neginf' | 'nan' | 'wide';

function scores(kind: ScoreKind, n: number): Float64Array {
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = rnd() * 6 - 3;
    if (kind === 'ties') s[i] = Math.round(u * 2) / 2;
    else if (kind === 'equal') s[i] = 0.25;
    else if (kind === 'wide') s[i] = u * 20;
    else s[i] = u;
    if (kind === 'neginf' && rnd() < 0.2) s[i] = -Infinity;
    if (kind === 'nan' && rnd() < 0.1) s[i] = NaN;
  }
  return s;
}

interface Case {
  readonly n: number;
  readonly labels: Float32Array;
  readonly kind: ScoreKind;
}

/** Runs both on every query of `cases` laid out back to back; returns the number of queries compared. */
function compare(cases: Case[], gain: Float64Array, sigmoid: number, truncation: number, norm: boolean): number {
  const offsets = [0];
  for (const c of cases) offsets.push(offsets[offsets.length - 1]! + c.n);
  const labels = new Float32Array(offsets[offsets.length - 1]!);
  cases.forEach((c, q) => labels.set(c.labels, offsets[q]!));
  const maxQuery = Math.max(1, ...cases.map((c) => c.n));
  const discount = lightgbmDiscounts(maxQuery);
  const counts = new Int32Array(gain.length);
  const invMaxDcg = Float64Array.from(cases, (c, q) => {
    const m = maxDcgAtK(truncation, labels, offsets[q]!, c.n, gain, discount, counts);
    return m > 0 ? 1 / m : m;
  });
  const inp: LightGbmLambdaInputs = { labels, labelGain: gain, invMaxDcg, discount, sigmoid: new LightGbmSigmoid(sigmoid), truncation, norm };
  const fast = new LightGbmLambdaScratch(maxQuery);
  const slow = new LightGbmLambdaScratch(maxQuery);
  cases.forEach((c, q) => {
    const s = scores(c.kind, c.n);
    fast.score.set(s);
    slow.score.set(s);
    fast.g.fill(7);
    fast.h.fill(7);
    lightgbmLambdaQuery(inp, q, offsets[q]!, c.n, fast);
    naiveLightgbmLambdaQuery(inp, q, offsets[q]!, c.n, slow);
    const at = `query ${q} (${c.kind}, n ${c.n}, sigmoid ${sigmoid}, truncation ${truncation}, norm ${norm})`;
    expect(Array.from(fast.g.subarray(0, c.n)), at).toEqual(Array.from(slow.g.subarray(0, c.n)));
    expect(Array.from(fast.h.subarray(0, c.n)), at).toEqual(Array.from(slow.h.subarray(0, c.n)));
  });
  return cases.length;
}

function cases(labelsOf: (n: number) => Float32Array): Case[] {
  const out: Case[] = [];
  const kinds: ScoreKind[] = ['normal', 'ties', 'equal', 'neginf', 'nan', 'wide'];
  for (const kind of kinds) for (const n of [1, 2, 3, 7, 31, 64, 150]) out.push({ n, labels: labelsOf(n), kind });
  return out;
}

const graded = (n: number): Float32Array => Float32Array.from({ length: n }, () => Math.floor(rnd() * 5));
const sparse = (n: number): Float32Array => Float32Array.from({ length: n }, () => (rnd() < 0.9 ? 0 : 1 + Math.floor(rnd() * 2)));
const none = (n: number): Float32Array => new Float32Array(n);

describe('lightgbmLambdaQuery vs the naive restatement', () => {
  it('bit for bit over score kinds, label mixes, truncations, norm and sigmoids', () => {
    let compared = 0;
    for (const sigmoid of [1, 0.5, 2.75]) {
      for (const truncation of [1, 3, 30, 1000]) {
        for (const norm of [true, false]) {
          for (const labelsOf of [graded, sparse, none]) compared += compare(cases(labelsOf), defaultLabelGain(), sigmoid, truncation, norm);
        }
      }
    }
    expect(compared).toBe(3 * 4 * 2 * 3 * 42);
  });

  it('label_gain with equal gains for different labels (pairs of zero gain gap are still visited)', () => {
    const gain = Float64Array.of(0, 1, 1, 5);
    const labelsOf = (n: number): Float32Array => Float32Array.from({ length: n }, () => Math.floor(rnd() * 4));
    expect(compare(cases(labelsOf), gain, 1, 30, true)).toBe(42);
    expect(compare(cases(labelsOf), gain, 1, 30, false)).toBe(42);
  });
});

describe("LightGBM's sigmoid table", () => {
  it('every read equals the formula, on first and repeated reads, at and beyond both edges', () => {
    for (const sigmoid of [1, 0.37, 3]) {
      const t = new LightGbmSigmoid(sigmoid);
      const edge = 25 / sigmoid;
      const xs = [0, -0, edge, -edge, edge * (1 - 2 ** -52), -edge * (1 - 2 ** -52), edge + 1, -edge - 1, Infinity, -Infinity, NaN, 1e-300];
      for (let k = 0; k < 2000; k++) xs.push((rnd() * 2 - 1) * edge * 1.1);
      for (let k = 0; k < 200; k++) xs.push(xs[k]!); // read again: from the table
      for (const x of xs) {
        const want = naiveLightgbmSigmoid(sigmoid, x);
        expect(Object.is(t.at(x), want), `sigmoid ${sigmoid}, x ${x}`).toBe(true);
      }
    }
  });
});
