/** UTC calendar arithmetic for the demo (pure: every instant comes from the options). */
import { DAY } from './rates.ts';

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Midnight UTC of a `YYYY-MM-DD` date, or NaN when it is not one. */
export function parseIsoDate(text: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return Number.NaN;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return isoDate(ms) === text ? ms : Number.NaN;
}

export function startOfDay(ms: number): number {
  return Math.floor(ms / DAY) * DAY;
}

/** The same UTC day-of-month `months` months before `ms` (clamped into shorter months). */
export function monthsBefore(ms: number, months: number): number {
  const d = new Date(startOfDay(ms));
  const target = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - months, 1);
  const t = new Date(target);
  const lastDay = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
  return Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), Math.min(d.getUTCDate(), lastDay));
}

export function monthStart(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

export function nextMonthStart(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** Moves an instant that falls on a Saturday or Sunday (UTC) to Monday at the same time of day. */
export function skipWeekend(ms: number): number {
  const weekday = new Date(ms).getUTCDay();
  if (weekday === 6) return ms + 2 * DAY;
  if (weekday === 0) return ms + DAY;
  return ms;
}
