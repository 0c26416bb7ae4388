/**
 * The scale-out path end to end (examples/scale-out): XGBoost trains on a Dask cluster (two
 * worker processes on 127.0.0.1), lambdaboost loads the JSON models and predicts the held-out
 * Arrow files. Margins must equal XGBoost's own predictions from the same models to 1e-6 (in
 * practice they are bit-identical), for a regression and a ranking model.
 *
 * Needs Debian's python3-xgboost, python3-dask and python3-distributed for /usr/bin/python3 (not
 * whatever `python3` is first on PATH). Without them the suite is reported as skipped, with the
 * reason in its name and on the console, so CI without Python stays green.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Booster } from '../../src/booster/booster.js';
import type { Dataset } from '../../src/data/dataset.js';
import { readRow } from '../../src/data/dataset.js';
import { writeArrow } from '../../src/data/arrow-writer.js';
import { loadDataset, type LoadOptions } from '../../src/data/load.js';
import { readModelFile } from '../../src/model-io/model-file.js';
import { Predictor } from '../../src/predict/predictor.js';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('../../examples/scale-out/train_dask.py', import.meta.url));
const APT = 'apt-get install -y python3-xgboost python3-dask python3-distributed';
/** The example must run start to finish in under 2 minutes; its Python part gets this long. */
const PYTHON_TIMEOUT_MS = 110_000;
const TEST_ROWS = 2000;
const TOLERANCE = 1e-6;

/** Whether /usr/bin/python3 can run the example, and why not. */
function probePython(): { available: boolean; reason: string } {
  if (!existsSync(PYTHON)) return { available: false, reason: `${PYTHON} not found (${APT})` };
  const r = spawnSync(PYTHON, ['-c', 'import xgboost, dask, distributed; print(xgboost.__version__)'], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (r.status !== 0) {
    const why = (r.stderr ?? '').trim().split('\n').pop() ?? `exit status ${String(r.status)}`;
    return { available: false, reason: `${PYTHON} cannot import xgboost, dask, distributed: ${why} (${APT})` };
  }
  return { available: true, reason: `XGBoost ${r.stdout.trim()} with Dask for ${PYTHON}` };
}

const probe = probePython();
if (!probe.available) console.info(`scale-out integration test skipped: ${probe.reason}`);

/** What train_dask.py records in summary.json (the fields this test reads). */
interface Summary {
  xgboost: string;
  test_rows: { regression: number; ranking: number };
  test_queries: number;
  test_missing_fraction: { regression: number; ranking: number };
  features: string[];
  arrow_writer: string | null;
  timings: Record<string, number>;
}

/** The part of Booster.rank this test uses (Booster.rank may not exist in every checkout). */
interface RankCapable {
  rank(rows: ArrayLike<number>[]): { order: Int32Array; scores: Float32Array };
}

function canRank(b: object): b is RankCapable {
  return typeof (b as Partial<RankCapable>).rank === 'function';
}

/** Little-endian float32 file -> Float32Array. */
async function readF32(path: string): Promise<Float32Array> {
  const buf = await readFile(path);
  const out = new Float32Array(buf.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = buf.readFloatLE(i * 4);
  return out;
}

/** max |a[i] - b[i]|; Infinity when the lengths differ or either side has a NaN. */
function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (!(d <= m)) m = Number.isNaN(d) ? Infinity : d;
  }
  return m;
}

/** Indices of scores[lo..hi) relative to lo, highest score first, ties in input order. */
function orderOf(scores: Float32Array, lo: number, hi: number): Int32Array {
  const idx = Array.from({ length: hi - lo }, (_, i) => i);
  idx.sort((i, j) => scores[lo + j]! - scores[lo + i]! || i - j);
  return Int32Array.from(idx);
}

/** Fraction of missing (NaN) feature cells. */
function missingFraction(data: Dataset): number {
  let nan = 0;
  for (const col of data.columns) for (let r = 0; r < col.length; r++) if (Number.isNaN(col[r]!)) nan++;
  return nan / (data.nRows * data.nFeatures);
}

describe.skipIf(!probe.available)(`scale-out example: XGBoost on Dask -> lambdaboost (${probe.reason})`, () => {
  let dir = '';
  let summary: Summary;
  const REG_OPTS: LoadOptions = { label: 'label' };
  const RANK_OPTS: LoadOptions = { label: 'label', qid: 'qid' };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lambdaboost-scale-out-'));
    const t0 = Date.now();
    const run = await promisify(execFile)(PYTHON, [SCRIPT, '--out', dir], {
      timeout: PYTHON_TIMEOUT_MS,
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, PYTHONUNBUFFERED: '1' },
    });
    const seconds = (Date.now() - t0) / 1000;
    summary = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as Summary;
    // The hand-off format is Arrow IPC: pyarrow wrote it when installed, else lambdaboost's own
    // writer makes it from the CSV (what examples/scale-out/to-arrow.mjs does in run.sh).
    if (summary.arrow_writer === null) {
      await writeArrow(join(dir, 'regression-test.arrow'), await loadDataset(join(dir, 'regression-test.csv'), REG_OPTS));
      await writeArrow(join(dir, 'ranking-test.arrow'), await loadDataset(join(dir, 'ranking-test.csv'), RANK_OPTS));
    }
    const last = run.stdout.trim().split('\n').pop() ?? '';
    console.info(`scale-out: train_dask.py took ${seconds.toFixed(1)} s (XGBoost ${summary.xgboost}, Arrow by ${summary.arrow_writer ?? 'lambdaboost writeArrow'}): ${last}`);
  }, PYTHON_TIMEOUT_MS + 10_000);

  afterAll(async () => {
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  it('hands off 2,000 held-out rows per model with 2% missing values, Arrow equal to CSV', async () => {
    for (const [name, opts] of [['regression', REG_OPTS], ['ranking', RANK_OPTS]] as const) {
      const arrow = await loadDataset(join(dir, `${name}-test.arrow`), opts);
      const csv = await loadDataset(join(dir, `${name}-test.csv`), opts);
      expect(arrow.nRows).toBe(TEST_ROWS);
      expect(summary.test_rows[name]).toBe(TEST_ROWS);
      expect(arrow.featureNames).toEqual(summary.features);
      expect(missingFraction(arrow)).toBeCloseTo(0.02, 6);
      expect(arrow.columns).toEqual(csv.columns); // NaN equals NaN for toEqual
      expect(arrow.label).toEqual(csv.label);
      expect(arrow.queryOffsets).toEqual(csv.queryOffsets);
    }
  });

  it('regression (reg:squarederror, hist, Dask): margins equal XGBoost predict to 1e-6', async () => {
    const model = await readModelFile(join(dir, 'regression.json'));
    expect(model.objective.name).toBe('reg:squarederror');
    expect(model.featureNames).toEqual(summary.features);
    const data = await loadDataset(join(dir, 'regression-test.arrow'), REG_OPTS);
    const ours = Predictor.fromModel(model).predictMargin(data);
    const theirs = await readF32(join(dir, 'regression.xgb-margin.f32'));
    expect(theirs).toHaveLength(TEST_ROWS);
    const diff = maxAbsDiff(ours, theirs);
    console.info(`scale-out regression: max |margin difference| = ${diff} over ${ours.length} rows`);
    expect(diff).toBeLessThanOrEqual(TOLERANCE);
  });

  it('ranking (rank:ndcg with qid, hist, Dask): margins equal XGBoost predict to 1e-6, same order in every query', async () => {
    const model = await readModelFile(join(dir, 'ranking.json'));
    expect(model.objective.name).toBe('rank:ndcg');
    const data = await loadDataset(join(dir, 'ranking-test.arrow'), RANK_OPTS);
    const offsets = data.queryOffsets;
    expect(offsets).not.toBeNull();
    expect(offsets!.length - 1).toBe(summary.test_queries);
    const ours = Predictor.fromModel(model).predictMargin(data);
    const theirs = await readF32(join(dir, 'ranking.xgb-margin.f32'));
    const diff = maxAbsDiff(ours, theirs);
    console.info(`scale-out ranking: max |margin difference| = ${diff} over ${ours.length} rows, ${offsets!.length - 1} queries`);
    expect(diff).toBeLessThanOrEqual(TOLERANCE);

    // Rank each query: with Booster.rank when this checkout has it, else by sorting the margins.
    const booster = new Booster(model);
    console.info(`scale-out ranking: per-query order ${canRank(booster) ? 'from Booster.rank' : 'by sorting the margins (no Booster.rank here)'}`);
    for (let q = 0; q + 1 < offsets!.length; q++) {
      const lo = offsets![q]!;
      const hi = offsets![q + 1]!;
      const expected = orderOf(theirs, lo, hi);
      if (canRank(booster)) {
        const rows: Float32Array[] = [];
        for (let r = lo; r < hi; r++) {
          const row = new Float32Array(data.nFeatures);
          readRow(data, r, row);
          rows.push(row);
        }
        const ranked = booster.rank(rows);
        expect(ranked.scores).toEqual(ours.subarray(lo, hi));
        expect(ranked.order).toEqual(expected);
      } else {
        expect(orderOf(ours, lo, hi)).toEqual(expected);
      }
    }
  });
});
