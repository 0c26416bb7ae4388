/**
 * Fuzzing the delimited-text reader (CSV, TSV, semicolons) through loadDataset.
 *
 * 1. Generated well-formed files (header or not, quoted cells and names with separators, quotes
 *    and line breaks, missing tokens, infinities, numbers in many styles, BOM, CRLF, blank lines,
 *    trailing separators, no final newline) load to exactly what a small reference reader in this
 *    file gives, and to the values they were generated from.
 * 2. The same files mutated (byte flips, truncation, inserted bytes/quotes/separators/newlines,
 *    duplicated, dropped and swapped lines) and random bytes either load to a well-formed Dataset
 *    or fail with a DataError, each within the time bound, without retained memory growth.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/dataset.js';
import { DataError } from '../../src/errors.js';
import { parseDelimitedChunks } from '../../src/data/delimited-reader.js';
import type { LoadOptions } from '../../src/data/load.js';
import { loadOrReject, loadWellFormed } from './dataset-checks.js';
import { DATA_ERRORS, expectBothOutcomes, FC_PARAMS, FUZZ_TEST_TIMEOUT_MS, FuzzBatch, MUTATION_RUNS, REFERENCE_RUNS, showBytes, useFuzzDir } from './harness.js';
import { applyMutations, fractionArb, mutationsArb, randomBytesArb, tokenSoupArb } from './mutate.js';
import { featureTokenArb, firstDifference, infiniteTokenArb, labelTokenArb, referenceNumber, type NumberToken } from './tokens.js';

const dir = useFuzzDir('csv');

// ---------------------------------------------------------------------------------------------
// Generated files

interface Cell extends NumberToken {
  quoted: boolean;
  pad: boolean;
}

interface CsvCase {
  delimiter: ',' | '\t' | ';';
  /** Pass format csv/tsv instead of auto. */
  explicitFormat: boolean;
  header: boolean;
  /** With a header: select column 0 as the label by name. */
  labelByName: boolean;
  names: string[];
  quoteNames: boolean[];
  rows: Cell[][];
  eol: '\n' | '\r\n';
  bom: boolean;
  finalEol: boolean;
  trailingSep: boolean;
  /** Blank (or space-only) lines: [index of the record they follow (-1 = before the first), text]. */
  blankLines: [number, string][];
}

const NAME_SUFFIXES = ['', '', ' x', ',y', ' "q"', 'é', ';z', '\tt', '\nn', '\r\nm', '中'];

function caseArb(): fc.Arbitrary<CsvCase> {
  return fc
    .record({
      nCols: fc.integer({ min: 1, max: 6 }),
      nRows: fc.integer({ min: 1, max: 8 }),
      header: fc.boolean(),
      labelByName: fc.boolean(),
    })
    .chain(({ nCols, nRows, header, labelByName }) => {
      const hasLabel = !header || labelByName;
      const cellArb = (j: number): fc.Arbitrary<Cell> => {
        const last = j === nCols - 1;
        const token: fc.Arbitrary<NumberToken> =
          j === 0 && hasLabel
            ? labelTokenArb // labels must stay finite in float32
            : last
              ? featureTokenArb // never the empty cell: a blank last cell reads as a trailing separator
              : fc.oneof({ weight: 6, arbitrary: featureTokenArb }, { weight: 1, arbitrary: fc.constant({ text: '', value: NaN }) });
        return fc.record({ token, quoted: fc.boolean(), pad: fc.boolean() }).map(({ token: t, quoted, pad }) => ({ ...t, quoted, pad }));
      };
      return fc.record({
        delimiter: fc.constantFrom(',' as const, '\t' as const, ';' as const),
        explicitFormat: fc.boolean(),
        header: fc.constant(header),
        labelByName: fc.constant(labelByName),
        // Line breaks in a name only after the first column: the delimiter is detected from the
        // first physical line, which must then hold a delimiter outside quotes.
        names: fc.tuple(...Array.from({ length: nCols }, (_, j) => fc.constantFrom(...NAME_SUFFIXES.filter((s) => j > 0 || !s.includes('\n'))).map((s) => `c${j}${s}`))),
        quoteNames: fc.array(fc.boolean(), { minLength: nCols, maxLength: nCols }),
        rows: fc.array(fc.tuple(...Array.from({ length: nCols }, (_, j) => cellArb(j))), { minLength: nRows, maxLength: nRows }),
        eol: fc.constantFrom('\n' as const, '\r\n' as const),
        bom: fc.boolean(),
        finalEol: fc.boolean(),
        trailingSep: fc.boolean(),
        blankLines: fc.array(fc.tuple(fc.integer({ min: -1, max: nRows }), fc.constantFrom('', '  ', ' ')), { maxLength: 3 }),
      });
    });
}

function needsQuotes(s: string): boolean {
  return /[",;\t\r\n]/.test(s);
}

function quote(s: string): string {
  return `"${s.replaceAll('"', '""')}"`;
}

/** The file text of a case. */
function render(c: CsvCase): string {
  const records: string[] = [];
  if (c.header) records.push(c.names.map((n, j) => (c.quoteNames[j] || needsQuotes(n) ? quote(n) : n)).join(c.delimiter));
  for (const row of c.rows) {
    records.push(
      row
        .map((cell) => {
          const core = cell.quoted ? quote(cell.text) : cell.text;
          return cell.pad ? ` ${core} ` : core;
        })
        .join(c.delimiter),
    );
  }
  const lines: string[] = [];
  const blanksAfter = (i: number): void => {
    for (const [at, text] of c.blankLines) if (at === i) lines.push(text);
  };
  blanksAfter(-1);
  records.forEach((r, i) => {
    lines.push(c.trailingSep ? r + c.delimiter : r);
    blanksAfter(i - (c.header ? 1 : 0));
  });
  let text = lines.join(c.eol);
  if (c.finalEol) text += c.eol;
  return (c.bom ? '\uFEFF' : '') + text;
}

function loadOptions(c: CsvCase): LoadOptions {
  const o: LoadOptions = {};
  if (c.explicitFormat) o.format = c.delimiter === '\t' ? 'tsv' : 'csv';
  if (c.header && c.labelByName) o.label = c.names[0]!;
  return o;
}

/** What the generator says the file holds. */
interface Expected {
  nRows: number;
  names: string[];
  hasNames: boolean;
  label: number[] | null;
  columns: number[][];
}

function expectedFromCase(c: CsvCase): Expected {
  const hasLabel = !c.header || c.labelByName;
  const first = hasLabel ? 1 : 0;
  const nCols = c.names.length;
  const columns: number[][] = [];
  for (let j = first; j < nCols; j++) columns.push(c.rows.map((r) => r[j]!.value));
  return {
    nRows: c.rows.length,
    names: c.header ? c.names.slice(first) : columns.map((_, k) => `f${k}`),
    hasNames: c.header,
    label: hasLabel ? c.rows.map((r) => r[0]!.value) : null,
    columns,
  };
}

// ---------------------------------------------------------------------------------------------
// The reference reader: a character-by-character RFC 4180 splitter and the value rules, written
// for clarity, not speed. It knows whether the file has a header and a label in column 0.

interface RefCell {
  text: string;
  quoted: boolean;
}

function referenceRecords(text: string, delim: string): RefCell[][] {
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  const records: RefCell[][] = [];
  let record: RefCell[] = [];
  let cell = '';
  let quoted = false;
  let inQuotes = false;
  let i = 0;
  const endCell = (): void => {
    record.push({ text: quoted ? cell : cell.trim(), quoted });
    cell = '';
    quoted = false;
  };
  const endRecord = (): void => {
    endCell();
    const blank = record.length === 1 && !record[0]!.quoted && record[0]!.text === '';
    if (!blank) records.push(record);
    record = [];
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (inQuotes) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
      } else if (ch === '"') {
        inQuotes = false;
        i++;
      } else {
        cell += ch;
        i++;
      }
    } else if (ch === '"' && cell.trim() === '') {
      inQuotes = true;
      quoted = true;
      cell = '';
      i++;
    } else if (ch === delim) {
      endCell();
      i++;
    } else if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      if (!(quoted && (ch === ' ' || ch === '\t'))) cell += ch; // spaces after a closing quote
      i++;
    }
  }
  if (cell !== '' || quoted || record.length > 0) endRecord();
  return records;
}

function referenceValue(cell: RefCell): number {
  return referenceNumber(cell.text);
}

function referenceRead(text: string, delim: string, header: boolean, labelInColumn0: boolean): Expected {
  const records = referenceRecords(text, delim);
  let width = records[0]!.length;
  const lastBlank = (r: RefCell[], w: number): boolean => r.length === w && !r[w - 1]!.quoted && r[w - 1]!.text === '';
  if (width > 1 && lastBlank(records[0]!, width)) width--; // trailing separator (the generator never leaves the last column blank)
  const rows = records.map((r) => (r.length === width + 1 && lastBlank(r, width + 1) ? r.slice(0, width) : r));
  const data = header ? rows.slice(1) : rows;
  const first = labelInColumn0 ? 1 : 0;
  const columns: number[][] = [];
  for (let j = first; j < width; j++) columns.push(data.map((r) => referenceValue(r[j]!)));
  return {
    nRows: data.length,
    names: header ? rows[0]!.slice(first, width).map((c) => c.text.trim()) : columns.map((_, k) => `f${k}`),
    hasNames: header,
    label: labelInColumn0 ? data.map((r) => referenceValue(r[0]!)) : null,
    columns,
  };
}

function difference(d: Dataset, e: Expected, what: string): string | null {
  if (d.nRows !== e.nRows) return `${what}: nRows ${d.nRows}, expected ${e.nRows}`;
  if (d.nFeatures !== e.columns.length) return `${what}: nFeatures ${d.nFeatures}, expected ${e.columns.length}`;
  if (JSON.stringify(d.featureNames) !== JSON.stringify(e.names)) return `${what}: names ${JSON.stringify(d.featureNames)}, expected ${JSON.stringify(e.names)}`;
  if (d.hasFeatureNames !== e.hasNames) return `${what}: hasFeatureNames ${d.hasFeatureNames}`;
  if ((d.label === null) !== (e.label === null)) return `${what}: label ${d.label === null ? 'absent' : 'present'}`;
  if (d.label !== null) {
    const diff = firstDifference(`${what}: label`, d.label, e.label!);
    if (diff) return diff;
  }
  for (let j = 0; j < e.columns.length; j++) {
    const diff = firstDifference(`${what}: column ${j}`, d.columns[j]!, e.columns[j]!);
    if (diff) return diff;
  }
  if (d.weight !== null || d.queryOffsets !== null || d.position !== null) return `${what}: unexpected weight/query/position`;
  return null;
}

// ---------------------------------------------------------------------------------------------

describe('fuzz: delimited reader', () => {
  it(`generated well-formed files load to the reference reader's values (${REFERENCE_RUNS} cases)`, async () => {
    const path = dir.path('gen.csv');
    const batch = new FuzzBatch('csv: generated files vs reference', DATA_ERRORS, path);
    await fc.assert(
      fc.asyncProperty(caseArb(), async (c) => {
        const text = render(c);
        const bytes = new TextEncoder().encode(text);
        dir.write('gen.csv', bytes);
        const d = await loadWellFormed(batch, path, loadOptions(c), bytes.length, () => JSON.stringify(text));
        const hasLabel = !c.header || c.labelByName;
        const vsGenerator = difference(d, expectedFromCase(c), 'vs generated values');
        const vsReference = difference(d, referenceRead(text, c.delimiter, c.header, hasLabel), 'vs reference reader');
        if (vsGenerator || vsReference) throw new Error(`${vsGenerator ?? vsReference}\nfile: ${JSON.stringify(text)}`);
      }),
      { ...FC_PARAMS, numRuns: REFERENCE_RUNS },
    );
    const s = batch.finish();
    expect(s.cases).toBeGreaterThanOrEqual(REFERENCE_RUNS);
  }, FUZZ_TEST_TIMEOUT_MS);

  it(`a feature cell whose float32 is infinite is refused, naming its column (${REFERENCE_RUNS} cases)`, async () => {
    const input = fc.tuple(caseArb(), fc.nat(), fc.nat(), infiniteTokenArb);
    await fc.assert(
      fc.asyncProperty(input, async ([c, r, j, token]) => {
        const first = !c.header || c.labelByName ? 1 : 0; // the label column is not a feature
        const width = c.rows[0]!.length;
        if (width <= first) return;
        const row = r % c.rows.length;
        const col = first + (j % (width - first));
        c.rows[row]![col] = { ...c.rows[row]![col]!, text: token.text, value: token.value };
        const options = { ...loadOptions(c), delimiter: c.delimiter.charCodeAt(0) };
        delete options.format;
        const bytes = new TextEncoder().encode(render(c).replace(/^\uFEFF/, ''));
        for (const fastPath of [true, false]) {
          let caught: unknown = null;
          try {
            await parseDelimitedChunks('mem', [bytes], { ...options, fastPath });
          } catch (e) {
            caught = e;
          }
          expect(caught, `${JSON.stringify(token.text)} in ${showBytes(bytes)}`).toBeInstanceOf(DataError);
          const e = caught as DataError;
          expect(e.location.column).toBe(c.header ? c.names[col]!.trim() : col);
          expect(e.detail).toMatch(/is infinite|beyond the float32 range/);
        }
      }),
      { ...FC_PARAMS, numRuns: REFERENCE_RUNS },
    );
  }, FUZZ_TEST_TIMEOUT_MS);

  it(`any split into chunks reads the same as one chunk (${REFERENCE_RUNS} cases)`, async () => {
    // The tokenizer keeps an incomplete record across chunks, and sets aside chunks in which it
    // cannot end: every split of valid and mutated text must give the same dataset, or the same
    // error, as the whole text, with and without the fast path for ordinary records.
    const batch = new FuzzBatch('csv: chunk splits vs one chunk', DATA_ERRORS);
    const enc = new TextEncoder();
    const input = fc.tuple(
      fc.oneof(
        caseArb().map((c) => ({ bytes: enc.encode(render(c).replace(/^\uFEFF/, '')), c })),
        fc.tuple(caseArb(), mutationsArb).map(([c, ms]) => ({ bytes: applyMutations(enc.encode(render(c).replace(/^\uFEFF/, '')), ms), c })),
      ),
      fc.array(fractionArb, { maxLength: 12 }),
    );
    // An error is compared by its place and the start of its detail: the text it quotes after a
    // closing quote is cut at the end of the bytes at hand, which depends on the split.
    const outcome = async (p: Promise<Dataset>): Promise<Dataset | string> => {
      try {
        return await p;
      } catch (err) {
        if (err instanceof DataError) return `${JSON.stringify(err.location)} ${err.detail.replace(/: ".*$/s, '')}`;
        throw err;
      }
    };
    await fc.assert(
      fc.asyncProperty(input, async ([{ bytes, c }, cuts]) => {
        const options = { ...loadOptions(c), delimiter: c.delimiter.charCodeAt(0) };
        delete options.format;
        const at = [...new Set(cuts.map((f) => Math.floor(f * (bytes.length + 1))))].sort((a, b) => a - b);
        const parts: Uint8Array[] = [];
        let prev = 0;
        for (const i of at) {
          parts.push(bytes.subarray(prev, i));
          prev = i;
        }
        parts.push(bytes.subarray(prev));
        await batch.run(() => `${showBytes(bytes)} split at ${at.join(',')}`, bytes.length, async () => {
          const whole = await outcome(parseDelimitedChunks('mem', [bytes], options));
          const split = await outcome(parseDelimitedChunks('mem', parts, options));
          expect(split).toEqual(whole);
          // The fast path for ordinary records reads exactly as the general path does, errors included.
          const general = await outcome(parseDelimitedChunks('mem', parts, { ...options, fastPath: false }));
          expect(general).toEqual(whole);
        });
      }),
      { ...FC_PARAMS, numRuns: REFERENCE_RUNS },
    );
    expect(batch.finish().cases).toBeGreaterThanOrEqual(REFERENCE_RUNS);
  }, FUZZ_TEST_TIMEOUT_MS);

  it(`mutated files and random bytes load or fail with a DataError (${MUTATION_RUNS} cases)`, async () => {
    const path = dir.path('mut.csv');
    const batch = new FuzzBatch('csv: mutated files and random bytes', DATA_ERRORS, path);
    const input = fc.oneof(
      { weight: 6, arbitrary: fc.tuple(caseArb(), mutationsArb).map(([c, ms]) => ({ bytes: applyMutations(new TextEncoder().encode(render(c)), ms), options: loadOptions(c) })) },
      { weight: 1, arbitrary: randomBytesArb.map((bytes) => ({ bytes, options: {} as LoadOptions })) },
      { weight: 1, arbitrary: fc.tuple(tokenSoupArb, fc.constantFrom<LoadOptions>({}, { format: 'csv' }, { format: 'tsv' }, { format: 'csv', header: true })).map(([bytes, options]) => ({ bytes, options })) },
    );
    await fc.assert(
      fc.asyncProperty(input, async ({ bytes, options }) => {
        dir.write('mut.csv', bytes);
        await loadOrReject(batch, path, options, bytes.length, () => `${showBytes(bytes)} options ${JSON.stringify(options)}`);
      }),
      { ...FC_PARAMS, numRuns: MUTATION_RUNS },
    );
    expectBothOutcomes(batch, MUTATION_RUNS);
  }, FUZZ_TEST_TIMEOUT_MS);
});
