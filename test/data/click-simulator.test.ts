/** The click simulator's regimes (position base, cascade) and the PBM fitted by EM on its logs. */
import { describe, expect, it } from 'vitest';
import { simulateClicks } from '../../src/data/click-simulator.js';
import { fitPositionBasedModel, propensityWeights } from '../../src/data/position-based-model.js';
import { syntheticRankingData } from '../../src/data/synthetic-ranking.js';

const graded = syntheticRankingData(300, 20, 8, 5);
const sim = { sessions: 5, top: 10, eta: 1, epsilon: 0.1, ranker: { kind: 'random' as const }, seed: 2 };

describe('simulateClicks regimes', () => {
  it('position base 1 writes 1-based positions and the same clicks', () => {
    const zero = simulateClicks(graded, sim).clicks;
    const one = simulateClicks(graded, { ...sim, positionBase: 1 }).clicks;
    expect(Array.from(one.position!)).toEqual(Array.from(zero.position!, (p) => p + 1));
    expect(Array.from(one.label!)).toEqual(Array.from(zero.label!));
  });

  it('cascade: at most one click per session, never below the first', () => {
    const c = simulateClicks(graded, { ...sim, clickModel: 'cascade' }).clicks;
    const off = c.queryOffsets!;
    let sessionsWithClick = 0;
    for (let q = 0; q + 1 < off.length; q++) {
      let k = 0;
      for (let r = off[q]!; r < off[q + 1]!; r++) k += c.label![r]!;
      expect(k).toBeLessThanOrEqual(1);
      sessionsWithClick += k;
    }
    expect(sessionsWithClick).toBeGreaterThan(100);
  });
});

describe('position-based model by EM', () => {
  it('propensities fall with position on a PBM log (1/p examination) and start at 1', () => {
    const log = simulateClicks(graded, { ...sim, positionBase: 1, top: 8, sessions: 10 }).clicks;
    const m = fitPositionBasedModel(log);
    expect(Array.from(m.positions)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(m.propensity[0]).toBe(1);
    for (let i = 1; i < 8; i++) expect(m.propensity[i]!).toBeLessThan(m.propensity[i - 1]! + 0.05);
    expect(m.propensity[7]!).toBeLessThan(0.6);
    const w = propensityWeights(log, m);
    for (let r = 0; r < log.nRows; r++) {
      if (log.label![r] === 0) expect(w[r]).toBe(1);
      else expect(w[r]).toBe(Math.fround(1 / m.propensity[log.position![r]! - 1]!));
    }
  });
});
