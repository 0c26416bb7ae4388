/**
 * XGBoost's UBJSON model files: XGBoost 3.4.1's `.ubj` files (committed fixtures of every
 * objective) read to the same models as their `.json` twins and predict XGBoost's outputs to the
 * bit; ours are laid out as 3.4.1 lays them out (the same typed containers for the same keys); the
 * content, not the name, decides how a file is read (CLI, API); `--model-out m.ubj` writes UBJSON;
 * LightGBM models and compressed files are named as such. Where the XGBoost 3.4.1 anchor is
 * present, the UBJSON files written here load in it and predict what they predict here; 1.7.4
 * loads the same models from JSON (objective-models.test.ts) and, where it can, from UBJSON.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Booster, train } from '../../src/booster/booster.js';
import { loadDataset } from '../../src/data/load.js';
import { ModelError } from '../../src/errors.js';
import { detectModelFormat } from '../../src/model-io/model-format.js';
import { parseModelBytes, readModelFile, writeModelFile } from '../../src/model-io/model-file.js';
import { decodeUBJSON } from '../../src/model-io/ubjson.js';
import { modelToJSON } from '../../src/model-io/xgboost-json.js';
import { modelToUBJ } from '../../src/model-io/xgboost-ubj.js';
import { Predictor } from '../../src/predict/predictor.js';
import { DATA, runCli, tempDir } from '../cli/run-cli.js';

const FIX = fileURLToPath(new URL('../fixtures/models/xgboost-3.4.1', import.meta.url));
const CASES = readFileSync(join(FIX, 'cases.txt'), 'utf8').trim().split('\n');
const PYTHON = '/usr/bin/python3';
const ANCHOR = fileURLToPath(new URL('../../../../shared/anchors/xgboost-3.4.1/python', import.meta.url));

function floats(path: string): Float32Array {
  return Float32Array.from(readFileSync(path, 'utf8').trim().split(/\s+/), Number);
}

function sameBits(a: Float32Array, b: Float32Array): boolean {
  return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
}

/** The shape of a decoded UBJSON document: container kinds by path (typed arrays by class). */
function layout(v: unknown, path = '', out = new Map<string, string>()): Map<string, string> {
  if (ArrayBuffer.isView(v)) out.set(path, v.constructor.name);
  else if (Array.isArray(v)) {
    out.set(path, 'Array');
    if (v.length > 0) layout(v[0], `${path}[0]`, out);
  } else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) layout(x, `${path}.${k}`, out);
  } else out.set(path, typeof v);
  return out;
}

describe('XGBoost 3.4.1 UBJSON models', () => {
  it(`every .ubj fixture (${CASES.length}) reads to the model of its .json twin and predicts XGBoost's margins and outputs to the bit`, async () => {
    const data = await loadDataset(join(FIX, 'data.csv'), { label: 'y' });
    for (const name of CASES) {
      const fromUbj = await readModelFile(join(FIX, `${name}.ubj`));
      const fromJson = await readModelFile(join(FIX, `${name}.json`));
      expect(fromUbj.trees, name).toEqual(fromJson.trees);
      expect(fromUbj.treeWeights, name).toEqual(fromJson.treeWeights);
      expect(fromUbj.baseScore, name).toBe(fromJson.baseScore);
      const p = Predictor.fromModel(fromUbj);
      expect(sameBits(p.predictMargin(data), floats(join(FIX, `${name}.margin.txt`))), `${name} margins`).toBe(true);
      expect(sameBits(p.predict(data), floats(join(FIX, `${name}.pred.txt`))), `${name} outputs`).toBe(true);
    }
  });

  it("ours use 3.4.1's typed containers for the same keys (trees, ti+/tj-, cats), and round-trip", async () => {
    for (const name of ['dart-logistic', 'ndcg', 'logitraw']) {
      const theirs = layout(decodeUBJSON(new Uint8Array(readFileSync(join(FIX, `${name}.ubj`)))));
      const model = await readModelFile(join(FIX, `${name}.json`));
      // The dart form we write nests the tree model one level deeper than 3.4's gbtree form.
      const ours = new Map([...layout(decodeUBJSON(modelToUBJ(model)))].map(([p, k]) => [p.replace('.gradient_booster.gbtree.model', '.gradient_booster.model'), k]));
      let typedKeys = 0;
      for (const [path, kind] of theirs) {
        if (!ours.has(path)) continue; // keys 3.4.1 writes and 1.7.4's layout lacks (weight_drop's place, iteration_indptr)
        if (kind.endsWith('Array') && kind !== 'Array') typedKeys++;
        expect(ours.get(path), `${name} ${path}`).toBe(kind);
      }
      expect(typedKeys, name).toBeGreaterThanOrEqual(14);
      expect(modelToJSON(parseModelBytes(modelToUBJ(model), 'rt.ubj'))).toBe(modelToJSON(model));
    }
  });
});

describe('the content decides the format, the name how a model is written', () => {
  it('a UBJSON model named .json and a JSON model named .ubj both load, in the API and the CLI', async () => {
    const dir = tempDir();
    copyFileSync(join(FIX, 'logitraw.ubj'), join(dir, 'really-ubj.json'));
    copyFileSync(join(FIX, 'logitraw.json'), join(dir, 'really-json.ubj'));
    const a = await Booster.load(join(dir, 'really-ubj.json'));
    const b = await Booster.load(join(dir, 'really-json.ubj'));
    expect(a.model.trees).toEqual(b.model.trees);
    const want = readFileSync(join(FIX, 'logitraw.margin.txt'), 'utf8').trim().split('\n').map(Number);
    for (const file of ['really-ubj.json', 'really-json.ubj']) {
      const r = await runCli(['predict', '--model', join(dir, file), '--data', join(FIX, 'data.csv'), '--label', 'y', '--margin']);
      expect(r.status, r.stderr).toBe(0);
      expect(Float32Array.from(r.stdout.trim().split('\n').map(Number))).toEqual(Float32Array.from(want));
    }
    expect(Booster.fromUBJ(new Uint8Array(readFileSync(join(FIX, 'logitraw.ubj')))).nTrees).toBe(a.nTrees);
  });

  it('train --model-out m.ubj writes UBJSON that predicts as the JSON written from the same run', async () => {
    const dir = tempDir();
    const args = ['train', '--data', `${DATA}lightgbm-binary/binary.train`, '--objective', 'binary:logistic', '--rounds', '3', '--max_depth', '3', '--quiet'];
    expect((await runCli([...args, '--model-out', join(dir, 'm.ubj')])).status).toBe(0);
    expect((await runCli([...args, '--model-out', join(dir, 'm.json')])).status).toBe(0);
    const ubj = new Uint8Array(readFileSync(join(dir, 'm.ubj')));
    expect(detectModelFormat(ubj)).toBe('xgboost-ubj');
    expect(String.fromCharCode(ubj[0]!, ubj[1]!)).toBe('{L');
    const u = await Booster.load(join(dir, 'm.ubj'));
    const j = await Booster.load(join(dir, 'm.json'));
    expect(modelToJSON(u.model)).toBe(modelToJSON(j.model));
    expect(Buffer.from(u.toUBJ()).equals(Buffer.from(ubj))).toBe(true);
  });

  it('LightGBM models, compressed files and XGBoost binary models are named as such (one line)', async () => {
    const dir = tempDir();
    // XGBoost's reader names a LightGBM model as such; the CLI reads LightGBM models itself
    // (any-model.ts), so for these truncated ones it names what is missing (the 4th entry).
    const files: [string, Uint8Array | string, RegExp, RegExp?][] = [
      ['lgb.txt', 'tree\nversion=v4\nnum_class=1\nnum_tree_per_iteration=1\nlabel_index=0\nmax_feature_idx=3\n', /lgb\.txt: this is a LightGBM model \(text format\), not an XGBoost model/, /lgb\.txt: LightGBM model: .*truncated/],
      ['lgb.json', '{"name": "tree", "version": "v4", "num_class": 1, "tree_info": []}', /lgb\.json: this is a LightGBM model \(dump_model JSON\), not an XGBoost model/, /lgb\.json: LightGBM/],
      ['lgb-keys.json', '{"num_tree_per_iteration": 1, "name": "tree", "tree_info": [], "version": "v4"}', /this is a LightGBM model \(dump_model JSON\)/, /lgb-keys\.json: LightGBM/],
      ['m.json.gz', Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0), /m\.json\.gz: the file is gzip-compressed: decompress it first/],
      ['m.zst', Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, 0), /m\.zst: the file is zstd-compressed/],
      ['m.bin', 'binf\u0000\u0000\u0000?', /m\.bin: XGBoost's deprecated binary model format is not supported/],
      ['e.ubj', '', /e\.ubj: the file is empty/],
    ];
    for (const [name, content, want, cliWant] of files) {
      writeFileSync(join(dir, name), content);
      const err = await readModelFile(join(dir, name)).then(() => null, (e: unknown) => e);
      expect(err, name).toBeInstanceOf(ModelError);
      expect((err as Error).message).toMatch(want);
      const r = await runCli(['predict', '--model', join(dir, name), '--data', join(FIX, 'data.csv'), '--label', 'y']);
      expect(r.status, name).toBe(2);
      expect(r.stderr.trim().split('\n'), name).toHaveLength(1);
      expect(r.stderr).toMatch(cliWant ?? want);
    }
  });
});

/** How to run XGBoost `version` from /usr/bin/python3 (PYTHONPATH), or null when it cannot run here. */
function anchorEnv(version: string, pythonPath: string | null): NodeJS.ProcessEnv | null {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (pythonPath === null) delete env.PYTHONPATH;
  else env.PYTHONPATH = pythonPath;
  const r = spawnSync(PYTHON, ['-c', 'import xgboost, numpy; print(xgboost.__version__)'], { env, encoding: 'utf8', timeout: 60_000 });
  const ok = r.status === 0 && r.stdout.trim() === version;
  if (!ok) console.info(`UBJSON anchor test for XGBoost ${version} skipped: not importable with ${PYTHON}${pythonPath === null ? '' : ` and PYTHONPATH=${pythonPath}`}`);
  return ok ? env : null;
}

for (const [version, env] of [
  ['3.4.1', existsSync(PYTHON) && existsSync(join(ANCHOR, 'xgboost')) ? anchorEnv('3.4.1', ANCHOR) : null],
  ['1.7.4', existsSync(PYTHON) ? anchorEnv('1.7.4', null) : null],
] as const) {
  describe.skipIf(env === null)(`XGBoost ${version} (anchor) loads the UBJSON models written here`, () => {
    it('every objective, and a model trained here (with its extras): same margins and outputs to the bit', async () => {
      const dir = tempDir();
      // The fixtures' features, with a label that depends on them, for the model trained here.
      const lines = readFileSync(join(FIX, 'data.csv'), 'utf8').trim().split('\n');
      const labelled = lines.map((l, i) => (i === 0 ? l : `${Number(l.split(',')[1] || 0) > 0 ? 1 : 0}${l.slice(l.indexOf(','))}`));
      writeFileSync(join(dir, 'data.csv'), labelled.join('\n') + '\n');
      const data = await loadDataset(join(dir, 'data.csv'), { label: 'y' });
      const trained = await train({ objective: 'binary:logistic', max_depth: 2, num_round: 3 }, data);
      await trained.save(join(dir, 'trained.ours.ubj'));
      const names = ['trained.ours.ubj'];
      for (const c of CASES) {
        const model = await readModelFile(join(FIX, `${c}.json`));
        if (version === '1.7.4' && c === 'quantile') continue; // 1.7.4 has no reg:quantileerror
        await writeModelFile(join(dir, `${c}.ours.ubj`), model);
        names.push(`${c}.ours.ubj`);
      }
      const r = spawnSync(PYTHON, [join(FIX, 'predict.py'), dir, ...names], { env: env!, encoding: 'utf8', timeout: 240_000 });
      expect(r.status, r.stderr).toBe(0);
      expect(readdirSync(dir).filter((f) => f.endsWith('.ours.ubj.margin.txt'))).toHaveLength(names.length);
      for (const n of names) {
        const p = Predictor.fromModel(await readModelFile(join(dir, n)));
        expect(sameBits(p.predictMargin(data), floats(join(dir, `${n}.margin.txt`))), `${n} margins`).toBe(true);
        expect(sameBits(p.predict(data), floats(join(dir, `${n}.pred.txt`))), `${n} outputs`).toBe(true);
      }
    });
  });
}
