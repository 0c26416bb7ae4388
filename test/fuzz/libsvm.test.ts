/**
 * Fuzzing the LibSVM / SVMlight reader through loadDataset.
 *
 * 1. Generated well-formed files (labels, optional qid: groups, index:value entries in any order
 *    with leading zeros, missing and infinite values, comments, blank and comment-only lines,
 *    spaces and tabs, BOM, CRLF, no final newline, a padded feature count) load to exactly what a
 *    split-based reference reader in this file gives, and to the values they were generated from.
 * 2. The same files mutated and random bytes either load to a well-formed Dataset or fail with a
 *    DataError, each within the time bound, without retained memory growth.
 */
import { rmSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/dataset.js';
import type { LoadOptions } from '../../src/data/load.js';
import { loadOrReject, loadWellFormed } from './dataset-checks.js';
import { DATA_ERRORS, expectBothOutcomes, FC_PARAMS, FUZZ_TEST_TIMEOUT_MS, FuzzBatch, MUTATION_RUNS, REFERENCE_RUNS, showBytes, useFuzzDir } from './harness.js';
import { applyMutations, mutationsArb, randomBytesArb, tokenSoupArb } from './mutate.js';
import { featureTokenArb, firstDifference, labelTokenArb, referenceNumber, type NumberToken } from './tokens.js';

const dir = useFuzzDir('libsvm');

interface Entry {
  index: number;
  indexText: string;
  value: NumberToken;
}

interface Row {
  label: NumberToken;
  qid: number | null;
  entries: Entry[];
  /** Separator before each token after the label (qid included). */
  seps: string[];
  comment: string | null;
  trailingSpace: string;
}

interface SvmCase {
  rows: Row[];
  eol: '\n' | '\r\n';
  bom: boolean;
  finalEol: boolean;
  /** Blank or comment-only lines: [index of the row they follow (-1 = before the first), text]. */
  extraLines: [number, string][];
  explicitFormat: boolean;
  nFeatures: number | undefined;
}

const SEPS = [' ', ' ', '\t', '  ', ' \t '];

function rowArb(maxIndex: number, qid: number | null): fc.Arbitrary<Row> {
  const entryArb = fc.record({
    index: fc.nat({ max: maxIndex }),
    leadingZeros: fc.constantFrom('', '', '', '0', '00'),
    value: featureTokenArb.filter((t) => !t.text.includes('#')), // `#N/A` would start a comment
  });
  return fc
    .record({
      label: labelTokenArb,
      entries: fc.uniqueArray(entryArb, { selector: (e) => e.index, maxLength: Math.min(8, maxIndex + 1) }),
      sorted: fc.boolean(),
      seps: fc.array(fc.constantFrom(...SEPS), { minLength: 10, maxLength: 10 }),
      comment: fc.option(fc.constantFrom('# c', '#x 1:2 qid:3', '#', '# é中'), { nil: null }),
      trailingSpace: fc.constantFrom('', '', ' ', '\t'),
    })
    .map(({ label, entries, sorted, seps, comment, trailingSpace }) => {
      const list = entries.map((e) => ({ index: e.index, indexText: e.leadingZeros + String(e.index), value: e.value }));
      if (sorted) list.sort((a, b) => a.index - b.index);
      return { label, qid, entries: list, seps, comment, trailingSpace };
    });
}

function caseArb(): fc.Arbitrary<SvmCase> {
  return fc
    .record({
      groupSizes: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }),
      hasQid: fc.boolean(),
      maxIndex: fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 3000 })),
      qidBase: fc.integer({ min: 0, max: 1_000_000 }),
    })
    .chain(({ groupSizes, hasQid, maxIndex, qidBase }) => {
      const rowArbs: fc.Arbitrary<Row>[] = [];
      groupSizes.forEach((size, g) => {
        for (let i = 0; i < size; i++) rowArbs.push(rowArb(maxIndex, hasQid ? qidBase + 7 * g : null));
      });
      const nRows = rowArbs.length;
      return fc.record({
        rows: fc.tuple(...rowArbs),
        eol: fc.constantFrom('\n' as const, '\r\n' as const),
        bom: fc.boolean(),
        finalEol: fc.boolean(),
        extraLines: fc.array(fc.tuple(fc.integer({ min: -1, max: nRows }), fc.constantFrom('', '  ', '\t', '# comment line', '#1 1:1')), { maxLength: 3 }),
        explicitFormat: fc.boolean(),
        nFeatures: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
      });
    })
    .map((c) => {
      // Auto-detection needs one line with an index:value (or qid:) token; a file of bare labels is
      // read as LibSVM only when asked for.
      const anyToken = c.rows.some((r) => r.qid !== null || r.entries.length > 0);
      return anyToken ? c : { ...c, explicitFormat: true };
    });
}

function renderRow(r: Row): string {
  let s = r.label.text;
  let k = 0;
  if (r.qid !== null) s += r.seps[k++ % r.seps.length]! + `qid:${r.qid}`;
  for (const e of r.entries) s += r.seps[k++ % r.seps.length]! + `${e.indexText}:${e.value.text}`;
  s += r.trailingSpace;
  if (r.comment !== null) s += ' ' + r.comment;
  return s;
}

function render(c: SvmCase): string {
  const lines: string[] = [];
  const extra = (i: number): void => {
    for (const [at, text] of c.extraLines) if (at === i) lines.push(text);
  };
  extra(-1);
  c.rows.forEach((r, i) => {
    lines.push(renderRow(r));
    extra(i);
  });
  let text = lines.join(c.eol);
  if (c.finalEol) text += c.eol;
  return (c.bom ? '\uFEFF' : '') + text;
}

function loadOptions(c: SvmCase): LoadOptions {
  const o: LoadOptions = {};
  if (c.explicitFormat) o.format = 'libsvm';
  if (c.nFeatures !== undefined) o.nFeatures = c.nFeatures;
  return o;
}

interface Expected {
  label: number[];
  columns: number[][];
  queryOffsets: number[] | null;
}

function dense(nRows: number, rowEntries: [number, number][][], nFeaturesOption: number | undefined): number[][] {
  let maxIndex = -1;
  for (const es of rowEntries) for (const [j] of es) maxIndex = Math.max(maxIndex, j);
  const nFeatures = Math.max(maxIndex + 1, nFeaturesOption ?? 0);
  const columns = Array.from({ length: nFeatures }, () => new Array<number>(nRows).fill(NaN));
  rowEntries.forEach((es, r) => {
    for (const [j, v] of es) columns[j]![r] = v;
  });
  return columns;
}

function offsets(qids: (number | null)[]): number[] | null {
  if (qids.length === 0 || qids[0] === null) return null;
  const out = [0];
  for (let i = 1; i < qids.length; i++) if (qids[i] !== qids[i - 1]) out.push(i);
  out.push(qids.length);
  return out;
}

function expectedFromCase(c: SvmCase): Expected {
  return {
    label: c.rows.map((r) => r.label.value),
    columns: dense(c.rows.length, c.rows.map((r) => r.entries.map((e) => [e.index, e.value.value])), c.nFeatures),
    queryOffsets: offsets(c.rows.map((r) => r.qid)),
  };
}

/** The reference reader: lines, comments cut at `#`, tokens split on spaces and tabs. */
function referenceRead(text: string, nFeaturesOption: number | undefined): Expected {
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  const label: number[] = [];
  const qids: (number | null)[] = [];
  const entries: [number, number][][] = [];
  for (const rawLine of text.split('\n')) {
    const line = rawLine.replace(/\r$/, '');
    const content = line.split('#')[0]!.trim();
    if (content === '') continue;
    const tokens = content.split(/[ \t]+/);
    label.push(referenceNumber(tokens[0]!));
    let qid: number | null = null;
    const es: [number, number][] = [];
    for (const t of tokens.slice(1)) {
      const [key, value] = t.split(':') as [string, string];
      if (key === 'qid') qid = Number(value);
      else es.push([Number(key), referenceNumber(value)]);
    }
    qids.push(qid);
    entries.push(es);
  }
  return { label, columns: dense(label.length, entries, nFeaturesOption), queryOffsets: offsets(qids) };
}

function difference(d: Dataset, e: Expected, what: string): string | null {
  if (d.nRows !== e.label.length) return `${what}: nRows ${d.nRows}, expected ${e.label.length}`;
  if (d.nFeatures !== e.columns.length) return `${what}: nFeatures ${d.nFeatures}, expected ${e.columns.length}`;
  if (d.hasFeatureNames || d.featureNames.some((n, j) => n !== `f${j}`)) return `${what}: feature names ${d.featureNames.slice(0, 5).join(',')}`;
  const l = firstDifference(`${what}: label`, d.label ?? [], e.label);
  if (l) return l;
  for (let j = 0; j < e.columns.length; j++) {
    const diff = firstDifference(`${what}: column ${j}`, d.columns[j]!, e.columns[j]!);
    if (diff) return diff;
  }
  const q = d.queryOffsets === null ? null : Array.from(d.queryOffsets);
  if (JSON.stringify(q) !== JSON.stringify(e.queryOffsets)) return `${what}: queryOffsets ${JSON.stringify(q)}, expected ${JSON.stringify(e.queryOffsets)}`;
  if (d.weight !== null || d.position !== null) return `${what}: unexpected weight/position`;
  return null;
}

describe('fuzz: LibSVM reader', () => {
  it(`generated well-formed files load to the reference reader's values (${REFERENCE_RUNS} cases)`, async () => {
    const path = dir.path('gen.svm');
    const batch = new FuzzBatch('libsvm: generated files vs reference', DATA_ERRORS, path);
    await fc.assert(
      fc.asyncProperty(caseArb(), async (c) => {
        const text = render(c);
        const bytes = new TextEncoder().encode(text);
        dir.write('gen.svm', bytes);
        const d = await loadWellFormed(batch, path, loadOptions(c), bytes.length, () => JSON.stringify(text));
        const diff = difference(d, expectedFromCase(c), 'vs generated values') ?? difference(d, referenceRead(text, c.nFeatures), 'vs reference reader');
        if (diff) throw new Error(`${diff}\nfile: ${JSON.stringify(text)}`);
      }),
      { ...FC_PARAMS, numRuns: REFERENCE_RUNS },
    );
    expect(batch.finish().cases).toBeGreaterThanOrEqual(REFERENCE_RUNS);
  }, FUZZ_TEST_TIMEOUT_MS);

  it(`mutated files and random bytes load or fail with a DataError (${MUTATION_RUNS} cases)`, async () => {
    const path = dir.path('mut.svm');
    const batch = new FuzzBatch('libsvm: mutated files and random bytes', DATA_ERRORS, path);
    const enc = new TextEncoder();
    const input = fc.oneof(
      {
        weight: 6,
        arbitrary: fc.tuple(caseArb(), mutationsArb).map(([c, ms]) => ({ bytes: applyMutations(enc.encode(render(c)), ms), options: loadOptions(c), nRows: c.rows.length })),
      },
      { weight: 1, arbitrary: randomBytesArb.map((bytes) => ({ bytes, options: { format: 'libsvm' } as LoadOptions, nRows: 3 })) },
      { weight: 1, arbitrary: tokenSoupArb.map((bytes) => ({ bytes, options: { format: 'libsvm' } as LoadOptions, nRows: 3 })) },
    );
    // Sometimes a sidecar file next to the data (.query, .weight or .position), valid for the
    // unmutated data and then mutated too: the sidecar readers face the same inputs.
    const SIDECARS = ['query', 'weight', 'position'] as const;
    const sidecarArb = fc.option(
      fc.record({
        kind: fc.constantFrom(...SIDECARS),
        values: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 12, maxLength: 12 }),
        eol: fc.constantFrom('\n', '\r\n'),
        mutations: fc.option(mutationsArb, { nil: null }),
      }),
      { nil: null, freq: 2 },
    );
    await fc.assert(
      fc.asyncProperty(input, sidecarArb, async ({ bytes, options, nRows }, sidecar) => {
        dir.write('mut.svm', bytes);
        for (const k of SIDECARS) rmSync(`${path}.${k}`, { force: true });
        let sideBytes = 0;
        if (sidecar !== null) {
          // One value per row (weights, positions), or group sizes adding up to the rows (query).
          let values = sidecar.values.slice(0, nRows);
          if (sidecar.kind === 'query') {
            values = [];
            for (let left = nRows, k = 0; left > 0; k++) {
              const size = Math.min(left, 1 + sidecar.values[k % 12]!);
              values.push(size);
              left -= size;
            }
          }
          const text = values.join(sidecar.eol) + sidecar.eol;
          const b = sidecar.mutations === null ? enc.encode(text) : applyMutations(enc.encode(text), sidecar.mutations);
          dir.write(`mut.svm.${sidecar.kind}`, b);
          sideBytes = b.length;
        }
        await loadOrReject(batch, path, options, bytes.length + sideBytes, () => `${showBytes(bytes)} options ${JSON.stringify(options)} sidecar ${JSON.stringify(sidecar)}`);
      }),
      { ...FC_PARAMS, numRuns: MUTATION_RUNS },
    );
    expectBothOutcomes(batch, MUTATION_RUNS);
  }, FUZZ_TEST_TIMEOUT_MS);
});
