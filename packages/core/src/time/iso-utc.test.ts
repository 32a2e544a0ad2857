import { describe, expect, it } from 'vitest';
import { isoUtc } from './iso-utc.ts';

describe('isoUtc', () => {
  it('writes what toISOString writes, across years, months and milliseconds', () => {
    const samples = [
      0,
      Date.UTC(2026, 11, 6, 9, 5, 3, 7),
      Date.UTC(1999, 0, 1, 0, 0, 0, 0),
      Date.UTC(2000, 1, 29, 23, 59, 59, 999),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
      Date.UTC(5, 6, 7, 8, 9, 10, 11),
      -1,
    ];
    for (let i = 0; i < 2_000; i++) samples.push(Math.floor(Math.random() * Date.UTC(2200, 0, 1)));
    for (const ms of samples) expect(isoUtc(ms)).toBe(new Date(ms).toISOString());
  });

  it('leaves years outside 0–9999 to toISOString, and throws on an invalid time as it does', () => {
    const far = Date.UTC(12_000, 0, 1);
    expect(isoUtc(far)).toBe(new Date(far).toISOString());
    const before = Date.UTC(-50, 0, 1);
    expect(isoUtc(before)).toBe(new Date(before).toISOString());
    expect(() => isoUtc(Number.NaN)).toThrow(RangeError);
  });
});
