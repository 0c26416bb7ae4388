/**
 * pdp, importance and shap with K-output models (a 3-class multi:softprob model and a model of
 * three quantiles): `--class k` (alias `--target k`) picks output k; without it pdp draws every
 * output (one curve each) and importance prints the total with a column per output; shap needs
 * the output. Checked against the model's own predictions and sums, not against stored numbers.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Booster, train } from '../../src/booster/booster.js';
import { loadDataset } from '../../src/data/load.js';
import { featureImportance } from '../../src/explain/importance.js';
import { partialDependence, partialDependenceByOutput } from '../../src/explain/partial-dependence.js';
import { parityRandom } from '../parity-data.js';
import { runCli, tempDir } from './run-cli.js';

/** 240 rows, 3 features (c with missing cells), a score z; labels: 3 classes of z, or z itself. */
function csv(kind: 'class' | 'real'): string {
  const rnd = parityRandom(97531);
  const lines = ['y,a,b,c'];
  for (let i = 0; i < 240; i++) {
    const a = rnd() * 4 - 2;
    const b = rnd() * 5;
    const c = rnd() < 0.1 ? '' : (rnd() - 0.5).toFixed(3);
    const z = a + 0.4 * b + (rnd() - 0.5);
    lines.push(`${kind === 'class' ? (z < 0 ? 0 : z < 1.5 ? 1 : 2) : z.toFixed(3)},${a.toFixed(3)},${b.toFixed(2)},${c}`);
  }
  return `${lines.join('\n')}\n`;
}

const dir = tempDir();
const classData = join(dir, 'classes.csv');
const realData = join(dir, 'real.csv');
const classModel = join(dir, 'mc.json');
const quantModel = join(dir, 'mq.json');
const table = (text: string): string[][] => text.trim().split('\n').map((l) => l.split(','));

beforeAll(async () => {
  writeFileSync(classData, csv('class'));
  writeFileSync(realData, csv('real'));
  const mc = await train({ objective: 'multi:softprob', num_class: 3, num_round: 6, max_depth: 3 }, await loadDataset(classData, { label: 'y' }));
  await mc.save(classModel);
  const mq = await train({ objective: 'reg:quantileerror', quantile_alpha: [0.1, 0.5, 0.9], num_round: 6, max_depth: 3 }, await loadDataset(realData, { label: 'y' }));
  await mq.save(quantModel);
});

describe('pdp with K outputs', () => {
  it('draws every class by default, one curve each (the class probabilities average to 1 at each grid value); --class k gives that curve with ICE', async () => {
    const prefix = join(dir, 'pdp-all');
    const r = await runCli(['pdp', '--model', classModel, '--data', classData, '--label', 'y', '--feature', 'a', '--grid', '8', '--out', prefix]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/3 outputs \(class 0, class 1, class 2\)/);
    const all = table(readFileSync(`${prefix}.csv`, 'utf8'));
    expect(all[0]).toEqual(['a', 'class 0', 'class 1', 'class 2']);
    expect(all.length).toBe(9);
    for (const row of all.slice(1)) expect(Math.abs(Number(row[1]) + Number(row[2]) + Number(row[3]) - 1)).toBeLessThan(1e-6);
    // Class 0 falls and class 2 rises with a (the labels grow with a).
    expect(Number(all[1]![1])).toBeGreaterThan(Number(all[8]![1]));
    expect(Number(all[8]![3])).toBeGreaterThan(Number(all[1]![3]));
    const doc = JSON.parse(readFileSync(`${prefix}.json`, 'utf8'));
    expect(doc.outputs.map((o: { output: { label: string } }) => o.output.label)).toEqual(['class 0', 'class 1', 'class 2']);
    const svg = readFileSync(`${prefix}.svg`, 'utf8');
    for (const label of ['class 0', 'class 1', 'class 2']) expect(svg).toContain(label);

    const one = join(dir, 'pdp-1');
    const r1 = await runCli(['pdp', '--model', classModel, '--data', classData, '--label', 'y', '--feature', 'a', '--grid', '8', '--class', '1', '--ice', '5', '--out', one]);
    expect(r1.status, r1.stderr).toBe(0);
    const t1 = table(readFileSync(`${one}.csv`, 'utf8'));
    expect(t1[0]!.slice(0, 3)).toEqual(['a', 'average', 'ice_row0']);
    expect(t1.slice(1).map((row) => row[1])).toEqual(all.slice(1).map((row) => row[2]));
    expect(JSON.parse(readFileSync(`${one}.json`, 'utf8')).output).toEqual({ index: 1, label: 'class 1' });
  });

  it('the API: partialDependence needs the output of a K-output model; ByOutput gives each; margins of class k are its trees\' (tree method = brute force on margins of a 1-tree-per-class model)', async () => {
    const model = (await Booster.load(classModel)).model;
    const data = await loadDataset(classData, { label: 'y' });
    expect(() => partialDependence(model, data, { features: ['b'] })).toThrow(/3 outputs \(class 0, class 1, class 2\): give the output/);
    expect(() => partialDependence(model, data, { features: ['b'], output: 3 })).toThrow(/output must be a class index in \[0, 3\)/);
    const each = partialDependenceByOutput(model, data, { features: ['b'], gridResolution: 5, margin: true });
    expect(each.length).toBe(3);
    const k2 = partialDependence(model, data, { features: ['b'], gridResolution: 5, margin: true, output: 2 });
    expect(Array.from(k2.average)).toEqual(Array.from(each[2]!.average));
    // Brute force by hand: class 2's margin averaged over the rows with b set to each grid value.
    const booster = new Booster(model);
    const bIndex = 1;
    const grid = k2.features[0]!.grid;
    const rows = Array.from({ length: data.nRows }, (_, r) => data.columns.map((c) => c[r]!));
    grid.forEach((v, g) => {
      const m = booster.predict(rows.map((x) => x.map((y, j) => (j === bIndex ? v : y))), { margin: true });
      let sum = 0;
      for (let r = 0; r < data.nRows; r++) sum += m[r * 3 + 2]!;
      expect(k2.average[g]).toBeCloseTo(sum / data.nRows, 10);
    });
  });

  it('a model of several quantiles: --target k, and every quantile by default', async () => {
    const prefix = join(dir, 'pdp-q');
    const r = await runCli(['pdp', '--model', quantModel, '--data', realData, '--label', 'y', '--feature', 'a', '--grid', '6', '--out', prefix]);
    expect(r.status, r.stderr).toBe(0);
    const t = table(readFileSync(`${prefix}.csv`, 'utf8'));
    expect(t[0]).toEqual(['a', 'quantile 0.1', 'quantile 0.5', 'quantile 0.9']);
    // Predictions are sorted per row, so the averaged curves are ordered too.
    for (const row of t.slice(1)) expect(Number(row[1]) <= Number(row[2]) && Number(row[2]) <= Number(row[3])).toBe(true);
    const r2 = await runCli(['pdp', '--model', quantModel, '--data', realData, '--label', 'y', '--feature', 'a', '--grid', '6', '--target', '2', '--ice', '0', '--out', join(dir, 'pdp-q2')]);
    expect(r2.status, r2.stderr).toBe(0);
    expect(table(readFileSync(join(dir, 'pdp-q2.csv'), 'utf8')).slice(1).map((row) => row[1])).toEqual(t.slice(1).map((row) => row[3]));
  });

  it('refusals name the option', async () => {
    const base = ['pdp', '--model', classModel, '--data', classData, '--label', 'y', '--feature', 'a', '--out', join(dir, 'x')];
    const two = await runCli([...base, '--feature2', 'b']);
    expect(two.status).toBe(2);
    expect(two.stderr).toMatch(/two-way partial dependence of a model of 3 outputs is one heatmap per output: give --class k/);
    const range = await runCli([...base, '--class', '3']);
    expect(range.stderr).toMatch(/--class must be a class index in \[0, 3\) \(the model has 3 classes\), not 3/);
    const both = await runCli([...base, '--class', '1', '--target', '1']);
    expect(both.stderr).toMatch(/give --class or --target, not both/);
    const single = join(dir, 'single.json');
    await (await train({ objective: 'reg:squarederror', num_round: 2 }, await loadDataset(realData, { label: 'y' }))).save(single);
    const one = await runCli(['pdp', '--model', single, '--data', realData, '--label', 'y', '--feature', 'a', '--class', '0', '--out', join(dir, 'y')]);
    expect(one.status).toBe(2);
    expect(one.stderr).toMatch(/--class applies to models of several outputs/);
  });
});

describe('importance with K outputs', () => {
  it('total (get_score) with a column per class; --class k over class k\'s trees; weights and total gains add up over the classes', async () => {
    const model = (await Booster.load(classModel)).model;
    for (const type of ['weight', 'total_gain', 'total_cover'] as const) {
      const total = featureImportance(model, type);
      const per = [0, 1, 2].map((k) => new Map(featureImportance(model, type, k).map((s) => [s.feature, s.score])));
      for (const s of total) {
        const sum = per.reduce((a, m) => a + (m.get(s.feature) ?? 0), 0);
        expect(Math.abs(sum - s.score), `${type} of ${s.name}`).toBeLessThanOrEqual(1e-4 * Math.abs(s.score));
      }
    }
    const r = await runCli(['importance', '--model', classModel, '--type', 'weight']);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]!.split(/\s{2,}/)).toEqual(['rank', 'feature', 'weight (total)', 'class 0', 'class 1', 'class 2']);
    const k1 = await runCli(['importance', '--model', classModel, '--type', 'weight', '--class', '1', '--json']);
    expect(k1.status, k1.stderr).toBe(0);
    const want = Object.fromEntries(featureImportance(model, 'weight', 1).map((s) => [s.name, s.score]));
    expect(JSON.parse(k1.stdout)).toEqual(want);
    const q = await runCli(['importance', '--model', quantModel, '--target', '0', '--json']);
    expect(q.status, q.stderr).toBe(0);
    expect(q.stderr).toMatch(/importance over the trees of quantile 0\.1/);
  });
});

describe('shap plots with K outputs', () => {
  it('--class k: the waterfall ends at class k\'s margin; without it the plot is refused naming --class', async () => {
    const refused = await runCli(['shap', '--model', classModel, '--data', classData, '--label', 'y']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/has 3 \(class 0, class 1, class 2\): give --class k/);
    const booster = await Booster.load(classModel);
    const data = await loadDataset(classData, { label: 'y' });
    const margins = booster.predict(data, { margin: true });
    for (const k of [0, 2]) {
      const r = await runCli(['shap', '--model', classModel, '--data', classData, '--label', 'y', '--plot', 'waterfall', '--row', '7', '--class', String(k), '--out', join(dir, `w${k}`)]);
      expect(r.status, r.stderr).toBe(0);
      const fx = r.stdout.trim().split('\n').find((l) => l.trim().startsWith('f(x)'))!;
      expect(Number(fx.trim().split(/\s+/).pop())).toBeCloseTo(margins[6 * 3 + k]!, 5);
      expect(readFileSync(join(dir, `w${k}.svg`), 'utf8')).toContain(`class ${k}`);
    }
    const summary = await runCli(['shap', '--model', quantModel, '--data', realData, '--label', 'y', '--target', '1', '--max-rows', '50']);
    expect(summary.status, summary.stderr).toBe(0);
    expect(summary.stdout).toMatch(/mean \|SHAP\| \(50 rows\)/);
  });
});
