/**
 * Wall-clock parts of an instant in an IANA time zone, via Intl (no tz database of our own).
 * Formatters are expensive to build, so one is cached per zone.
 */
export interface ZonedParts {
  /** `YYYY-MM-DD` in the zone: the key for "per day" counters and date ranges. */
  date: string;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** Minutes since local midnight. */
  minuteOfDay: number;
  /** `Sat 03:12`, for explanations. */
  label: string;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

// Wall-clock parts only change once a minute, and routing asks for every rep's local time on every
// lead: remembering the last minute per zone turns a costly Intl call into a map lookup.
const lastMinute = new Map<string, { minute: number; parts: ZonedParts }>();

export function zonedParts(at: Date, timeZone: string): ZonedParts {
  const minute = Math.floor(at.getTime() / 60_000);
  const cached = lastMinute.get(timeZone);
  if (cached && cached.minute === minute) return cached.parts;
  const parts = computeZonedParts(at, timeZone);
  lastMinute.set(timeZone, { minute, parts });
  return parts;
}

function computeZonedParts(at: Date, timeZone: string): ZonedParts {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(at)) parts[part.type] = part.value;
  const weekdayName = parts.weekday ?? 'Mon';
  const hour = Number(parts.hour);
  const minute = Number(parts.minute);
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: WEEKDAYS[weekdayName] ?? 1,
    minuteOfDay: hour * 60 + minute,
    label: `${weekdayName} ${parts.hour}:${parts.minute}`,
  };
}

/** The calendar date `YYYY-MM-DD` of an instant in a zone. */
export function zonedDate(at: Date, timeZone: string): string {
  return zonedParts(at, timeZone).date;
}
