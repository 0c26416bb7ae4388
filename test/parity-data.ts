/**
 * The small deterministic rows the XGBoost parity tests train on beside XGBoost (few distinct
 * values per feature, a feature with 15% missing cells), so each test only says how it labels them.
 */

/** A seeded stream of floats in (0, 1) (a Lehmer generator, multiplier 48271). */
export function parityRandom(seed: number): () => number {
  let s = seed;
  return (): number => {
    s = (Math.imul(s, 48271) >>> 0) % 2147483647;
    return s / 2147483647;
  };
}

/** One row's features a (2 decimals in [-2, 2]), b (1 decimal in [0, 5]), c ('' = missing, `cScale` steps in [-1, 1]) and a noisy score z. */
export interface ParityRow {
  readonly a: number;
  readonly b: number;
  readonly c: string;
  readonly z: number;
}

/** Draws one row from `rnd` (5 draws, in a fixed order). @param cScale 100 or 1000: c's rounding. */
export function parityRow(rnd: () => number, cScale: number): ParityRow {
  const a = Math.round((rnd() * 4 - 2) * 100) / 100;
  const b = Math.round(rnd() * 50) / 10;
  const c = rnd() < 0.15 ? '' : String(Math.round((rnd() * 2 - 1) * cScale) / cScale);
  const z = a + 0.4 * b - (c === '' ? 0 : Number(c)) + (rnd() - 0.5);
  return { a, b, c, z };
}
