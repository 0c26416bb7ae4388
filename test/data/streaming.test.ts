import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/load.js';
import { makeTmpDir } from './helpers.js';

const tmp = makeTmpDir();
afterAll(() => tmp.cleanup());

const N_FEATURES = 10;
/** Deterministic cell value for row i, feature j (3 decimals), or a missing value. */
function cell(i: number, j: number): string {
  if ((i * 31 + j) % 997 === 0) return 'NA';
  return (((i * (j + 7) * 2654435761) % 1000003) / 1000 - 500).toFixed(3);
}

describe('streaming a large CSV', () => {
  it('loads a generated ~50 MB CSV correctly', async () => {
    const path = `${tmp.dir}/big.csv`;
    const fd = openSync(path, 'w');
    writeSync(fd, ['y', ...Array.from({ length: N_FEATURES }, (_, j) => `f${j}`)].join(',') + '\r\n');
    let rows = 0;
    let bytes = 0;
    while (bytes < 50 * 1024 * 1024) {
      const lines: string[] = [];
      for (let k = 0; k < 10000; k++, rows++) {
        const cells = [String(rows % 5)];
        for (let j = 0; j < N_FEATURES; j++) cells.push(cell(rows, j));
        if (rows % 100000 === 7) cells[3] = `"${cells[3]}"`; // quoted numbers now and then
        lines.push(cells.join(','));
      }
      const block = lines.join('\r\n') + '\r\n';
      writeSync(fd, block);
      bytes += block.length;
    }
    closeSync(fd);
    expect(statSync(path).size).toBeGreaterThan(50 * 1024 * 1024);

    const t0 = performance.now();
    const d = await loadDataset(path, { label: 'y' });
    const ms = performance.now() - t0;
    console.log(`${(statSync(path).size / 2 ** 20).toFixed(1)} MiB CSV, ${rows} rows x ${N_FEATURES + 1} columns loaded in ${ms.toFixed(0)} ms`);

    expect(d.nRows).toBe(rows);
    expect(d.nFeatures).toBe(N_FEATURES);
    for (const i of [0, 1, 7, 12345, 100007, Math.floor(rows / 2), rows - 1]) {
      expect(d.label![i]).toBe(i % 5);
      for (let j = 0; j < N_FEATURES; j++) {
        const text = cell(i, j);
        const got = d.columns[j]![i]!;
        if (text === 'NA') expect(got).toBeNaN();
        else expect(got, `row ${i} f${j}`).toBe(Math.fround(Number(text)));
      }
    }
    let missing = 0;
    for (const c of d.columns) for (const v of c) if (Number.isNaN(v)) missing++;
    let expected = 0;
    for (let i = 0; i < rows; i++) for (let j = 0; j < N_FEATURES; j++) if ((i * 31 + j) % 997 === 0) expected++;
    expect(missing).toBe(expected);
  });
});
