import type { CompiledPlaybook } from '@mops/core';
import { type RawBuilder, sql } from 'kysely';
import { MopsError } from '../errors.ts';
import type { ReportQuery } from './report-definition.ts';
import { reportWindow } from './tracking.query.ts';

// SQL pieces the measurement reports share, so "original channel" or "in the window" means the
// same thing in the funnel, ROI and scoring reports.

export interface ReportPeriod {
  since: Date;
  until: Date;
}

/** `since` (30d, 12w, 6m or a date; default 12 months back) and `until` (a date; default now). */
export function reportPeriod(query: ReportQuery, now: Date, defaultSince = '12m'): ReportPeriod {
  const { since } = reportWindow(query.since ?? defaultSince, now);
  // Windows are half-open [since, until); "until now" includes what happened at this very moment.
  let until = new Date(now.getTime() + 1);
  if (query.until !== undefined) {
    until = new Date(query.until);
    if (!/^\d{4}-\d{2}-\d{2}/.test(query.until) || Number.isNaN(until.getTime())) {
      throw new MopsError(
        'INVALID_QUERY',
        `until must be a date such as 2026-12-01, got "${query.until.slice(0, 40)}"`,
      );
    }
  }
  if (until <= since) {
    throw new MopsError(
      'INVALID_QUERY',
      `the window is empty: until (${until.toISOString().slice(0, 10)}) is not after since (${since.toISOString().slice(0, 10)})`,
    );
  }
  return { since, until };
}

export const PERIOD_PARAMS = [
  { name: 'since', description: 'window start: 30d, 12w, 6m or a date', default: '12m' },
  { name: 'until', description: 'window end: a date (default now)' },
] as const;

/**
 * A LATERAL subquery giving the person `p`'s original touch — `original_channel` and
 * `original_campaign_id` — under the playbook's `tracking.original_source` rule, over the person's
 * own touches and those of the records merged into it (as the person API does). Bots never count;
 * a person with no touch has nulls.
 */
export function originalTouchLateral(playbook: CompiledPlaybook): RawBuilder<unknown> {
  const preferNonDirect = playbook.tracking.original_source === 'first_non_direct';
  return sql`LEFT JOIN LATERAL (
      SELECT e.channel AS original_channel, e.campaign_id AS original_campaign_id, e.id AS original_event_id,
             e.occurred_at AS original_at
        FROM events e
       WHERE e.person_id = ANY(ARRAY(SELECT p.id UNION ALL SELECT m.id FROM people m WHERE m.merged_into = p.id))
         AND NOT e.is_bot AND (e.channel IS NOT NULL OR e.campaign_id IS NOT NULL)
       ORDER BY ${preferNonDirect ? sql`(e.channel = 'direct'), ` : sql``}e.occurred_at, e.id
       LIMIT 1) o ON true`;
}

/**
 * The stored original touch of person `p` (person_origins, refreshed by refreshPersonOrigins before
 * a report reads it), under the names originalTouchLateral gives: one join instead of an index walk
 * per person. People with no touch have no row, hence nulls.
 */
export const originJoin = sql`LEFT JOIN (
      SELECT person_id, channel AS original_channel, campaign_id AS original_campaign_id, first_touch_at
        FROM person_origins) o ON o.person_id = p.id`;

/**
 * The transitions a per-person aggregate over `stage_transitions` reads, as the FROM item `t`
 * (person_id, to_stage, created_at): all but the ones every creation writes into the first stage.
 * Those are most of the table (one per person), and a report loses nothing by leaving them out:
 * the first stage is reached at the record's creation at the latest, and a creation's transition
 * is written with the record, in the same statement and at the same time as its `created_at`
 * (a backfill that dated a creation's row before its record would be read differently; a
 * history import writes rows of its own rule, which are kept). `furthestStage` still needs them
 * for one case and looks them up itself. Leaving them out before grouping lets a report aggregate
 * the people who moved, then join that to everyone, instead of grouping every person with their
 * transitions (a 1,000,000-group aggregate at a million people). Other entries into the first
 * stage (a history import, a recycle) are kept, and so are creations into another stage (an
 * `initial_stage`, or a first stage renamed since). Each part has a partial index (migration
 * 0015); the planner reads the moves through it when the table has been vacuumed.
 */
export function stageMoves(stages: readonly string[]): RawBuilder<unknown> {
  const first = stages[0] ?? '';
  return sql`(
      SELECT person_id, to_stage, created_at FROM stage_transitions WHERE rule_id <> '_created'
      UNION ALL
      SELECT person_id, to_stage, created_at FROM stage_transitions
       WHERE rule_id = '_created' AND (to_stage < ${first} OR to_stage > ${first})) t`;
}

/**
 * The furthest main stage each person moved into, as its 1-based position, joined as `ft` to the
 * people `p`: one grouped pass over the transitions `stageMoves` keeps. Read it with
 * `furthestStage`.
 */
export function furthestJoin(stages: readonly string[]): RawBuilder<unknown> {
  return sql`LEFT JOIN (
      SELECT t.person_id, max(array_position(${stages}::text[], t.to_stage)) AS furthest
        FROM ${stageMoves(stages)}
       GROUP BY t.person_id) ft ON ft.person_id = p.id`;
}

/**
 * The furthest main stage the person `p` ever entered, as its 1-based position (0 for none): any
 * transition, or the stage they are in now (a stage that came over in a merge). Needs
 * `furthestJoin`. The creation's own entry into the first stage (left out of the join) decides the
 * answer only when nothing else gives a main stage — someone now on a side path or in a stage the
 * playbook no longer has, with no move into a main stage (moved straight from the first stage onto
 * a side path, say) — and is looked up for those people alone.
 */
export function furthestStage(stages: readonly string[]): RawBuilder<number> {
  const moved = sql`GREATEST(COALESCE(ft.furthest, 0), COALESCE(array_position(${stages}::text[], p.stage), 0))`;
  return sql<number>`CASE WHEN ${moved} > 0 THEN ${moved}
      ELSE COALESCE((SELECT 1 FROM stage_transitions t0
                      WHERE t0.person_id = p.id AND t0.to_stage = ${stages[0] ?? ''} LIMIT 1), 0) END`;
}

/** The person's group for a report's `group_by`, as an SQL expression over `p`, `o` and `c`. */
export const GROUPS = [
  'none',
  'cohort',
  'channel',
  'campaign',
  'region',
  'source',
  'seniority',
  'function',
] as const;
export type GroupBy = (typeof GROUPS)[number];

export function groupExpression(groupBy: GroupBy, timeZone: string): RawBuilder<string> {
  switch (groupBy) {
    case 'none':
      return sql<string>`'all'`;
    case 'cohort':
      return sql<string>`to_char(p.created_at AT TIME ZONE ${timeZone}, 'YYYY-MM')`;
    case 'channel':
      return sql<string>`COALESCE(o.original_channel, '(no touch)')`;
    case 'campaign':
      return sql<string>`COALESCE(c.name, '(no campaign)')`;
    case 'region':
      return sql<string>`COALESCE(p.region, '(unknown)')`;
    case 'source':
      return sql<string>`p.source`;
    case 'seniority':
      return sql<string>`COALESCE(p.seniority, '(unknown)')`;
    case 'function':
      return sql<string>`COALESCE(p.job_function, '(unknown)')`;
  }
}

/** Whether a grouping needs the original touch (an index walk per person), so others skip it. */
export const needsOriginalTouch = (groupBy: GroupBy): boolean =>
  groupBy === 'channel' || groupBy === 'campaign';
