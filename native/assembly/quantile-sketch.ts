/**
 * The cut search of one feature (src/kernels/ts/quantile-cuts.ts sketchCuts over XGBoost 3.4.1's
 * WQuantileSketch, src/kernels/ts/quantile-sketch.ts): the same steps in the same order with native
 * float32 arithmetic. Every rank, weight and value sum there is one float32 operation on float32
 * operands rounded with Math.fround, which is exactly the IEEE float32 operation used here (a double
 * result of one +, -, x or / of two float32 values rounds to the float32 result), and the double
 * rank queries of QueryCutValues stay double; so the cuts are the TypeScript sketch's to the bit
 * (test/kernels/quantile-sketch-wasm.test.ts compares them).
 *
 * Memory: the caller hands one work area of sketchWorkBytes(n, maxBin) bytes. It starts with a table
 * of summaries (byte address, capacity, size: three u32 each; id 0 the queue's summary, 1 the
 * scratch, 2 the final summary, 3.. the levels), then the queue (values, weights), the radix sort's
 * two item arrays and digit counts, and every summary's four f32 arrays (rmin, rmax, wmin, value). A summary is "swapped" by exchanging its
 * table entry with the scratch's, as Summary.swap exchanges arrays.
 */

const EPS5: f32 = <f32>(<f64>1e-5);
const T_TEMP: u32 = 0;
const T_SCRATCH: u32 = 1;
const T_OUT: u32 = 2;
const T_LEVEL0: u32 = 3;

/** The summary table (set by layout for the call's work area). */
let table: usize = 0;
let nLevelSlots: u32 = 0;
let usedLevels: u32 = 0;
let qValue: usize = 0;
let qWeight: usize = 0;
let itemsA: usize = 0;
let itemsB: usize = 0;
let radixCount: usize = 0;

// @ts-ignore: decorator
@inline function ldf(p: usize, i: u32): f32 {
  return load<f32>(p + (<usize>i << 2));
}
// @ts-ignore: decorator
@inline function stf(p: usize, i: u32, v: f32): void {
  store<f32>(p + (<usize>i << 2), v);
}
// @ts-ignore: decorator
@inline function ldu(p: usize, i: u32): u32 {
  return load<u32>(p + (<usize>i << 2));
}
// @ts-ignore: decorator
@inline function stu(p: usize, i: u32, v: u32): void {
  store<u32>(p + (<usize>i << 2), v);
}

// Summary table access: entry id at table + 12 id.
// @ts-ignore: decorator
@inline function sBase(id: u32): usize {
  return <usize>load<u32>(table + <usize>id * 12);
}
// @ts-ignore: decorator
@inline function sCap(id: u32): u32 {
  return load<u32>(table + <usize>id * 12, 4);
}
// @ts-ignore: decorator
@inline function sSize(id: u32): u32 {
  return load<u32>(table + <usize>id * 12, 8);
}
// @ts-ignore: decorator
@inline function setSize(id: u32, n: u32): void {
  store<u32>(table + <usize>id * 12, n, 8);
}
// @ts-ignore: decorator
@inline function rminOf(id: u32): usize {
  return sBase(id);
}
// @ts-ignore: decorator
@inline function rmaxOf(id: u32): usize {
  return sBase(id) + (<usize>sCap(id) << 2);
}
// @ts-ignore: decorator
@inline function wminOf(id: u32): usize {
  return sBase(id) + (<usize>sCap(id) << 3);
}
// @ts-ignore: decorator
@inline function valueOf(id: u32): usize {
  return sBase(id) + <usize>sCap(id) * 12;
}

/** Exchanges two table entries (Summary.swap). */
function swap(a: u32, b: u32): void {
  const pa = table + <usize>a * 12;
  const pb = table + <usize>b * 12;
  for (let k: usize = 0; k < 12; k += 4) {
    const t = load<u32>(pa + k);
    store<u32>(pa + k, load<u32>(pb + k));
    store<u32>(pb + k, t);
  }
}

/** limitSizeLevel (quantile-sketch.ts): the summary size; nLevelOut receives nlevel. */
let nLevelOut: u32 = 0;
function limitSizeLevel(n: u32, maxBin: u32): u32 {
  nLevelOut = 1;
  if (n == 0) return 1;
  const eps = 1.0 / <f64>min<u32>(maxBin, max<u32>(1, n));
  const internalEps = eps / 2;
  let nLevel: u32 = 1;
  let limit = Math.min(<f64>n, Math.ceil(<f64>nLevel / internalEps) + 1);
  while (Math.pow(2, <f64>nLevel) * limit < <f64>n) {
    nLevel++;
    limit = Math.min(<f64>n, Math.ceil(<f64>nLevel / internalEps) + 1);
  }
  nLevelOut = nLevel;
  return <u32>limit;
}

/** Elements per summary of the temp / scratch / out kind, for queue capacity q. */
// @ts-ignore: decorator
@inline function bigCap(q: u32): u32 {
  return q + 2;
}

/** Bytes of the work area for columns of at most `n` values (see the file comment). */
export function sketchWorkBytes(n: u32, maxBin: u32): u32 {
  const lc = limitSizeLevel(n, maxBin);
  const levels = nLevelOut + 3;
  const q = 2 * lc;
  const head = ((3 * (T_LEVEL0 + levels) + 3) & ~3) << 2;
  return head + ((6 * q + 3 * 2048 + 3 * 4 * bigCap(q) + levels * 4 * lc) << 2);
}

/** Sets the globals and the summary table for a work area sized for n values (sketchWorkBytes). */
function layout(work: usize, n: u32, maxBin: u32): void {
  const lc = limitSizeLevel(n, maxBin);
  const levels = nLevelOut + 3;
  const q = 2 * lc;
  table = work;
  nLevelSlots = levels;
  let p = work + (<usize>((3 * (T_LEVEL0 + levels) + 3) & ~3) << 2);
  const q4 = <usize>q << 2;
  qValue = p; p += q4;
  qWeight = p; p += q4;
  itemsA = p; p += 2 * q4;
  itemsB = p; p += 2 * q4;
  radixCount = p; p += 3 * 2048 * 4;
  for (let id: u32 = 0; id < T_LEVEL0 + levels; id++) {
    const cap = id < T_LEVEL0 ? bigCap(q) : lc;
    const e = table + <usize>id * 12;
    store<u32>(e, <u32>p);
    store<u32>(e, cap, 4);
    store<u32>(e, 0, 8);
    p += <usize>cap << 4;
  }
}

/** Summary.copyFrom. */
function copyFrom(dst: u32, src: u32): void {
  const n = <usize>sSize(src) << 2;
  memory.copy(rminOf(dst), rminOf(src), n);
  memory.copy(rmaxOf(dst), rmaxOf(src), n);
  memory.copy(wminOf(dst), wminOf(src), n);
  memory.copy(valueOf(dst), valueOf(src), n);
  setSize(dst, sSize(src));
}

/** Summary.setPrune (pruneInto and the closing entry), through T_SCRATCH. */
function setPrune(id: u32, maxSize: u32): void {
  const src = sSize(id);
  if (maxSize == 0) {
    setSize(id, 0);
    return;
  }
  if (src <= maxSize) return;
  if (maxSize == 1) {
    setSize(id, 1);
    return;
  }
  const rmin = rminOf(id);
  const rmax = rmaxOf(id);
  const wmin = wminOf(id);
  const value = valueOf(id);
  const oRmin = rminOf(T_SCRATCH);
  const oRmax = rmaxOf(T_SCRATCH);
  const oWmin = wminOf(T_SCRATCH);
  const oValue = valueOf(T_SCRATCH);
  const begin = ldf(rmax, 0);
  const range: f32 = ldf(rmin, src - 1) - begin;
  const n = maxSize - 1;
  const nf = <f32>n;
  stf(oRmin, 0, ldf(rmin, 0));
  stf(oRmax, 0, ldf(rmax, 0));
  stf(oWmin, 0, ldf(wmin, 0));
  stf(oValue, 0, ldf(value, 0));
  let d: u32 = 1;
  let i: u32 = 1;
  let lastIdx: u32 = 0;
  for (let k: u32 = 1; k < n; k++) {
    const dx2: f32 = <f32>2 * ((<f32>k * range) / nf + begin);
    while (i < src - 1 && dx2 >= ldf(rmax, i + 1) + ldf(rmin, i + 1)) i++;
    if (i == src - 1) break;
    const leftNext: f32 = ldf(rmin, i) + ldf(wmin, i);
    const rightPrev: f32 = ldf(rmax, i + 1) - ldf(wmin, i + 1);
    let at: i32 = -1;
    if (dx2 < leftNext + rightPrev) {
      if (i != lastIdx) at = <i32>i;
    } else if (i + 1 != lastIdx) {
      at = <i32>(i + 1);
    }
    if (at >= 0) {
      const a = <u32>at;
      stf(oRmin, d, ldf(rmin, a));
      stf(oRmax, d, ldf(rmax, a));
      stf(oWmin, d, ldf(wmin, a));
      stf(oValue, d, ldf(value, a));
      d++;
      lastIdx = a;
    }
  }
  if (ldf(oValue, d - 1) != ldf(value, src - 1)) {
    stf(oRmin, d, ldf(rmin, src - 1));
    stf(oRmax, d, ldf(rmax, src - 1));
    stf(oWmin, d, ldf(wmin, src - 1));
    stf(oValue, d, ldf(value, src - 1));
    d++;
  }
  setSize(T_SCRATCH, d);
  swap(id, T_SCRATCH);
}

/** SetCombine's tail (appendTail). */
function appendTail(s: u32, from: u32, d: u32, addRmin: f32, addRmax: f32): u32 {
  const n = sSize(s);
  const sRmin = rminOf(s);
  const sRmax = rmaxOf(s);
  const sWmin = wminOf(s);
  const sValue = valueOf(s);
  const oRmin = rminOf(T_SCRATCH);
  const oRmax = rmaxOf(T_SCRATCH);
  const oWmin = wminOf(T_SCRATCH);
  const oValue = valueOf(T_SCRATCH);
  for (let i = from; i < n; i++, d++) {
    stf(oRmin, d, ldf(sRmin, i) + addRmin);
    stf(oRmax, d, ldf(sRmax, i) + addRmax);
    stf(oWmin, d, ldf(sWmin, i));
    stf(oValue, d, ldf(sValue, i));
  }
  return d;
}

/** Summary.setCombine(other) through T_SCRATCH (mergeHeads, the tails, fixError). */
function setCombine(id: u32, other: u32): void {
  const nb = sSize(other);
  if (nb == 0) return;
  const na = sSize(id);
  if (na == 0) {
    copyFrom(id, other);
    return;
  }
  const aRmin = rminOf(id);
  const aRmax = rmaxOf(id);
  const aWmin = wminOf(id);
  const aValue = valueOf(id);
  const bRmin = rminOf(other);
  const bRmax = rmaxOf(other);
  const bWmin = wminOf(other);
  const bValue = valueOf(other);
  const oRmin = rminOf(T_SCRATCH);
  const oRmax = rmaxOf(T_SCRATCH);
  const oWmin = wminOf(T_SCRATCH);
  const oValue = valueOf(T_SCRATCH);
  let d: u32 = 0;
  let a: u32 = 0;
  let b: u32 = 0;
  let aPrevRmin: f32 = 0;
  let bPrevRmin: f32 = 0;
  while (a < na && b < nb) {
    const va = ldf(aValue, a);
    const vb = ldf(bValue, b);
    if (va == vb) {
      stf(oRmin, d, ldf(aRmin, a) + ldf(bRmin, b));
      stf(oRmax, d, ldf(aRmax, a) + ldf(bRmax, b));
      stf(oWmin, d, ldf(aWmin, a) + ldf(bWmin, b));
      stf(oValue, d, va);
      aPrevRmin = ldf(aRmin, a) + ldf(aWmin, a);
      bPrevRmin = ldf(bRmin, b) + ldf(bWmin, b);
      a++;
      b++;
    } else if (va < vb) {
      stf(oRmin, d, ldf(aRmin, a) + bPrevRmin);
      stf(oRmax, d, ldf(aRmax, a) + (ldf(bRmax, b) - ldf(bWmin, b)));
      stf(oWmin, d, ldf(aWmin, a));
      stf(oValue, d, va);
      aPrevRmin = ldf(aRmin, a) + ldf(aWmin, a);
      a++;
    } else {
      stf(oRmin, d, ldf(bRmin, b) + aPrevRmin);
      stf(oRmax, d, ldf(bRmax, b) + (ldf(aRmax, a) - ldf(aWmin, a)));
      stf(oWmin, d, ldf(bWmin, b));
      stf(oValue, d, vb);
      bPrevRmin = ldf(bRmin, b) + ldf(bWmin, b);
      b++;
    }
    d++;
  }
  if (a < na) d = appendTail(id, a, d, bPrevRmin, ldf(bRmax, nb - 1));
  if (b < nb) d = appendTail(other, b, d, aPrevRmin, ldf(aRmax, na - 1));
  setSize(T_SCRATCH, d);
  // FixError: rmin and rmax non-decreasing, rmax >= rmin + wmin.
  let prevRmin: f32 = 0;
  let prevRmax: f32 = 0;
  for (let i: u32 = 0; i < d; i++) {
    const r = ldf(oRmin, i);
    if (r < prevRmin) stf(oRmin, i, prevRmin);
    else prevRmin = r;
    let x = ldf(oRmax, i);
    if (x < prevRmax) x = prevRmax;
    const next: f32 = ldf(oRmin, i) + ldf(oWmin, i);
    if (x < next) x = next;
    stf(oRmax, i, x);
    prevRmax = x;
  }
  swap(id, T_SCRATCH);
}

/** WQuantileSketch::PushSummary of T_TEMP. */
function pushSummary(limit: u32): void {
  let l: u32 = 0;
  for (;;) {
    if (l >= nLevelSlots) unreachable();
    if (l + 1 > usedLevels) {
      setSize(T_LEVEL0 + l, 0);
      usedLevels = l + 1;
    }
    setPrune(T_TEMP, limit);
    setCombine(T_TEMP, T_LEVEL0 + l);
    setSize(T_LEVEL0 + l, 0);
    if (sSize(T_TEMP) <= limit) break;
    l++;
  }
  copyFrom(T_LEVEL0 + l, T_TEMP);
}

/** The radix key of a float32 value's bits: unsigned order of keys is the value order, -0 and +0 one key. */
// @ts-ignore: decorator
@inline function radixKey(bits: u32): u32 {
  const b = (bits << 1) == 0 ? 0 : bits;
  return b & 0x80000000 ? ~b : b | 0x80000000;
}

/**
 * The queue's n entries sorted (the stable radix sort of QuantileSketch.flushQueue) into T_TEMP and
 * pushed up. The entries move as u64 items (value bits low, weight bits high) through the
 * reference's three stable passes of 11-bit digits of radixKey (a pass whose digit all entries
 * share is skipped), so they come out in its order with no index arrays and no gather after.
 */
function flushQueue(n: u32, limit: u32): void {
  const counts = radixCount;
  memory.fill(counts, 0, 3 * 2048 * 4);
  let items = itemsA;
  let itemsOut = itemsB;
  for (let i: u32 = 0; i < n; i++) {
    const vb = ldu(qValue, i);
    store<u64>(items + (<usize>i << 3), <u64>vb | (<u64>ldu(qWeight, i) << 32));
    const key = radixKey(vb);
    const c0 = counts + (<usize>(key & 2047) << 2);
    store<u32>(c0, load<u32>(c0) + 1);
    const c1 = counts + (<usize>(2048 + ((key >>> 11) & 2047)) << 2);
    store<u32>(c1, load<u32>(c1) + 1);
    const c2 = counts + (<usize>(4096 + (key >>> 22)) << 2);
    store<u32>(c2, load<u32>(c2) + 1);
  }
  if (n > 0) {
    const firstKey = radixKey(ldu(qValue, 0));
    for (let pass: u32 = 0; pass < 3; pass++) {
      const base = counts + (<usize>(pass * 2048) << 2);
      const shift = pass * 11;
      if (ldu(base, (firstKey >>> shift) & 2047) == n) continue;
      let sum: u32 = 0;
      for (let d: u32 = 0; d < 2048; d++) {
        const c = ldu(base, d);
        stu(base, d, sum);
        sum += c;
      }
      for (let i: u32 = 0; i < n; i++) {
        const item = load<u64>(items + (<usize>i << 3));
        const cp = base + (<usize>((radixKey(<u32>item) >>> shift) & 2047) << 2);
        const at = load<u32>(cp);
        store<u32>(cp, at + 1);
        store<u64>(itemsOut + (<usize>at << 3), item);
      }
      const t = items;
      items = itemsOut;
      itemsOut = t;
    }
  }
  setFromSortedItems(T_TEMP, items, n);
  pushSummary(limit);
}

/** Summary.setFromSorted over n sorted u64 items (value bits low, weight bits high). */
function setFromSortedItems(id: u32, items: usize, n: u32): void {
  const rmin = rminOf(id);
  const rmax = rmaxOf(id);
  const wmin = wminOf(id);
  const value = valueOf(id);
  let size: u32 = 0;
  let wsum: f32 = 0;
  for (let i: u32 = 0; i < n;) {
    let j = i + 1;
    const it = load<u64>(items + (<usize>i << 3));
    const vi = reinterpret<f32>(<u32>it);
    let w = reinterpret<f32>(<u32>(it >>> 32));
    while (j < n) {
      const jt = load<u64>(items + (<usize>j << 3));
      if (reinterpret<f32>(<u32>jt) != vi) break;
      w = w + reinterpret<f32>(<u32>(jt >>> 32));
      j++;
    }
    stf(rmin, size, wsum);
    stf(rmax, size, wsum + w);
    stf(wmin, size, w);
    stf(value, size, vi);
    size++;
    wsum = wsum + w;
    i = j;
  }
  setSize(id, size);
}

/** QueryCutValues of T_OUT into out (from element 1); returns the cut count. */
function queryCutValues(maxBin: u32, out: usize): u32 {
  const m = sSize(T_OUT);
  if (m == 0) {
    stf(out, 1, EPS5);
    return 1;
  }
  const value = valueOf(T_OUT);
  let count: u32 = 0;
  let last = ldf(value, 0);
  let next: u32 = 1;
  while (next < m && ldf(value, next) <= last) next++;
  if (m <= maxBin) {
    while (next < m) {
      last = ldf(value, next);
      stf(out, 1 + count++, last);
      next++;
      while (next < m && ldf(value, next) <= last) next++;
    }
  } else {
    const rmin = rminOf(T_OUT);
    const rmax = rmaxOf(T_OUT);
    const wmin = wminOf(T_OUT);
    const total = <f64>ldf(rmax, m - 1);
    let q: u32 = 0;
    for (let i: u32 = 1; i < maxBin; i++) {
      const rank2 = 2 * ((<f64>i * total) / <f64>maxBin);
      while (q < m - 2 && rank2 >= <f64>(ldf(rmin, q + 1) + ldf(rmax, q + 1))) q++;
      const split: f32 = (ldf(rmin, q) + ldf(wmin, q)) + (ldf(rmax, q + 1) - ldf(wmin, q + 1));
      let cpt = rank2 < <f64>split ? ldf(value, q) : ldf(value, q + 1);
      if (cpt <= last) {
        while (next < m && ldf(value, next) <= last) next++;
        if (next == m) break;
        cpt = ldf(value, next);
      } else if (next < m && ldf(value, next) <= cpt) {
        next++;
        while (next < m && ldf(value, next) <= cpt) next++;
      }
      stf(out, 1 + count++, cpt);
      last = cpt;
    }
  }
  const top = ldf(value, m - 1);
  stf(out, 1 + count++, top + (Mathf.abs(top) + EPS5));
  return count;
}

/**
 * sketchCuts of `n` f32 values (NaN = missing) with f32 weights (0: unit weights).
 * @param work sketchWorkBytes(capN, maxBin) bytes, capN >= n.
 * @param out f32[maxBin + 1]: [minValue, cuts...].
 * @returns the number of cuts.
 */
export function sketchCuts(values: usize, weights: usize, n: u32, capN: u32, maxBin: u32, work: usize, out: usize): u32 {
  layout(work, capN, maxBin);
  usedLevels = 0;
  let present: u32 = 0;
  let mn: f32 = Infinity;
  for (let r: u32 = 0; r < n; r++) {
    const v = ldf(values, r);
    if (v == v) present++;
    if (v < mn) mn = v;
  }
  const limit = limitSizeLevel(present, maxBin);
  const qCap = 2 * limit;
  let q: u32 = 0;
  let numElements: u32 = 0;
  for (let r: u32 = 0; r < n; r++) {
    const x = ldf(values, r);
    if (x != x) continue;
    const w: f32 = weights == 0 ? 1 : ldf(weights, r);
    if (w == 0) continue;
    numElements++;
    if (q > 0 && ldf(qValue, q - 1) == x) {
      stf(qWeight, q - 1, ldf(qWeight, q - 1) + w);
      continue;
    }
    if (q == qCap) {
      flushQueue(q, limit);
      q = 0;
    }
    stf(qValue, q, x);
    stf(qWeight, q, w);
    q++;
  }
  // finish(summaryBudget(maxBin, numElements)).
  flushQueue(q, limit);
  const maxSize = limitSizeLevel(numElements, maxBin);
  const pruneSize = max<u32>(maxSize, limit);
  setSize(T_OUT, 0);
  for (let l: u32 = 0; l < usedLevels; l++) {
    setCombine(T_OUT, T_LEVEL0 + l);
    setPrune(T_OUT, pruneSize);
  }
  setPrune(T_OUT, maxSize);
  stf(out, 0, present == 0 ? 0 : mn - (Mathf.abs(mn) + EPS5));
  return queryCutValues(min<u32>(sSize(T_OUT), maxBin), out);
}
