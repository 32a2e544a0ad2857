import { describe, expect, it } from 'vitest';
import { scorePairwise } from './pairwise.ts';
import { countMergedNegatives, judge, type SetResult } from './report.ts';

describe('countMergedNegatives', () => {
  const truth = new Map([
    ['a1', 'A'],
    ['a2', 'A'],
    ['b1', 'B'],
    ['c1', 'C'],
    ['d1', 'D'],
  ]);
  it('counts a negative pair as merged when any records of the two share a cluster', () => {
    const clusterOf = new Map([
      ['a1', 'x'],
      ['a2', 'y'],
      ['b1', 'y'],
      ['c1', 'z'],
      ['d1', 'w'],
    ]);
    const counts = countMergedNegatives(truth, clusterOf, [
      ['A', 'B', 'namesake'],
      ['C', 'D', 'namesake'],
      ['A', 'C', 'sr-jr'],
    ]);
    expect(counts).toEqual({ namesake: { total: 2, merged: 1 }, 'sr-jr': { total: 1, merged: 0 } });
  });
  it('a record missing from the output merges nothing', () => {
    const counts = countMergedNegatives(truth, new Map([['a1', 'x']]), [['A', 'B', 'namesake']]);
    expect(counts).toEqual({ namesake: { total: 1, merged: 0 } });
  });
});

describe('judge', () => {
  const score = scorePairwise(
    new Map([
      ['a', 'E'],
      ['b', 'E'],
      ['c', 'F'],
    ]),
    [
      ['a', '1'],
      ['b', '1'],
      ['c', '1'],
    ],
  ); // P 1/3, R 1, F1 0.5
  const base: SetResult = { set: 's', rows: 3, score, wallSec: 10, peakMb: 100, target: {} };
  it.each([
    [{ f1: 0.5 }, true],
    [{ f1: 0.6 }, false],
    [{ f1: 0.5, seconds: 60, peakMb: 4096 }, true],
    [{ f1: 0.5, seconds: 5 }, false],
    [{ f1: 0.5, peakMb: 50 }, false],
    [{}, undefined],
  ] as const)('target %o → %s', (target, expected) => {
    expect(judge({ ...base, target })).toBe(expected);
  });
  it('fails an invalid output and an error whatever the score', () => {
    const missing = scorePairwise(new Map([['a', 'E']]), []);
    expect(judge({ ...base, score: missing, target: { f1: 0 } })).toBe(false);
    expect(judge({ ...base, error: 'exit 1', target: { f1: 0 } })).toBe(false);
  });
});
