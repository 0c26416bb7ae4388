/**
 * LightGBM's `Random` (include/LightGBM/utils/random.h): a 32-bit linear congruential generator,
 * x = 214013 x + 2531011 (mod 2^32), whose float draw is bits 16..30 of the new state over 32768.
 * LightGBM seeds one per query for rank_xendcg (objective_seed + query) and one per block of rows
 * for bagging (bagging_seed + block). Restated from the source; exact in integer arithmetic.
 */
export class LightGbmRandom {
  private x: number;

  /** @param seed LightGBM's `int` seed (taken modulo 2^32, as its unsigned state is). */
  constructor(seed: number) {
    this.x = seed >>> 0;
  }

  /** The next float in [0, 1): RandInt16() / 32768 (a float32 value, exact in float64). */
  nextFloat(): number {
    this.x = (Math.imul(214013, this.x) + 2531011) >>> 0;
    return ((this.x >>> 16) & 0x7fff) / 32768;
  }

  /** The generator's 32-bit state (to keep it in a shared array between rounds). */
  get state(): number {
    return this.x;
  }

  set state(x: number) {
    this.x = x >>> 0;
  }

  /** Advances the state by `steps` draws (continued training replays the draws made before). */
  skip(steps: number): void {
    for (let i = 0; i < steps; i++) this.x = (Math.imul(214013, this.x) + 2531011) >>> 0;
  }
}
