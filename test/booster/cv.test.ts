/** Cross-validation (booster/cv.ts): folds, fold metrics, mean/std, early stopping, output line. */
import { describe, expect, it } from 'vitest';
import { cv, cvBinMapper, formatCvLine, makeFolds, cvCsv } from '../../src/booster/cv.js';
import { fitBinMapper } from '../../src/binning/bin-mapper.js';
import { modelToJSON } from '../../src/model-io/xgboost-json.js';
import { trainModel } from '../../src/booster/train.js';
import { takeRows } from '../../src/data/subset.js';
import { ParamError } from '../../src/errors.js';
import { dataset } from '../parallel/random-data.js';

const rankParams = { objective: 'rank:ndcg', eval_metric: 'ndcg@5', num_round: 4, max_depth: 3, nthread: 1 } as const;

describe('cv', () => {
  it('ranking: fold metrics equal training each fold by hand with the cuts of all rows; queries never split', async () => {
    const data = dataset(400, 5, 7, 'rank');
    const res = await cv(rankParams, data, { nfold: 3, seed: 11 });
    const q = data.queryOffsets!;
    const foldOfRow = new Int32Array(data.nRows).fill(-1);
    res.folds.forEach((f, k) => f.forEach((r) => (foldOfRow[r] = k)));
    expect([...foldOfRow].every((k) => k >= 0)).toBe(true);
    for (let i = 0; i + 1 < q.length; i++) for (let r = q[i]!; r < q[i + 1]!; r++) expect(foldOfRow[r]).toBe(foldOfRow[q[i]!]);
    const perFold: number[][] = [];
    // Binned once: every fold trains with the cuts searched on all rows.
    const binMapper = cvBinMapper(rankParams, data);
    expect(binMapper).toEqual(fitBinMapper(data, 256, data.weight));
    for (let k = 0; k < 3; k++) {
      const trainRows = [...Array(data.nRows).keys()].filter((r) => foldOfRow[r] !== k);
      const tr = takeRows(data, trainRows);
      const te = takeRows(data, res.folds[k]!);
      expect(te.queryOffsets).not.toBeNull();
      const h = await trainModel(rankParams, tr, { evals: [{ name: 'test', data: te }], evalTrain: true, binMapper });
      perFold.push(h.history.map((round) => round.find((x) => x.data === 'test')!.value));
    }
    expect(res.rounds).toHaveLength(4);
    for (let i = 0; i < 4; i++) {
      const xs = perFold.map((p) => p[i]!);
      const mean = xs.reduce((a, b) => a + b, 0) / 3;
      const std = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / 3);
      const t = res.rounds[i]!.values.find((v) => v.data === 'test')!;
      expect(t.metric).toBe('ndcg@5');
      expect(t.mean).toBe(mean);
      expect(t.std).toBe(std);
    }
  });

  it('train with a given bin mapper: the data\'s own cuts give the same model bytes; cuts of other rows are used', async () => {
    const data = dataset(300, 4, 3, 'regression');
    const p = { objective: 'reg:squarederror', num_round: 3, max_depth: 3, nthread: 1 } as const;
    const plain = await trainModel(p, data);
    const given = await trainModel(p, data, { binMapper: fitBinMapper(data, 256, data.weight) });
    expect(modelToJSON(given.model)).toBe(modelToJSON(plain.model));
    // A coarse mapper from other rows: every split threshold is one of its cuts.
    const other = fitBinMapper(dataset(300, 4, 8, 'regression'), 8, null);
    const coarse = await trainModel(p, data, { binMapper: other });
    let splits = 0;
    for (const t of coarse.model.trees) {
      t.left.forEach((l, i) => {
        if (l === -1) return;
        splits++;
        expect([...other.cuts[t.splitIndex[i]!]!]).toContain(t.splitCondition[i]);
      });
    }
    expect(splits).toBeGreaterThan(0);
    await expect(trainModel(p, data, { binMapper: fitBinMapper(dataset(50, 3, 1, 'regression'), 16, null) })).rejects.toThrow(/3 features, the data 4/);
  });

  it('folds keep the columns\' categories and label texts (takeRows)', () => {
    const cats = [null, { kind: 'string', names: ['a', 'b'] }, null, null] as const;
    const data = { ...dataset(40, 4, 3, 'binary'), categories: cats, labelNames: ['no', 'yes'] };
    const fold = takeRows(data, [0, 3, 5]);
    expect(fold.categories).toEqual(cats);
    expect(fold.labelNames).toEqual(['no', 'yes']);
  });

  it('stratified folds keep each class share; folds are seeded and deterministic', () => {
    const data = dataset(301, 4, 3, 'binary');
    const folds = makeFolds(data, 5, 9, true);
    const pos = [...data.label!].filter((l) => l === 1).length;
    for (const f of folds) {
      const p = f.filter((r) => data.label![r] === 1).length;
      expect(Math.abs(p - pos / 5)).toBeLessThanOrEqual(1);
    }
    expect(makeFolds(data, 5, 9, true)).toEqual(folds);
    expect(makeFolds(data, 5, 10, true)).not.toEqual(folds);
    expect(folds.flat().sort((a, b) => a - b)).toEqual([...Array(301).keys()]);
  });

  it('deterministic results, xgb.cv line format, early stopping on the mean test metric', async () => {
    const data = dataset(200, 4, 5, 'regression');
    const p = { objective: 'reg:squarederror', num_round: 60, max_depth: 4, eta: 0.9, nthread: 1 } as const;
    const a = await cv(p, data, { nfold: 4, seed: 1 });
    const b = await cv(p, data, { nfold: 4, seed: 1 });
    expect(a).toEqual(b);
    expect(formatCvLine(a.rounds[12]!)).toMatch(/^\[12\]\ttrain-rmse:\d+\.\d{5}\+\d+\.\d{5}\ttest-rmse:\d+\.\d{5}\+\d+\.\d{5}$/);
    const means = a.rounds.map((r) => r.values[1]!.mean);
    const best = means.indexOf(Math.min(...means.slice(0, a.rounds.length)));
    const es = await cv(p, data, { nfold: 4, seed: 1, earlyStoppingRounds: 3 });
    // the first round whose mean test rmse was not beaten in the following 3 rounds
    let expectBest = 0;
    for (let i = 1; i < means.length; i++) {
      if (means[i]! < means[expectBest]!) expectBest = i;
      if (i - expectBest >= 3) break;
    }
    expect(es.bestIteration).toBe(expectBest);
    expect(es.rounds).toHaveLength(expectBest + 1);
    expect(es.rounds).toEqual(a.rounds.slice(0, expectBest + 1));
    expect(best).toBeGreaterThanOrEqual(expectBest);
    expect(cvCsv(es).split('\n')[0]).toBe('iteration,train-rmse-mean,train-rmse-std,test-rmse-mean,test-rmse-std');
  });

  it('refuses nfold < 2 and nfold > rows or queries', () => {
    const data = dataset(10, 3, 1, 'regression');
    expect(() => makeFolds(data, 1)).toThrow(ParamError);
    expect(() => makeFolds(data, 11)).toThrow(/more than the 10 rows/);
    const rank = dataset(60, 3, 1, 'rank');
    expect(() => makeFolds(rank, rank.queryOffsets!.length)).toThrow(/queries/);
  });

  it('refuses stratified folds where they cannot be made (query groups, no label) instead of ignoring the option', () => {
    const rank = dataset(60, 3, 1, 'rank');
    expect(() => makeFolds(rank, 3, 0, true)).toThrow(/stratified folds would split queries/);
    const unlabelled = { ...dataset(20, 3, 1, 'regression'), label: null };
    expect(() => makeFolds(unlabelled, 3, 0, true)).toThrow(/stratified folds need a label column/);
  });
});
