/**
 * XGBoost 3.4.1's weighted quantile sketch (WQuantileSketch over WQSummary, src/common/quantile.h),
 * restated for one feature, with its float32 rank arithmetic emulated (every rank, weight and value
 * is a float32 there: each sum, product and quotient is rounded with Math.fround here).
 *
 * - A summary is a sorted list of entries (rmin, rmax, wmin, value): the rank bounds of `value`
 *   and its own weight.
 * - Values are pushed in row order into a queue of 2 x limit distinct-in-a-row values; a full queue
 *   is sorted into a summary and pushed up the levels: at level l the incoming summary is pruned to
 *   `limit` entries and merged with the level's summary; if the merge is larger than `limit` it is
 *   carried to level l + 1 (the level emptied), otherwise it stays at level l.
 * - The final summary merges every level in order (pruned to max(maxSize, limit) after each) and is
 *   pruned to maxSize.
 * - limit = LimitSizeLevel(n, eps) with eps = 1 / min(max_bin, n) (SketchEpsilon) and the internal
 *   eps halved (kFactor 2): the smallest nlevel with 2^nlevel x min(n, ceil(nlevel / (eps / 2)) + 1) >= n.
 *
 * XGBoost 1.7.4 differs (not followed here): eps = 1 / (8 min(max_bin, n)) without the halving,
 * summaries pruned to min(n, 8 max_bin) and then to max_bin + 1 entries whose values (after the
 * first) are the cuts directly, no rank queries; its min_vals is min - |min| - 1e-5.
 *
 * It is hand-written (no library computes XGBoost's sketch) because the cut values must equal
 * XGBoost's to the bit: xgboost-spec.md §2.3.
 */

const f = Math.fround;

/** A summary: parallel float32 arrays, valid entries [0, size). */
export class Summary {
  rmin: Float32Array;
  rmax: Float32Array;
  wmin: Float32Array;
  value: Float32Array;
  size = 0;

  constructor(capacity: number) {
    this.rmin = new Float32Array(capacity);
    this.rmax = new Float32Array(capacity);
    this.wmin = new Float32Array(capacity);
    this.value = new Float32Array(capacity);
  }

  /** Grows the storage to at least `capacity` entries, keeping the valid ones. */
  reserve(capacity: number): void {
    if (this.value.length >= capacity) return;
    const grow = (a: Float32Array): Float32Array => {
      const b = new Float32Array(capacity);
      b.set(a.subarray(0, this.size));
      return b;
    };
    this.rmin = grow(this.rmin);
    this.rmax = grow(this.rmax);
    this.wmin = grow(this.wmin);
    this.value = grow(this.value);
  }

  copyFrom(src: Summary): void {
    this.reserve(src.size);
    this.rmin.set(src.rmin.subarray(0, src.size));
    this.rmax.set(src.rmax.subarray(0, src.size));
    this.wmin.set(src.wmin.subarray(0, src.size));
    this.value.set(src.value.subarray(0, src.size));
    this.size = src.size;
  }

  private put(i: number, rmin: number, rmax: number, wmin: number, value: number): void {
    this.rmin[i] = rmin;
    this.rmax[i] = rmax;
    this.wmin[i] = wmin;
    this.value[i] = value;
  }

  /**
   * This summary from `n` (value, weight) pairs sorted by value (WQSummary::SetFromSorted):
   * equal values pooled, ranks accumulated in float32.
   */
  setFromSorted(values: Float32Array, weights: Float32Array, n: number): void {
    this.reserve(n);
    this.size = 0;
    let wsum = 0;
    for (let i = 0; i < n; ) {
      let j = i + 1;
      let w = weights[i]!;
      while (j < n && values[j] === values[i]) w = f(w + weights[j++]!);
      this.put(this.size++, wsum, f(wsum + w), w, values[i]!);
      wsum = f(wsum + w);
      i = j;
    }
  }

  /**
   * Prunes to at most `maxSize` entries (WQSummary::SetPrune): the first and last entries kept, and
   * for k = 1 .. maxSize-2 the entry nearer the rank 2 x (k x range / (maxSize-1) + begin), halves
   * compared, no entry twice. `scratch` receives the result, then is swapped in.
   */
  setPrune(maxSize: number, scratch: Summary): void {
    const src = this.size;
    if (maxSize === 0) {
      this.size = 0;
      return;
    }
    if (src <= maxSize) return;
    if (maxSize === 1) {
      this.size = 1;
      return;
    }
    scratch.reserve(maxSize);
    let d = pruneInto(this, maxSize, scratch);
    // The last entry closes the summary unless the selection ended on it (values are strictly increasing).
    if (scratch.value[d - 1] !== this.value[src - 1]) {
      scratch.rmin[d] = this.rmin[src - 1]!;
      scratch.rmax[d] = this.rmax[src - 1]!;
      scratch.wmin[d] = this.wmin[src - 1]!;
      scratch.value[d] = this.value[src - 1]!;
      d++;
    }
    scratch.size = d;
    this.swap(scratch);
  }

  /**
   * This summary merged with `other` (WQSummary::SetCombine): ranks of one side shifted by the
   * other's bounds, equal values pooled, then the rank invariants repaired (FixError).
   * `scratch` receives the result, then is swapped in.
   */
  setCombine(other: Summary, scratch: Summary): void {
    if (other.size === 0) return;
    if (this.size === 0) {
      this.copyFrom(other);
      return;
    }
    const na = this.size;
    const nb = other.size;
    scratch.reserve(na + nb);
    const st = mergeState;
    mergeHeads(this, other, scratch, st);
    let d = st[M_D]!;
    if (st[M_A]! < na) d = appendTail(this, st[M_A]!, scratch, d, st[M_B_PREV_RMIN]!, other.rmax[nb - 1]!);
    if (st[M_B]! < nb) d = appendTail(other, st[M_B]!, scratch, d, st[M_A_PREV_RMIN]!, this.rmax[na - 1]!);
    scratch.size = d;
    fixError(scratch.rmin, scratch.rmax, scratch.wmin, d);
    this.swap(scratch);
  }

  private swap(o: Summary): void {
    const rmin = this.rmin;
    this.rmin = o.rmin;
    o.rmin = rmin;
    const rmax = this.rmax;
    this.rmax = o.rmax;
    o.rmax = rmax;
    const wmin = this.wmin;
    this.wmin = o.wmin;
    o.wmin = wmin;
    const value = this.value;
    this.value = o.value;
    o.value = value;
    const size = this.size;
    this.size = o.size;
    o.size = size;
  }

}

/**
 * SetPrune's selection (see Summary.setPrune) of S's entries (more than maxSize >= 2) into O, all
 * but the closing last entry (setPrune adds it unless it was selected); returns O's entry count.
 */
function pruneInto(S: Summary, maxSize: number, O: Summary): number {
  const { rmin, rmax, wmin, value } = S;
  const src = S.size;
  const begin = rmax[0]!;
  const range = f(rmin[src - 1]! - rmax[0]!);
  const n = maxSize - 1;
  const oRmin = O.rmin;
  const oRmax = O.rmax;
  const oWmin = O.wmin;
  const oValue = O.value;
  oRmin[0] = rmin[0]!;
  oRmax[0] = rmax[0]!;
  oWmin[0] = wmin[0]!;
  oValue[0] = value[0]!;
  let d = 1;
  let i = 1;
  let lastIdx = 0;
  for (let k = 1; k < n; k++) {
    const dx2 = f(2 * f(f(f(k * range) / n) + begin));
    // The first i with dx2 < rmax[i+1] + rmin[i+1].
    while (i < src - 1 && dx2 >= f(rmax[i + 1]! + rmin[i + 1]!)) i++;
    if (i === src - 1) break;
    const leftNext = f(rmin[i]! + wmin[i]!);
    const rightPrev = f(rmax[i + 1]! - wmin[i + 1]!);
    let at = -1;
    if (dx2 < f(leftNext + rightPrev)) {
      if (i !== lastIdx) at = i;
    } else if (i + 1 !== lastIdx) {
      at = i + 1;
    }
    if (at >= 0) {
      oRmin[d] = rmin[at]!;
      oRmax[d] = rmax[at]!;
      oWmin[d] = wmin[at]!;
      oValue[d] = value[at]!;
      d++;
      lastIdx = at;
    }
  }
  return d;
}

/** mergeHeads' outputs: indices reached in A, B and the output, and each side's last rmin + wmin. */
const M_A = 0;
const M_B = 1;
const M_D = 2;
const M_A_PREV_RMIN = 3;
const M_B_PREV_RMIN = 4;
const mergeState = new Float64Array(5);

/**
 * SetCombine's merge while both summaries have entries: A and B's entries into O by value (equal
 * values pooled), ranks shifted by the other side's bounds. Where it stopped goes to `st`.
 */
function mergeHeads(A: Summary, B: Summary, O: Summary, st: Float64Array): void {
  const na = A.size;
  const nb = B.size;
  const aRmin = A.rmin;
  const aRmax = A.rmax;
  const aWmin = A.wmin;
  const aValue = A.value;
  const bRmin = B.rmin;
  const bRmax = B.rmax;
  const bWmin = B.wmin;
  const bValue = B.value;
  const oRmin = O.rmin;
  const oRmax = O.rmax;
  const oWmin = O.wmin;
  const oValue = O.value;
  let d = 0;
  let a = 0;
  let b = 0;
  let aPrevRmin = 0;
  let bPrevRmin = 0;
  while (a < na && b < nb) {
    const va = aValue[a]!;
    const vb = bValue[b]!;
    if (va === vb) {
      oRmin[d] = aRmin[a]! + bRmin[b]!;
      oRmax[d] = aRmax[a]! + bRmax[b]!;
      oWmin[d] = aWmin[a]! + bWmin[b]!;
      oValue[d] = va;
      aPrevRmin = f(aRmin[a]! + aWmin[a]!);
      bPrevRmin = f(bRmin[b]! + bWmin[b]!);
      a++;
      b++;
    } else if (va < vb) {
      oRmin[d] = aRmin[a]! + bPrevRmin;
      oRmax[d] = aRmax[a]! + f(bRmax[b]! - bWmin[b]!);
      oWmin[d] = aWmin[a]!;
      oValue[d] = va;
      aPrevRmin = f(aRmin[a]! + aWmin[a]!);
      a++;
    } else {
      oRmin[d] = bRmin[b]! + aPrevRmin;
      oRmax[d] = bRmax[b]! + f(aRmax[a]! - aWmin[a]!);
      oWmin[d] = bWmin[b]!;
      oValue[d] = vb;
      bPrevRmin = f(bRmin[b]! + bWmin[b]!);
      b++;
    }
    d++;
  }
  st[M_A] = a;
  st[M_B] = b;
  st[M_D] = d;
  st[M_A_PREV_RMIN] = aPrevRmin;
  st[M_B_PREV_RMIN] = bPrevRmin;
}

/**
 * SetCombine's tail: S's entries from `from` on into O from entry d, rmin + addRmin, rmax + addRmax
 * (the other side's last bounds). Returns the next output entry.
 */
function appendTail(S: Summary, from: number, O: Summary, d: number, addRmin: number, addRmax: number): number {
  const n = S.size;
  const sRmin = S.rmin;
  const sRmax = S.rmax;
  const sWmin = S.wmin;
  const sValue = S.value;
  const oRmin = O.rmin;
  const oRmax = O.rmax;
  const oWmin = O.wmin;
  const oValue = O.value;
  for (let i = from; i < n; i++, d++) {
    oRmin[d] = sRmin[i]! + addRmin;
    oRmax[d] = sRmax[i]! + addRmax;
    oWmin[d] = sWmin[i]!;
    oValue[d] = sValue[i]!;
  }
  return d;
}

/** Re-establishes rmin and rmax non-decreasing and rmax >= rmin + wmin over entries [0, n) (WQSummary::FixError). */
function fixError(rmin: Float32Array, rmax: Float32Array, wmin: Float32Array, n: number): void {
  let prevRmin = 0;
  let prevRmax = 0;
  for (let i = 0; i < n; i++) {
    if (rmin[i]! < prevRmin) rmin[i] = prevRmin;
    else prevRmin = rmin[i]!;
    if (rmax[i]! < prevRmax) rmax[i] = prevRmax;
    const next = f(rmin[i]! + wmin[i]!);
    if (rmax[i]! < next) rmax[i] = next;
    prevRmax = rmax[i]!;
  }
}

/*
 * The queue sort's loops, each its own function with nothing after its loop: V8 compiles a long
 * first loop on stack replacement and reuses that code on every later call, so code after a loop
 * in the same function (never run when it was compiled) would leave it on every call.
 */

/**
 * Order-preserving unsigned keys of the queue's float32 bits (-0 as +0), the identity indices, and
 * the three digits' counts (count[2048 * pass + digit]; digits of 11, 11 and 10 bits, zeroed first).
 */
function radixKeys(qValue: Float32Array, bits: Uint32Array, n: number, keys: Uint32Array, idx: Uint32Array, count: Uint32Array): void {
  count.fill(0);
  for (let i = 0; i < n; i++) {
    const b = qValue[i] === 0 ? 0 : bits[i]!;
    const key = b & 0x80000000 ? ~b >>> 0 : (b | 0x80000000) >>> 0;
    keys[i] = key;
    idx[i] = i;
    count[key & 2047]!++;
    count[2048 + ((key >>> 11) & 2047)]!++;
    count[4096 + (key >>> 22)]!++;
  }
}

/**
 * One stable counting pass on the digit at `shift` (its counts from `base`): (keys, idx) into
 * (keysOut, idxOut). Returns false, moving nothing, when every key has the same digit.
 */
function radixPass(
  keys: Uint32Array, idx: Uint32Array, keysOut: Uint32Array, idxOut: Uint32Array, n: number, count: Uint32Array, base: number, shift: number,
): boolean {
  if (count[base + ((keys[0]! >>> shift) & 2047)] === n) return false;
  prefixSums(count, base, base + 2048);
  scatter(keys, idx, keysOut, idxOut, n, count, base, shift);
  return true;
}

/** count[from..to) replaced by their exclusive prefix sums. */
function prefixSums(count: Uint32Array, from: number, to: number): void {
  let sum = 0;
  for (let d = from; d < to; d++) {
    const c = count[d]!;
    count[d] = sum;
    sum += c;
  }
}

function scatter(keys: Uint32Array, idx: Uint32Array, keysOut: Uint32Array, idxOut: Uint32Array, n: number, count: Uint32Array, base: number, shift: number): void {
  for (let i = 0; i < n; i++) {
    const key = keys[i]!;
    const at = count[base + ((key >>> shift) & 2047)]!++;
    keysOut[at] = key;
    idxOut[at] = idx[i]!;
  }
}

/** v[i], w[i] = the queue's value and weight at idx[i], for i < n. */
function gatherSorted(idx: Uint32Array, qValue: Float32Array, qWeight: Float32Array, v: Float32Array, w: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const at = idx[i]!;
    v[i] = qValue[at]!;
    w[i] = qWeight[at]!;
  }
}

/**
 * XGBoost's summary size for a column of `n` entries and error `eps` (WQuantileSketch::LimitSizeLevel,
 * internal eps = eps / 2). 1 for an empty column.
 */
export function limitSizeLevel(n: number, eps: number): number {
  if (n === 0) return 1;
  const internalEps = eps / 2;
  let nLevel = 1;
  for (;;) {
    const limit = Math.min(n, Math.ceil(nLevel / internalEps) + 1);
    if (2 ** nLevel * limit >= n) return limit;
    nLevel++;
  }
}

/** SketchEpsilon: 1 / min(max_bin, max(1, n)). */
export function sketchEpsilon(maxBin: number, n: number): number {
  return 1 / Math.min(maxBin, Math.max(1, n));
}

/** SketchSummaryBudget: the summary size kept for a column of `n` entries. */
export function summaryBudget(maxBin: number, n: number): number {
  return limitSizeLevel(n, sketchEpsilon(maxBin, n));
}

/**
 * One feature's sketch. Push its present values in row order (push), then take the summary
 * (finish). Results depend only on the values, their order and weights.
 */
export class QuantileSketch {
  private readonly limit: number;
  private readonly qValue: Float32Array;
  private readonly qWeight: Float32Array;
  /** The queue's values as their float32 bits (a view of qValue). */
  private readonly qBits: Uint32Array;
  /** Uint32Array, length 2 x limit each: flushQueue's radix sort keys and queue indices (two buffers each). */
  private readonly keyA: Uint32Array;
  private readonly keyB: Uint32Array;
  private readonly idxA: Uint32Array;
  private readonly idxB: Uint32Array;
  /** Uint32Array, length 3 x 2048: the radix sort's digit counts, one table per pass. */
  private readonly radixCount = new Uint32Array(3 * 2048);
  /** The queue sorted (flushQueue's output), length 2 x limit each. */
  private readonly sortedValue: Float32Array;
  private readonly sortedWeight: Float32Array;
  private qSize = 0;
  private readonly levels: Summary[] = [];
  private readonly temp: Summary;
  private readonly scratch: Summary;
  /** Entries pushed with a non-zero weight. */
  numElements = 0;

  /**
   * @param columnSize the feature's number of present entries (zero-weight ones included).
   * @param maxBin max_bin.
   */
  constructor(columnSize: number, maxBin: number) {
    this.limit = limitSizeLevel(columnSize, sketchEpsilon(maxBin, columnSize));
    this.qValue = new Float32Array(this.limit * 2);
    this.qBits = new Uint32Array(this.qValue.buffer);
    this.qWeight = new Float32Array(this.limit * 2);
    this.keyA = new Uint32Array(this.limit * 2);
    this.keyB = new Uint32Array(this.limit * 2);
    this.idxA = new Uint32Array(this.limit * 2);
    this.idxB = new Uint32Array(this.limit * 2);
    this.sortedValue = new Float32Array(this.limit * 2);
    this.sortedWeight = new Float32Array(this.limit * 2);
    this.temp = new Summary(Math.min(this.limit * 2, Math.max(1, columnSize)));
    this.scratch = new Summary(Math.min(this.limit * 2, Math.max(1, columnSize)));
  }

  /** Adds value x (float32) with weight w (float32); zero weights are skipped. */
  push(x: number, w: number): void {
    if (w === 0) return;
    this.numElements++;
    const q = this.qSize;
    if (q > 0 && this.qValue[q - 1] === x) {
      this.qWeight[q - 1] = f(this.qWeight[q - 1]! + w);
      return;
    }
    if (q === this.qValue.length) {
      this.flushQueue();
      this.qValue[0] = x;
      this.qWeight[0] = w;
      this.qSize = 1;
      return;
    }
    this.qValue[q] = x;
    this.qWeight[q] = w;
    this.qSize = q + 1;
  }

  /**
   * The queue sorted by value (ties, -0 and +0 included, in push order) into `temp`, pushed up the
   * levels. Hand-written because it runs once per 2 x limit pushes of every feature: each entry's
   * float32 bits are mapped to an order-preserving unsigned key and the (key, queue index) pairs
   * are sorted by a stable least-significant-digit radix sort, 3 passes of 11, 11 and 10 bits (a pass whose digit is the same for every key skipped), into
   * preallocated arrays (no comparator, no allocation; stable, so ties keep push order).
   */
  private flushQueue(): void {
    const n = this.qSize;
    const count = this.radixCount;
    radixKeys(this.qValue, this.qBits, n, this.keyA, this.idxA, count);
    let keys = this.keyA;
    let idx = this.idxA;
    let keysOut = this.keyB;
    let idxOut = this.idxB;
    for (let pass = 0; pass < 3; pass++) {
      // A pass whose digit is the same for every key moves nothing (the sort is stable): skipped.
      if (n === 0 || !radixPass(keys, idx, keysOut, idxOut, n, count, pass * 2048, pass * 11)) continue;
      const k = keys;
      keys = keysOut;
      keysOut = k;
      const x = idx;
      idx = idxOut;
      idxOut = x;
    }
    const v = this.sortedValue;
    const w = this.sortedWeight;
    gatherSorted(idx, this.qValue, this.qWeight, v, w, n);
    this.temp.setFromSorted(v, w, n);
    this.qSize = 0;
    this.pushSummary(this.temp);
  }

  /** WQuantileSketch::PushSummary: level-wise prune, merge and carry. */
  private pushSummary(s: Summary): void {
    let l = 0;
    for (;;) {
      while (this.levels.length < l + 1) this.levels.push(new Summary(this.limit));
      s.setPrune(this.limit, this.scratch);
      s.setCombine(this.levels[l]!, this.scratch);
      this.levels[l]!.size = 0;
      if (s.size <= this.limit) break;
      l++;
    }
    this.levels[l]!.copyFrom(s);
  }

  /** WQuantileSketch::GetSummary(maxSize): every level merged in order, pruned to maxSize. */
  finish(maxSize: number): Summary {
    this.flushQueue();
    const pruneSize = Math.max(maxSize, this.limit);
    const out = new Summary(1);
    for (const level of this.levels) {
      out.setCombine(level, this.scratch);
      out.setPrune(pruneSize, this.scratch);
    }
    out.setPrune(maxSize, this.scratch);
    return out;
  }
}
