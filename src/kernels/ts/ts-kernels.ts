/**
 * The plain-TypeScript kernels: the reference implementation and the fallback when WASM is not
 * available. Written for V8: monomorphic typed-array loops, no allocation.
 */
import type { BinArray, GradArray, RowIndexArray, SumArray } from '../../types.js';
import type { KernelMemory, Kernels } from '../kernels.js';
import { binOf, sketchCuts as sketchFeature } from './quantile-cuts.js';
import { createSharedMemory, DEFAULT_MAX_PAGES, WasmArena } from '../wasm/arena.js';
import { ndcgPairs } from './ndcg-pairs.js';
import { lightgbmPairs } from './lightgbm-pairs.js';
import { scanPlainRecords } from './plain-records.js';
import { scanSplitsCounted } from './lightgbm-scan.js';
import { addLeafValues, partitionByTable } from './loops.js';
import { squaredErrorGradients } from './pointwise-gradients.js';
import { wasmApi, type WasmMemory } from '../wasm/wasm-api.js';

/** See Kernels.buildHistogram (exported for worker threads): rows outer, the row's codes inner. */
export function buildHistogram(
  bins: BinArray,
  stride: number,
  featStart: number,
  featEnd: number,
  histOffsets: Uint32Array,
  rows: RowIndexArray,
  rowStart: number,
  rowEnd: number,
  gh: GradArray,
  hist: SumArray,
): void {
  for (let i = rowStart; i < rowEnd; i++) {
    const r = rows[i]!;
    const g = gh[2 * r]!;
    const h = gh[2 * r + 1]!;
    const row = r * stride;
    for (let f = featStart; f < featEnd; f++) {
      const s = (histOffsets[f]! + bins[row + f]!) * 2;
      hist[s] += g;
      hist[s + 1] += h;
    }
  }
}

/** See Kernels.subtractHistogram (exported for worker threads). */
export function subtractHistogram(parent: SumArray, child: SumArray, out: SumArray, start: number, end: number): void {
  for (let i = start; i < end; i++) out[i] = parent[i]! - child[i]!;
}

/** See Kernels.partition (exported for worker threads). */
export function partition(
  bins: BinArray,
  rowStride: number,
  first: number,
  splitBin: number,
  missingCode: number,
  defaultLeft: boolean,
  rows: RowIndexArray,
  start: number,
  end: number,
  scratch: RowIndexArray,
): number {
  let nl = start;
  let nr = 0;
  for (let i = start; i < end; i++) {
    const r = rows[i]!;
    const b = bins[first + r * rowStride]!;
    const left = b === missingCode ? defaultLeft : b <= splitBin;
    if (left) rows[nl++] = r;
    else scratch[nr++] = r;
  }
  for (let k = 0; k < nr; k++) rows[nl + k] = scratch[k]!;
  return nl - start;
}

/** See Kernels.binValues (exported for worker threads). Binary search through binOf. */
export function binValues(
  values: Float32Array,
  start: number,
  end: number,
  cuts: Float32Array,
  missingCode: number,
  out: BinArray,
  outStart: number,
  outStride: number,
): void {
  for (let i = start, at = outStart; i < end; i++, at += outStride) {
    const v = values[i]!;
    out[at] = v === v ? binOf(cuts, v) : missingCode;
  }
}

/**
 * A candidate's score in the split scan: the float32 sum of both children's scores for a split of
 * `feature` with those sums, or -Infinity for a candidate the score forbids (a monotone constraint).
 */
export interface SplitScore {
  split(feature: number, gl: number, hl: number, gr: number, hr: number): number;
}

/**
 * The plain score (no L1, no max_delta_step) as XGBoost 3.4.1 computes it (src/kernels/ts/gain.ts
 * nodeGain): float32 weight w = -G / (H + lambda), score float32(-(2 G w + (H + lambda) float32(w^2))).
 * `lambda` (a float32 value) is set per scan; the caller guarantees H > 0.
 */
const plainScore = {
  lambda: 0,
  score(g: number, h: number): number {
    const d = h + this.lambda;
    const w = Math.fround(-g / d);
    return Math.fround(-(2 * g * w + d * Math.fround(w * w) + 0));
  },
  split(_f: number, gl: number, hl: number, gr: number, hr: number): number {
    return Math.fround(this.score(gl, hl) + this.score(gr, hr));
  },
};

/** See Kernels.scanSplits (exported for worker threads). */
export function scanSplits(
  hist: SumArray,
  histOffsets: Uint32Array,
  nBins: Uint32Array,
  features: Int32Array,
  count: number,
  sumGrad: number,
  sumHess: number,
  lambda: number,
  minChildWeight: number,
  parentGain: number,
  bestChg: number,
  out: Float64Array,
): boolean {
  plainScore.lambda = lambda;
  return scanSplitsScored(plainScore, hist, histOffsets, nBins, features, count, sumGrad, sumHess, minChildWeight, parentGain, bestChg, out);
}

/**
 * Kernels.scanSplits with any split score: a candidate's loss change is
 * `float32(split(f, GL, HL, GR, HR) - parentGain)`, split = float32(score(GL, HL) + score(GR, HR))
 * (XGBoost's float32 steps; scores and parentGain are float32 values). The plain score gives the
 * WASM kernel's values exactly; src/split/finder.ts passes the general one (L1, max_delta_step)
 * and the monotone one (monotone-score.ts).
 */
export function scanSplitsScored(
  scorer: SplitScore,
  hist: SumArray,
  histOffsets: Uint32Array,
  nBins: Uint32Array,
  features: Int32Array,
  count: number,
  sumGrad: number,
  sumHess: number,
  minChildWeight: number,
  parentGain: number,
  bestChg: number,
  out: Float64Array,
): boolean {
  const mcw = minChildWeight;
  let best = bestChg;
  let found = false;
  for (let k = 0; k < count; k++) {
    const f = features[k]!;
    const nb = nBins[f]!;
    const base = histOffsets[f]! * 2;
    // forward: missing right
    let gl = 0;
    let hl = 0;
    for (let b = 0; b < nb; b++) {
      const bg = hist[base + 2 * b]!;
      const bh = hist[base + 2 * b + 1]!;
      if (bg === 0 && bh === 0) continue;
      gl += bg;
      hl += bh;
      const gr = sumGrad - gl;
      const hr = sumHess - hl;
      if (hl > 0 && hr > 0 && hl >= mcw && hr >= mcw) {
        const chg = Math.fround(scorer.split(f, gl, hl, gr, hr) - parentGain);
        if (chg > best) {
          best = chg;
          found = true;
          writeCandidate(out, f, b, 0, chg, gl, hl, gr, hr);
        }
      }
    }
    if (hist[base + 2 * nb] === 0 && hist[base + 2 * nb + 1] === 0) continue;
    // backward: missing left
    let gr = 0;
    let hr = 0;
    for (let b = nb - 1; b >= 0; b--) {
      const bg = hist[base + 2 * b]!;
      const bh = hist[base + 2 * b + 1]!;
      if (bg === 0 && bh === 0) continue;
      gr += bg;
      hr += bh;
      const gl2 = sumGrad - gr;
      const hl2 = sumHess - hr;
      if (hl2 > 0 && hr > 0 && hl2 >= mcw && hr >= mcw) {
        const chg = Math.fround(scorer.split(f, gl2, hl2, gr, hr) - parentGain);
        if (chg > best) {
          best = chg;
          found = true;
          writeCandidate(out, f, b - 1, 1, chg, gl2, hl2, gr, hr);
        }
      }
    }
  }
  return found;
}

/** The scanSplits `out` record. */
function writeCandidate(
  out: Float64Array, f: number, bin: number, dl: number, chg: number, gl: number, hl: number, gr: number, hr: number,
): void {
  out[0] = f;
  out[1] = bin;
  out[2] = dl;
  out[3] = chg;
  out[4] = gl;
  out[5] = hl;
  out[6] = gr;
  out[7] = hr;
}

/** Plain heap memory. */
const heapMemory: KernelMemory = {
  f64: (n) => new Float64Array(n),
  f32: (n) => new Float32Array(n),
  u32: (n) => new Uint32Array(n),
  u16: (n) => new Uint16Array(n),
  u8: (n) => new Uint8Array(n),
};

/** See Kernels.sketchWorkBytes: the TypeScript sketch allocates its own arrays. */
export function sketchWorkBytes(): number {
  return 0;
}

/** See Kernels.sketchCuts (exported for worker threads): quantile-cuts.ts sketchCuts, `work` unused. */
export function sketchCuts(values: Float32Array, weights: Float32Array | null, maxBin: number, _work: Uint8Array, out: Float32Array): number {
  const fc = sketchFeature(values, weights, maxBin);
  out[0] = fc.minValue;
  out.set(fc.cuts, 1);
  return fc.cuts.length;
}

/** The TypeScript kernel functions, whatever memory their arrays come from. */
const tsFunctions = {
  buildHistogram, subtractHistogram, scanSplits, binValues, partition, partitionByTable, ndcgPairs, sketchWorkBytes, sketchCuts, scanSplitsCounted,
  squaredErrorGradients, addLeafValues, lightgbmPairs, scanPlainRecords,
};

/** The TypeScript kernel set (stateless: one shared instance). */
export const tsKernels: Kernels = { name: 'ts', memory: heapMemory, shared: null, ...tsFunctions };

/**
 * TS kernels whose arrays live in a fresh shared `WebAssembly.Memory` (no module: the memory is
 * only a growable SharedArrayBuffer), so worker threads can run the same TS loops over them.
 * Null when this runtime has no WebAssembly.
 * @param maxPages maximum size in 64 KiB pages (default 65536 = 4 GiB).
 */
export function createSharedTsKernels(maxPages: number = DEFAULT_MAX_PAGES): Kernels | null {
  const api = wasmApi();
  if (!api) return null;
  const arena = new WasmArena(createSharedMemory(api, maxPages), maxPages, 16);
  return { name: 'ts', memory: arena, shared: arena, ...tsFunctions };
}

/**
 * TS kernels over an existing shared memory, for worker threads: arrays are views of it, and the
 * arena allocates nothing (WasmArena.attach).
 */
export function attachSharedTsKernels(memory: WasmMemory): Kernels {
  const arena = WasmArena.attach(memory);
  return { name: 'ts', memory: arena, shared: arena, ...tsFunctions };
}
