import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dumpModel } from '../../src/model-io/dump.js';
import { readModelFile } from '../../src/model-io/model-file.js';
import { makeModel } from './tiny-model.js';

const FEAT = fileURLToPath(new URL('../fixtures/models/xgboost-1.7.4-features', import.meta.url));

/** Two trees: a depth-2 numeric tree and a categorical stump. */
function tiny() {
  return makeModel({
    nFeatures: 4,
    trees: [
      [
        { f: 3, t: 0.5, left: 1, right: 2, dl: true, gain: 12.5, cover: 100 },
        { f: 0, t: -1.25, left: 3, right: 4, dl: false, gain: 3, cover: 60 },
        { leaf: 0.1, cover: 40 },
        { leaf: -0.2, cover: 25 },
        { leaf: 0.30000001192092896, cover: 35 },
      ],
      [{ f: 2, cats: [4, 1], left: 1, right: 2, dl: true, gain: 1e-5, cover: 7 }, { leaf: 1e-7, cover: 3 }, { leaf: -3, cover: 4 }],
    ],
  });
}

describe('dumpModel (XGBoost text dump)', () => {
  it('dumps a tiny hand-made model', () => {
    expect(dumpModel(tiny())).toBe(
      'booster[0]:\n' +
        '0:[f3<0.5] yes=1,no=2,missing=1\n' +
        '\t1:[f0<-1.25] yes=3,no=4,missing=4\n' +
        '\t\t3:leaf=-0.200000003\n' +
        '\t\t4:leaf=0.300000012\n' +
        '\t2:leaf=0.100000001\n' +
        'booster[1]:\n' +
        '0:[f2:{1,4}] yes=2,no=1,missing=1\n' +
        '\t1:leaf=1.00000001e-07\n' +
        '\t2:leaf=-3\n',
    );
  });

  it('with stats adds gain and cover', () => {
    const lines = dumpModel(tiny(), { withStats: true }).split('\n');
    expect(lines[1]).toBe('0:[f3<0.5] yes=1,no=2,missing=1,gain=12.5,cover=100');
    expect(lines[3]).toBe('\t\t3:leaf=-0.200000003,cover=25');
    expect(lines[7]).toBe('0:[f2:{1,4}] yes=2,no=1,missing=1,gain=9.99999975e-06,cover=7');
  });

  it('uses feature names and the indicator / integer feature types', () => {
    const text = dumpModel(tiny(), { featureNames: ['age', 'x1', 'colour', 'flag'], featureTypes: ['int', 'q', 'c', 'i'] });
    expect(text.split('\n').slice(0, 3)).toEqual([
      'booster[0]:',
      '0:[flag] yes=2,no=1',
      '\t1:[age<-1] yes=3,no=4,missing=4',
    ]);
    expect(text).toContain('0:[colour:{1,4}] yes=2,no=1,missing=1');
    // The model's own names are the default; an empty list forces f<index>.
    const named = tiny();
    named.featureNames = ['a', 'b', 'c', 'd'];
    expect(dumpModel(named)).toContain('0:[d<0.5] yes=1,no=2,missing=1');
    expect(dumpModel(named, { featureNames: [] })).toContain('0:[f3<0.5]');
  });

  it('writes indicator splits below the root without indentation, as XGBoost 1.7.4 does', () => {
    const text = dumpModel(tiny(), { featureNames: ['age', 'x1', 'colour', 'flag'], featureTypes: ['i', 'q', 'c', 'q'] });
    expect(text.split('\n').slice(1, 4)).toEqual(['0:[flag<0.5] yes=1,no=2,missing=1', '1:[age] yes=3,no=4', '\t\t3:leaf=-0.200000003']);
  });

  for (const name of ['cat-partition', 'cat-onehot', 'lossguide', 'dart', 'poisson']) {
    it(`matches XGBoost 1.7.4's dump of ${name} (with stats) byte for byte`, async () => {
      const model = await readModelFile(join(FEAT, `${name}.model.json`));
      expect(dumpModel(model, { withStats: true })).toBe(readFileSync(join(FEAT, `${name}.dump.txt`), 'utf8'));
    });
  }
});
