import { describe, expect, it } from 'vitest';
import { parseWorkingHours, type WorkingHours } from '../time/working-hours.ts';
import type { DistributionSummary } from './percentiles.ts';
import { type ResponseOptions, type ResponseRow, responseTimeReport } from './response-times.ts';

function hours(text: string): WorkingHours {
  const parsed = parseWorkingHours(text);
  if (!parsed.ok) throw new Error(`test setup: ${parsed.error}`);
  return parsed.value;
}

const MIN = 60_000;
const H = 3_600_000;
const at = (iso: string) => Date.parse(iso);
/** Monday 2026-11-23 09:00 UTC: the office opens. */
const T = at('2026-11-23T09:00Z');

const OFFICE = { hours: hours('Mon-Fri 09:00-17:00'), timeZone: 'UTC' };
const ALWAYS = { hours: hours('always'), timeZone: 'UTC' };
// Ann keeps office hours; everyone else (and "no rep") is always on.
const hoursOf = (repId: string | null) => (repId === 'ann' ? OFFICE : ALWAYS);

const row = (over: Partial<ResponseRow> & Pick<ResponseRow, 'personId'>): ResponseRow => ({
  capturedAt: T,
  assignedAt: null,
  firstTouchAt: null,
  ruleId: null,
  poolId: null,
  repId: null,
  queue: null,
  ...over,
});

const wholeMs = (s: DistributionSummary): DistributionSummary => {
  const round = (n: number | null) => (n === null ? null : Math.round(n));
  return {
    count: s.count,
    p50: round(s.p50),
    p75: round(s.p75),
    p90: round(s.p90),
    p95: round(s.p95),
    mean: round(s.mean),
  };
};

const EMPTY: DistributionSummary = { count: 0, p50: null, p75: null, p90: null, p95: null, mean: null };

const ROWS: ResponseRow[] = [
  // Answered inside the window: 11 min from capture, 10 from assignment.
  row({
    personId: 'p1',
    assignedAt: T + MIN,
    firstTouchAt: T + 11 * MIN,
    ruleId: 'R1',
    poolId: 'P1',
    repId: 'ann',
  }),
  // Friday 16:00 → Monday 09:30: 65.5 calendar hours, 90 business minutes (Fri 16-17, Mon 9-9:30).
  row({
    personId: 'p2',
    capturedAt: at('2026-11-20T16:00Z'),
    assignedAt: at('2026-11-20T16:00Z'),
    firstTouchAt: T + 30 * MIN,
    ruleId: 'R1',
    poolId: 'P1',
    repId: 'ann',
  }),
  // Assigned, never touched, two hours by `now`: an open breach.
  row({ personId: 'p3', assignedAt: T, ruleId: 'R2', repId: 'bob' }),
  // Never routed, never touched.
  row({ personId: 'p4' }),
  // Bob called five minutes before the form was processed: 0, not -5 minutes.
  row({
    personId: 'p5',
    capturedAt: T + 10 * MIN,
    assignedAt: T + 10 * MIN,
    firstTouchAt: T + 5 * MIN,
    ruleId: 'R1',
    poolId: 'P1',
    repId: 'bob',
  }),
];

const OPTIONS: ResponseOptions = { now: T + 2 * H, slaMs: H, slaClock: 'business', hoursOf };

describe('responseTimeReport', () => {
  const report = responseTimeReport(ROWS, OPTIONS);

  it('overall counts, summaries on both clocks, breaches', () => {
    // Interpolated percentiles are floats (212285999.99999997); whole milliseconds are what we check.
    const { overall } = report;
    overall.speed_to_lead.calendar = wholeMs(overall.speed_to_lead.calendar);
    overall.sla.calendar = wholeMs(overall.sla.calendar);
    expect(overall).toEqual({
      key: 'all',
      leads: 5,
      touched: 3,
      untouched: 2,
      assigned: 4,
      speed_to_lead: {
        // [0, 11 min, 65.5 h]
        calendar: {
          count: 3,
          p50: 660_000,
          p75: 118_230_000,
          p90: 188_772_000,
          p95: 212_286_000,
          mean: 78_820_000,
        },
        // [0, 11 min, 90 min]
        business: { count: 3, p50: 660_000, p75: 3_030_000, p90: 4_452_000, p95: 4_926_000, mean: 2_020_000 },
      },
      sla: {
        // [0, 10 min, 65.5 h]
        calendar: {
          count: 3,
          p50: 600_000,
          p75: 118_200_000,
          p90: 188_760_000,
          p95: 212_280_000,
          mean: 78_800_000,
        },
        // [0, 10 min, 90 min]
        business: { count: 3, p50: 600_000, p75: 3_000_000, p90: 4_440_000, p95: 4_920_000, mean: 2_000_000 },
      },
      // p2 (90 business minutes > 1 h) and p3 (open).
      breaches: 2,
      breach_rate: 0.5,
      open_breaches: 1,
    });
    expect(report.sla).toEqual({ ms: H, clock: 'business' });
    expect(report.definitions.breach_rate).toBe('breaches / assigned leads');
  });

  it('groups by rule, pool and rep, largest first, ties by key, null as (none)', () => {
    const brief = (groups: typeof report.by_rule) =>
      groups.map((g) => [g.key, g.leads, g.touched, g.assigned, g.breaches, g.open_breaches]);
    expect(brief(report.by_rule)).toEqual([
      ['R1', 3, 3, 3, 1, 0],
      ['(none)', 1, 0, 0, 0, 0],
      ['R2', 1, 0, 1, 1, 1],
    ]);
    expect(brief(report.by_pool)).toEqual([
      ['P1', 3, 3, 3, 1, 0],
      ['(none)', 2, 0, 1, 1, 1],
    ]);
    expect(brief(report.by_rep)).toEqual([
      ['ann', 2, 2, 2, 1, 0],
      ['bob', 2, 1, 2, 1, 1],
      ['(none)', 1, 0, 0, 0, 0],
    ]);
  });

  it('a group with nothing assigned has no breach rate and empty summaries', () => {
    const none = report.by_rep.find((g) => g.key === '(none)');
    expect(none).toMatchObject({
      untouched: 1,
      breach_rate: null,
      speed_to_lead: { calendar: EMPTY, business: EMPTY },
      sla: { calendar: EMPTY, business: EMPTY },
    });
  });

  it('clamps a first touch before capture or assignment to 0', () => {
    const bob = report.by_rep.find((g) => g.key === 'bob');
    expect(bob?.speed_to_lead.calendar).toEqual({ count: 1, p50: 0, p75: 0, p90: 0, p95: 0, mean: 0 });
    expect(bob?.sla.business).toEqual({ count: 1, p50: 0, p75: 0, p90: 0, p95: 0, mean: 0 });
  });

  it('the SLA clock decides breaches: 45 business minutes are 64.75 calendar hours', () => {
    const friday = at('2026-11-20T16:30Z');
    const rows = [
      row({
        personId: 'late',
        assignedAt: friday,
        capturedAt: friday,
        firstTouchAt: T + 15 * MIN,
        repId: 'ann',
      }),
      // Untouched since Friday 16:30; by Monday 09:00 that is 30 business minutes.
      row({ personId: 'waiting', assignedAt: friday, capturedAt: friday, repId: 'ann' }),
    ];
    const business = responseTimeReport(rows, { ...OPTIONS, now: T, slaClock: 'business' }).overall;
    expect(business.sla.calendar.p50).toBe(64.75 * H);
    expect(business.sla.business.p50).toBe(45 * MIN);
    expect([business.breaches, business.open_breaches, business.breach_rate]).toEqual([0, 0, 0]);
    const calendar = responseTimeReport(rows, { ...OPTIONS, now: T, slaClock: 'calendar' }).overall;
    expect([calendar.breaches, calendar.open_breaches, calendar.breach_rate]).toEqual([2, 1, 1]);
  });

  it('exactly the SLA is not a breach; one millisecond more is', () => {
    const rows = [
      row({ personId: 'on-time', assignedAt: T, firstTouchAt: T + H, repId: 'bob' }),
      row({ personId: 'late', assignedAt: T, firstTouchAt: T + H + 1, repId: 'bob' }),
      row({ personId: 'open-on-time', assignedAt: T + H }),
      row({ personId: 'open-late', assignedAt: T + H - 1 }),
    ];
    const overall = responseTimeReport(rows, { ...OPTIONS, now: T + 2 * H, slaClock: 'calendar' }).overall;
    expect([overall.breaches, overall.open_breaches, overall.breach_rate]).toEqual([2, 1, 0.5]);
  });

  it('business time uses hoursOf(null) when there is no rep', () => {
    const asked: (string | null)[] = [];
    const rows = [
      row({ personId: 'a', capturedAt: at('2026-11-20T16:00Z'), firstTouchAt: T + 30 * MIN }),
      row({ personId: 'b', capturedAt: at('2026-11-20T16:00Z'), firstTouchAt: T + 30 * MIN }),
    ];
    const overall = responseTimeReport(rows, {
      ...OPTIONS,
      hoursOf: (repId) => {
        asked.push(repId);
        return OFFICE;
      },
    }).overall;
    expect(overall.speed_to_lead.business.p50).toBe(90 * MIN);
    expect(asked).toEqual([null]); // asked once per rep, not per row
  });

  it('empty input: zero counts, null figures, no groups', () => {
    const empty = responseTimeReport([], OPTIONS);
    expect(empty.overall).toEqual({
      key: 'all',
      leads: 0,
      touched: 0,
      untouched: 0,
      assigned: 0,
      speed_to_lead: { calendar: EMPTY, business: EMPTY },
      sla: { calendar: EMPTY, business: EMPTY },
      breaches: 0,
      breach_rate: null,
      open_breaches: 0,
    });
    expect([empty.by_rule, empty.by_pool, empty.by_rep]).toEqual([[], [], []]);
  });

  it('rejects a negative SLA, a bad clock and a missing now', () => {
    expect(() => responseTimeReport(ROWS, { ...OPTIONS, slaMs: -1 })).toThrow(
      /slaMs must be a duration of 0 ms or more \(got -1\)/,
    );
    expect(() => responseTimeReport(ROWS, { ...OPTIONS, slaClock: 'wall' as 'business' })).toThrow(
      /slaClock must be "business" or "calendar"/,
    );
    expect(() => responseTimeReport(ROWS, { ...OPTIONS, now: Number.NaN })).toThrow(
      /now must be epoch milliseconds/,
    );
  });
});
