/**
 * lightgbmLambdaQuery (src/kernels/ts/lightgbm-lambda.ts: the query laid out by rank, the pairs in
 * Kernels.lightgbmPairs, the sigmoid table filled by LightGbmSigmoid.cover) against its naive
 * reference (lightgbm-lambda-naive.ts: the pair-by-pair restatement through the sort order, the
 * sigmoid by formula at every pair), with the TypeScript pair kernel and the WASM one
 * (native/assembly/lightgbm-pairs.ts; also with a table not covered, which the WASM wrapper hands
 * to the TypeScript kernel): g and h equal bit for bit over queries built to hit tied scores (stable
 * order), tied and duplicate-gain labels, -Infinity and NaN scores (WASM: to the TypeScript
 * kernel), all-equal scores (no gap scaling), queries without relevant documents, one-document
 * queries, a score gap a hair below the table's top edge (the extra bin 2^20), the order sorted
 * from scratch or re-sorted from a shuffled one (last round's, in training), truncation below /
 * at / above the query length, lambdarank_norm on and off, and several sigmoids. The sigmoid table
 * is checked against the formula on every kind of input, including both edges.
 */
import { describe, expect, it } from 'vitest';
import {
  defaultLabelGain, LightGbmLambdaScratch, lightgbmDiscounts, lightgbmLambdaQuery, LightGbmSigmoid, maxDcgAtK,
  type LightGbmLambdaInputs,
} from '../../src/kernels/ts/lightgbm-lambda.js';
import { naiveLightgbmLambdaQuery, naiveLightgbmSigmoid } from '../../src/kernels/ts/lightgbm-lambda-naive.js';
import { LIGHTGBM_SIGMOID_BINS, lightgbmSigmoidBin } from '../../src/kernels/ts/lightgbm-pairs.js';
import { scoreSpread } from '../../src/kernels/ts/lightgbm-lambda.js';
import { createWasmKernels } from '../../src/kernels/wasm/wasm-kernels.js';
import type { Kernels } from '../../src/kernels/kernels.js';
import { needsWasm, WASM } from '../wasm-available.js';

const wasm = WASM ? createWasmKernels() : null;

let seed = 99;
const rnd = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);

type ScoreKind = 'normal' | 'ties' | 'equal' | 'neginf' | 'nan' | 'wide' | 'top-edge';

/** The largest double below 25 / sigmoid, when its gap to 0 falls in the table's extra bin 2^20. */
function topEdge(sigmoid: number): number | null {
  const x = new Float64Array([25 / sigmoid]);
  new BigInt64Array(x.buffer)[0]! -= 1n;
  const range = new LightGbmSigmoid(sigmoid);
  return lightgbmSigmoidBin(range, x[0]!) === LIGHTGBM_SIGMOID_BINS ? x[0]! : null;
}

function scores(kind: ScoreKind, n: number, sigmoid: number): Float64Array {
  const s = new Float64Array(n);
  if (kind === 'top-edge') {
    s[0] = topEdge(sigmoid) ?? 1;
    return s;
  }
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

/** Where the pairs run: the TypeScript kernel, or the WASM one with the table covered or not. */
type PairKernel = 'ts' | 'wasm' | 'wasm-uncovered';

/** One table per kernel kind and sigmoid, kept across queries as a training run keeps it. */
const tables = new Map<string, LightGbmSigmoid>();
function sigmoidFor(kernel: PairKernel, sigmoid: number): LightGbmSigmoid {
  const key = `${kernel}:${sigmoid}`;
  let t = tables.get(key);
  if (t === undefined) {
    t = new LightGbmSigmoid(sigmoid, kernel === 'ts' ? undefined : wasm!.memory.f64(LIGHTGBM_SIGMOID_BINS + 1));
    tables.set(key, t);
  }
  return t;
}

/**
 * Runs the naive reference and lightgbmLambdaQuery with `kernel`'s pairs on every query of `cases`
 * laid out back to back; returns the number of queries compared.
 */
function compare(cases: Case[], gain: Float64Array, sigmoid: number, truncation: number, norm: boolean, kernel: PairKernel = 'ts'): number {
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
  const k: Kernels | null = kernel === 'ts' ? null : wasm;
  const fast = new LightGbmLambdaScratch(maxQuery);
  const slow = new LightGbmLambdaScratch(maxQuery);
  let disc = discount;
  if (k !== null) {
    fast.usePairKernel(k, k.memory.f32(3 * maxQuery), k.memory.f64(2 * maxQuery));
    disc = k.memory.f64(maxQuery);
    disc.set(discount);
  }
  const sig = sigmoidFor(kernel, sigmoid);
  const inp: LightGbmLambdaInputs = { labels, labelGain: gain, invMaxDcg, discount: disc, sigmoid: sig, truncation, norm };
  const all = new Float64Array(labels.length);
  const perQuery = cases.map((c) => scores(c.kind, c.n, sigmoid));
  perQuery.forEach((s, q) => all.set(s, offsets[q]!));
  if (kernel !== 'wasm-uncovered') sig.cover(scoreSpread(all, Uint32Array.from(offsets), null, null));
  // Every other query starts from a shuffled order (as last round's would be), the rest from scratch.
  const orders = new Uint32Array(labels.length);
  cases.forEach((c, q) => {
    const o = orders.subarray(offsets[q]!, offsets[q]! + c.n);
    for (let i = 0; i < c.n; i++) o[i] = i;
    for (let i = c.n - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [o[i], o[j]] = [o[j]!, o[i]!];
    }
  });
  cases.forEach((c, q) => {
    const s = perQuery[q]!;
    fast.score.set(s);
    slow.score.set(s);
    fast.g.fill(7);
    fast.h.fill(7);
    lightgbmLambdaQuery(inp, q, offsets[q]!, c.n, fast, q % 2 === 0 ? orders : null);
    naiveLightgbmLambdaQuery(inp, q, offsets[q]!, c.n, slow);
    const at = `query ${q} (${c.kind}, n ${c.n}, sigmoid ${sigmoid}, truncation ${truncation}, norm ${norm}, ${kernel})`;
    expect(Array.from(fast.g.subarray(0, c.n)), at).toEqual(Array.from(slow.g.subarray(0, c.n)));
    expect(Array.from(fast.h.subarray(0, c.n)), at).toEqual(Array.from(slow.h.subarray(0, c.n)));
    if (q % 2 === 0) expect(Array.from(orders.subarray(offsets[q]!, offsets[q]! + c.n)), at).toEqual(Array.from(slow.order.subarray(0, c.n)));
  });
  return cases.length;
}

function cases(labelsOf: (n: number) => Float32Array): Case[] {
  const out: Case[] = [];
  const kinds: ScoreKind[] = ['normal', 'ties', 'equal', 'neginf', 'nan', 'wide'];
  for (const kind of kinds) for (const n of [1, 2, 3, 7, 31, 64, 150]) out.push({ n, labels: labelsOf(n), kind });
  out.push({ n: 2, labels: Float32Array.of(1, 0), kind: 'top-edge' }, { n: 2, labels: Float32Array.of(0, 2), kind: 'top-edge' });
  return out;
}

const graded = (n: number): Float32Array => Float32Array.from({ length: n }, () => Math.floor(rnd() * 5));
const sparse = (n: number): Float32Array => Float32Array.from({ length: n }, () => (rnd() < 0.9 ? 0 : 1 + Math.floor(rnd() * 2)));
const none = (n: number): Float32Array => new Float32Array(n);

describe('lightgbmLambdaQuery vs the naive restatement', () => {
  it('bit for bit over score kinds, label mixes, truncations, norm and sigmoids', () => {
    expect(topEdge(1)).not.toBeNull(); // the extra bin is reached at sigmoid 1
    let compared = 0;
    for (const sigmoid of [1, 0.5, 2.75]) {
      for (const truncation of [1, 3, 30, 1000]) {
        for (const norm of [true, false]) {
          for (const labelsOf of [graded, sparse, none]) compared += compare(cases(labelsOf), defaultLabelGain(), sigmoid, truncation, norm);
        }
      }
    }
    expect(compared).toBe(3 * 4 * 2 * 3 * 44);
  });

  it('label_gain with equal gains for different labels (pairs of zero gain gap are still visited)', () => {
    const gain = Float64Array.of(0, 1, 1, 5);
    const labelsOf = (n: number): Float32Array => Float32Array.from({ length: n }, () => Math.floor(rnd() * 4));
    expect(compare(cases(labelsOf), gain, 1, 30, true)).toBe(44);
    expect(compare(cases(labelsOf), gain, 1, 30, false)).toBe(44);
  });
});

describe.skipIf(!WASM)(needsWasm('lightgbmLambdaQuery with the WASM pair kernel vs the naive restatement'), () => {
  it('bit for bit over score kinds, label mixes, truncations, norm and sigmoids; table covered or not', () => {
    let compared = 0;
    for (const kernel of ['wasm', 'wasm-uncovered'] as const) {
      for (const sigmoid of [1, 0.5, 2.75]) {
        for (const truncation of [1, 3, 30, 1000]) {
          for (const norm of [true, false]) {
            for (const labelsOf of [graded, sparse, none]) compared += compare(cases(labelsOf), defaultLabelGain(), sigmoid, truncation, norm, kernel);
          }
        }
      }
    }
    expect(compared).toBe(2 * 3 * 4 * 2 * 3 * 44);
    const gain = Float64Array.of(0, 1, 1, 5);
    const labelsOf = (n: number): Float32Array => Float32Array.from({ length: n }, () => Math.floor(rnd() * 4));
    expect(compare(cases(labelsOf), gain, 1, 30, true, 'wasm')).toBe(44);
  });

  it('refuses a table of the wrong size and a top past n - 1', () => {
    const m = wasm!.memory;
    const sig = new LightGbmSigmoid(1);
    const a = [m.f32(4), m.f64(4), m.f64(4), m.f64(4), m.f32(4), m.f32(4)] as const;
    expect(() => wasm!.lightgbmPairs(...a, m.f64(16), sig, 4, 2, 1, true)).toThrow(/2\^20 \+ 1/);
    expect(() => wasm!.lightgbmPairs(...a, m.f64(LIGHTGBM_SIGMOID_BINS + 1), sig, 4, 4, 1, true)).toThrow(/top 4/);
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
