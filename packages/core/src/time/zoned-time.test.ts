import { describe, expect, it } from 'vitest';
import { isValidTimeZone, type ZonedParts, zonedDate, zonedParts } from './zoned-time.ts';

describe('zonedParts', () => {
  // 2026-11-23 is a Monday; New York is on EST (UTC-5), Sydney on AEDT (UTC+11).
  const mondayAfternoonUtc = new Date('2026-11-23T15:00:00Z');

  it.each<[string, Date, ZonedParts]>([
    [
      'America/New_York',
      mondayAfternoonUtc,
      { date: '2026-11-23', weekday: 1, minuteOfDay: 600, label: 'Mon 10:00' },
    ],
    [
      'America/Chicago',
      mondayAfternoonUtc,
      { date: '2026-11-23', weekday: 1, minuteOfDay: 540, label: 'Mon 09:00' },
    ],
    [
      'America/Los_Angeles',
      mondayAfternoonUtc,
      { date: '2026-11-23', weekday: 1, minuteOfDay: 420, label: 'Mon 07:00' },
    ],
    [
      'Europe/London',
      mondayAfternoonUtc,
      { date: '2026-11-23', weekday: 1, minuteOfDay: 900, label: 'Mon 15:00' },
    ],
    [
      'Europe/Berlin',
      mondayAfternoonUtc,
      { date: '2026-11-23', weekday: 1, minuteOfDay: 960, label: 'Mon 16:00' },
    ],
    ['UTC', mondayAfternoonUtc, { date: '2026-11-23', weekday: 1, minuteOfDay: 900, label: 'Mon 15:00' }],
    // Midnight is 00:00 of the next day, never "24:00" of the previous one.
    [
      'Asia/Tokyo',
      mondayAfternoonUtc,
      { date: '2026-11-24', weekday: 2, minuteOfDay: 0, label: 'Tue 00:00' },
    ],
    [
      'Australia/Sydney',
      mondayAfternoonUtc,
      { date: '2026-11-24', weekday: 2, minuteOfDay: 120, label: 'Tue 02:00' },
    ],
    // Half- and quarter-hour offsets.
    [
      'Asia/Kolkata',
      mondayAfternoonUtc,
      { date: '2026-11-23', weekday: 1, minuteOfDay: 1230, label: 'Mon 20:30' },
    ],
    [
      'Asia/Kathmandu',
      mondayAfternoonUtc,
      { date: '2026-11-23', weekday: 1, minuteOfDay: 1245, label: 'Mon 20:45' },
    ],
    // New Year's Eve: Berlin is already in 2027 and on Friday.
    [
      'Europe/Berlin',
      new Date('2026-12-31T23:30:00Z'),
      { date: '2027-01-01', weekday: 5, minuteOfDay: 30, label: 'Fri 00:30' },
    ],
    [
      'America/New_York',
      new Date('2026-11-23T05:00:00Z'),
      { date: '2026-11-23', weekday: 1, minuteOfDay: 0, label: 'Mon 00:00' },
    ],
    [
      'America/Los_Angeles',
      new Date('2026-11-22T08:00:00Z'),
      { date: '2026-11-22', weekday: 7, minuteOfDay: 0, label: 'Sun 00:00' },
    ],
  ])('in %s at %s', (zone, at, expected) => {
    expect(zonedParts(at, zone)).toEqual(expected);
  });

  describe('across daylight-saving changes in America/New_York', () => {
    it.each<[string, string, Omit<ZonedParts, 'date' | 'weekday'>]>([
      // 2026-03-08: clocks jump from 02:00 EST to 03:00 EDT; 02:xx never happens.
      ['2026-03-08T06:59:00Z', 'one minute before spring forward', { minuteOfDay: 119, label: 'Sun 01:59' }],
      ['2026-03-08T07:00:00Z', 'at spring forward', { minuteOfDay: 180, label: 'Sun 03:00' }],
      ['2026-03-08T16:00:00Z', 'noon EDT (UTC-4)', { minuteOfDay: 720, label: 'Sun 12:00' }],
      // 2026-11-01: clocks fall back from 02:00 EDT to 01:00 EST; 01:30 happens twice.
      ['2026-11-01T05:30:00Z', 'the first 01:30 (EDT)', { minuteOfDay: 90, label: 'Sun 01:30' }],
      ['2026-11-01T06:30:00Z', 'the second 01:30 (EST)', { minuteOfDay: 90, label: 'Sun 01:30' }],
      ['2026-11-01T17:00:00Z', 'noon EST (UTC-5)', { minuteOfDay: 720, label: 'Sun 12:00' }],
    ])('%s: %s', (iso, _what, expected) => {
      const parts = zonedParts(new Date(iso), 'America/New_York');
      expect(parts.weekday).toBe(7);
      expect(parts.date).toBe(iso.slice(0, 10));
      expect(parts).toMatchObject(expected);
    });
  });
});

describe('zonedDate', () => {
  it.each([
    ['2026-11-24T01:00:00Z', 'America/New_York', '2026-11-23'],
    ['2026-11-24T01:00:00Z', 'Europe/London', '2026-11-24'],
    ['2026-11-23T14:59:00Z', 'Asia/Tokyo', '2026-11-23'],
    ['2026-11-23T15:00:00Z', 'Asia/Tokyo', '2026-11-24'],
  ])('%s in %s is %s', (iso, zone, date) => {
    expect(zonedDate(new Date(iso), zone)).toBe(date);
  });
});

describe('isValidTimeZone', () => {
  it.each([
    ['America/New_York', true],
    ['Europe/Berlin', true],
    ['Asia/Kathmandu', true],
    ['UTC', true],
    ['Europe/Berlinn', false],
    ['Mars/Olympus_Mons', false],
    ['', false],
    ['EST5EDT nonsense', false],
  ])('%j → %s', (zone, valid) => {
    expect(isValidTimeZone(zone)).toBe(valid);
  });
});
