/**
 * Deterministic pseudo-random numbers: the MINSTD "minimal standard" Lehmer generator (the
 * engine behind C++'s `std::minstd_rand`, Park & Miller 1988 with the 1993 multiplier 48271),
 * plus a seed mixer that derives independent per-task seeds from (seed, iteration, task).
 *
 * Everything here is integer arithmetic that is exact in float64, so a stream depends only on its
 * seed: the same on every platform, thread and worker. XGBoost's `rank:*` `mean` pair sampling uses
 * `std::minstd_rand` seeded per query (xgboost-spec.md §1.4); the engine is the same, but the
 * bounded draw (`nextBelow`) is our own rejection rule, so sampled pairs are not bit-identical to
 * XGBoost's (whose draws depend on the C++ standard library anyway, spec §1.4).
 */

/** Modulus of MINSTD: the Mersenne prime 2^31 - 1. */
const MODULUS = 2147483647;
/** Multiplier of `std::minstd_rand` (48271; `minstd_rand0` uses 16807). */
const MULTIPLIER = 48271;
/** Number of distinct outputs of `next()` (1 .. MODULUS - 1). */
const N_OUTPUTS = MODULUS - 1;

/**
 * MINSTD Lehmer generator: state_{t+1} = 48271 * state_t mod (2^31 - 1). The state is always in
 * 1 .. 2^31 - 2; 48271 * (2^31 - 2) < 2^53, so each step is exact in float64.
 *
 * One instance can be re-seeded and reused (`reseed`), so a hot loop never allocates one.
 */
export class MinstdRand {
  private state = 1;

  /** @param seed any integer (taken modulo 2^31 - 1; 0 becomes 1, as `std::minstd_rand` does). */
  constructor(seed: number) {
    this.reseed(seed);
  }

  /** Restarts the stream from `seed` (same rule as the constructor). */
  reseed(seed: number): void {
    let s = Math.floor(seed) % MODULUS;
    if (s < 0) s += MODULUS;
    this.state = s === 0 ? 1 : s;
  }

  /** Next raw output, an integer in 1 .. 2^31 - 2 (what `std::minstd_rand::operator()` returns). */
  next(): number {
    this.state = (this.state * MULTIPLIER) % MODULUS;
    return this.state;
  }

  /**
   * Uniform integer in 0 .. n - 1 by rejection (no modulo bias): raw outputs are shifted to
   * 0 .. 2^31 - 3 and draws at or above the largest multiple of n are redrawn.
   * @param n positive integer, at most 2^31 - 2.
   */
  nextBelow(n: number): number {
    if (n <= 1) return 0;
    const limit = N_OUTPUTS - (N_OUTPUTS % n);
    let v = this.next() - 1;
    while (v >= limit) v = this.next() - 1;
    return v % n;
  }

  /** Uniform float in [0, 1) with 31 bits of resolution. */
  nextFloat(): number {
    return (this.next() - 1) / N_OUTPUTS;
  }
}

/** murmur3's 32-bit finaliser: a bijective avalanche mix of a uint32. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Derives the seed of one task (e.g. one query in one boosting round) from the user's seed, the
 * iteration and the task index. Plain sums such as seed + iteration + task would give overlapping,
 * shifted streams (round 1 / query 0 would equal round 0 / query 1), and MINSTD's first outputs are
 * linear in the seed; hashing all three parts avoids both.
 * @param seed the user's `seed` parameter (uint32).
 * @param iteration 0-based boosting round (uint32).
 * @param task 0-based task index, e.g. the query (uint32).
 * @returns a uint32 seed, deterministic in its three inputs.
 */
export function mixSeed(seed: number, iteration: number, task: number): number {
  let h = fmix32((seed >>> 0) ^ 0x9e3779b9);
  h = fmix32((h ^ (iteration >>> 0)) + 0x7f4a7c15);
  h = fmix32((h ^ (task >>> 0)) + 0x6a09e667);
  return h;
}

/**
 * mulberry32: a small, fast seeded generator of uniform floats in [0, 1), for synthetic data
 * (datasets/generate.js, synthetic-ranking.ts, tests). Not used where XGBoost's streams matter.
 * @param seed uint32 seed.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
