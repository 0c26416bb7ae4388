/**
 * Data habits on the command line: XGBoost's `missing` sentinel (training, saved in the model,
 * prediction through the CLI and the library), `--delimiter`, `--decimal ,`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Booster } from '../../src/booster/booster.js';
import { runCli, tempDir } from './run-cli.js';

/** 80 rows y,a,b,c; every 7th a and every 5th c missing (written as `hole`). */
function rows(hole: string, sep = ',', decimal = '.'): string {
  const out = [['y', 'a', 'b', 'c'].join(sep)];
  for (let i = 0; i < 80; i++) {
    const a = i % 7 === 0 ? hole : ((i * 37) % 23) / 4;
    const b = ((i * 11) % 17) / 8;
    const c = i % 5 === 0 ? hole : ((i * 13) % 19) / 2;
    const y = (typeof a === 'number' ? a : 1) + b * 0.5 - (typeof c === 'number' ? c : 2) * 0.25;
    out.push([y, a, b, c].map((v) => String(v).replace('.', decimal)).join(sep));
  }
  return `${out.join('\n')}\n`;
}

function treesOf(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8')).learner.gradient_booster.model.trees;
}

describe('missing=-999 (XGBoost DMatrix missing)', () => {
  it('trains the trees empty cells give, is saved in the model, and predict reads it back', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'empty.csv'), rows(''));
    writeFileSync(join(dir, 'sentinel.csv'), rows('-999'));
    const args = ['--label', 'y', '--rounds', '3', '--max_depth', '3'];
    const a = await runCli(['train', '--data', join(dir, 'empty.csv'), ...args, '--model-out', join(dir, 'a.json')]);
    const b = await runCli(['train', '--data', join(dir, 'sentinel.csv'), ...args, 'missing=-999', '--model-out', join(dir, 'b.json')]);
    expect(a.status).toBe(0);
    expect(b.status, b.stderr).toBe(0);
    expect(treesOf(join(dir, 'b.json'))).toEqual(treesOf(join(dir, 'a.json')));
    const saved = JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8')).lambdaboost;
    expect(saved.params.missing).toBe(-999);
    // Without the sentinel, -999 is a value: other trees.
    const c = await runCli(['train', '--data', join(dir, 'sentinel.csv'), ...args, '--model-out', join(dir, 'c.json')]);
    expect(c.status).toBe(0);
    expect(treesOf(join(dir, 'c.json'))).not.toEqual(treesOf(join(dir, 'a.json')));

    const pa = await runCli(['predict', '--model', join(dir, 'b.json'), '--data', join(dir, 'empty.csv'), '--label', 'y']);
    const pb = await runCli(['predict', '--model', join(dir, 'b.json'), '--data', join(dir, 'sentinel.csv'), '--label', 'y']);
    expect(pb.status).toBe(0);
    expect(pb.stdout).toBe(pa.stdout);
    // The library reads the saved sentinel too, in rows and one row at a time.
    const booster = await Booster.load(join(dir, 'b.json'));
    const p = booster.predict([[-999, 1, -999], [NaN, 1, NaN]]);
    expect(p[0]).toBe(p[1]);
    expect(booster.getPredictor().predictRow(Float32Array.of(-999, 1, -999))).toBe(p[1]);
  });
});

describe('--delimiter and --decimal', () => {
  it('--delimiter | reads a pipe-separated file as the comma one', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'comma.csv'), rows(''));
    writeFileSync(join(dir, 'pipe.txt'), rows('', '|'));
    const args = ['--label', 'y', '--rounds', '2'];
    await runCli(['train', '--data', join(dir, 'comma.csv'), ...args, '--model-out', join(dir, 'a.json')]);
    const r = await runCli(['train', '--data', join(dir, 'pipe.txt'), '--delimiter', '|', ...args, '--model-out', join(dir, 'b.json')]);
    expect(r.status, r.stderr).toBe(0);
    expect(treesOf(join(dir, 'b.json'))).toEqual(treesOf(join(dir, 'a.json')));
    const bad = await runCli(['train', '--data', join(dir, 'pipe.txt'), '--delimiter', '||', ...args]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/delimiter must be one character/);
  });

  it('--decimal , reads a European CSV (1,5;2,25) as the point one; a comma delimiter with it is refused', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'point.csv'), rows(''));
    writeFileSync(join(dir, 'euro.csv'), rows('', ';', ','));
    const args = ['--label', 'y', '--rounds', '2'];
    await runCli(['train', '--data', join(dir, 'point.csv'), ...args, '--model-out', join(dir, 'a.json')]);
    const r = await runCli(['train', '--data', join(dir, 'euro.csv'), '--decimal', ',', ...args, '--model-out', join(dir, 'b.json')]);
    expect(r.status, r.stderr).toBe(0);
    expect(treesOf(join(dir, 'b.json'))).toEqual(treesOf(join(dir, 'a.json')));
    const p1 = await runCli(['predict', '--model', join(dir, 'b.json'), '--data', join(dir, 'euro.csv'), '--decimal', ',', '--label', 'y']);
    const p2 = await runCli(['predict', '--model', join(dir, 'b.json'), '--data', join(dir, 'point.csv'), '--label', 'y']);
    expect(p1.stdout).toBe(p2.stdout);
    const bad = await runCli(['train', '--data', join(dir, 'euro.csv'), '--decimal', ',', '--delimiter', ',', ...args]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/decimal "," needs another delimiter than a comma/);
    const wrong = await runCli(['train', '--data', join(dir, 'euro.csv'), '--decimal', 'x', ...args]);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/--decimal must be "\." or ","/);
  });
});

describe('text labels', () => {
  function textRows(pos: string, neg: string): string {
    const out = ['y,a,b'];
    for (let i = 0; i < 60; i++) {
      const a = (i * 7) % 13;
      const b = (i * 5) % 11;
      out.push(`${a - b / 2 > 2 ? pos : neg},${a},${b}`);
    }
    return `${out.join('\n')}\n`;
  }
  function numericRows(): string {
    return textRows('1', '0');
  }

  it('a binary objective maps two label texts (sorted: no=0, yes=1), says so, saves them; predict --labels writes them back', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'text.csv'), textRows('yes', 'no'));
    writeFileSync(join(dir, 'num.csv'), numericRows());
    const args = ['--label', 'y', '--rounds', '3', '--objective', 'binary:logistic'];
    const t = await runCli(['train', '--data', join(dir, 'text.csv'), ...args, '--model-out', join(dir, 't.json')]);
    expect(t.status, t.stderr).toBe(0);
    expect(t.stderr).toContain(`labels of ${join(dir, 'text.csv')}: no=0, yes=1`);
    const n = await runCli(['train', '--data', join(dir, 'num.csv'), ...args, '--model-out', join(dir, 'n.json')]);
    expect(treesOf(join(dir, 't.json'))).toEqual(treesOf(join(dir, 'n.json')));
    expect(JSON.parse(readFileSync(join(dir, 't.json'), 'utf8')).lambdaboost.label_names).toEqual(['no', 'yes']);
    expect(n.status).toBe(0);

    const p = await runCli(['predict', '--model', join(dir, 't.json'), '--data', join(dir, 'text.csv'), '--label', 'y', '--labels']);
    expect(p.status, p.stderr).toBe(0);
    const probs = (await runCli(['predict', '--model', join(dir, 't.json'), '--data', join(dir, 'num.csv'), '--label', 'y'])).stdout.trim().split('\n').map(Number);
    expect(p.stdout.trim().split('\n')).toEqual(probs.map((q) => (q > 0.5 ? 'yes' : 'no')));
    const noNames = await runCli(['predict', '--model', join(dir, 'n.json'), '--data', join(dir, 'num.csv'), '--label', 'y', '--labels']);
    expect(noNames.status).toBe(2);
    expect(noNames.stderr).toMatch(/was not trained on two text labels/);
  });

  it('--label-map maps given texts; a text outside it, a third text, or text labels for regression are refused naming the line', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'text.csv'), textRows('good', 'bad'));
    const args = ['--label', 'y', '--rounds', '2'];
    const ok = await runCli(['train', '--data', join(dir, 'text.csv'), ...args, '--label-map', 'bad=0,good=1', '--model-out', join(dir, 'm.json')]);
    expect(ok.status, ok.stderr).toBe(0);
    const missingText = await runCli(['train', '--data', join(dir, 'text.csv'), ...args, '--label-map', 'bad=0,fine=1']);
    expect(missingText.status).toBe(2);
    expect(missingText.stderr).toMatch(/text.csv:\d+ column "y": label "good" is not in the label map \(bad=0,fine=1\)/);
    writeFileSync(join(dir, 'three.csv'), `${textRows('a', 'b')}c,1,2\n`);
    const three = await runCli(['train', '--data', join(dir, 'three.csv'), ...args, '--objective', 'binary:logistic']);
    expect(three.status).toBe(2);
    expect(three.stderr).toMatch(/label "c" is a third label text/);
    const reg = await runCli(['train', '--data', join(dir, 'text.csv'), ...args]);
    expect(reg.status).toBe(2);
    expect(reg.stderr).toMatch(/text labels need a label map/);
    const bad = await runCli(['train', '--data', join(dir, 'text.csv'), ...args, '--label-map', 'bad:0']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--label-map: "bad:0" is not text=number/);
  });
});
