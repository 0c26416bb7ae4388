/**
 * Metric definitions against XGBoost 1.7.4's own numbers on the bundled reference runs
 * (test/fixtures/models/xgboost-1.7.4, copied from the shared reference: test-set predictions and
 * the final metrics XGBoost printed), on the bundled datasets.
 *
 * - ndcg@k and auc: same definition, so equal to 1e-12 (XGBoost accumulates in double too).
 * - rmse / mae / logloss: XGBoost evaluates each row in float32, we in float64: equal to ~1e-8.
 * - map@10: 1.7.4 divided by the number of relevant documents N_rel and treated every non-zero
 *   label as relevant; XGBoost 2.x (and this code, spec §1.8) divide by min(N_rel, k) (this code
 *   also counts a label > 0 as relevant). The test reproduces 1.7.4's number with the old divisor
 *   written out here, and pins our value on the binarised labels.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createMetric } from '../../src/metric/registry.js';

const REF = fileURLToPath(new URL('../fixtures/models/xgboost-1.7.4/', import.meta.url));
const DATA = fileURLToPath(new URL('../../datasets/', import.meta.url));

function numbers(path: string): Float32Array {
  return Float32Array.from(readFileSync(path, 'utf8').split(/\s+/).filter((s) => s !== '').map(Number));
}
function firstColumn(path: string, sep: RegExp): Float32Array {
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '');
  return Float32Array.from(lines.map((l) => Number(l.split(sep)[0])));
}
function offsetsFromSizes(path: string): Uint32Array {
  const sizes = readFileSync(path, 'utf8').split(/\s+/).filter((s) => s !== '').map(Number);
  const off = new Uint32Array(sizes.length + 1);
  for (let i = 0; i < sizes.length; i++) off[i + 1] = off[i]! + sizes[i]!;
  return off;
}
function metricsJson(): Record<string, Record<string, number>> {
  return JSON.parse(readFileSync(`${REF}metrics.json`, 'utf8')) as Record<string, Record<string, number>>;
}
const ev = (name: string, preds: Float32Array, label: Float32Array, queryOffsets: Uint32Array | null = null): number =>
  createMetric(name, { ndcgExpGain: true }).evaluate(preds, { label, weight: null, queryOffsets });

describe('XGBoost 1.7.4 reference metrics', () => {
  it('ranking: ndcg@1/3/5/10 equal; map@10 follows the 2.x definition', () => {
    const label = firstColumn(`${DATA}lightgbm-rank/rank.test`, / /);
    const offsets = offsetsFromSizes(`${DATA}lightgbm-rank/rank.test.query`);
    const ref = metricsJson();
    const ourMap: Record<string, number> = { 'rank-ndcg': 0.75875547367095, 'rank-pairwise': 0.7780961419753087 };
    for (const run of ['rank-ndcg', 'rank-pairwise']) {
      const margins = numbers(`${REF}${run}.test.margin.txt`);
      expect(margins.length).toBe(label.length);
      for (const k of [1, 3, 5, 10]) {
        expect(Math.abs(ev(`ndcg@${k}`, margins, label, offsets) - ref[run]![`ndcg@${k}`]!), `${run} ndcg@${k}`).toBeLessThan(1e-12);
      }
      const binary = label.map((y) => (y > 0 ? 1 : 0));
      // 1.7.4's map@10, written out: AP = sum_{hits in top 10} hits/(i+1) / N_rel.
      let sum = 0;
      const nq = offsets.length - 1;
      for (let q = 0; q < nq; q++) {
        const rows = Array.from({ length: offsets[q + 1]! - offsets[q]! }, (_, i) => offsets[q]! + i);
        rows.sort((a, b) => margins[b]! - margins[a]!); // stable
        let hits = 0;
        let ap = 0;
        rows.forEach((r, i) => {
          if (binary[r] === 1) {
            hits++;
            if (i < 10) ap += hits / (i + 1);
          }
        });
        sum += hits === 0 ? 1 : ap / hits;
      }
      expect(Math.abs(sum / nq - ref[run]!['map@10']!), `${run} 1.7.4 map@10`).toBeLessThan(1e-12);
      expect(Math.abs(ev('map@10', margins, binary, offsets) - ourMap[run]!), `${run} map@10`).toBeLessThan(1e-12);
    }
  });

  it('binary: logloss and auc', () => {
    const label = firstColumn(`${DATA}lightgbm-binary/binary.test`, /\t/);
    const prob = numbers(`${REF}binary.test.pred.txt`);
    const ref = metricsJson()['binary']!;
    expect(Math.abs(ev('logloss', prob, label) - ref['logloss']!)).toBeLessThan(1e-8);
    expect(Math.abs(ev('auc', prob, label) - ref['auc']!)).toBeLessThan(1e-12);
  });

  it('regression: rmse; casp: rmse and mae', () => {
    const label = firstColumn(`${DATA}lightgbm-binary/binary.test`, /\t/);
    const pred = numbers(`${REF}regression.test.pred.txt`);
    expect(Math.abs(ev('rmse', pred, label) - metricsJson()['regression']!['rmse']!)).toBeLessThan(1e-8);

    const csv = readFileSync(`${DATA}uci-casp-protein/CASP.csv`, 'utf8').split('\n').slice(1).filter((l) => l.trim() !== '');
    const casp = Float32Array.from(csv.filter((_, i) => i % 5 === 4).map((l) => Number(l.split(',')[0])));
    const caspPred = numbers(`${REF}casp.test.pred.txt`);
    const ref = metricsJson()['casp']!;
    expect(Math.abs(ev('rmse', caspPred, casp) - ref['rmse']!) / ref['rmse']!).toBeLessThan(1e-7);
    expect(Math.abs(ev('mae', caspPred, casp) - ref['mae']!) / ref['mae']!).toBeLessThan(1e-7);
  });
});
