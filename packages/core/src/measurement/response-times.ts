import type { WorkingHours } from '../time/working-hours.ts';
import { businessMsBetween } from './business-time.ts';
import { type DistributionSummary, summarize } from './percentiles.ts';

/**
 * Speed to lead and SLA, overall and by routing rule, pool and rep.
 *
 * Definitions (the report states them, because each figure has its own denominator):
 * - **speed to lead** = `capturedAt → firstTouchAt`, over touched rows only: how long the person
 *   waited for a human.
 * - **SLA time** = `assignedAt → firstTouchAt`, over rows with both: how long the owner took once
 *   the lead was theirs (routing delay is not the rep's fault).
 * - Each is given on two clocks: **calendar** (elapsed time) and **business** (only the time inside
 *   the rep's working hours in the rep's time zone; `hoursOf(null)` when there is no rep).
 * - A row **breaches** when its SLA time on `slaClock` exceeds `slaMs`. An assigned row not yet
 *   touched whose time from `assignedAt` to `now` already exceeds `slaMs` is an **open breach**
 *   and counts as a breach too: waiting longer cannot undo it.
 * - `breach_rate = breaches / assigned` (rows with `assignedAt`), null when none were assigned.
 * - A first touch before capture or assignment (a rep who called before the form was processed)
 *   counts as 0, never as a negative duration.
 */
export interface ResponseRow {
  personId: string;
  capturedAt: number;
  assignedAt: number | null;
  firstTouchAt: number | null;
  ruleId: string | null;
  poolId: string | null;
  repId: string | null;
  queue: string | null;
}

export interface ResponseOptions {
  now: number;
  slaMs: number;
  slaClock: 'business' | 'calendar';
  hoursOf: (repId: string | null) => { hours: WorkingHours; timeZone: string };
}

export interface ClockSummaries {
  calendar: DistributionSummary;
  business: DistributionSummary;
}

export interface ResponseGroup {
  /** Rule, pool or rep id; `(none)` for rows without one; `all` for the overall row. */
  key: string;
  leads: number;
  touched: number;
  untouched: number;
  /** Rows with `assignedAt`: the denominator of `breach_rate`. */
  assigned: number;
  speed_to_lead: ClockSummaries;
  sla: ClockSummaries;
  /** Touched late plus open breaches. */
  breaches: number;
  breach_rate: number | null;
  open_breaches: number;
}

export interface ResponseTimeReport {
  definitions: typeof RESPONSE_TIME_DEFINITIONS;
  sla: { ms: number; clock: 'business' | 'calendar' };
  overall: ResponseGroup;
  by_rule: ResponseGroup[];
  by_pool: ResponseGroup[];
  by_rep: ResponseGroup[];
}

export const RESPONSE_TIME_DEFINITIONS = {
  speed_to_lead: 'capturedAt → firstTouchAt, touched leads only',
  sla: 'assignedAt → firstTouchAt, leads both assigned and touched',
  business: "only time inside the rep's working hours, in the rep's time zone",
  breach: 'SLA time on the SLA clock above the SLA, or assigned, untouched and already past it (open breach)',
  breach_rate: 'breaches / assigned leads',
  clamped: 'a first touch before capture or assignment counts as 0',
} as const;

export const NO_KEY = '(none)';

/** Per-row durations, computed once and then added to every group the row belongs to. */
interface RowFigures {
  speedCalendar: number | null;
  speedBusiness: number | null;
  slaCalendar: number | null;
  slaBusiness: number | null;
  assigned: boolean;
  breach: boolean;
  openBreach: boolean;
}

export function responseTimeReport(
  rows: readonly ResponseRow[],
  options: ResponseOptions,
): ResponseTimeReport {
  const { now, slaMs, slaClock } = options;
  if (!Number.isFinite(now))
    throw new RangeError(`responseTimeReport: now must be epoch milliseconds (got ${now})`);
  if (!(slaMs >= 0) || !Number.isFinite(slaMs)) {
    throw new RangeError(
      `responseTimeReport: slaMs must be a duration of 0 ms or more (got ${slaMs}); e.g. 4h = 14400000`,
    );
  }
  if (slaClock !== 'business' && slaClock !== 'calendar') {
    throw new RangeError(
      `responseTimeReport: slaClock must be "business" or "calendar" (got ${String(slaClock)})`,
    );
  }

  // hoursOf may read a playbook or build objects: once per rep per report is enough.
  const hoursCache = new Map<string | null, { hours: WorkingHours; timeZone: string }>();
  const hoursFor = (repId: string | null) => {
    let found = hoursCache.get(repId);
    if (!found) {
      found = options.hoursOf(repId);
      hoursCache.set(repId, found);
    }
    return found;
  };

  const overall = new GroupBuilder('all');
  const byRule = new Map<string, GroupBuilder>();
  const byPool = new Map<string, GroupBuilder>();
  const byRep = new Map<string, GroupBuilder>();

  for (const row of rows) {
    const { hours, timeZone } = hoursFor(row.repId);
    const business = (from: number, to: number) => businessMsBetween(from, to, hours, timeZone);
    const touch = row.firstTouchAt;
    const figures: RowFigures = {
      speedCalendar: null,
      speedBusiness: null,
      slaCalendar: null,
      slaBusiness: null,
      assigned: row.assignedAt !== null,
      breach: false,
      openBreach: false,
    };
    if (touch !== null) {
      figures.speedCalendar = Math.max(0, touch - row.capturedAt);
      figures.speedBusiness = business(row.capturedAt, touch);
    }
    if (row.assignedAt !== null) {
      if (touch !== null) {
        figures.slaCalendar = Math.max(0, touch - row.assignedAt);
        figures.slaBusiness = business(row.assignedAt, touch);
        const slaTime = slaClock === 'business' ? figures.slaBusiness : figures.slaCalendar;
        figures.breach = slaTime > slaMs;
      } else {
        const waiting =
          slaClock === 'business' ? business(row.assignedAt, now) : Math.max(0, now - row.assignedAt);
        figures.openBreach = waiting > slaMs;
        figures.breach = figures.openBreach;
      }
    }
    overall.add(figures);
    groupOf(byRule, row.ruleId).add(figures);
    groupOf(byPool, row.poolId).add(figures);
    groupOf(byRep, row.repId).add(figures);
  }

  return {
    definitions: RESPONSE_TIME_DEFINITIONS,
    sla: { ms: slaMs, clock: slaClock },
    overall: overall.build(),
    by_rule: sortedGroups(byRule),
    by_pool: sortedGroups(byPool),
    by_rep: sortedGroups(byRep),
  };
}

function groupOf(groups: Map<string, GroupBuilder>, id: string | null): GroupBuilder {
  const key = id ?? NO_KEY;
  let group = groups.get(key);
  if (!group) {
    group = new GroupBuilder(key);
    groups.set(key, group);
  }
  return group;
}

/** Largest groups first; equal counts by key, so the order is stable across runs. */
function sortedGroups(groups: Map<string, GroupBuilder>): ResponseGroup[] {
  return [...groups.values()]
    .map((group) => group.build())
    .sort((a, b) => b.leads - a.leads || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

class GroupBuilder {
  readonly key: string;
  private leads = 0;
  private touched = 0;
  private assigned = 0;
  private breaches = 0;
  private openBreaches = 0;
  private readonly speedCalendar: number[] = [];
  private readonly speedBusiness: number[] = [];
  private readonly slaCalendar: number[] = [];
  private readonly slaBusiness: number[] = [];

  constructor(key: string) {
    this.key = key;
  }

  add(figures: RowFigures): void {
    this.leads++;
    if (figures.assigned) this.assigned++;
    if (figures.breach) this.breaches++;
    if (figures.openBreach) this.openBreaches++;
    if (figures.speedCalendar !== null) {
      this.touched++;
      this.speedCalendar.push(figures.speedCalendar);
      this.speedBusiness.push(figures.speedBusiness as number);
    }
    if (figures.slaCalendar !== null) {
      this.slaCalendar.push(figures.slaCalendar);
      this.slaBusiness.push(figures.slaBusiness as number);
    }
  }

  build(): ResponseGroup {
    return {
      key: this.key,
      leads: this.leads,
      touched: this.touched,
      untouched: this.leads - this.touched,
      assigned: this.assigned,
      speed_to_lead: { calendar: summarize(this.speedCalendar), business: summarize(this.speedBusiness) },
      sla: { calendar: summarize(this.slaCalendar), business: summarize(this.slaBusiness) },
      breaches: this.breaches,
      breach_rate: this.assigned === 0 ? null : this.breaches / this.assigned,
      open_breaches: this.openBreaches,
    };
  }
}
