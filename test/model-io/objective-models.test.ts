/**
 * Models of every objective the reader accepts, from XGBoost 3.4.1 and 1.7.4, predict here what
 * XGBoost predicts, to the float32 bit: margins (base_score through the objective's link, XGBoost's
 * ProbToMargin), outputs, leaf indices and, for the dropout (dart / weight_drop) models and
 * binary:logitraw, SHAP values. And the other direction: the models written here load in XGBoost
 * and predict the same.
 *
 * The committed fixtures (test/fixtures/models/xgboost-3.4.1, xgboost-1.7.4-objectives, written by
 * xgboost-3.4.1/generate.py) are checked everywhere. Where the anchors are present
 * (/work/shared/anchors/xgboost-3.4.1, Debian's python3-xgboost 1.7.4 for /usr/bin/python3), the
 * same script runs again into a temporary folder and the models written here are loaded by
 * XGBoost; elsewhere those suites are skipped with the reason.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/load.js';
import { shapValues } from '../../src/explain/tree-shap.js';
import { objectiveInfo } from '../../src/model-io/objectives.js';
import { modelToJSON } from '../../src/model-io/xgboost-json.js';
import { readModelFile } from '../../src/model-io/model-file.js';
import { Predictor } from '../../src/predict/predictor.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/models', import.meta.url));
const GENERATE = join(FIXTURES, 'xgboost-3.4.1', 'generate.py');
const PREDICT = join(FIXTURES, 'xgboost-3.4.1', 'predict.py');
const PYTHON = '/usr/bin/python3';
const ANCHOR_341 = fileURLToPath(new URL('../../../../shared/anchors/xgboost-3.4.1/python', import.meta.url));
const ANCHOR_ENV = [process.env.LAMBDABOOST_XGBOOST_341, ANCHOR_341];

/** How to run an XGBoost version from Python, or why it cannot run here. */
interface Anchor {
  version: string;
  env: NodeJS.ProcessEnv | null;
  reason: string;
}

function probe(version: string, pythonPath: string | undefined): Anchor {
  if (!existsSync(PYTHON)) return { version, env: null, reason: `${PYTHON} not found` };
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONPATH: pythonPath ?? '' };
  if (pythonPath === undefined) delete env.PYTHONPATH;
  const r = spawnSync(PYTHON, ['-c', 'import xgboost, numpy; print(xgboost.__version__)'], { env, encoding: 'utf8', timeout: 60_000 });
  const got = (r.stdout ?? '').trim();
  if (r.status !== 0) return { version, env: null, reason: `cannot import xgboost: ${(r.stderr ?? '').trim().split('\n').pop() ?? ''}` };
  if (got !== version) return { version, env: null, reason: `found XGBoost ${got}, not ${version}` };
  return { version, env, reason: '' };
}

const anchor341 = probe('3.4.1', ANCHOR_ENV.find((p) => p !== undefined && existsSync(join(p, 'xgboost'))));
const anchor174 = probe('1.7.4', undefined);
for (const a of [anchor341, anchor174]) if (a.env === null) console.info(`XGBoost ${a.version} anchor tests skipped: ${a.reason}`);

const tmpDirs: string[] = [];
afterAll(() => {
  for (const d of tmpDirs) rmSync(d, { recursive: true, force: true });
});

function runPython(anchor: Anchor, args: string[]): void {
  const r = spawnSync(PYTHON, args, { env: anchor.env!, encoding: 'utf8', timeout: 240_000 });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
}

/** Lines of '%.9g' values (tab-separated columns flattened), as float32. */
function readFloats(path: string): Float32Array {
  return Float32Array.from(readFileSync(path, 'utf8').trim().split(/\s+/), Number);
}

/** Index and values of the first difference of two float32 arrays, or null when bit-identical. */
function firstDifference(got: Float32Array, want: Float32Array): string | null {
  if (got.length !== want.length) return `lengths ${got.length} and ${want.length}`;
  for (let i = 0; i < got.length; i++) {
    if (!Object.is(got[i], want[i])) return `entry ${i}: ${got[i]} here, ${want[i]} in XGBoost`;
  }
  return null;
}

/** Checks every case of a folder written by generate.py. */
function checkFolder(dir: string, version: string): void {
  const cases = readFileSync(join(dir, 'cases.txt'), 'utf8').trim().split('\n');
  it(`${version}: ${cases.length} cases, every objective the reader accepts and dropout`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(19);
  });
  for (const name of cases) {
    it(`${version} ${name}: margins, outputs and leaves are bit-exact${existsSync(join(dir, `${name}.contrib.txt`)) ? ', SHAP too' : ''}`, async () => {
      const model = await readModelFile(join(dir, `${name}.json`));
      expect(objectiveInfo(model.objective.name), model.objective.name).toBeDefined();
      const data = await loadDataset(join(dir, 'data.csv'), { label: 'y' });
      const p = Predictor.fromModel(model);
      expect(firstDifference(p.predictMargin(data), readFloats(join(dir, `${name}.margin.txt`))), 'margins').toBeNull();
      expect(firstDifference(p.predict(data), readFloats(join(dir, `${name}.pred.txt`))), 'outputs').toBeNull();
      const leaves = p.predictLeaf(data);
      expect(Array.from(leaves)).toEqual(Array.from(readFloats(join(dir, `${name}.leaf.txt`))));
      const contrib = join(dir, `${name}.contrib.txt`);
      if (existsSync(contrib)) {
        const want = readFloats(contrib);
        const got = shapValues(model, data);
        // TreeSHAP sums in a different order than XGBoost; its values agree to float32 rounding.
        let worst = 0;
        for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!));
        expect(got.length).toBe(want.length);
        expect(worst).toBeLessThan(2e-6);
      }
      if (name.startsWith('dart')) expect(model.treeWeights.some((w) => w !== 1), 'dropout weights were read').toBe(true);
    });
  }
}

describe('committed XGBoost 3.4.1 models (every objective, dropout as gbtree + weight_drop)', () => {
  checkFolder(join(FIXTURES, 'xgboost-3.4.1'), '3.4.1');
});

describe('committed XGBoost 1.7.4 models (every objective it has, dropout as booster dart)', () => {
  checkFolder(join(FIXTURES, 'xgboost-1.7.4-objectives'), '1.7.4');
});

for (const anchor of [anchor341, anchor174]) {
  describe.skipIf(anchor.env === null)(`XGBoost ${anchor.version} (anchor): fresh models, and ours loaded by it`, () => {
    const dir = mkdtempSync(join(tmpdir(), `lb-objectives-${anchor.version}-`));
    tmpDirs.push(dir);
    if (anchor.env !== null) runPython(anchor, [GENERATE, dir]);
    if (anchor.env !== null) checkFolder(dir, `${anchor.version} fresh`);

    it('models written here (JSON) load in XGBoost and predict our margins and outputs to the bit', async () => {
      const cases = readFileSync(join(dir, 'cases.txt'), 'utf8').trim().split('\n');
      const data = await loadDataset(join(dir, 'data.csv'), { label: 'y' });
      for (const name of cases) {
        const model = await readModelFile(join(dir, `${name}.json`));
        writeFileSync(join(dir, `${name}.ours.json`), modelToJSON(model));
      }
      runPython(anchor, [PREDICT, dir, ...cases.map((c) => `${c}.ours.json`)]);
      for (const name of cases) {
        const model = await readModelFile(join(dir, `${name}.ours.json`));
        const p = Predictor.fromModel(model);
        expect(firstDifference(p.predictMargin(data), readFloats(join(dir, `${name}.ours.json.margin.txt`))), `${name} margins`).toBeNull();
        expect(firstDifference(p.predict(data), readFloats(join(dir, `${name}.ours.json.pred.txt`))), `${name} outputs`).toBeNull();
      }
    });
  });
}
