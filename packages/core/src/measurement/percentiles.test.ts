import { describe, expect, it } from 'vitest';
import { percentile, summarize } from './percentiles.ts';

describe('percentile (PostgreSQL percentile_cont)', () => {
  it.each<[number[], number, number]>([
    // position = p * (n - 1), interpolated between the ranks either side
    [[1, 2, 3, 4], 0.5, 2.5],
    [[1, 2, 3, 4], 0.9, 3.7],
    [[1, 2, 3, 4], 0, 1],
    [[1, 2, 3, 4], 1, 4],
    [[10, 20, 30, 40, 50], 0.25, 20],
    [[10, 20, 30, 40, 50], 0.5, 30],
    [[10, 20, 30, 40, 50], 0.1, 14],
    // ties
    [[5, 5, 5, 10], 0.5, 5],
    [[5, 5, 5, 10], 0.75, 6.25],
    [[7], 0.5, 7],
    [[7], 0.95, 7],
  ])('%j at %d is %d', (sorted, p, expected) => {
    expect(percentile(sorted, p)).toBe(expected);
  });

  it('reads typed arrays', () => {
    expect(percentile(new Float64Array([0, 100]), 0.3)).toBe(30);
  });

  it('is null for no values', () => {
    expect(percentile([], 0.5)).toBeNull();
  });

  it.each([-0.1, 1.1, Number.NaN, 50])('rejects p = %d', (p) => {
    expect(() => percentile([1, 2], p)).toThrow(RangeError);
    expect(() => percentile([1, 2], p)).toThrow(/p must be a fraction between 0 and 1/);
  });
});

describe('summarize', () => {
  it('sorts a copy, ignores NaN and reports count, percentiles and mean', () => {
    const values = [3, 1, Number.NaN, 2, 4];
    const summary = summarize(values);
    expect(summary).toMatchObject({ count: 4, p50: 2.5, p75: 3.25, p90: 3.7, mean: 2.5 });
    expect(summary.p95).toBeCloseTo(3.85, 12);
    expect(values).toEqual([3, 1, Number.NaN, 2, 4]);
  });

  it('ties', () => {
    expect(summarize([10, 10, 10, 10])).toEqual({ count: 4, p50: 10, p75: 10, p90: 10, p95: 10, mean: 10 });
  });

  it('sorts numerically, not as text', () => {
    expect(summarize([100, 9, 20])).toMatchObject({ p50: 20 });
  });

  it.each([[[]], [[Number.NaN, Number.NaN]]])('%j summarises to nothing', (values) => {
    expect(summarize(values)).toEqual({ count: 0, p50: null, p75: null, p90: null, p95: null, mean: null });
  });
});
