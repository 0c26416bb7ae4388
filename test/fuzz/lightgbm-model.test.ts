/**
 * Fuzzing the LightGBM text model reader: generated models (random numerical and categorical
 * splits, every decision_type, one-leaf trees) predict what a recursive reference walk in this
 * file gives; the same texts mutated (bytes flipped, inserted, cut; lines dropped or repeated)
 * either load and predict, give SHAP values summing to the raw score, or fail with a ModelError.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lightgbmShapValues } from '../../src/explain/lightgbm-shap.js';
import { readAnyModelFile } from '../../src/model-io/any-model.js';
import { LightGBMPredictor } from '../../src/predict/lightgbm-predictor.js';
import { expectBothOutcomes, FC_PARAMS, FUZZ_TEST_TIMEOUT_MS, FuzzBatch, MODEL_ERRORS, MUTATION_RUNS, REFERENCE_RUNS, showBytes, useFuzzDir } from './harness.js';
import { applyMutations, mutationsArb } from './mutate.js';

const dir = useFuzzDir('lightgbm');

interface GenNode {
  feature: number;
  threshold: number;
  decision: number;
  /** Categories sent left (categorical nodes). */
  cats: number[];
  left: GenTree | number;
  right: GenTree | number;
}
type GenTree = GenNode;

const NF = 4;

const treeArb: fc.Memo<GenTree | number> = fc.memo((depth) =>
  depth <= 1
    ? fc.double({ min: -10, max: 10, noNaN: true })
    : fc.oneof(
        { weight: 1, arbitrary: fc.double({ min: -10, max: 10, noNaN: true }) },
        {
          weight: 3,
          arbitrary: fc.record({
            feature: fc.integer({ min: 0, max: NF - 1 }),
            threshold: fc.oneof(fc.double({ min: -3, max: 3, noNaN: true }), fc.constantFrom(0, 1e-35, -1e-36, 1.0000000000000002)),
            decision: fc.constantFrom(0, 1, 2, 3, 4, 6, 8, 10, 9, 11),
            cats: fc.uniqueArray(fc.integer({ min: 0, max: 70 }), { maxLength: 6 }),
            left: treeArb(depth - 1),
            right: treeArb(depth - 1),
          }),
        },
      ),
);

/** Renders a generated tree as a LightGBM `Tree=` block (nodes numbered in pre-order, as LightGBM's are increasing). */
function renderTree(t: GenTree | number, index: number): string {
  if (typeof t === 'number') return `Tree=${index}\nnum_leaves=1\nnum_cat=0\nleaf_value=${t}\nshrinkage=1\n`;
  const nodes: GenNode[] = [];
  const leaves: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const counts: number[] = [];
  const leafCounts: number[] = [];
  // Returns [child id, training rows below]: leaf i holds i + 1 rows.
  const visit = (n: GenTree | number): [number, number] => {
    if (typeof n === 'number') {
      leaves.push(n);
      leafCounts.push(leaves.length);
      return [~(leaves.length - 1), leaves.length];
    }
    const id = nodes.length;
    nodes.push(n);
    left.push(0);
    right.push(0);
    counts.push(0);
    const [l, cl] = visit(n.left);
    const [r, cr] = visit(n.right);
    left[id] = l;
    right[id] = r;
    counts[id] = cl + cr;
    return [id, cl + cr];
  };
  visit(t);
  const catNodes = nodes.filter((n) => (n.decision & 1) === 1);
  const boundaries = [0];
  const words: number[] = [];
  const thresholds = nodes.map((n) => {
    if ((n.decision & 1) === 0) return n.threshold;
    const nWords = Math.max(1, Math.ceil((Math.max(-1, ...n.cats) + 1) / 32));
    const bits = new Array<number>(nWords).fill(0);
    for (const c of n.cats) bits[c >> 5]! |= 1 << (c & 31);
    words.push(...bits.map((b) => b >>> 0));
    boundaries.push(words.length);
    return boundaries.length - 2;
  });
  const lines = [
    `Tree=${index}`, `num_leaves=${leaves.length}`, `num_cat=${catNodes.length}`,
    `split_feature=${nodes.map((n) => n.feature).join(' ')}`, `split_gain=${nodes.map(() => 1).join(' ')}`,
    `threshold=${thresholds.map((v) => (Number.isInteger(v) ? String(v) : v.toPrecision(17))).join(' ')}`,
    `decision_type=${nodes.map((n) => n.decision).join(' ')}`, `left_child=${left.join(' ')}`, `right_child=${right.join(' ')}`,
    `leaf_value=${leaves.map((v) => v.toPrecision(17)).join(' ')}`, `leaf_count=${leafCounts.join(' ')}`,
    `internal_count=${counts.join(' ')}`,
  ];
  if (catNodes.length > 0) lines.push(`cat_boundaries=${boundaries.join(' ')}`, `cat_threshold=${words.join(' ')}`);
  lines.push('shrinkage=1');
  return `${lines.join('\n')}\n`;
}

function render(trees: (GenTree | number)[], objective: string): string {
  const header = ['tree', 'version=v4', 'num_class=1', 'num_tree_per_iteration=1', 'label_index=0', `max_feature_idx=${NF - 1}`, `objective=${objective}`,
    `feature_names=${Array.from({ length: NF }, (_, j) => `f${j}`).join(' ')}`, `feature_infos=${Array.from({ length: NF }, () => 'none').join(' ')}`];
  return `${header.join('\n')}\n\n${trees.map(renderTree).join('\n')}\nend of trees\n`;
}

/** The reference walk: LightGBM's rules restated recursively on the generated tree. */
function referenceValue(t: GenTree | number, x: readonly number[], anyCat: boolean): number {
  if (typeof t === 'number') return t;
  let v = x[t.feature]!;
  if ((t.decision & 1) === 1 && anyCat) {
    if (Number.isNaN(v) || Math.trunc(v) < 0) return referenceValue(t.right, x, anyCat);
    return referenceValue(t.cats.includes(Math.trunc(v)) ? t.left : t.right, x, anyCat);
  }
  const missing = (t.decision >> 2) & 3;
  if (Number.isNaN(v) && missing !== 2) v = 0;
  const zero = Math.abs(v) <= Math.fround(1e-35);
  if ((missing === 1 && zero) || (missing === 2 && Number.isNaN(v))) return referenceValue((t.decision & 2) !== 0 ? t.left : t.right, x, anyCat);
  return referenceValue(v <= t.threshold ? t.left : t.right, x, anyCat);
}

function hasCat(t: GenTree | number): boolean {
  return typeof t !== 'number' && ((t.decision & 1) === 1 || hasCat(t.left) || hasCat(t.right));
}

const rowArb = fc.array(fc.oneof(fc.double({ min: -4, max: 4, noNaN: true }), fc.constantFrom(NaN, 0, -0, 1e-36, 1, 2, 33, 64, -1)), { minLength: NF, maxLength: NF });

describe('fuzz: LightGBM text models', () => {
  it(`generated models predict what the reference walk gives (${REFERENCE_RUNS / 2} cases)`, async () => {
    const path = dir.path('gen.txt');
    const batch = new FuzzBatch('lightgbm: generated models vs reference', MODEL_ERRORS, path);
    await fc.assert(
      fc.asyncProperty(fc.array(treeArb(5), { minLength: 1, maxLength: 4 }), fc.array(rowArb, { minLength: 1, maxLength: 8 }), async (trees, rows) => {
        const text = render(trees, 'regression');
        dir.write('gen.txt', text);
        const outcome = await batch.run(() => text.slice(0, 2000), text.length, async () => {
          const m = await readAnyModelFile(path);
          if (m.format !== 'lightgbm') throw new Error('not read as LightGBM');
          const got = new LightGBMPredictor(m.model).predictMargin(rows);
          rows.forEach((x, r) => {
            let want = 0;
            for (const t of trees) want += referenceValue(t, x, hasCat(t));
            if (!Object.is(got[r], want)) throw new Error(`row ${JSON.stringify(x)}: ${got[r]}, reference ${want}`);
          });
        });
        if (!outcome.ok) throw new Error(`${outcome.error.message}\n${text.slice(0, 3000)}`);
      }),
      { ...FC_PARAMS, numRuns: REFERENCE_RUNS / 2 },
    );
    expect(batch.finish().cases).toBeGreaterThanOrEqual(REFERENCE_RUNS / 2);
  }, FUZZ_TEST_TIMEOUT_MS);

  it(`mutated models load and predict or fail with a ModelError (${MUTATION_RUNS} cases)`, async () => {
    const path = dir.path('mut.txt');
    const batch = new FuzzBatch('lightgbm: mutated models', MODEL_ERRORS, path);
    const enc = new TextEncoder();
    const lineEdit = fc.record({ at: fc.nat(), kind: fc.constantFrom('drop', 'repeat', 'swap') });
    const input = fc.oneof(
      { weight: 3, arbitrary: fc.tuple(fc.array(treeArb(4), { minLength: 1, maxLength: 3 }), mutationsArb).map(([t, ms]) => applyMutations(enc.encode(render(t, 'binary sigmoid:1')), ms)) },
      {
        weight: 2,
        arbitrary: fc.tuple(fc.array(treeArb(4), { minLength: 1, maxLength: 3 }), fc.array(lineEdit, { minLength: 1, maxLength: 3 })).map(([t, edits]) => {
          const lines = render(t, 'lambdarank').split('\n');
          for (const e of edits) {
            const i = e.at % lines.length;
            if (e.kind === 'drop') lines.splice(i, 1);
            else if (e.kind === 'repeat') lines.splice(i, 0, lines[i]!);
            else lines.splice(i, 2, lines[i + 1] ?? '', lines[i]!);
          }
          return enc.encode(lines.join('\n'));
        }),
      },
    );
    await fc.assert(
      fc.asyncProperty(input, fc.array(rowArb, { minLength: 1, maxLength: 4 }), async (bytes, rows) => {
        dir.write('mut.txt', bytes);
        await batch.run(() => showBytes(bytes), bytes.length, async () => {
          const m = await readAnyModelFile(path);
          if (m.format !== 'lightgbm') return; // read by the XGBoost reader, fuzzed elsewhere
          const p = new LightGBMPredictor(m.model);
          const x = rows.map((r) => r.slice(0, m.model.nFeatures).concat(new Array<number>(Math.max(0, m.model.nFeatures - r.length)).fill(NaN)));
          const raw = p.predictMargin(x);
          p.predict(x);
          p.predictLeaf(x);
          let phi: Float64Array;
          try {
            phi = lightgbmShapValues(m.model, x, {}, path);
          } catch (err) {
            if (err instanceof Error && /internal_count/.test(err.message)) return; // refused: no counts
            throw err;
          }
          const stride = m.model.nFeatures + 1;
          for (let r = 0; r < x.length; r++) {
            let sum = 0;
            for (let j = 0; j < stride; j++) sum += phi[r * stride + j]!;
            const tol = 1e-9 * Math.max(1, Math.abs(raw[r]!));
            if (Number.isFinite(raw[r]!) && !(Math.abs(sum - raw[r]!) <= tol)) throw new Error(`row ${r}: SHAP values sum to ${sum}, raw score ${raw[r]}`);
          }
        });
      }),
      { ...FC_PARAMS, numRuns: MUTATION_RUNS },
    );
    expectBothOutcomes(batch, MUTATION_RUNS);
  }, FUZZ_TEST_TIMEOUT_MS);
});
