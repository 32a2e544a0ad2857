import { describe, expect, it } from 'vitest';
import { isWithinWorkingHours, parseWorkingHours, type WorkingHours } from './working-hours.ts';
import { type ZonedParts, zonedParts } from './zoned-time.ts';

const MON = 1;
const TUE = 2;
const WED = 3;
const THU = 4;
const FRI = 5;
const SAT = 6;
const SUN = 7;
const WEEKDAY_NAMES = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

const minutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h as number) * 60 + (m as number);
};

/** Local wall-clock parts without a time zone, for testing the windows themselves. */
const at = (weekday: number, hhmm: string): ZonedParts => ({
  date: '2026-11-23',
  weekday,
  minuteOfDay: minutes(hhmm),
  label: `${WEEKDAY_NAMES[weekday]} ${hhmm}`,
});

function hours(text: string): WorkingHours {
  const parsed = parseWorkingHours(text);
  if (!parsed.ok) throw new Error(`test setup: ${parsed.error}`);
  return parsed.value;
}

describe('parseWorkingHours', () => {
  it.each<[string, WorkingHours['windows']]>([
    ['Mon-Fri 08:00-17:00', [{ days: [MON, TUE, WED, THU, FRI], start: 480, end: 1020 }]],
    ['mon-fri 8:00-17:00', [{ days: [MON, TUE, WED, THU, FRI], start: 480, end: 1020 }]],
    ['Sat 10:00-14:00', [{ days: [SAT], start: 600, end: 840 }]],
    [
      'Mon-Thu 09:00-17:30, Fri 09:00-13:00',
      [
        { days: [MON, TUE, WED, THU], start: 540, end: 1050 },
        { days: [FRI], start: 540, end: 780 },
      ],
    ],
    // Ranges wrap past Sunday: the Middle East working week.
    ['Sun-Thu 09:00-18:00', [{ days: [SUN, MON, TUE, WED, THU], start: 540, end: 1080 }]],
    ['Fri-Mon 10:00-16:00', [{ days: [FRI, SAT, SUN, MON], start: 600, end: 960 }]],
    ['Mon-Sun 00:00-24:00', [{ days: [MON, TUE, WED, THU, FRI, SAT, SUN], start: 0, end: 1440 }]],
    // A night shift: end before start means the window crosses midnight.
    ['Mon-Fri 22:00-06:00', [{ days: [MON, TUE, WED, THU, FRI], start: 1320, end: 360 }]],
    ['  Mon - Fri   08:00 - 17:00  ', [{ days: [MON, TUE, WED, THU, FRI], start: 480, end: 1020 }]],
  ])('%j', (text, windows) => {
    expect(parseWorkingHours(text)).toEqual({
      ok: true,
      value: { always: false, windows, text: text.trim() },
    });
  });

  it.each(['always', 'Always', '24/7', ' always '])('%j is always open', (text) => {
    expect(parseWorkingHours(text)).toEqual({
      ok: true,
      value: { always: true, windows: [], text: text.trim() },
    });
  });

  it.each([
    ['', '"" is not a working-hours window; write e.g. "Mon-Fri 08:00-17:00" or "always"'],
    [
      'weekdays 9-5',
      '"weekdays 9-5" is not a working-hours window; write e.g. "Mon-Fri 08:00-17:00" or "always"',
    ],
    [
      'Monday-Friday 08:00-17:00',
      '"Monday-Friday 08:00-17:00" is not a working-hours window; write e.g. "Mon-Fri 08:00-17:00" or "always"',
    ],
    [
      'Mon-Fri 08:00-17:00,',
      '"" is not a working-hours window; write e.g. "Mon-Fri 08:00-17:00" or "always"',
    ],
    [
      'Mon-Fri 8am-5pm',
      '"Mon-Fri 8am-5pm" is not a working-hours window; write e.g. "Mon-Fri 08:00-17:00" or "always"',
    ],
    [
      'Mon-Fry 08:00-17:00',
      '"Mon-Fry 08:00-17:00" names an unknown weekday; use Mon, Tue, Wed, Thu, Fri, Sat, Sun',
    ],
    [
      'Mon-Fri 08:00-17:00, Sta 10:00-12:00',
      '"Sta 10:00-12:00" names an unknown weekday; use Mon, Tue, Wed, Thu, Fri, Sat, Sun',
    ],
    ['Mon-Fri 08:00-25:00', '"Mon-Fri 08:00-25:00" has a time outside 00:00-24:00'],
    ['Mon-Fri 08:60-17:00', '"Mon-Fri 08:60-17:00" has a time outside 00:00-24:00'],
    ['Mon-Fri 08:00-24:30', '"Mon-Fri 08:00-24:30" has a time outside 00:00-24:00'],
    ['Mon-Fri 09:00-09:00', '"Mon-Fri 09:00-09:00" is an empty window (start equals end)'],
  ])('rejects %j: %s', (text, message) => {
    expect(parseWorkingHours(text)).toEqual({ ok: false, error: message });
  });
});

describe('isWithinWorkingHours (local wall-clock time)', () => {
  it.each<{ hours: string; local: ZonedParts; within: boolean }>([
    // Start is inclusive, end exclusive.
    { hours: 'Mon-Fri 08:00-17:00', local: at(MON, '07:59'), within: false },
    { hours: 'Mon-Fri 08:00-17:00', local: at(MON, '08:00'), within: true },
    { hours: 'Mon-Fri 08:00-17:00', local: at(WED, '12:30'), within: true },
    { hours: 'Mon-Fri 08:00-17:00', local: at(FRI, '16:59'), within: true },
    { hours: 'Mon-Fri 08:00-17:00', local: at(FRI, '17:00'), within: false },
    { hours: 'Mon-Fri 08:00-17:00', local: at(SAT, '12:00'), within: false },
    { hours: 'Mon-Fri 08:00-17:00', local: at(SUN, '12:00'), within: false },
    // Several windows.
    { hours: 'Mon-Thu 09:00-17:30, Fri 09:00-13:00', local: at(THU, '17:15'), within: true },
    { hours: 'Mon-Thu 09:00-17:30, Fri 09:00-13:00', local: at(FRI, '12:59'), within: true },
    { hours: 'Mon-Thu 09:00-17:30, Fri 09:00-13:00', local: at(FRI, '13:00'), within: false },
    { hours: 'Mon-Thu 09:00-17:30, Fri 09:00-13:00', local: at(FRI, '15:00'), within: false },
    // Wrapped day ranges.
    { hours: 'Sun-Thu 09:00-18:00', local: at(SUN, '10:00'), within: true },
    { hours: 'Sun-Thu 09:00-18:00', local: at(THU, '10:00'), within: true },
    { hours: 'Sun-Thu 09:00-18:00', local: at(FRI, '10:00'), within: false },
    { hours: 'Sun-Thu 09:00-18:00', local: at(SAT, '10:00'), within: false },
    // A whole day.
    { hours: 'Mon-Sun 00:00-24:00', local: at(SUN, '00:00'), within: true },
    { hours: 'Mon-Sun 00:00-24:00', local: at(SAT, '23:59'), within: true },
    // Night shift Mon-Fri 22:00-06:00: the window belongs to the day it starts.
    { hours: 'Mon-Fri 22:00-06:00', local: at(MON, '21:59'), within: false },
    { hours: 'Mon-Fri 22:00-06:00', local: at(MON, '22:00'), within: true },
    { hours: 'Mon-Fri 22:00-06:00', local: at(MON, '23:59'), within: true },
    { hours: 'Mon-Fri 22:00-06:00', local: at(TUE, '00:00'), within: true }, // Monday night's shift, early-morning tail
    { hours: 'Mon-Fri 22:00-06:00', local: at(TUE, '05:59'), within: true },
    { hours: 'Mon-Fri 22:00-06:00', local: at(TUE, '06:00'), within: false },
    { hours: 'Mon-Fri 22:00-06:00', local: at(TUE, '12:00'), within: false },
    { hours: 'Mon-Fri 22:00-06:00', local: at(MON, '03:00'), within: false }, // no shift on Sunday night
    { hours: 'Mon-Fri 22:00-06:00', local: at(SAT, '03:00'), within: true }, // tail of Friday night's shift
    { hours: 'Mon-Fri 22:00-06:00', local: at(SAT, '22:00'), within: false },
    { hours: 'Sat 22:00-06:00', local: at(SUN, '05:00'), within: true },
    { hours: 'Sun 22:00-06:00', local: at(MON, '05:00'), within: true }, // Sunday's tail wraps onto Monday
    { hours: 'Sun 22:00-06:00', local: at(SUN, '05:00'), within: false },
    // Always.
    { hours: 'always', local: at(SUN, '03:00'), within: true },
    { hours: '24/7', local: at(SAT, '23:59'), within: true },
  ])('$hours at $local.label → $within', ({ hours: text, local, within }) => {
    expect(isWithinWorkingHours(hours(text), local)).toBe(within);
  });
});

describe('isWithinWorkingHours with zonedParts', () => {
  // 2026-11-23T15:00Z is Monday 10:00 in New York.
  const mondayAfternoonUtc = '2026-11-23T15:00:00Z';

  it.each<[string, string, string, string, boolean]>([
    // One instant, different desks: Monday 10:00 New York.
    [mondayAfternoonUtc, 'America/New_York', 'Mon-Fri 09:00-18:00', 'Mon 10:00', true],
    [mondayAfternoonUtc, 'America/Chicago', 'Mon-Fri 08:00-17:00', 'Mon 09:00', true],
    [mondayAfternoonUtc, 'America/Los_Angeles', 'Mon-Fri 08:00-17:00', 'Mon 07:00', false],
    [mondayAfternoonUtc, 'Europe/London', 'Mon-Fri 08:30-17:30', 'Mon 15:00', true],
    [mondayAfternoonUtc, 'Europe/Berlin', 'Mon-Fri 09:00-16:00', 'Mon 16:00', false],
    [mondayAfternoonUtc, 'Asia/Tokyo', 'Mon-Fri 09:00-18:00', 'Tue 00:00', false],
    [mondayAfternoonUtc, 'Australia/Sydney', 'Mon-Fri 22:00-06:00', 'Tue 02:00', true],
    [mondayAfternoonUtc, 'Asia/Kolkata', 'Mon-Fri 10:00-20:30', 'Mon 20:30', false],
    [mondayAfternoonUtc, 'Asia/Kathmandu', 'Mon-Fri 10:00-21:00', 'Mon 20:45', true],
    // Spring forward in New York (2026-03-08): 09:00 local is 14:00Z before, 13:00Z after.
    ['2026-03-06T14:00:00Z', 'America/New_York', 'Mon-Fri 09:00-17:00', 'Fri 09:00', true],
    ['2026-03-09T13:00:00Z', 'America/New_York', 'Mon-Fri 09:00-17:00', 'Mon 09:00', true],
    ['2026-03-09T12:59:00Z', 'America/New_York', 'Mon-Fri 09:00-17:00', 'Mon 08:59', false],
    ['2026-03-02T13:00:00Z', 'America/New_York', 'Mon-Fri 09:00-17:00', 'Mon 08:00', false],
    // The night of the change itself: a Saturday night shift ends at 06:00 EDT.
    ['2026-03-08T06:59:00Z', 'America/New_York', 'Sat 22:00-06:00', 'Sun 01:59', true],
    ['2026-03-08T07:00:00Z', 'America/New_York', 'Sat 22:00-06:00', 'Sun 03:00', true],
    ['2026-03-08T09:59:00Z', 'America/New_York', 'Sat 22:00-06:00', 'Sun 05:59', true],
    ['2026-03-08T10:00:00Z', 'America/New_York', 'Sat 22:00-06:00', 'Sun 06:00', false],
    // Fall back (2026-11-01): 09:00 local is 13:00Z before, 14:00Z after.
    ['2026-10-30T13:00:00Z', 'America/New_York', 'Mon-Fri 09:00-17:00', 'Fri 09:00', true],
    ['2026-11-02T13:00:00Z', 'America/New_York', 'Mon-Fri 09:00-17:00', 'Mon 08:00', false],
    ['2026-11-02T14:00:00Z', 'America/New_York', 'Mon-Fri 09:00-17:00', 'Mon 09:00', true],
    ['2026-11-02T21:59:00Z', 'America/New_York', 'Mon-Fri 09:00-17:00', 'Mon 16:59', true],
    ['2026-11-01T05:30:00Z', 'America/New_York', 'Sat 22:00-06:00', 'Sun 01:30', true],
    ['2026-11-01T06:30:00Z', 'America/New_York', 'Sat 22:00-06:00', 'Sun 01:30', true],
    ['2026-11-01T10:59:00Z', 'America/New_York', 'Sat 22:00-06:00', 'Sun 05:59', true],
    ['2026-11-01T11:00:00Z', 'America/New_York', 'Sat 22:00-06:00', 'Sun 06:00', false],
    // Southern-hemisphere summer time: Sydney is UTC+11 in November.
    ['2026-11-22T22:00:00Z', 'Australia/Sydney', 'Mon-Fri 08:00-17:00', 'Mon 09:00', true],
    ['2026-11-22T20:59:00Z', 'Australia/Sydney', 'Mon-Fri 08:00-17:00', 'Mon 07:59', false],
  ])('%s in %s with %j (local %s) → %s', (iso, zone, text, label, expected) => {
    const local = zonedParts(new Date(iso), zone);
    expect(local.label).toBe(label);
    expect(isWithinWorkingHours(hours(text), local)).toBe(expected);
  });
});
