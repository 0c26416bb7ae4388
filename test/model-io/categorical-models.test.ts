/**
 * XGBoost 3.4.1 categorical models (enable_categorical on pandas category columns; fixtures by
 * scripts/fixtures/categorical-xgboost.py): `.json` and `.ubj` load with their category tables and
 * predict XGBoost's outputs to the float32 bit from the CSV's category text (string categories
 * with UTF-8 names, numeric categories, one-hot and partition splits, missing cells); categories
 * not seen in training are read as missing, counted and reported.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Dictionary, Float64, Int32, Table, Utf8, tableToIPC, vectorFromArray } from 'apache-arrow';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/load.js';
import { modelCategoryCoding } from '../../src/data/category-coder.js';
import { ModelError } from '../../src/errors.js';
import { readModelFile } from '../../src/model-io/model-file.js';
import { parseModel } from '../../src/model-io/xgboost-json.js';
import { Predictor } from '../../src/predict/predictor.js';
import { runCli, tempDir } from '../cli/run-cli.js';

const FIX = fileURLToPath(new URL('../fixtures/models/xgboost-3.4.1-categorical', import.meta.url));
const CASES = ['reg', 'binary', 'onehot'];

function floats(path: string): Float32Array {
  return Float32Array.from(readFileSync(path, 'utf8').trim().split(/\s+/), Number);
}

function mismatches(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let n = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) n++;
  return n;
}

describe('XGBoost 3.4.1 categorical models', () => {
  it('decode the category table: names (UTF-8) and numeric categories, in XGBoost\'s code order', async () => {
    const model = await readModelFile(join(FIX, 'reg.json'));
    expect(model.featureTypes).toEqual(['float', 'c', 'c', 'c']);
    const [num, city, dev, shop] = model.categories!;
    expect(num).toBeNull();
    expect(city!.kind === 'string' && city!.names.includes('São Paulo')).toBe(true);
    expect(dev).toEqual({ kind: 'string', names: ['desktop', 'phone', 'tablet'] });
    expect(shop).toEqual({ kind: 'number', values: [3, 5, 7, 10, 12, 40] });
    const ubj = await readModelFile(join(FIX, 'reg.ubj'));
    expect(ubj.categories).toEqual(model.categories);
  });

  for (const name of CASES) {
    for (const ext of ['json', 'ubj']) {
      it(`${name}.${ext} predicts XGBoost's outputs to the bit from category text (CLI)`, async () => {
        const r = await runCli(['predict', '--model', join(FIX, `${name}.${ext}`), '--data', join(FIX, 'data.csv'), '--label', 'y', '--quiet']);
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
        expect(mismatches(Float32Array.from(r.stdout.trim().split('\n'), Number), floats(join(FIX, `${name}.pred`)))).toBe(0);
      });
    }
    it(`${name}: unseen categories are read as missing and reported once per column`, async () => {
      const r = await runCli(['predict', '--model', join(FIX, `${name}.json`), '--data', join(FIX, 'unseen.csv'), '--label', 'y']);
      expect(r.status).toBe(0);
      expect(mismatches(Float32Array.from(r.stdout.trim().split('\n'), Number), floats(join(FIX, `${name}.unseen.pred`)))).toBe(0);
      expect(r.stderr).toContain('8 cells of column "city" hold categories not seen in training (first "zzz"); read as missing');
      expect(r.stderr).toContain('8 cells of column "dev" hold categories not seen in training (first "watch")');
      expect(r.stderr).toContain('8 cells of column "shop" hold categories not seen in training (first "99")');
    });
  }

  it('--leaf equals pred_leaf, dump equals get_dump(with_stats) byte for byte (codes, as 3.4.1 dumps them), --contrib within 1e-6 of pred_contribs', async () => {
    const data = ['--data', join(FIX, 'data.csv'), '--label', 'y', '--quiet'];
    const leaf = await runCli(['predict', '--model', join(FIX, 'reg.ubj'), ...data, '--leaf']);
    expect(leaf.stdout).toBe(readFileSync(join(FIX, 'reg.leaf'), 'utf8'));
    const dump = await runCli(['dump', '--model', join(FIX, 'reg.json'), '--with-stats']);
    expect(dump.stdout).toBe(readFileSync(join(FIX, 'reg.dump.txt'), 'utf8'));
    const contrib = await runCli(['predict', '--model', join(FIX, 'reg.json'), ...data, '--contrib']);
    const got = Float32Array.from(contrib.stdout.trim().split(/\s+/), Number);
    const want = floats(join(FIX, 'reg.contrib'));
    expect(got.length).toBe(want.length);
    let maxDiff = 0;
    for (let i = 0; i < got.length; i++) maxDiff = Math.max(maxDiff, Math.abs(got[i]! - want[i]!));
    expect(maxDiff).toBeLessThanOrEqual(1e-6);
  });

  it('pdp over a categorical feature draws one bar per category (test/explain/categorical-explain.test.ts checks the values); numeric features a curve', async () => {
    const out = join(tempDir(), 'pdp');
    const args = ['pdp', '--model', join(FIX, 'reg.json'), '--data', join(FIX, 'data.csv'), '--label', 'y', '--out', out];
    const r = await runCli([...args, '--feature', 'city']);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('partial dependence on city: 22 categories, brute, output scale, 50 ICE curves');
    const ok = await runCli([...args, '--feature', 'num', '--quiet']);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
  });

  it('Arrow: dictionary and utf8 columns of names, an integer column of numeric categories, predict to the bit', async () => {
    const lines = readFileSync(join(FIX, 'data.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const table = new Table({
      y: vectorFromArray(lines.map((c) => Number(c[0])), new Float64()),
      num: vectorFromArray(lines.map((c) => Number(c[1])), new Float64()),
      city: vectorFromArray(lines.map((c) => c[2] || null), new Dictionary(new Utf8(), new Int32())),
      dev: vectorFromArray(lines.map((c) => c[3] || null), new Utf8()),
      shop: vectorFromArray(lines.map((c) => (c[4] ? Number(c[4]) : null)), new Int32()),
    });
    const file = join(tempDir(), 'data.arrow');
    writeFileSync(file, tableToIPC(table, 'file'));
    const r = await runCli(['predict', '--model', join(FIX, 'reg.json'), '--data', file, '--label', 'y', '--quiet']);
    expect(r.stderr).toBe('');
    expect(mismatches(Float32Array.from(r.stdout.trim().split('\n'), Number), floats(join(FIX, 'reg.pred')))).toBe(0);
  });

  it('numeric categories cannot come from LibSVM (codes only): refused by name', async () => {
    const file = join(tempDir(), 'data.svm');
    writeFileSync(file, '1 0:0.5 3:40\n');
    const r = await runCli(['predict', '--model', join(FIX, 'reg.json'), '--data', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("the model's feature shop has numeric categories, which libsvm input cannot give by value");
  });

  it('continuing training from a categorical model is refused (categorical training is not implemented)', async () => {
    const r = await runCli(['train', '--init-model', join(FIX, 'reg.json'), '--data', join(FIX, 'data.csv'), '--label', 'y', '--ignore', 'city,dev,shop', '--rounds', '1', '--quiet']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('has categorical splits: continuing training of a categorical model is not implemented yet');
  });

  it('the API codes the same way (loadDataset with the model\'s coding, Predictor)', async () => {
    const model = await readModelFile(join(FIX, 'reg.ubj'));
    const data = await loadDataset(join(FIX, 'data.csv'), { label: 'y', categoryCoding: modelCategoryCoding(model)! });
    expect(mismatches(Predictor.fromModel(model).predict(data), floats(join(FIX, 'reg.pred')))).toBe(0);
  });

  it('"3" and "03" are the same numeric category, different string categories', async () => {
    const model = await readModelFile(join(FIX, 'reg.json'));
    const { CategoryCoder } = await import('../../src/data/category-coder.js');
    const shop = new CategoryCoder(model.categories![3]!);
    expect([shop.code('3'), shop.code('03'), shop.code('3.0'), shop.code('40')]).toEqual([0, 0, 0, 5]);
    const dev = new CategoryCoder(model.categories![2]!);
    expect(dev.code('phone')).toBe(1);
    expect(dev.code('Phone')).toBeNaN();
    expect(dev.code(' phone')).toBeNaN();
    expect(dev.unseen).toBe(2);
  });

  it('a malformed category table is a ModelError naming the path', () => {
    const json = JSON.parse(readFileSync(join(FIX, 'reg.json'), 'utf8')) as { learner: { gradient_booster: { model: { cats: { enc: { offsets: number[] }[] } } } } };
    json.learner.gradient_booster.model.cats.enc[1]!.offsets[1] = 9999;
    expect(() => parseModel(json, 'bad.json')).toThrow(ModelError);
    expect(() => parseModel(json, 'bad.json')).toThrow(/cats\.enc\[1\]|cats.enc.1/);
  });
});
