/**
 * Bad input: one clear line naming the file, the line or row and what was wrong; exit status 2;
 * no stack trace; no output file left behind.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeArrow } from '../../src/data/arrow-writer.js';
import { loadDataset } from '../../src/data/load.js';
import { DATA, runCli, tempDir } from './run-cli.js';

/** stderr may hold progress lines (`loaded ...`) before the error; the error itself is one last line. */
function expectOneLineError(stderr: string, ...parts: (string | RegExp)[]): void {
  const lines = stderr.trimEnd().split('\n');
  const errors = lines.filter((l) => l.startsWith('lambdaboost: '));
  expect(errors).toHaveLength(1);
  expect(lines[lines.length - 1]).toBe(errors[0]);
  expect(stderr).not.toMatch(/\n\s+at /);
  for (const p of parts) expect(errors[0]).toMatch(p);
}

const cases: [name: string, content: string | Buffer, args: string[], ...expect: (string | RegExp)[]][] = [
  ['ragged.csv', 'y,a,b\n1,2,3\n4,5\n', ['--label', 'y'], /ragged\.csv:3/, /3 cells|2 cells|expected/],
  // Text in a feature column makes it categorical (test/cli/categorical-input.test.ts); in the weight column it is an error.
  ['text.csv', 'y,w,a\n1,1,2\n3,abc,4\n', ['--label', 'y', '--weight', 'w'], /text\.csv:3/, /abc/],
  ['nanlabel.csv', 'y,a\n1,2\nNaN,3\n', ['--label', 'y'], /nanlabel\.csv:3/, /label/],
  ['inflabel.csv', 'y,a\n1,2\ninf,3\n', ['--label', 'y'], /inflabel\.csv:3/, /label/],
  ['empty.csv', '', [], /empty\.csv/, /empty|no rows|no data/i],
  ['header-only.csv', 'y,a,b\n', ['--label', 'y'], /header-only\.csv/, /no (data )?rows|only a header|header/i],
  ['novalue.libsvm', '1 1:0.5 2:1\n0 1:0.25 3:\n', [], /novalue\.libsvm:2/, /3:/],
  ['inffeature.csv', 'y,a,b\n1,2,3\n0,-Infinity,3\n', ['--label', 'y'], /inffeature\.csv:3 column "a": the value "-Infinity" is infinite/],
  ['hugefeature.tsv', '1\t2\t3\n0\t4\t1e39\n', [], /hugefeature\.tsv:2 column 2: the value "1e39" is beyond the float32 range/],
  ['inffeature.libsvm', '1 1:0.5 2:1\n0 1:inf\n', [], /inffeature\.libsvm:2 column 1: the value "inf" is infinite/],
  // An objective's label check names the label column by its name and quotes the value as written (not its float32 1.3609999418258667).
  ['problabel.csv', 'score,a\n0,2\n1.361,3\n', ['--label', 'score', '--objective', 'binary:logistic'], 'problabel.csv row 2 column "score": label 1.361 is outside [0, 1] for binary:logistic'],
  ['ranklabel.csv', 'rel,qid,a\n1,1,2\n1.5,1,3\n', ['--label', 'rel', '--qid', 'qid', '--objective', 'lambdarank'], 'ranklabel.csv row 2 column "rel": label 1.5 is not an integer'],
];

describe('CLI: bad input exits 2 with one line and writes nothing', () => {
  it.each(cases)('%s', async (name, content, extra, ...parts) => {
    const dir = tempDir();
    const file = join(dir, name);
    writeFileSync(file, content);
    const model = join(dir, 'model.json');
    const r = await runCli(['train', '--data', file, ...extra, '--rounds', '2', '--model-out', model]);
    expect(r.status).toBe(2);
    expectOneLineError(r.stderr, ...parts);
    expect(existsSync(model)).toBe(false);
    expect(readdirSync(dir)).toEqual([name]);
  });

  it('predict and eval refuse infinite values in the data to score (exit 2, one line, no output)', async () => {
    const dir = tempDir();
    const train = join(dir, 'train.csv');
    writeFileSync(train, 'y,a,b\n' + Array.from({ length: 30 }, (_, i) => `${i % 2},${i},${(i * 7) % 5}`).join('\n') + '\n');
    const model = join(dir, 'm.json');
    expect((await runCli(['train', '--data', train, '--label', 'y', '--rounds', '2', '--model-out', model, '--quiet'])).status).toBe(0);
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'y,a,b\n1,2,3\n0,4,inf\n');
    const out = join(dir, 'p.txt');
    const p = await runCli(['predict', '--model', model, '--data', bad, '--label', 'y', '--out', out]);
    expect(p.status).toBe(2);
    expectOneLineError(p.stderr, /bad\.csv:3 column "b": the value "inf" is infinite/);
    expect(existsSync(out)).toBe(false);
    const e = await runCli(['eval', '--model', model, '--data', bad, '--label', 'y']);
    expect(e.status).toBe(2);
    expectOneLineError(e.stderr, /bad\.csv:3 column "b": the value "inf" is infinite/);
  });

  it('a truncated Arrow file', async () => {
    const dir = tempDir();
    const full = join(dir, 'full.arrow');
    await writeArrow(full, await loadDataset(`${DATA}lightgbm-binary/binary.test`));
    const bytes = readFileSync(full);
    const cut = join(dir, 'cut.arrow');
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const r = await runCli(['train', '--data', cut, '--label', 'label', '--rounds', '2', '--model-out', join(dir, 'm.json')]);
    expect(r.status).toBe(2);
    expectOneLineError(r.stderr, /cut\.arrow/);
    expect(existsSync(join(dir, 'm.json'))).toBe(false);
  });

  it('a truncated model file, for predict and dump', async () => {
    const dir = tempDir();
    const model = join(dir, 'm.json');
    expect((await runCli(['train', '--data', `${DATA}lightgbm-binary/binary.test`, '--rounds', '2', '--model-out', model, '--quiet'])).status).toBe(0);
    const text = readFileSync(model, 'utf8');
    writeFileSync(model, text.slice(0, Math.floor(text.length * 0.6)));
    const out = join(dir, 'p.txt');
    const r = await runCli(['predict', '--model', model, '--data', `${DATA}lightgbm-binary/binary.test`, '--out', out]);
    expect(r.status).toBe(2);
    expectOneLineError(r.stderr, /m\.json/);
    expect(existsSync(out)).toBe(false);
    const d = await runCli(['dump', '--model', model]);
    expect(d.status).toBe(2);
    expectOneLineError(d.stderr, /m\.json/);
  });

  it('a missing data file, an unknown parameter, an out-of-range value, an unknown option', async () => {
    const dir = tempDir();
    const m = join(dir, 'm.json');
    const missing = await runCli(['train', '--data', join(dir, 'nope.csv'), '--model-out', m]);
    expect(missing.status).toBe(2);
    expectOneLineError(missing.stderr, /nope\.csv/);
    const unknown = await runCli(['train', '--data', `${DATA}lightgbm-binary/binary.test`, 'etta=0.1', '--model-out', m]);
    expect(unknown.status).toBe(2);
    expectOneLineError(unknown.stderr, /etta/, /did you mean eta/);
    const range = await runCli(['train', '--data', `${DATA}lightgbm-binary/binary.test`, '--max_depth', '-1', '--model-out', m]);
    expect(range.status).toBe(2);
    expectOneLineError(range.stderr, /max_depth/, /\[0, 64\]/);
    const opt = await runCli(['train', '--dataa', 'x']);
    expect(opt.status).toBe(2);
    expect(existsSync(m)).toBe(false);
  });

  it('a label outside [0, 1] for binary:logistic names the row', async () => {
    const dir = tempDir();
    const file = join(dir, 'y.csv');
    writeFileSync(file, 'y,a\n0,1\n1,2\n2,3\n');
    const r = await runCli(['train', '--data', file, '--label', 'y', '--objective', 'binary:logistic', '--model-out', join(dir, 'm.json')]);
    expect(r.status).toBe(2);
    expectOneLineError(r.stderr, /y\.csv/, /row 3/, /\[0, 1\]/);
  });
});
