import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration.ts';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('parseDuration', () => {
  it.each([
    ['45s', 45 * SECOND],
    ['90m', 90 * MINUTE],
    ['4h', 4 * HOUR],
    ['1.5h', 90 * MINUTE],
    ['30d', 30 * DAY],
    ['2w', 14 * DAY],
    ['0d', 0],
    [' 30d ', 30 * DAY],
    ['30 d', 30 * DAY],
  ])('reads %j as %d ms', (text, ms) => {
    expect(parseDuration(text)).toEqual({ ok: true, value: ms });
  });

  it.each([
    ['', 'no number or unit'],
    ['30', 'a number without a unit'],
    ['d', 'a unit without a number'],
    ['30D', 'an upper-case unit'],
    ['30y', 'an unknown unit'],
    ['-5d', 'a negative amount'],
    ['.5h', 'a fraction without a leading digit'],
    ['1h30m', 'two units'],
    ['thirty days', 'words'],
  ])('rejects %j (%s) with a message that shows how to write one', (text) => {
    const result = parseDuration(text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toBe(
        `"${text}" is not a duration; write a number and a unit, e.g. 30d, 4h, 90m, 45s, 2w`,
      );
    }
  });
});

describe('formatDuration', () => {
  it.each([
    [30 * DAY, '30d'],
    [36 * HOUR, '1.5d'],
    [4 * HOUR, '4h'],
    [90 * MINUTE, '1.5h'],
    [45 * MINUTE, '45m'],
    [45 * SECOND, '45s'],
    [0, '0s'],
    [-2 * DAY, '-2d'],
  ])('formats %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
