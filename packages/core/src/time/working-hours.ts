import { err, ok, type Result } from '../result.ts';
import type { ZonedParts } from './zoned-time.ts';

/**
 * Working hours as a Marketing Ops manager writes them:
 * `Mon-Fri 08:00-17:00`, `Mon-Thu 09:00-17:30, Fri 09:00-13:00`, `Sun-Thu 09:00-18:00`,
 * `Mon-Fri 22:00-06:00` (a night shift: the window belongs to the day it starts), or `always` / `24/7`.
 */
export interface WorkingHours {
  always: boolean;
  /** Windows in minutes since local midnight; `end <= start` means the window crosses midnight. */
  windows: { days: number[]; start: number; end: number }[];
  text: string;
}

const DAY_INDEX: Record<string, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };

export function parseWorkingHours(text: string): Result<WorkingHours, string> {
  const trimmed = text.trim();
  if (/^(always|24\/7)$/i.test(trimmed)) return ok({ always: true, windows: [], text: trimmed });
  const windows: WorkingHours['windows'] = [];
  for (const chunk of trimmed.split(',')) {
    const match =
      /^\s*([a-z]{3})(?:\s*-\s*([a-z]{3}))?\s+(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$/i.exec(chunk);
    if (!match) {
      return err(
        `"${chunk.trim()}" is not a working-hours window; write e.g. "Mon-Fri 08:00-17:00" or "always"`,
      );
    }
    const [, fromDay, toDay, sh, sm, eh, em] = match as unknown as string[];
    const from = DAY_INDEX[(fromDay as string).toLowerCase()];
    const to = DAY_INDEX[(toDay ?? fromDay ?? '').toLowerCase()];
    if (!from || !to)
      return err(`"${chunk.trim()}" names an unknown weekday; use Mon, Tue, Wed, Thu, Fri, Sat, Sun`);
    const start = Number(sh) * 60 + Number(sm);
    const end = Number(eh) * 60 + Number(em);
    if (
      Number(sh) > 24 ||
      Number(eh) > 24 ||
      Number(sm) > 59 ||
      Number(em) > 59 ||
      start > 1440 ||
      end > 1440
    ) {
      return err(`"${chunk.trim()}" has a time outside 00:00-24:00`);
    }
    if (start === end) return err(`"${chunk.trim()}" is an empty window (start equals end)`);
    windows.push({ days: dayRange(from, to), start, end });
  }
  return ok({ always: false, windows, text: trimmed });
}

/** Days from `from` to `to` inclusive, wrapping past Sunday (`Sun-Thu`). */
function dayRange(from: number, to: number): number[] {
  const days: number[] = [];
  for (let d = from; ; d = (d % 7) + 1) {
    days.push(d);
    if (d === to) break;
  }
  return days;
}

export function isWithinWorkingHours(hours: WorkingHours, local: ZonedParts): boolean {
  if (hours.always) return true;
  const previousDay = ((local.weekday + 5) % 7) + 1;
  for (const window of hours.windows) {
    const overnight = window.end <= window.start;
    if (window.days.includes(local.weekday)) {
      if (
        overnight
          ? local.minuteOfDay >= window.start
          : local.minuteOfDay >= window.start && local.minuteOfDay < window.end
      ) {
        return true;
      }
    }
    // The tail of last night's shift.
    if (overnight && window.days.includes(previousDay) && local.minuteOfDay < window.end) return true;
  }
  return false;
}
