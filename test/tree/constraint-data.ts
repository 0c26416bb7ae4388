/**
 * Data for the constraint tests: five features a..e with missing cells in b and d, and a label
 * whose signal runs against the constraints the tests set (a rises with a wiggle, b's signal rises
 * where the tests ask it to fall, e is a cosine), so the constraints bind.
 */
import { parityRandom } from '../parity-data.js';

/**
 * The label kinds: real (regression), binary, count (non-negative integers), rank (grades 0..3 with
 * a query column q), rankbin (relevant or not, with q), class3 (classes 0..2).
 */
export type ConstraintLabel = 'real' | 'binary' | 'count' | 'rank' | 'rankbin' | 'class3';

/** CSV text (header y,a,b,c,d,e, and q for the ranking kinds) of `n` rows from `seed`. */
export function constraintCsv(kind: ConstraintLabel, n: number, seed: number): string {
  const rnd = parityRandom(seed);
  const ranked = kind === 'rank' || kind === 'rankbin';
  const lines = [ranked ? 'y,a,b,c,d,e,q' : 'y,a,b,c,d,e'];
  for (let i = 0; i < n; i++) {
    const a = Math.round((rnd() * 4 - 2) * 100) / 100;
    const bMissing = rnd() < 0.12;
    const b = Math.round(rnd() * 50) / 10;
    const c = Math.round((rnd() * 2 - 1) * 1000) / 1000;
    const dMissing = rnd() < 0.2;
    const d = Math.floor(rnd() * 10);
    const e = Math.round(rnd() * 1000) / 1000;
    const z = a + 0.8 * Math.sin(3 * a) + 0.5 * (bMissing ? 2 : b) - 0.7 * c + 0.1 * (dMissing ? 5 : d) + Math.cos(5 * e) + (rnd() - 0.5);
    let y: number;
    if (kind === 'binary') y = z > 1.2 ? 1 : 0;
    else if (kind === 'count') y = Math.floor(Math.exp(z / 3) * (0.5 + rnd()));
    else if (kind === 'rank') y = Math.max(0, Math.min(3, Math.floor(z / 1.2 + 0.3)));
    else if (kind === 'rankbin') y = z > 1.5 ? 1 : 0;
    else if (kind === 'class3') y = z < 0.5 ? 0 : z < 2 ? 1 : 2;
    else y = Math.round(z * 1000) / 1000;
    const row = [y, a, bMissing ? '' : b, c, dMissing ? '' : d, e];
    if (ranked) row.push(Math.floor(i / 16));
    lines.push(row.join(','));
  }
  return `${lines.join('\n')}\n`;
}
