/**
 * Fuzzing the UBJSON model reader (readModelFile on UBJSON content, decodeUBJSON) as
 * test/fuzz/model-json.test.ts fuzzes the JSON one.
 *
 * 1. Generated models (test/predict/random-model.ts: random shapes, numeric and categorical
 *    splits, dart weights) written with modelToUBJ load back to the same model and predict the
 *    same margins to the bit; decodeUBJSON(encodeUBJSON(v)) is v for generated JSON-like values
 *    with typed arrays.
 * 2. Every strict prefix of a UBJSON model (XGBoost 3.4.1's and ours) is refused as truncated,
 *    with a ModelError.
 * 3. The same files mutated at the byte level (flips, inserted tokens, 32-bit length fields set
 *    to hostile values) and random bytes behind a UBJSON object marker either load, or fail with
 *    a ModelError. A model that loads predicts numbers for rows of its width and writes back to
 *    UBJSON that loads and predicts the same.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Booster } from '../../src/booster/booster.js';
import { ModelError } from '../../src/errors.js';
import { decodeUBJSON, encodeUBJSON, UBJSONError } from '../../src/model-io/ubjson.js';
import { modelToJSON } from '../../src/model-io/xgboost-json.js';
import { modelToUBJ } from '../../src/model-io/xgboost-ubj.js';
import { readModelFile } from '../../src/model-io/model-file.js';
import { randomModel, randomRow, rng } from '../predict/random-model.js';
import { FC_PARAMS, FUZZ_TEST_TIMEOUT_MS, FuzzBatch, MODEL_ERRORS, MUTATION_RUNS, REFERENCE_RUNS, showBytes, useFuzzDir } from './harness.js';
import { applyMutations, mutationsArb, randomBytesArb } from './mutate.js';

const dir = useFuzzDir('model-ubj');

const FIXTURES = fileURLToPath(new URL('../fixtures/models/xgboost-3.4.1', import.meta.url));
const XGB_UBJ = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.ubj'))
  .sort()
  .map((f) => new Uint8Array(readFileSync(join(FIXTURES, f))));

/** A generated model (seeded) as UBJSON, with rows of its width. */
function generated(seed: number): { bytes: Uint8Array; rows: number[][]; margins: Float32Array } {
  const r = rng(seed);
  const nFeatures = 1 + Math.floor(r() * 6);
  const model = randomModel(r, { nFeatures, nTrees: Math.floor(r() * 5), maxNodes: 15, cats: r() < 0.3, weights: r() < 0.3, shuffle: r() < 0.5 });
  const rows = Array.from({ length: 6 }, () => randomRow(r, nFeatures));
  const margins = new Booster(model).predict(rows, { margin: true });
  return { bytes: modelToUBJ(model), rows, margins };
}

describe('fuzz: UBJSON model reader', () => {
  it(`generated models written as UBJSON load back and predict the same to the bit (${REFERENCE_RUNS} cases)`, async () => {
    const path = dir.path('gen.ubj');
    const batch = new FuzzBatch('model UBJSON: generated models round trip', MODEL_ERRORS, path);
    await fc.assert(
      fc.asyncProperty(fc.nat(), async (seed) => {
        const g = generated(seed);
        dir.write('gen.ubj', g.bytes);
        const outcome = await batch.run(() => showBytes(g.bytes), g.bytes.length, async () => {
          const back = new Booster(await readModelFile(path));
          const m = back.predict(g.rows, { margin: true });
          for (let i = 0; i < m.length; i++) if (!Object.is(m[i], g.margins[i])) throw new Error(`row ${i}: ${m[i]} after UBJSON, ${g.margins[i]} before`);
          if (modelToJSON(back.model) !== modelToJSON(Booster.fromUBJ(back.toUBJ()).model)) throw new Error('UBJSON round trip changed the model');
        });
        if (!outcome.ok) throw new Error(`a valid model was rejected: ${outcome.error.message}`);
      }),
      { ...FC_PARAMS, numRuns: REFERENCE_RUNS },
    );
    expect(batch.finish().loaded).toBeGreaterThanOrEqual(REFERENCE_RUNS);
  }, FUZZ_TEST_TIMEOUT_MS);

  it('decodeUBJSON(encodeUBJSON(v)) is v for JSON-like values with typed arrays', () => {
    const leaf = fc.oneof(
      fc.constant(null),
      fc.boolean(),
      fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
      fc.double({ noNaN: true }).filter((x) => !Object.is(x, -0)),
      fc.string(),
      fc.float32Array({ maxLength: 5 }),
      fc.int32Array({ maxLength: 5 }),
      fc.uint8Array({ maxLength: 5 }),
      fc.bigInt64Array({ maxLength: 3 }),
    );
    const value = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(fc.string(), tie('v'), { maxKeys: 4 })),
    })).v;
    fc.assert(
      fc.property(value, (v) => {
        const bytes = encodeUBJSON(v);
        const back = decodeUBJSON(bytes);
        expect(back).toEqual(v);
        expect(Buffer.from(encodeUBJSON(back)).equals(Buffer.from(bytes))).toBe(true);
      }),
      { seed: FC_PARAMS.seed, numRuns: 500 },
    );
  });

  it('every strict prefix of a UBJSON model is refused as truncated (ModelError, one line)', async () => {
    const path = dir.path('cut.ubj');
    const batch = new FuzzBatch('model UBJSON: prefixes', MODEL_ERRORS, path);
    const sources = [XGB_UBJ[0]!, generated(3).bytes];
    for (const full of sources) {
      for (let n = 0; n < full.length; n += n < 64 ? 1 : 7) {
        const cut = full.subarray(0, n);
        dir.write('cut.ubj', cut);
        const outcome = await batch.run(() => `prefix of ${n} bytes`, n, async () => {
          await readModelFile(path);
        });
        expect(outcome.ok, `prefix of ${n} bytes loaded`).toBe(false);
        if (!outcome.ok) {
          expect(outcome.error.message).not.toContain('\n');
          if (n >= 2) expect(outcome.error.message, `prefix of ${n} bytes`).toMatch(/cut\.ubj: truncated UBJSON \(unexpected end of data .* at byte \d+\)/);
        }
      }
    }
    batch.finish();
  });

  it(`mutated UBJSON models and random bytes load or fail with a ModelError; loaded ones predict and round-trip (${MUTATION_RUNS} cases)`, async () => {
    const path = dir.path('mut.ubj');
    const batch = new FuzzBatch('model UBJSON: mutated models and random bytes', MODEL_ERRORS, path);
    const input = fc.oneof(
      { weight: 4, arbitrary: fc.tuple(fc.nat({ max: XGB_UBJ.length - 1 }), mutationsArb).map(([i, ms]) => applyMutations(XGB_UBJ[i]!, ms)) },
      { weight: 4, arbitrary: fc.tuple(fc.nat(), mutationsArb).map(([seed, ms]) => applyMutations(generated(seed).bytes, ms)) },
      { weight: 1, arbitrary: randomBytesArb.map((b) => Uint8Array.of(0x7b, 0x4c, ...b)) },
      { weight: 1, arbitrary: randomBytesArb },
    );
    await fc.assert(
      fc.asyncProperty(input, async (bytes) => {
        dir.write('mut.ubj', bytes);
        await batch.run(() => showBytes(bytes), bytes.length, async () => {
          const booster = new Booster(await readModelFile(path));
          const nF = booster.nFeatures;
          const rows = [new Float32Array(Math.min(nF, 100_000)).fill(NaN), new Float32Array(Math.min(nF, 100_000))];
          if (nF > 100_000) return;
          const p = booster.predict(rows);
          if (p.length !== rows.length) throw new Error('predict did not return one float per row');
          let ubj: Uint8Array;
          try {
            ubj = booster.toUBJ();
          } catch (err) {
            if (err instanceof ModelError) return;
            throw err;
          }
          const again = Booster.fromUBJ(ubj, 'round-trip').predict(rows);
          for (let r = 0; r < rows.length; r++) if (!Object.is(again[r], p[r])) throw new Error(`row ${r}: ${p[r]} before writing, ${again[r]} after`);
        });
      }),
      { ...FC_PARAMS, numRuns: MUTATION_RUNS },
    );
    const s = batch.finish();
    expect(s.rejected).toBeGreaterThan(0);
    expect(s.loaded).toBeGreaterThan(0);
  }, FUZZ_TEST_TIMEOUT_MS);

  it('hostile lengths and markers are refused with the byte offset, before anything large is allocated', () => {
    const bad: [number[], RegExp][] = [
      [[0x5b, 0x24, 0x64, 0x23, 0x4c, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00], /unexpected end of data \(4398046511104 more bytes needed\) at byte 13/],
      [[0x5b, 0x24, 0x5a, 0x23, 0x6c, 0x7f, 0xff, 0xff, 0xff], /a container of 2147483647 elements is too large at byte 9/],
      [[0x53, 0x69, 0xff], /string length -1 is negative or too large at byte 1/],
      [[0x53, 0x4c, 0x80, 0, 0, 0, 0, 0, 0, 0], /string length -9223372036854775808 is negative or too large at byte 1/],
      [[0x4c, 0x7f, 0, 0, 0, 0, 0, 0, 0], /the integer 9151314442816847872 is beyond ±2\^53 at byte 1/],
      [[0x48, 0x69, 0x01, 0x31], /high-precision numbers \(H\) are not supported at byte 0/],
      [[0x5b, 0x24, 0x5b, 0x23, 0x69, 0x01], /'\[' is not allowed as a container's element type at byte 2/],
      [[0x7b, 0x69, 0x01, 0x61], /unexpected end of data \(1 more bytes needed\) at byte 4/],
      [[0x69, 0x01, 0x69], /1 bytes after the end of the value at byte 2/],
      [[0x71], /unknown type marker 'q' at byte 0/],
      [[0x53, 0x69, 0x01, 0xff], /a string is not valid UTF-8 at byte 3/],
      [[...new Array<number>(600).fill(0x5b)], /nesting deeper than 512 at byte 513/],
    ];
    for (const [bytes, want] of bad) {
      let err: unknown = null;
      try {
        decodeUBJSON(Uint8Array.from(bytes));
      } catch (e) {
        err = e;
      }
      expect(err, want.source).toBeInstanceOf(UBJSONError);
      expect((err as Error).message).toMatch(want);
    }
  });
});
