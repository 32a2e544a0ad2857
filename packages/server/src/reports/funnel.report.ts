import { buildFunnel, type FunnelCount, type FunnelGroup, TOTAL_GROUP } from '@mops/core';
import { type RawBuilder, sql } from 'kysely';
import { MopsError } from '../errors.ts';
import { refreshPersonOrigins } from './person-origins.ts';
import {
  drillLimit,
  type ReportContext,
  type ReportDefinition,
  type ReportQuery,
  type ReportTable,
  requireKey,
} from './report-definition.ts';
import {
  GROUPS,
  type GroupBy,
  groupExpression,
  needsOriginalTouch,
  originJoin,
  PERIOD_PARAMS,
  reportPeriod,
  stageMoves,
} from './report-sql.ts';

// The funnel waterfall over people created in the window (the cohort): reached per stage,
// conversion to the next stage with its denominator, and median / p75 days between stages.

/**
 * The cohort — people created in the window, merged-away records left out (their survivor stands
 * for them) — with the joins its grouping needs: `grp` as the group, `p` the person.
 */
function cohortOf(ctx: ReportContext, query: ReportQuery) {
  const groupBy = (query.group_by ?? 'none') as GroupBy;
  const period = reportPeriod(query, ctx.now);
  return {
    groupBy,
    group: groupExpression(groupBy, ctx.playbook.source.workspace.timezone),
    people: sql`people p
        ${needsOriginalTouch(groupBy) ? originJoin : sql``}
        ${groupBy === 'campaign' ? sql`LEFT JOIN campaigns c ON c.id = o.original_campaign_id` : sql``}`,
    inWindow: sql`p.merged_into IS NULL AND p.created_at >= ${period.since} AND p.created_at < ${period.until}`,
  };
}

/**
 * Per person in the window: their group, when they reached each main stage (r1 … rN) and whether
 * they ever entered each side path (x1 … xM). Stage k is reached at the earliest entry into stage
 * k or any later one (creation enters the first stage; the current stage counts too, for records
 * whose stage came over in a merge). Merged-away records are left out: their survivor stands for
 * them. `scope: 'moved'` keeps only the people who moved past their creation (a transition of
 * their own, or a current stage beyond the first): everyone else reached the first stage alone.
 *
 * The transitions are aggregated per person before they meet the people (stageMoves: without the
 * creations' own rows, through a partial index), so only the people who moved are grouped. At a
 * million people (1,027,340, replicated from the 100,000-person demo; 1,480,000 transitions of
 * which 450,000 moves) the funnel went from 5.8 s to 2.3 s; before that, grouping every person
 * with their transitions had replaced a union of creations, transitions and current stages
 * (0.7–0.8 s against 0.4–0.5 s at 100,000 people).
 */
function reachSql(
  ctx: ReportContext,
  query: ReportQuery,
  scope: 'everyone' | 'moved' = 'everyone',
): { cte: RawBuilder<unknown>; groupBy: GroupBy } {
  const { groupBy, group, people, inWindow } = cohortOf(ctx, query);
  const stages = ctx.playbook.stages;
  const sides = [...ctx.playbook.sidePaths.keys()];
  // Per person who moved: the first entry into each main stage (t1 … tN) and whether they ever
  // entered each side path (y1 … yM), aggregated before meeting the people (stageMoves).
  const moved = [
    ...stages.map(
      (stage, i) => sql`min(t.created_at) FILTER (WHERE t.to_stage = ${stage}) AS ${sql.ref(`t${i + 1}`)}`,
    ),
    ...sides.map((side, j) => sql`bool_or(t.to_stage = ${side}) AS ${sql.ref(`y${j + 1}`)}`),
  ];
  const firstEntered = stages.map(
    (stage, i) =>
      sql`LEAST(${sql.ref(`m.t${i + 1}`)},
                CASE WHEN p.stage = ${stage} THEN p.stage_entered_at END${i === 0 ? sql`, p.created_at` : sql``}) AS ${sql.ref(`s${i + 1}`)}`,
  );
  const sideEntered = sides.map(
    (_, j) => sql`COALESCE(${sql.ref(`m.y${j + 1}`)}, false) AS ${sql.ref(`x${j + 1}`)}`,
  );
  const cte = sql`
    firsts AS (
      SELECT p.id, p.email, p.created_at, p.stage, ${group} AS grp, ${sql.join([...firstEntered, ...sideEntered])}
        FROM ${people}
        LEFT JOIN (
          SELECT t.person_id, ${sql.join(moved)}
            FROM ${stageMoves(stages)}
           GROUP BY t.person_id) m ON m.person_id = p.id
       WHERE ${inWindow}
       ${scope === 'moved' ? sql`AND (m.person_id IS NOT NULL OR p.stage = ANY(${stages.slice(1)}::text[]))` : sql``}
    ),
    reached AS (
      SELECT id AS person_id, email, created_at, stage, grp, ${sql.raw(reachedColumns(stages.length, sides.length))}
        FROM firsts
    )`;
  return { cte, groupBy };
}

/**
 * Stage k is reached (r_k) at the earliest of s_k … s_N; the side-path flags pass through. Built
 * from the counts alone: no input reaches the SQL.
 */
function reachedColumns(stageCount: number, sideCount: number): string {
  const indices = Array.from({ length: Math.max(1, Math.floor(stageCount)) }, (_, i) => i + 1);
  const reached = indices.map(
    (k) =>
      `LEAST(${indices
        .filter((i) => i >= k)
        .map((i) => `s${i}`)
        .join(', ')}) AS r${k}`,
  );
  const sides = Array.from({ length: Math.floor(sideCount) }, (_, j) => `x${j + 1}`);
  return [...reached, ...sides].join(', ');
}

/**
 * Per group and main stage: people who reached it, and median / p75 days on to the next stage;
 * per side path, the people who ever entered it.
 */
function stageAggregates(stageCount: number, sideCount: number): string {
  const indices = Array.from({ length: Math.max(1, Math.floor(stageCount)) }, (_, i) => i + 1);
  const main = indices.map((k) => {
    // NULL when the next stage was never reached: ordered-set aggregates skip NULLs.
    const days = k < indices.length ? `extract(epoch FROM r${k + 1} - r${k}) / 86400` : 'NULL::float8';
    return `count(r${k})::int AS n${k}, percentile_cont(0.5) WITHIN GROUP (ORDER BY ${days}) AS m${k}, percentile_cont(0.75) WITHIN GROUP (ORDER BY ${days}) AS q${k}`;
  });
  const sides = Array.from(
    { length: Math.floor(sideCount) },
    (_, j) => `count(*) FILTER (WHERE x${j + 1})::int AS x${j + 1}`,
  );
  return [...main, ...sides].join(',\n           ');
}

interface FunnelQueryResult {
  counts: FunnelCount[];
  /** People who ever entered each side path, per group (null: the total). */
  sides: { grp: string | null; stage: string; people: number }[];
}

/** The cohort per group, and the total (`total` = 1): everyone in it reached the first stage. */
function cohortSql(ctx: ReportContext, query: ReportQuery) {
  const { group, people, inWindow } = cohortOf(ctx, query);
  return sql`
    SELECT GROUPING(grp) AS total, grp, count(*)::int AS people
      FROM (SELECT ${group} AS grp FROM ${people} WHERE ${inWindow}) in_window
     GROUP BY GROUPING SETS ((grp), ())`;
}

/** The columns stageAggregates names, but the first stage's count (the cohort gives it). */
function movedColumns(stageCount: number, sideCount: number): string {
  const stages = Array.from({ length: Math.max(1, Math.floor(stageCount)) }, (_, i) => i + 1);
  return [
    ...stages.flatMap((k) => [...(k > 1 ? [`m.n${k}`] : []), `m.m${k}`, `m.q${k}`]),
    ...Array.from({ length: Math.floor(sideCount) }, (_, j) => `m.x${j + 1}`),
  ].join(', ');
}

/**
 * One statement (one snapshot, so the groups always add up): the cohort counted per group (a
 * hashed count), joined to the per-stage aggregates over the people who moved past their creation
 * (reachSql's 'moved' scope). Someone who never moved reached the first stage only, has no days to
 * a next stage and entered no side path, so only the first stage's count needs everyone. The
 * median and p75 are ordered-set aggregates, which PostgreSQL computes by sorting the rows by group
 * first: over the whole cohort that sort was a third of the report at a million people (most of
 * whom never move).
 */
async function funnelCounts(ctx: ReportContext, query: ReportQuery): Promise<FunnelQueryResult> {
  const { cte } = reachSql(ctx, query, 'moved');
  const stages = ctx.playbook.stages;
  const sideNames = [...ctx.playbook.sidePaths.keys()];
  const result = await sql<Record<string, number | string | boolean | null>>`
    WITH ${cte},
    moved AS (
      SELECT GROUPING(grp) AS total, grp, ${sql.raw(stageAggregates(stages.length, sideNames.length))}
        FROM reached
       GROUP BY GROUPING SETS ((grp), ())
    ),
    cohort AS (${cohortSql(ctx, query)})
    SELECT CASE WHEN c.total = 1 THEN NULL ELSE c.grp END AS grp, c.people AS n1,
           ${sql.raw(movedColumns(stages.length, sideNames.length))}
      FROM cohort c
      LEFT JOIN moved m ON m.total = c.total AND m.grp IS NOT DISTINCT FROM c.grp`.execute(ctx.db);
  // The cohort's groups that nobody in them reached a stage of are simply absent, as before.
  const counts = result.rows.flatMap((row) =>
    stages.flatMap((stage, i) => {
      const reached = Number(row[`n${i + 1}`] ?? 0);
      if (reached === 0) return [];
      const median = row[`m${i + 1}`] ?? null;
      const p75 = row[`q${i + 1}`] ?? null;
      return [
        {
          group: (row.grp as string | null) ?? null,
          stage,
          reached,
          medianDaysToNext: median === null ? null : Number(median),
          p75DaysToNext: p75 === null ? null : Number(p75),
        },
      ];
    }),
  );
  const sides = result.rows.flatMap((row) =>
    sideNames.map((stage, j) => ({
      grp: (row.grp as string | null) ?? null,
      stage,
      people: Number(row[`x${j + 1}`] ?? 0),
    })),
  );
  return { counts, sides };
}

const round = (value: number | null, digits = 1) =>
  value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits;

function stepsTable(groups: FunnelGroup[], groupBy: GroupBy): ReportTable {
  return {
    name: 'funnel',
    title: 'Funnel: reached each stage, conversion to the next, days between stages',
    keys: ['group', 'stage'],
    columns: [
      { key: 'group', label: groupBy === 'none' ? 'group' : groupBy, kind: 'text' },
      { key: 'stage', label: 'stage', kind: 'text' },
      { key: 'reached', label: 'reached', kind: 'count' },
      { key: 'share_of_group', label: '% of group', kind: 'rate' },
      { key: 'converted', label: 'to next', kind: 'count' },
      { key: 'conversion', label: 'conversion', kind: 'rate' },
      { key: 'median_days_to_next', label: 'median days', kind: 'days' },
      { key: 'p75_days_to_next', label: 'p75 days', kind: 'days' },
    ],
    rows: groups.flatMap((g) =>
      g.steps.map((s) => ({
        group: g.group,
        stage: s.stage,
        reached: s.reached,
        share_of_group: s.share_of_group,
        converted: s.converted,
        conversion: s.conversion,
        median_days_to_next: round(s.median_days_to_next),
        p75_days_to_next: round(s.p75_days_to_next),
      })),
    ),
  };
}

export const funnelReport: ReportDefinition = {
  name: 'funnel',
  description:
    'the funnel waterfall: people reaching each stage, conversion to the next with its denominator, median and p75 days between stages, by cohort, channel, campaign or segment',
  params: [...PERIOD_PARAMS, { name: 'group_by', description: 'split by', values: GROUPS, default: 'none' }],
  drillKeys: ['stage', 'group'],
  async run(ctx, query) {
    const groupBy = (query.group_by ?? 'none') as GroupBy;
    const period = reportPeriod(query, ctx.now);
    if (needsOriginalTouch(groupBy)) await refreshPersonOrigins(ctx.db, ctx.playbook);
    const { counts, sides } = await funnelCounts(ctx, query);
    const funnel = buildFunnel(ctx.playbook.stages, counts);
    const groups = groupBy === 'none' ? [funnel.total] : [funnel.total, ...funnel.groups];
    const sideNames = [...ctx.playbook.sidePaths.keys()];
    const sideRows = [funnel.total, ...(groupBy === 'none' ? [] : funnel.groups)].map((g) => {
      const row: Record<string, string | number | null> = { group: g.group, people: g.people };
      for (const side of sideNames) {
        row[side] = sides.find((s) => s.stage === side && (s.grp ?? TOTAL_GROUP) === g.group)?.people ?? 0;
      }
      return row;
    });
    if (!funnel.reconciles) {
      throw new MopsError(
        'INTERNAL',
        `the funnel's groups do not add up to its total: ${JSON.stringify(funnel.mismatches)}`,
      );
    }
    return {
      report: 'funnel',
      title: `Funnel of people created ${period.since.toISOString().slice(0, 10)} – ${period.until.toISOString().slice(0, 10)}`,
      params: { group_by: groupBy, since: period.since.toISOString(), until: period.until.toISOString() },
      denominators: [
        `the cohort: ${funnel.total.people.toLocaleString('en')} people created in the window (merged-away duplicates left out)`,
        'reached = entered the stage or any later one; conversion = reached the next stage ÷ reached this stage',
        'days between stages: from reaching a stage to reaching the next, over the people who reached the next',
      ],
      notes:
        groupBy === 'none'
          ? []
          : [`every person is in exactly one ${groupBy} group; the groups add up to the total`],
      tables: [
        stepsTable(groups, groupBy),
        {
          name: 'side_paths',
          title: 'Side paths: people who ever entered them',
          keys: ['group'],
          columns: [
            { key: 'group', label: groupBy === 'none' ? 'group' : groupBy, kind: 'text' },
            { key: 'people', label: 'people', kind: 'count' },
            ...sideNames.map((side) => ({ key: side, label: side, kind: 'count' as const })),
          ],
          rows: sideRows,
        },
      ],
      summary: { stages: funnel.stages, people: funnel.total.people, reconciles: funnel.reconciles },
    };
  },
  async rows(ctx, query, limit) {
    const stage = requireKey(query, 'stage', ctx.playbook.stages[2] ?? 'mql');
    const k = ctx.playbook.stages.indexOf(stage) + 1;
    if (k === 0) {
      throw new MopsError(
        'INVALID_QUERY',
        `stage must be one of ${ctx.playbook.stages.join(', ')}, got "${stage.slice(0, 60)}"`,
      );
    }
    const group = query.group;
    if (needsOriginalTouch((query.group_by ?? 'none') as GroupBy))
      await refreshPersonOrigins(ctx.db, ctx.playbook);
    const { cte } = reachSql(ctx, query);
    const result = await sql<{
      id: string;
      email: string;
      grp: string;
      created_at: Date;
      reached_at: Date;
      stage: string;
    }>`
      WITH ${cte}
      SELECT r.person_id AS id, r.email, r.grp, r.created_at, r.${sql.raw(`r${k}`)} AS reached_at, r.stage
        FROM reached r
       WHERE r.${sql.raw(`r${k}`)} IS NOT NULL ${group !== undefined && group !== TOTAL_GROUP ? sql`AND r.grp = ${group}` : sql``}
       ORDER BY 5, r.person_id
       LIMIT ${drillLimit(String(limit))}`.execute(ctx.db);
    return {
      name: 'people',
      title: `People who reached ${stage}${group ? ` (${group})` : ''}`,
      keys: ['person_id'],
      columns: [
        { key: 'person_id', label: 'person', kind: 'text' },
        { key: 'email', label: 'email', kind: 'text' },
        { key: 'group', label: 'group', kind: 'text' },
        { key: 'created_at', label: 'created', kind: 'time' },
        { key: 'reached_at', label: `reached ${stage}`, kind: 'time' },
        { key: 'stage', label: 'stage now', kind: 'text' },
      ],
      rows: result.rows.map((r) => ({
        person_id: r.id,
        email: r.email,
        group: r.grp,
        created_at: r.created_at.toISOString(),
        reached_at: r.reached_at.toISOString(),
        stage: r.stage,
      })),
    };
  },
};
