/**
 * node-rows: a node's rows are its first window then its second; ranges of them map to at most two
 * windows, and empty windows or ranges give none.
 */
import { describe, expect, it } from 'vitest';
import { allRows, rootRows, rowCount, rowRange } from '../../src/tree/node-rows.js';

describe('node rows', () => {
  const node = { aStart: 10, aEnd: 13, bStart: 50, bEnd: 55 }; // 3 rows, then 5

  it('maps positions of the node\'s rows to windows of the partition array, in order', () => {
    expect(rowCount(node)).toBe(8);
    const at = (v0: number, v1: number): number[] => {
      const out: number[] = [];
      rowRange(node, v0, v1, out);
      return out;
    };
    expect(at(0, 8)).toEqual([10, 13, 50, 55]);
    expect(at(0, 2)).toEqual([10, 12]);
    expect(at(2, 5)).toEqual([12, 13, 50, 52]);
    expect(at(3, 8)).toEqual([50, 55]);
    expect(at(4, 4)).toEqual([]);
    expect(at(0, 0)).toEqual([]);
  });

  it('leaves out empty windows; the root is the array in two halves', () => {
    const out: number[] = [];
    allRows({ aStart: 4, aEnd: 4, bStart: 9, bEnd: 11 }, out);
    expect(out).toEqual([9, 11]);
    expect(rootRows(7)).toEqual({ aStart: 0, aEnd: 3, bStart: 3, bEnd: 7 });
    expect(rootRows(1)).toEqual({ aStart: 0, aEnd: 0, bStart: 0, bEnd: 1 });
  });
});
