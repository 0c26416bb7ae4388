/**
 * Explaining XGBoost 3.4.1 categorical models (fixtures of scripts/fixtures/categorical-xgboost.py:
 * enable_categorical on pandas category columns), against XGBoost 3.4.1 run here through python:
 * importance equal to get_score for every importance_type; partial dependence over a categorical
 * feature, one bar per category, equal to XGBoost's predictions with the feature set to each
 * category, averaged; SHAP contributions against pred_contribs. Skipped with the reason where the
 * anchor is absent.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { IMPORTANCE_TYPES } from '../../src/explain/importance.js';
import { pdpOutputsSpec } from '../../src/explain/charts/pdp-spec.js';
import { renderSvg } from '../../src/explain/charts/render-svg.js';
import type { PartialDependence } from '../../src/explain/partial-dependence.js';
import { runCli, tempDir } from '../cli/run-cli.js';
import { XGBOOST_ANCHOR, xgboostAnchorMissing } from '../xgboost-anchor.js';

const FIX = fileURLToPath(new URL('../fixtures/models/xgboost-3.4.1-categorical', import.meta.url));
const missing = xgboostAnchorMissing();

/** XGBoost 3.4.1's answers on the fixture data, computed by the script below. */
interface Reference {
  importance: Record<string, Record<string, Record<string, number>>>;
  /** model -> feature -> [category, mean prediction with every row set to it][] */
  pdp: Record<string, Record<string, [string, number][]>>;
  contribs: Record<string, number[][]>;
}

const SCRIPT = String.raw`
import json, sys
import numpy as np, pandas as pd, xgboost as xgb
fix, out = sys.argv[1], sys.argv[2]
res = {'importance': {}, 'pdp': {}, 'contribs': {}}
for name in ['reg', 'binary']:
    b = xgb.Booster()
    b.load_model(f'{fix}/{name}.json')
    cats = json.load(open(f'{fix}/{name}.json'))['learner']['gradient_booster']['model']['cats']
    raw = pd.read_csv(f'{fix}/data.csv', dtype={'city': str, 'dev': str}, keep_default_na=False, na_values=[''])
    df = pd.DataFrame({'num': raw['num'], 'city': pd.Categorical(raw['city']), 'dev': pd.Categorical(raw['dev']),
                       'shop': pd.Categorical(raw['shop'].astype('Int64'))})
    res['importance'][name] = {t: {k: float(v) for k, v in b.get_score(importance_type=t).items()} for t in ['weight', 'gain', 'total_gain', 'cover', 'total_cover']}
    res['pdp'][name] = {}
    for feat in ['city', 'dev', 'shop']:
        levels = list(df[feat].cat.categories)
        rows = []
        for level in levels:
            d = df.copy()
            d[feat] = pd.Categorical([level] * len(d), categories=levels)
            p = b.predict(xgb.DMatrix(d, enable_categorical=True))
            s = 0.0
            for v in p:
                s += float(v)
            rows.append([str(level), s / len(p)])
        res['pdp'][name][feat] = rows
    res['contribs'][name] = b.predict(xgb.DMatrix(df, enable_categorical=True), pred_contribs=True).astype(float).tolist()
json.dump(res, open(out, 'w'))
`;

describe.skipIf(missing !== null)(`explaining XGBoost 3.4.1 categorical models${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let ref: Reference;
  const dir = tempDir();
  beforeAll(() => {
    const script = join(dir, 'ref.py');
    writeFileSync(script, SCRIPT);
    execFileSync('/usr/bin/python3', [script, FIX, join(dir, 'ref.json')], { env: { ...process.env, PYTHONPATH: XGBOOST_ANCHOR }, stdio: 'pipe' });
    ref = JSON.parse(readFileSync(join(dir, 'ref.json'), 'utf8')) as Reference;
  }, 120_000);

  for (const name of ['reg', 'binary']) {
    it(`${name}: importance equals get_score for every importance_type (float32 values)`, async () => {
      for (const type of IMPORTANCE_TYPES) {
        const r = await runCli(['importance', '--model', join(FIX, `${name}.json`), '--type', type, '--json']);
        expect(r.status).toBe(0);
        const got = JSON.parse(r.stdout) as Record<string, number>;
        const want = ref.importance[name]![type]!;
        expect(Object.keys(got).sort(), type).toEqual(Object.keys(want).sort());
        for (const k of Object.keys(want)) expect(Math.fround(got[k]!), `${type} ${k}`).toBe(Math.fround(want[k]!));
      }
    });

    it(`${name}: pdp over each categorical feature is one bar per category, equal to XGBoost predicting with the feature set to it`, async () => {
      for (const feature of ['city', 'dev', 'shop']) {
        const out = join(dir, `${name}-${feature}`);
        const r = await runCli(['pdp', '--model', join(FIX, `${name}.json`), '--data', join(FIX, 'data.csv'), '--label', 'y', '--feature', feature, '--out', out, '--ice', '5']);
        expect(r.stderr).toContain(`categories, brute`);
        expect(r.status).toBe(0);
        const doc = JSON.parse(readFileSync(`${out}.json`, 'utf8')) as { features: { categories: string[]; grid: number[] }[]; average: number[]; ice: { values: number[][] } };
        const want = ref.pdp[name]![feature]!;
        expect(doc.features[0]!.categories).toEqual(want.map(([c]) => c));
        expect(doc.features[0]!.grid).toEqual(want.map((_, i) => i));
        // The same float32 predictions summed in the same order: equal doubles.
        expect(doc.average).toEqual(want.map(([, v]) => v));
        expect(doc.ice.values).toHaveLength(5);
        const csv = readFileSync(`${out}.csv`, 'utf8').trim().split('\n');
        expect(csv).toHaveLength(want.length + 1);
        expect(csv[1]!.split(',')[0]).toBe(want[0]![0]);
        const spec = readFileSync(`${out}.vl.json`, 'utf8');
        expect(spec).toContain('"type": "bar"');
        expect(spec).not.toContain('"type": "line"');
        const svg = readFileSync(`${out}.svg`, 'utf8');
        expect(svg.match(/aria-roledescription="bar"/g)?.length).toBe(want.length);
      }
    });

    it(`${name}: --contrib within 1e-6 of pred_contribs (float64 TreeSHAP vs XGBoost's float32 arithmetic)`, async () => {
      const r = await runCli(['predict', '--model', join(FIX, `${name}.json`), '--data', join(FIX, 'data.csv'), '--label', 'y', '--quiet', '--contrib']);
      expect(r.status).toBe(0);
      const got = r.stdout.trim().split('\n').map((l) => l.split(/\s+/).map(Number));
      const want = ref.contribs[name]!;
      expect(got.length).toBe(want.length);
      let maxDiff = 0;
      got.forEach((row, i) => row.forEach((v, j) => (maxDiff = Math.max(maxDiff, Math.abs(v - want[i]![j]!)))));
      expect(maxDiff).toBeLessThanOrEqual(1e-6);
    });
  }

  it('the tree method over a categorical feature: margins, one bar per category', async () => {
    const out = join(dir, 'tree-city');
    const r = await runCli(['pdp', '--model', join(FIX, 'reg.json'), '--data', join(FIX, 'data.csv'), '--label', 'y', '--feature', 'city', '--method', 'tree', '--out', out, '--quiet']);
    expect(r.status).toBe(0);
    const doc = JSON.parse(readFileSync(`${out}.json`, 'utf8')) as { features: { categories: string[] }[]; average: number[] };
    expect(doc.features[0]!.categories).toEqual(ref.pdp['reg']!['city']!.map(([c]) => c));
    expect(doc.average.every((v) => Number.isFinite(v))).toBe(true);
  });
});

describe('partial dependence and SHAP over categorical features (no anchor needed)', () => {
  it('a two-way pdp with a categorical feature is refused by name; unseen categories are reported by pdp and shap', async () => {
    const base = ['--model', join(FIX, 'reg.json'), '--label', 'y'];
    const out = join(tempDir(), 'p');
    const two = await runCli(['pdp', ...base, '--data', join(FIX, 'data.csv'), '--feature', 'city', '--feature2', 'num', '--out', out]);
    expect(two.status).toBe(2);
    expect(two.stderr).toContain('a two-way partial dependence with the categorical feature city is not drawn yet');
    const pdp = await runCli(['pdp', ...base, '--data', join(FIX, 'unseen.csv'), '--feature', 'city', '--out', out]);
    expect(pdp.status).toBe(0);
    expect(pdp.stderr.match(/column "city" hold categories not seen in training/g)).toHaveLength(1);
    const shap = await runCli(['shap', ...base, '--data', join(FIX, 'unseen.csv')]);
    expect(shap.status).toBe(0);
    expect(shap.stderr.match(/column "dev" hold categories not seen in training \(first "watch"\); read as missing/g)).toHaveLength(1);
  });

  it('several outputs over a categorical feature: grouped bars, one per category and output', async () => {
    const feature = { index: 0, name: 'dev', grid: Float64Array.from([0, 1, 2]), deciles: new Float64Array(0), categories: ['desktop', 'phone', 'tablet'] };
    const pds: PartialDependence[] = [0, 1].map((k) => ({
      features: [feature], average: Float64Array.from([0.2 + k / 10, 0.5, 0.3 - k / 10]), ice: null, scale: 'output', method: 'brute',
      objective: 'multi:softprob', nRows: 10, output: { index: k, label: `class ${k}` },
    }));
    const svg = await renderSvg(pdpOutputsSpec(pds));
    expect(svg.match(/aria-roledescription="bar"/g)?.length).toBe(6);
    expect(svg).toContain('tablet');
  });
});
