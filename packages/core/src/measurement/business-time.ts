import type { WorkingHours } from '../time/working-hours.ts';
import { isValidTimeZone, zonedParts } from '../time/zoned-time.ts';

/**
 * Business time: how much of an interval a rep could have worked, given their working hours in
 * their own time zone. A lead captured Friday 18:00 and called Monday 09:30 waited 30 business
 * minutes, not 63.5 hours; SLAs are written in business time for that reason.
 *
 * Reports run this over every lead of a period (100,000 intervals of up to weeks each), so it never
 * steps minute by minute: the working hours become one sorted list of weekly segments, each local
 * week turns those segments into instants (DST-correct, via the zone's UTC offsets), and a week
 * wholly inside the interval is added from a cache.
 */
export function businessMsBetween(
  fromMs: number,
  toMs: number,
  hours: WorkingHours,
  timeZone: string,
): number {
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs)) {
    throw new RangeError(
      `businessMsBetween: from and to must be finite epoch milliseconds (got ${fromMs} and ${toMs})`,
    );
  }
  const zone = zoneFor(timeZone); // a bad zone is an error even when the hours do not need it
  if (!(toMs > fromMs)) return 0;
  if (hours.always) return toMs - fromMs;
  const shape = segmentsOf(hours);
  const { segments } = shape;
  if (segments.length === 0) return 0;

  // Start a week early: the local week of `from` is computed from its wall time, and around a DST
  // change a segment of the previous week can still reach past `from`.
  let week = Math.floor((localDay(fromMs + zone.offsetAt(fromMs)) - MONDAY_OFFSET) / 7) - 1;
  const lastWeek = Math.floor((localDay(toMs + zone.offsetAt(toMs)) - MONDAY_OFFSET) / 7) + 1;
  let total = 0;
  for (; week <= lastWeek; week++) {
    const weekStartLocal = (week * 7 + MONDAY_OFFSET) * DAY_MS;
    const weekStart = zone.localToUtc(weekStartLocal);
    const weekEnd = zone.localToUtc(weekStartLocal + WEEK_MS);
    if (weekEnd <= fromMs) continue;
    if (weekStart >= toMs) break;
    if (weekStart >= fromMs && weekEnd <= toMs) {
      total += zone.weekTotal(week, weekStartLocal, shape);
      continue;
    }
    for (const segment of segments) {
      const start = zone.localToUtc(weekStartLocal + segment.start);
      if (start >= toMs) break;
      const end = zone.localToUtc(weekStartLocal + segment.end);
      if (end <= fromMs) continue;
      total += Math.min(end, toMs) - Math.max(start, fromMs);
    }
  }
  return total;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
/** Day 0 of the epoch (1970-01-01) was a Thursday; Monday 1970-01-05 is day 4. */
const MONDAY_OFFSET = 4;

const localDay = (localMs: number) => Math.floor(localMs / DAY_MS);

/** A stretch of the working week in local wall-clock milliseconds from Monday 00:00. */
interface Segment {
  start: number;
  end: number;
}

/** The weekly segments of one set of working hours, and a key naming them for caches. */
interface WeekShape {
  segments: Segment[];
  key: string;
}

const shapes = new WeakMap<WorkingHours, WeekShape>();

/**
 * The windows as merged, sorted segments of one week. A night shift that starts on Sunday wraps to
 * Monday morning of the same week: the pattern repeats weekly, so that is the same wall time.
 * Overlapping windows are merged so that no minute counts twice.
 */
function segmentsOf(hours: WorkingHours): WeekShape {
  const cached = shapes.get(hours);
  if (cached) return cached;
  const raw: Segment[] = [];
  const weekMinutes = 7 * 1440;
  for (const window of hours.windows) {
    const length = window.end > window.start ? window.end - window.start : window.end + 1440 - window.start;
    for (const day of window.days) {
      const start = (day - 1) * 1440 + window.start;
      const end = start + length;
      if (end <= weekMinutes) raw.push({ start, end });
      else raw.push({ start, end: weekMinutes }, { start: 0, end: end - weekMinutes });
    }
  }
  raw.sort((a, b) => a.start - b.start);
  const merged: Segment[] = [];
  for (const segment of raw) {
    const last = merged[merged.length - 1];
    if (last && segment.start <= last.end) last.end = Math.max(last.end, segment.end);
    else merged.push({ ...segment });
  }
  const segments = merged.map((s) => ({ start: s.start * MINUTE_MS, end: s.end * MINUTE_MS }));
  const entry = { segments, key: merged.map((s) => `${s.start}-${s.end}`).join(',') };
  shapes.set(hours, entry);
  return entry;
}

/**
 * A time zone's UTC offsets, learnt from Intl one UTC day at a time: the offset at the start and
 * end of the day, and, when they differ, the minute it changes (binary search). Reports cover a
 * bounded range of days, so the cache stays small while every lookup after the first is a map read.
 */
interface Zone {
  /** Local wall time minus UTC at an instant, in ms. */
  offsetAt(utcMs: number): number;
  /** The instant a local wall time names. A time skipped by DST becomes the instant of the change;
   * a repeated time takes its first occurrence. */
  localToUtc(localMs: number): number;
  /** Business ms in one whole local week. */
  weekTotal(week: number, weekStartLocal: number, shape: WeekShape): number;
}

interface OffsetDay {
  before: number;
  after: number;
  /** The instant the offset changes to `after`, or Infinity. */
  changesAt: number;
}

const zones = new Map<string, Zone>();

function zoneFor(timeZone: string): Zone {
  const existing = zones.get(timeZone);
  if (existing) return existing;
  if (!isValidTimeZone(timeZone)) {
    throw new RangeError(
      `businessMsBetween: "${timeZone}" is not an IANA time zone; use a name such as "America/New_York"`,
    );
  }
  const zone = makeZone(timeZone);
  zones.set(timeZone, zone);
  return zone;
}

function makeZone(timeZone: string): Zone {
  const days = new Map<number, OffsetDay>();
  const weekTotals = new Map<string, number>();

  const rawOffset = (utcMs: number): number => {
    const minuteStart = Math.floor(utcMs / MINUTE_MS) * MINUTE_MS;
    const parts = zonedParts(new Date(minuteStart), timeZone);
    const [year, month, day] = parts.date.split('-').map(Number) as [number, number, number];
    return Date.UTC(year, month - 1, day) + parts.minuteOfDay * MINUTE_MS - minuteStart;
  };

  const dayOf = (dayNumber: number): OffsetDay => {
    let entry = days.get(dayNumber);
    if (entry) return entry;
    const start = dayNumber * DAY_MS;
    const before = rawOffset(start);
    const after = rawOffset(start + DAY_MS);
    let changesAt = Number.POSITIVE_INFINITY;
    if (before !== after) {
      // The first minute of the day that already has the new offset.
      let low = 0;
      let high = 1440;
      while (low < high) {
        const mid = (low + high) >> 1;
        if (rawOffset(start + mid * MINUTE_MS) === after) high = mid;
        else low = mid + 1;
      }
      changesAt = start + low * MINUTE_MS;
    }
    entry = { before, after, changesAt };
    days.set(dayNumber, entry);
    return entry;
  };

  const offsetAt = (utcMs: number): number => {
    const day = dayOf(Math.floor(utcMs / DAY_MS));
    return utcMs >= day.changesAt ? day.after : day.before;
  };

  const localToUtc = (localMs: number): number => {
    const earlier = offsetAt(localMs - DAY_MS);
    const later = offsetAt(localMs + DAY_MS);
    const first = localMs - earlier;
    if (earlier === later) return first;
    const second = localMs - later;
    const firstValid = offsetAt(first) === earlier;
    const secondValid = offsetAt(second) === later;
    if (firstValid && secondValid) return Math.min(first, second);
    if (firstValid) return first;
    if (secondValid) return second;
    // Skipped by the clock (02:30 on a spring-forward night): the change itself, the first instant
    // the clock shows a later time, as `isWithinWorkingHours` reads a window that starts or ends there.
    const change = dayOf(Math.floor(first / DAY_MS)).changesAt;
    return change > second && change <= first ? change : dayOf(Math.floor(second / DAY_MS)).changesAt;
  };

  const weekTotal = (week: number, weekStartLocal: number, shape: WeekShape): number => {
    const key = `${week}|${shape.key}`;
    let total = weekTotals.get(key);
    if (total === undefined) {
      total = 0;
      for (const segment of shape.segments) {
        total += localToUtc(weekStartLocal + segment.end) - localToUtc(weekStartLocal + segment.start);
      }
      weekTotals.set(key, total);
    }
    return total;
  };

  return { offsetAt, localToUtc, weekTotal };
}
