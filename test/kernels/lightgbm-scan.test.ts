/**
 * LightGBM's split scan with min_data_in_leaf (src/kernels/ts/lightgbm-scan.ts) against a naive
 * restatement: every candidate's row counts recounted from scratch as sums of per-bin estimates
 * RoundInt(h_bin * n / (H + 2e-15)), candidates visited in LightGBM's order (reverse scan from the
 * top bin, then forward when the feature has missing values in the data, or in the node when that is
 * not given; one value bin with missing values: the missing rows' side scanned), LightGBM's
 * comparisons per pass and per feature; and each feature's flag (any valid candidate:
 * LightGBM's is_splittable_).
 */
import { describe, expect, it } from 'vitest';
import { scanSplitsCounted } from '../../src/kernels/ts/lightgbm-scan.js';
import { mulberry32 } from '../../src/util/rng.js';

const EPS = Math.fround(1e-15);

/**
 * The best candidate's full record (f, bin, defaultLeft, lossChg, GL, HL, GR, HR, outL, outR) as
 * LightGBM records it: the right side is the node less the left, each hessian less its kEpsilon,
 * the outputs -T(G) / (H + l2) clipped to +-max_delta_step (T the L1 soft threshold).
 */
function naive(hist: Float64Array, nBins: number[], G: number, Hs: number, n: number, minData: number, mcw: number, l1: number, l2: number, mds: number, valid: boolean[], nan: Uint8Array | null = null): number[] | null {
  const H = Hs + 2 * EPS;
  const cf = n / H;
  const soft = (g: number): number => Math.sign(g) * Math.max(0, Math.abs(g) - l1);
  const output = (g: number, h: number): number => {
    const raw = -soft(g) / (h + l2);
    return mds === 0 || Math.abs(raw) <= mds ? raw : raw > 0 ? mds : -mds;
  };
  // LightGBM's leaf gain given the leaf's output, the output clipped to +-max_delta_step when set.
  const gain = (g: number, h: number): number => {
    const t = soft(g);
    const raw = -t / (h + l2);
    if (mds === 0 || Math.abs(raw) <= mds) return (t * t) / (h + l2);
    const w = raw > 0 ? mds : -mds;
    return -(2 * t * w + (h + l2) * w * w);
  };
  const shift = gain(G, H);
  let best: number[] | null = null;
  let off = 0;
  for (let f = 0; f < nBins.length; f++) {
    const nb = nBins[f]!;
    const at = (b: number): [number, number] => [hist[2 * (off + b)]!, hist[2 * (off + b) + 1]!];
    // LightGBM's missing_type NaN: the data's flag when given, else the node's missing slot
    const missing = nan !== null ? nan[f] === 1 : at(nb)[0] !== 0 || at(nb)[1] !== 0;
    valid[f] = false;
    /** A candidate's raw gain and record, or null when it is not valid. */
    const consider = (side: number[], dl: number, bin: number, scannedRight: boolean): [number, number[]] | null => {
      let g = 0;
      let h = EPS;
      let cnt = 0;
      for (const b of side) {
        const [bg, bh] = at(b);
        g += bg;
        h += bh;
        cnt += Math.floor(bh * cf + 0.5);
      }
      const other = n - cnt;
      if (cnt < minData || other < minData || h < mcw || H - h < mcw) return null;
      const [gl, hl, gr, hr] = scannedRight ? [G - g, H - h, g, h] : [g, h, G - g, H - h];
      const v = gain(gl, hl) + gain(gr, hr);
      if (v <= shift) return null;
      valid[f] = true;
      return [v, [f, bin, dl, v - shift, gl, hl - EPS, G - gl, H - hl - EPS, output(gl, hl), output(G - gl, H - hl)]];
    };
    // passes as LightGBM runs them: each keeps its first largest gain; a pass replaces the
    // feature's split when its gain > the feature's loss change + shift
    const passes: [number, number[]][][] = [];
    if (missing && nb === 1) {
      const c = consider([nb], 0, 0, true); // the value bin left, the missing slot right
      passes.push(c === null ? [] : [c]);
    } else {
      const rev: [number, number[]][] = [];
      for (let b = nb - 1; b >= 1; b--) {
        if (at(b)[0] === 0 && at(b)[1] === 0) continue;
        const side: number[] = [];
        for (let k = nb - 1; k >= b; k--) side.push(k);
        const c = consider(side, missing ? 1 : 0, b - 1, true);
        if (c !== null) rev.push(c);
      }
      passes.push(rev);
      if (missing) {
        const fwd: [number, number[]][] = [];
        for (let b = 0; b < nb; b++) {
          if (at(b)[0] === 0 && at(b)[1] === 0) continue;
          const side: number[] = [];
          for (let k = 0; k <= b; k++) side.push(k);
          const c = consider(side, 0, b, false);
          if (c !== null) fwd.push(c);
        }
        passes.push(fwd);
      }
    }
    let feat: number[] | null = null;
    for (const pass of passes) {
      let top: [number, number[]] | null = null;
      for (const c of pass) if (top === null || c[0] > top[0]) top = c;
      if (top !== null && (feat === null || top[0] > feat[3]! + shift)) feat = top[1];
    }
    if (feat !== null && (best === null || feat[3]! > best[3]!)) best = feat;
    off += nb + 1;
  }
  return best;
}

describe('scanSplitsCounted (LightGBM scan with min_data_in_leaf)', () => {
  it('matches the naive per-candidate count on random histograms (empty bins, missing, ties, L1, max_delta_step): the whole record', () => {
    const rng = mulberry32(7);
    let found = 0;
    for (let trial = 0; trial < 300; trial++) {
      const nF = 1 + Math.floor(rng() * 4);
      const nBins = Array.from({ length: nF }, () => 1 + Math.floor(rng() * 12));
      const offsets = new Uint32Array(nF + 1);
      for (let f = 0; f < nF; f++) offsets[f + 1] = offsets[f]! + nBins[f]! + 1;
      const hist = new Float64Array(2 * offsets[nF]!);
      const n = 20 + Math.floor(rng() * 200);
      // every feature partitions the same rows: n rows with g, h; per feature a bin each (or missing)
      const g = Array.from({ length: n }, () => Math.fround(rng() * 2 - 1));
      const h = Array.from({ length: n }, () => Math.fround(0.05 + rng() * (trial % 3 === 0 ? 1 : 0.2)));
      for (let f = 0; f < nF; f++) {
        const nb = nBins[f]!;
        const withMissing = rng() < 0.3;
        for (let r = 0; r < n; r++) {
          const b = withMissing && rng() < 0.2 ? nb : Math.floor(Math.pow(rng(), 2) * nb);
          hist[2 * (offsets[f]! + b)] += g[r]!;
          hist[2 * (offsets[f]! + b) + 1] += h[r]!;
        }
      }
      let G = 0;
      let H = 0;
      for (let r = 0; r < n; r++) {
        G += g[r]!;
        H += h[r]!;
      }
      const minData = 1 + Math.floor(rng() * 40);
      const mcw = trial % 5 === 0 ? 1 : 1e-3;
      const l2 = trial % 2 === 0 ? 0 : 1;
      const mds = trial % 4 === 1 ? 0.05 : 0;
      const l1 = trial % 3 === 1 ? 0.3 : 0;
      const out = new Float64Array(10);
      const flags = new Uint8Array(nF + 2).fill(7);
      // every other trial: the data's missing flags, set for the features with missing rows here
      // and for some without (LightGBM's missing_type NaN from rows outside this node)
      let nan: Uint8Array | null = null;
      if (trial % 2 === 1) {
        nan = new Uint8Array(nF);
        for (let f = 0; f < nF; f++) {
          const m = offsets[f]! + nBins[f]!;
          nan[f] = hist[2 * m] !== 0 || hist[2 * m + 1] !== 0 || rng() < 0.5 ? 1 : 0;
        }
      }
      const got = scanSplitsCounted(l1, l2, mds, 0, hist, offsets, Uint32Array.from(nBins), Int32Array.from({ length: nF }, (_, i) => i), nF, G, H, mcw, -Infinity, out, n, minData, flags, 1, nan);
      const valid: boolean[] = [];
      const want = naive(hist, nBins, G, H, n, minData, mcw, l1, l2, mds, valid, nan);
      expect(got).toBe(want !== null);
      expect(Array.from(flags)).toEqual([7, ...valid.map((v) => (v ? 1 : 0)), 7]);
      if (want !== null) {
        found++;
        expect([out[0], out[1], out[2]]).toEqual(want.slice(0, 3));
        expect(out[3]).toBeCloseTo(want[3]!, 9);
        // the sums (same bins, same order: exact) and the children's leaf outputs
        expect(Array.from(out.subarray(4, 8))).toEqual(want.slice(4, 8));
        Array.from(out.subarray(8)).forEach((v, i) => expect(v).toBeCloseTo(want[8 + i]!, 12));
      }
    }
    expect(found).toBeGreaterThan(100);
  });

  it('scans forward for a feature with missing values in the data even where the node has none (LightGBM missing_type NaN)', () => {
    // 42 rows, min_data_in_leaf 20: bins 0..19 hold h 0.6 each (estimated 1 row each), bin 20 h 30
    // (30 rows). Reverse: right = bin 20, 30 rows, left 42 - 30 = 12 < 20. Forward: left = bins
    // 0..19, 20 rows, right 42 - 20 = 22: valid only in the forward scan, which LightGBM runs for
    // every feature whose training data has missing values (LightGBM 4.6 picks such 31 / 11 row
    // splits on the bench's ranking data).
    const nb = 21;
    const hist = new Float64Array(2 * (nb + 1));
    for (let b = 0; b < 20; b++) {
      hist[2 * b] = -0.1;
      hist[2 * b + 1] = 0.6;
    }
    hist[40] = 1;
    hist[41] = 30;
    const args = [0, 0, 0, 0, hist, Uint32Array.of(0, nb + 1), Uint32Array.of(nb), Int32Array.of(0), 1, 1 - 2, 12 + 30, 1e-3, -Infinity] as const;
    const out = new Float64Array(10);
    expect(scanSplitsCounted(...args, out, 42, 20, new Uint8Array(1), 0, null)).toBe(false);
    expect(scanSplitsCounted(...args, out, 42, 20, new Uint8Array(1), 0, Uint8Array.of(0))).toBe(false);
    expect(scanSplitsCounted(...args, out, 42, 20, new Uint8Array(1), 0, Uint8Array.of(1))).toBe(true);
    expect([out[0], out[1], out[2]]).toEqual([0, 19, 0]); // left = bins <= 19, missing right
  });

  it('counts per bin: bins each of 0.6 estimated rows count 1 each (a child-sum rule would count fewer)', () => {
    // 40 rows, 1 feature of 40 bins, h = 1 in the top 10 bins' rows... : n = 40, H = 40 -> cf = 1
    // bins 0..29 hold one row each (h 1); bins 30..39 hold h 0.6 each (one row each, cf = 40 / 36).
    const nb = 40;
    const hist = new Float64Array(2 * (nb + 1));
    for (let b = 0; b < nb; b++) {
      hist[2 * b] = b < 30 ? 0.1 : -1;
      hist[2 * b + 1] = b < 30 ? 1 : 0.6;
    }
    const H = 30 + 6;
    const G = 3 - 10;
    const out = new Float64Array(8);
    // right = bins 30..39: per-bin estimates round(0.6 * 40 / 36) = 1 each -> 10 rows; the sum
    // rule would give round(6 * 40 / 36) = 7 < 10 = min_data_in_leaf.
    expect(scanSplitsCounted(0, 0, 0, 0, hist, Uint32Array.of(0, nb + 1), Uint32Array.of(nb), Int32Array.of(0), 1, G, H, 1e-3, -Infinity, out, 40, 10, new Uint8Array(1), 0)).toBe(true);
    expect(out[1]).toBe(29);
  });
});
