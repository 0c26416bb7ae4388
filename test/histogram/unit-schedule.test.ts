/**
 * The histogram units' cost model (src/histogram/unit-schedule.ts): list scheduling simulated
 * largest first, and a node split into feature blocks only where the simulated batch ends sooner.
 */
import { describe, expect, it } from 'vitest';
import { histogramUnitCost, makespan, ROW_PASS_UPDATES, splitNodes, type NodeUnits } from '../../src/histogram/unit-schedule.js';
import { featureBlocks } from '../../src/parallel/feature-blocks.js';

/** Blocks cost this much more than their share of the whole node in the synthetic cases below. */
const BLOCK_PENALTY = 1.15;
/** A node of cost c whose two blocks cost the penalty times their halves. */
const node = (c: number): NodeUnits => ({ whole: c, blocks: [(c / 2) * BLOCK_PENALTY, (c / 2) * BLOCK_PENALTY] });

describe('histogramUnitCost', () => {
  it('is the slot updates plus a per-row cost for each pass of up to 32 features', () => {
    expect(histogramUnitCost(100, 28)).toBe(100 * (28 + ROW_PASS_UPDATES));
    expect(histogramUnitCost(100, 16) + histogramUnitCost(100, 12)).toBe(100 * (28 + 2 * ROW_PASS_UPDATES));
    expect(histogramUnitCost(10, 136)).toBe(10 * (136 + 5 * ROW_PASS_UPDATES));
    expect(histogramUnitCost(0, 28)).toBe(0);
  });
});

describe('makespan', () => {
  it('takes units largest first, each by the thread free first', () => {
    expect(makespan([3, 3, 2, 2, 2], 2)).toBe(7); // 3+2+2 | 3+2
    expect(makespan([1, 5, 2], 1)).toBe(8);
    expect(makespan([4, 4, 4], 3)).toBe(4);
    expect(makespan([], 2)).toBe(0);
  });
});

describe('splitNodes', () => {
  it('keeps two near-equal nodes whole on two threads (each thread one node)', () => {
    expect(splitNodes([node(46), node(40)], [], 2)).toEqual([false, false]);
  });

  it('splits a lone node, and a node that dominates its batch', () => {
    expect(splitNodes([node(10)], [], 2)).toEqual([true]);
    expect(splitNodes([node(10), node(1), node(1)], [], 2)).toEqual([true, false, false]);
  });

  it('splits nothing with one thread, or where the blocks cost more than they balance', () => {
    expect(splitNodes([node(10)], [], 1)).toEqual([false]);
    const dear: NodeUnits = { whole: 10, blocks: [10, 10] };
    expect(splitNodes([dear], [], 2)).toEqual([false]);
  });

  it('counts the units that are never split (row halves)', () => {
    // halves 50 + 50 fill both threads evenly; a node of 20 beside them: whole 70 vs split 61.5
    expect(splitNodes([node(20)], [50, 50], 2)).toEqual([true]);
    // halves 50 + 30: the node of 20 whole evens them out
    expect(splitNodes([node(20)], [50, 30], 2)).toEqual([false]);
  });

  it('splits the larger nodes first and keeps a split only when it shortens the batch', () => {
    // whole: 30 | 10+... ; splitting 30 balances, splitting the small ones then does not help
    const got = splitNodes([node(5), node(30), node(5)], [], 2);
    expect(got).toEqual([false, true, false]);
    expect(makespan([5, 30 / 2 * BLOCK_PENALTY, 30 / 2 * BLOCK_PENALTY, 5], 2)).toBeLessThan(makespan([5, 30, 5], 2));
  });
});

describe('featureBlocks', () => {
  it('puts inner boundaries on multiples of 4 (ties up) with at least 4 features a block', () => {
    expect(Array.from(featureBlocks(28, 2))).toEqual([0, 16, 28]);
    expect(Array.from(featureBlocks(136, 2))).toEqual([0, 68, 136]);
    expect(Array.from(featureBlocks(20, 2))).toEqual([0, 12, 20]);
    expect(Array.from(featureBlocks(28, 4))).toEqual([0, 8, 16, 20, 28]);
    expect(Array.from(featureBlocks(9, 2))).toEqual([0, 4, 9]);
  });

  it('splits evenly below 4 features a block, and never makes an empty block', () => {
    expect(Array.from(featureBlocks(7, 2))).toEqual([0, 4, 7]);
    expect(Array.from(featureBlocks(5, 2))).toEqual([0, 3, 5]);
    expect(Array.from(featureBlocks(3, 2))).toEqual([0, 2, 3]);
    expect(Array.from(featureBlocks(1, 2))).toEqual([0, 1]);
    expect(Array.from(featureBlocks(28, 1))).toEqual([0, 28]);
    expect(Array.from(featureBlocks(0, 2))).toEqual([0, 0]);
    for (let nF = 1; nF <= 40; nF++) for (let t = 1; t <= 8; t++) {
      const b = Array.from(featureBlocks(nF, t));
      expect(b[0]).toBe(0);
      expect(b[b.length - 1]).toBe(nF);
      for (let i = 1; i < b.length; i++) expect(b[i]!).toBeGreaterThan(b[i - 1]!);
      expect(b.length - 1).toBeLessThanOrEqual(t);
    }
  });
});
