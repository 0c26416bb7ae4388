import { describe, expect, it } from 'vitest';
import { planColumns } from '../../src/data/column-plan.js';
import { TableColumns } from '../../src/data/table-columns.js';

describe('TableColumns', () => {
  const plan = planColumns('t.csv', ['y', 'a', 'skip', 'w', 'b', 'p'], 6, { label: 'y', weight: 'w', position: 'p', ignore: ['skip'] }, undefined);

  /** Writes rows 0..n-1 (value r + column/10, position r), growing as the readers do. */
  function fill(t: TableColumns, n: number): void {
    for (let r = 0; r < n; r++) {
      if (t.rows === t.capacity) t.grow();
      for (const j of [0, 1, 3, 4]) t.floats[j]![r] = r + j / 10;
      t.position[r] = r;
      t.rows = r + 1;
    }
  }

  it('grows all columns together, keeping the rows written, and trims to the row count', () => {
    const t = new TableColumns(plan, 3);
    expect(t.floats[2]!.length).toBe(0); // ignored: no values
    fill(t, 1000);
    expect(t.capacity).toBeGreaterThanOrEqual(1000);
    expect(t.capacity).toBeLessThan(1600); // grown by 1.5x steps, not doubled past need
    const { columns, label, weight, position } = t.finish();
    expect(columns.map((c) => c.length)).toEqual([1000, 1000]);
    expect(Array.from(columns[0]!.subarray(0, 3))).toEqual([0.1, 1.1, 2.1].map(Math.fround));
    expect(columns[1]![999]).toBe(Math.fround(999.4));
    expect(label![500]).toBe(500);
    expect(weight![7]).toBe(Math.fround(7.3));
    expect(Array.from(position!.subarray(995))).toEqual([995, 996, 997, 998, 999]);
  });

  it('finishes with views when the spare capacity is small, copies when it is large', () => {
    const close = new TableColumns(plan, 1050);
    fill(close, 1000);
    const a = close.finish();
    expect(a.columns[0]!.length).toBe(1000);
    expect(a.columns[0]!.buffer.byteLength).toBe(1050 * 4); // a view: 5% spare is kept
    const far = new TableColumns(plan, 4000);
    fill(far, 1000);
    const b = far.finish();
    expect(b.columns[0]!.buffer.byteLength).toBe(1000 * 4); // a copy: 300% spare is not
    expect(b.position!.buffer.byteLength).toBe(1000 * 4);
    expect(Array.from(b.columns[1]!)).toEqual(Array.from(a.columns[1]!));
  });
});
