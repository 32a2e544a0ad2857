import { describe, expect, it } from 'vitest';
import { parseWorkingHours, type WorkingHours } from '../time/working-hours.ts';
import { businessMsBetween } from './business-time.ts';

function hours(text: string): WorkingHours {
  const parsed = parseWorkingHours(text);
  if (!parsed.ok) throw new Error(`test setup: ${parsed.error}`);
  return parsed.value;
}

const at = (iso: string) => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`test setup: bad date ${iso}`);
  return ms;
};
const MIN = 60_000;
const H = 3_600_000;

const OFFICE = hours('Mon-Fri 09:00-17:00');
const NY = 'America/New_York';
const BERLIN = 'Europe/Berlin';

describe('businessMsBetween', () => {
  it.each<[string, string, string, WorkingHours, string, number]>([
    // Friday 18:00 to Monday 09:30: the weekend and the evening do not count.
    [
      'Friday-evening lead, Monday call',
      '2026-11-20T18:00-05:00',
      '2026-11-23T09:30-05:00',
      OFFICE,
      NY,
      30 * MIN,
    ],
    ['inside one window', '2026-11-24T10:00-05:00', '2026-11-24T11:15-05:00', OFFICE, NY, 75 * MIN],
    [
      'before opening to after closing',
      '2026-11-24T07:00-05:00',
      '2026-11-24T19:00-05:00',
      OFFICE,
      NY,
      8 * H,
    ],
    ['overnight, closed all the way', '2026-11-24T17:00-05:00', '2026-11-25T09:00-05:00', OFFICE, NY, 0],
    ['Friday 16:00 to Monday 10:00', '2026-11-20T16:00-05:00', '2026-11-23T10:00-05:00', OFFICE, NY, 2 * H],
    // The same wall-clock window in another zone is another instant.
    ['Berlin hours of a UTC interval', '2026-11-24T07:00Z', '2026-11-24T09:00Z', OFFICE, BERLIN, H],
    // Spring forward in New York (Sunday 2026-03-08): Monday's window is 09:00 EDT, not EST.
    ['Fri EST to Mon EDT', '2026-03-06T16:00-05:00', '2026-03-09T10:00-04:00', OFFICE, NY, 2 * H],
    // 00:00 EST to 06:00 EDT is five real hours.
    [
      'NY window across spring forward',
      '2026-03-07T00:00-05:00',
      '2026-03-09T00:00-04:00',
      hours('Sun 00:00-06:00'),
      NY,
      5 * H,
    ],
    [
      'NY whole days across spring forward',
      '2026-03-07T00:00-05:00',
      '2026-03-09T00:00-04:00',
      hours('Mon-Sun 00:00-24:00'),
      NY,
      47 * H,
    ],
    // Berlin: 2026-03-29 02:00 CET becomes 03:00 CEST; 2026-10-25 03:00 CEST becomes 02:00 CET.
    [
      'Berlin window across spring forward',
      '2026-03-28T12:00Z',
      '2026-03-30T12:00Z',
      hours('Sun 01:00-04:00'),
      BERLIN,
      2 * H,
    ],
    [
      'Berlin window across fall back',
      '2026-10-24T12:00Z',
      '2026-10-26T12:00Z',
      hours('Sun 01:00-04:00'),
      BERLIN,
      4 * H,
    ],
    [
      'Berlin office week across spring forward',
      '2026-03-23T00:00+01:00',
      '2026-03-30T00:00+02:00',
      OFFICE,
      BERLIN,
      40 * H,
    ],
    // A night shift across the fall-back night in New York (Sunday 2026-11-01) lasts nine hours.
    [
      'NY night shift across fall back',
      '2026-10-31T12:00-04:00',
      '2026-11-01T12:00-05:00',
      hours('Sat 22:00-06:00'),
      NY,
      9 * H,
    ],
    // The clock skips 02:00-03:00: a window starting at 02:30 opens when the clock shows 03:00.
    [
      'window starting in the skipped hour',
      '2026-03-08T00:00-05:00',
      '2026-03-08T12:00-04:00',
      hours('Sun 02:30-04:00'),
      NY,
      H,
    ],
    [
      'window ending in the skipped hour',
      '2026-03-08T00:00-05:00',
      '2026-03-08T12:00-04:00',
      hours('Sun 00:00-02:30'),
      NY,
      2 * H,
    ],
  ])('%s', (_name, from, to, workingHours, zone, expected) => {
    expect(businessMsBetween(at(from), at(to), workingHours, zone)).toBe(expected);
  });

  describe('night shifts belong to the day they start', () => {
    const NIGHTS = hours('Mon-Fri 22:00-06:00');
    it.each<[string, string, string, number]>([
      [
        "inside Friday's shift, on Saturday morning",
        '2026-11-27T23:00+01:00',
        '2026-11-28T05:00+01:00',
        6 * H,
      ],
      [
        "Saturday 02:00-07:00: the tail of Friday's shift",
        '2026-11-28T02:00+01:00',
        '2026-11-28T07:00+01:00',
        4 * H,
      ],
      ['Sunday night: no shift starts on Sunday', '2026-11-29T23:00+01:00', '2026-11-30T05:00+01:00', 0],
      ['one whole week from Monday 00:00', '2026-11-23T00:00+01:00', '2026-11-30T00:00+01:00', 40 * H],
      ['one whole week from Wednesday noon', '2026-11-25T12:00+01:00', '2026-12-02T12:00+01:00', 40 * H],
    ])('%s', (_name, from, to, expected) => {
      expect(businessMsBetween(at(from), at(to), NIGHTS, BERLIN)).toBe(expected);
    });

    it('a Sunday shift runs on into Monday, across the week boundary', () => {
      const sunday = hours('Sun 22:00-02:00');
      expect(
        businessMsBetween(at('2026-11-29T23:00+01:00'), at('2026-11-30T01:00+01:00'), sunday, BERLIN),
      ).toBe(2 * H);
      expect(
        businessMsBetween(at('2026-11-30T00:30+01:00'), at('2026-11-30T12:00+01:00'), sunday, BERLIN),
      ).toBe(90 * MIN);
    });
  });

  describe('multi-week spans', () => {
    it('four office weeks across spring forward are 160 hours', () => {
      expect(businessMsBetween(at('2026-03-02T00:00-05:00'), at('2026-03-30T00:00-04:00'), OFFICE, NY)).toBe(
        160 * H,
      );
    });

    it('three weeks from Wednesday noon to Wednesday noon are 120 hours', () => {
      expect(businessMsBetween(at('2026-03-04T12:00-05:00'), at('2026-03-25T12:00-04:00'), OFFICE, NY)).toBe(
        120 * H,
      );
    });

    it('a year of office hours: 52 weeks and a day, minus nothing', () => {
      // 2026-01-01 (Thursday) to 2027-01-01: 52 weeks + 1 day (Thursday 2026-12-31) = 261 workdays.
      expect(businessMsBetween(at('2026-01-01T00:00-05:00'), at('2027-01-01T00:00-05:00'), OFFICE, NY)).toBe(
        261 * 8 * H,
      );
    });

    it('agrees with summing its own pieces', () => {
      const from = at('2026-02-17T13:17-05:00');
      const middle = at('2026-03-11T08:05-04:00');
      const to = at('2026-04-02T15:44-04:00');
      const whole = businessMsBetween(from, to, OFFICE, NY);
      expect(whole).toBe(
        businessMsBetween(from, middle, OFFICE, NY) + businessMsBetween(middle, to, OFFICE, NY),
      );
    });
  });

  it('always counts the whole interval', () => {
    const always = hours('always');
    expect(businessMsBetween(at('2026-03-07T00:00-05:00'), at('2026-03-09T00:00-04:00'), always, NY)).toBe(
      47 * H,
    );
  });

  it('overlapping windows count each minute once', () => {
    const overlap = hours('Mon 09:00-12:00, Mon 11:00-13:00, Mon 10:00-10:30');
    expect(businessMsBetween(at('2026-11-23T00:00Z'), at('2026-11-24T00:00Z'), overlap, 'UTC')).toBe(4 * H);
  });

  it('zero-length and backwards intervals are 0', () => {
    const t = at('2026-11-24T10:00-05:00');
    expect(businessMsBetween(t, t, OFFICE, NY)).toBe(0);
    expect(businessMsBetween(t, t - H, OFFICE, NY)).toBe(0);
    expect(businessMsBetween(t, t - H, hours('always'), NY)).toBe(0);
  });

  it('no windows means no business time', () => {
    expect(businessMsBetween(0, 7 * 24 * H, { always: false, windows: [], text: '' }, NY)).toBe(0);
  });

  it('rejects an unknown time zone and non-finite instants', () => {
    expect(() => businessMsBetween(0, H, hours('always'), 'Mars/Olympus')).toThrow(
      /"Mars\/Olympus" is not an IANA time zone/,
    );
    expect(() => businessMsBetween(Number.NaN, H, OFFICE, NY)).toThrow(/finite epoch milliseconds/);
  });

  it('is fast: 100,000 intervals of up to three weeks', () => {
    const start = at('2026-01-05T00:00Z');
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const intervals: [number, number][] = [];
    for (let i = 0; i < 100_000; i++) {
      const from = start + Math.floor(random() * 300 * 24 * H);
      intervals.push([from, from + Math.floor(random() * 21 * 24 * H)]);
    }
    const began = Date.now();
    let total = 0;
    for (const [from, to] of intervals) total += businessMsBetween(from, to, OFFICE, NY);
    const elapsed = Date.now() - began;
    expect(total).toBeGreaterThan(0);
    // Generous bound for slow CI; it takes a fraction of this on a laptop.
    expect(elapsed).toBeLessThan(3000);
  });
});
