import {
  type AgingRow,
  type CompiledPlaybook,
  leadAging,
  parseDuration,
  parseWorkingHours,
  RESPONSE_TIME_DEFINITIONS,
  type ResponseGroup,
  type ResponseRow,
  responseTimeReport,
  type WorkingHours,
} from '@mops/core';
import { sql } from 'kysely';
import { MopsError } from '../errors.ts';
import {
  drillLimit,
  type ReportDefinition,
  type ReportTable,
  rate,
  requireKey,
} from './report-definition.ts';
import { PERIOD_PARAMS, reportPeriod } from './report-sql.ts';

// Operations reports: how fast sales answers the leads marketing routes (speed-to-lead and the
// SLA), how old the open MQLs are per owner, and why sales rejects MQLs.

/** Leads that land in a queue have no rep: their clock is the workspace's office hours. */
const QUEUE_HOURS = 'Mon-Fri 09:00-17:00';

function hoursOf(playbook: CompiledPlaybook) {
  const queue = parseWorkingHours(QUEUE_HOURS);
  const fallback = {
    hours: (queue.ok ? queue.value : null) as WorkingHours,
    timeZone: playbook.source.workspace.timezone,
  };
  return (repId: string | null) => {
    const rep = repId ? playbook.reps.get(repId) : undefined;
    return rep ? { hours: rep.workingHours, timeZone: rep.timezone } : fallback;
  };
}

function slaOf(playbook: CompiledPlaybook): { ms: number; text: string; clock: 'business' | 'calendar' } {
  const { first_touch, clock } = playbook.source.routing.sla;
  const parsed = parseDuration(first_touch);
  if (!parsed.ok) throw new MopsError('PLAYBOOK_INVALID', `routing.sla.first_touch: ${parsed.error}`);
  return { ms: parsed.value, text: first_touch, clock };
}

/**
 * One row per routing decision captured in the window, with the first sales touch that followed it
 * (a `sales_touch` event on the person; one logged up to five minutes before the assignment was
 * written still counts, since a rep can dial while the form is being processed).
 */
const responseRowsSql = (since: Date, until: Date) => sql<{
  person_id: string;
  email: string;
  captured_at: Date;
  assigned_at: Date | null;
  rule_id: string | null;
  pool_id: string | null;
  rep_id: string | null;
  queue: string | null;
  first_touch_at: Date | null;
}>`
  SELECT ra.person_id, p.email, ra.captured_at, ra.assigned_at, ra.rule_id, ra.pool_id, ra.rep_id, ra.queue,
         ft.at AS first_touch_at
    FROM routing_assignments ra
    JOIN people p ON p.id = ra.person_id
    LEFT JOIN LATERAL (
      SELECT min(e.occurred_at) AS at FROM events e
       WHERE e.person_id = ra.person_id AND e.type = 'sales_touch'
         AND e.occurred_at >= ra.captured_at - interval '5 minutes') ft ON true
   WHERE ra.captured_at >= ${since} AND ra.captured_at < ${until}
   ORDER BY ra.captured_at, ra.id`;

const GROUP_COLUMNS = [
  { key: 'leads', label: 'leads', kind: 'count' },
  { key: 'touched', label: 'touched', kind: 'count' },
  { key: 'speed_p50', label: 'speed p50', kind: 'duration_ms' },
  { key: 'speed_p90', label: 'p90', kind: 'duration_ms' },
  { key: 'speed_p95', label: 'p95', kind: 'duration_ms' },
  { key: 'speed_business_p50', label: 'business p50', kind: 'duration_ms' },
  { key: 'speed_business_p90', label: 'p90', kind: 'duration_ms' },
  { key: 'sla_business_p50', label: 'SLA p50', kind: 'duration_ms' },
  { key: 'sla_business_p95', label: 'SLA p95', kind: 'duration_ms' },
  { key: 'breaches', label: 'breaches', kind: 'count' },
  { key: 'open_breaches', label: 'still open', kind: 'count' },
  { key: 'breach_rate', label: 'breach rate', kind: 'rate' },
] as const;

function groupRow(dimension: string, group: ResponseGroup) {
  return {
    dimension,
    key: group.key,
    leads: group.leads,
    touched: group.touched,
    speed_p50: group.speed_to_lead.calendar.p50,
    speed_p90: group.speed_to_lead.calendar.p90,
    speed_p95: group.speed_to_lead.calendar.p95,
    speed_business_p50: group.speed_to_lead.business.p50,
    speed_business_p90: group.speed_to_lead.business.p90,
    sla_business_p50: group.sla.business.p50,
    sla_business_p95: group.sla.business.p95,
    breaches: group.breaches,
    open_breaches: group.open_breaches,
    breach_rate: group.breach_rate,
  };
}

export const speedToLeadReport: ReportDefinition = {
  name: 'speed-to-lead',
  description:
    'speed to lead (captured → first sales touch) and SLA time (assigned → first touch): p50/p90/p95 in calendar and business hours, breach rate by rule, pool and rep',
  params: [...PERIOD_PARAMS.map((p) => (p.name === 'since' ? { ...p, default: '90d' } : p))],
  drillKeys: ['dimension', 'key', 'breached'],
  async run(ctx, query) {
    const period = reportPeriod(query, ctx.now, '90d');
    const sla = slaOf(ctx.playbook);
    const rows = (await responseRowsSql(period.since, period.until).execute(ctx.db)).rows;
    const report = responseTimeReport(rows.map(toResponseRow), {
      now: ctx.now.getTime(),
      slaMs: sla.ms,
      slaClock: sla.clock,
      hoursOf: hoursOf(ctx.playbook),
    });
    const table: ReportTable = {
      name: 'speed_to_lead',
      title: `Speed to lead and SLA (${sla.text} of ${sla.clock} time to the first touch)`,
      keys: ['dimension', 'key'],
      columns: [
        { key: 'dimension', label: 'by', kind: 'text' },
        { key: 'key', label: '', kind: 'text' },
        ...GROUP_COLUMNS.map((c) => ({ ...c })),
      ],
      rows: [
        groupRow('all', report.overall),
        ...report.by_rule.map((g) => groupRow('rule', g)),
        ...report.by_pool.map((g) => groupRow('pool', g)),
        ...report.by_rep.map((g) => groupRow('rep', g)),
      ],
    };
    return {
      report: 'speed-to-lead',
      title: `Speed to lead of leads routed ${period.since.toISOString().slice(0, 10)} – ${period.until.toISOString().slice(0, 10)}`,
      params: { since: period.since.toISOString(), until: period.until.toISOString() },
      denominators: [
        `${report.overall.leads} routed leads in the window (one row per routing decision)`,
        `speed to lead: ${RESPONSE_TIME_DEFINITIONS.speed_to_lead}; first touch = the first sales_touch event`,
        `SLA time: ${RESPONSE_TIME_DEFINITIONS.sla}; business time: ${RESPONSE_TIME_DEFINITIONS.business} (queues: ${QUEUE_HOURS} in the workspace time zone)`,
        `breach: ${RESPONSE_TIME_DEFINITIONS.breach}; breach rate = ${RESPONSE_TIME_DEFINITIONS.breach_rate}`,
      ],
      notes:
        report.overall.untouched > 0
          ? [`${report.overall.untouched} routed leads have no sales touch yet`]
          : [],
      tables: [table],
      summary: { sla: report.sla, overall: report.overall },
    };
  },
  async rows(ctx, query, limit) {
    const period = reportPeriod(query, ctx.now, '90d');
    const dimension = requireKey(query, 'dimension', 'rep');
    if (!['all', 'rule', 'pool', 'rep'].includes(dimension)) {
      throw new MopsError(
        'INVALID_QUERY',
        `dimension must be all, rule, pool or rep, got "${dimension.slice(0, 40)}"`,
      );
    }
    const key = dimension === 'all' ? null : requireKey(query, 'key', 'dana');
    const breachedOnly = query.breached === 'true';
    const sla = slaOf(ctx.playbook);
    const rows = (await responseRowsSql(period.since, period.until).execute(ctx.db)).rows;
    const hours = hoursOf(ctx.playbook);
    const picked = rows.filter((r) => {
      if (dimension === 'all') return true;
      const value = dimension === 'rule' ? r.rule_id : dimension === 'pool' ? r.pool_id : r.rep_id;
      return (value ?? '(none)') === key;
    });
    const described = picked.map((r) => {
      const one = responseTimeReport([toResponseRow(r)], {
        now: ctx.now.getTime(),
        slaMs: sla.ms,
        slaClock: sla.clock,
        hoursOf: hours,
      }).overall;
      return {
        person_id: r.person_id,
        email: r.email,
        rep: r.rep_id ?? (r.queue ? `queue:${r.queue}` : null),
        rule: r.rule_id,
        captured_at: r.captured_at.toISOString(),
        first_touch_at: r.first_touch_at?.toISOString() ?? null,
        speed_to_lead: one.speed_to_lead.calendar.p50,
        sla_business: one.sla.business.p50,
        breached: one.breaches > 0,
      };
    });
    return {
      name: 'leads',
      title: `Routed leads${key ? ` for ${dimension} ${key}` : ''}${breachedOnly ? ' that breached the SLA' : ''}`,
      keys: ['person_id'],
      columns: [
        { key: 'person_id', label: 'person', kind: 'text' },
        { key: 'email', label: 'email', kind: 'text' },
        { key: 'rep', label: 'owner', kind: 'text' },
        { key: 'rule', label: 'rule', kind: 'text' },
        { key: 'captured_at', label: 'captured', kind: 'time' },
        { key: 'first_touch_at', label: 'first touch', kind: 'time' },
        { key: 'speed_to_lead', label: 'speed', kind: 'duration_ms' },
        { key: 'sla_business', label: 'SLA time', kind: 'duration_ms' },
        { key: 'breached', label: 'breached', kind: 'text' },
      ],
      rows: described.filter((r) => !breachedOnly || r.breached).slice(0, drillLimit(String(limit))),
    };
  },
};

function toResponseRow(r: {
  person_id: string;
  captured_at: Date;
  assigned_at: Date | null;
  first_touch_at: Date | null;
  rule_id: string | null;
  pool_id: string | null;
  rep_id: string | null;
  queue: string | null;
}): ResponseRow {
  return {
    personId: r.person_id,
    capturedAt: r.captured_at.getTime(),
    assignedAt: r.assigned_at?.getTime() ?? null,
    firstTouchAt: r.first_touch_at?.getTime() ?? null,
    ruleId: r.rule_id,
    poolId: r.pool_id,
    repId: r.rep_id,
    queue: r.queue,
  };
}

/** Open MQLs: people in the routing stage or a later stage sales still owes work on (type sla). */
function openStages(playbook: CompiledPlaybook): string[] {
  const from = playbook.source.routing.at_stage;
  return playbook.source.lifecycle.stages.filter((s) => s.id === from || s.type === 'sla').map((s) => s.id);
}

const openLeadsSql = (stages: string[]) => sql<{
  id: string;
  email: string;
  owner_rep_id: string | null;
  owner_queue: string | null;
  stage: string;
  stage_entered_at: Date;
}>`
  SELECT id, email, owner_rep_id, owner_queue, stage, stage_entered_at
    FROM people WHERE merged_into IS NULL AND stage = ANY(${stages}::text[])`;

export const leadAgingReport: ReportDefinition = {
  name: 'lead-aging',
  description:
    'open MQLs (and stages sales still owes work on) by owner and age: how long each has waited in its stage',
  params: [],
  drillKeys: ['owner'],
  async run(ctx) {
    const stages = openStages(ctx.playbook);
    const rows = (await openLeadsSql(stages).execute(ctx.db)).rows;
    const report = leadAging(
      rows.map((r) => ({
        personId: r.id,
        ownerRepId: r.owner_rep_id,
        queue: r.owner_queue,
        stage: r.stage,
        enteredAt: r.stage_entered_at.getTime(),
      })),
      ctx.now.getTime(),
    );
    const row = (r: AgingRow) => ({
      owner: r.owner,
      ...Object.fromEntries(report.buckets.map((b) => [b, r.counts[b] ?? 0])),
      total: r.total,
      median_age_ms: r.median_age_ms,
      oldest_age_ms: r.oldest_age_ms,
    });
    return {
      report: 'lead-aging',
      title: `Open leads in ${stages.join(', ')} by owner and time in stage`,
      params: {},
      denominators: [
        `${report.overall.total} people now in ${stages.join(' or ')} (merged-away duplicates left out); age = now − when they entered that stage`,
      ],
      notes: [],
      tables: [
        {
          name: 'aging',
          title: 'Lead aging by owner',
          keys: ['owner'],
          columns: [
            { key: 'owner', label: 'owner', kind: 'text' },
            ...report.buckets.map((b) => ({ key: b, label: b, kind: 'count' as const })),
            { key: 'total', label: 'total', kind: 'count' },
            { key: 'median_age_ms', label: 'median age', kind: 'duration_ms' },
            { key: 'oldest_age_ms', label: 'oldest', kind: 'duration_ms' },
          ],
          rows: [...report.owners.map(row), row(report.overall)],
        },
      ],
      summary: { stages, total: report.overall.total },
    };
  },
  async rows(ctx, query, limit) {
    const owner = requireKey(query, 'owner', 'dana');
    const rows = (await openLeadsSql(openStages(ctx.playbook)).execute(ctx.db)).rows
      .filter((r) => {
        const key = r.owner_rep_id ?? (r.owner_queue ? `queue:${r.owner_queue}` : '(unassigned)');
        return owner === 'all' || key === owner;
      })
      .sort((a, b) => a.stage_entered_at.getTime() - b.stage_entered_at.getTime());
    return {
      name: 'leads',
      title: `Open leads of ${owner}, oldest first`,
      keys: ['person_id'],
      columns: [
        { key: 'person_id', label: 'person', kind: 'text' },
        { key: 'email', label: 'email', kind: 'text' },
        { key: 'stage', label: 'stage', kind: 'text' },
        { key: 'entered_at', label: 'in stage since', kind: 'time' },
        { key: 'age_ms', label: 'age', kind: 'duration_ms' },
      ],
      rows: rows.slice(0, limit).map((r) => ({
        person_id: r.id,
        email: r.email,
        stage: r.stage,
        entered_at: r.stage_entered_at.toISOString(),
        age_ms: Math.max(0, ctx.now.getTime() - r.stage_entered_at.getTime()),
      })),
    };
  },
};

export const mqlReviewsReport: ReportDefinition = {
  name: 'mql-reviews',
  description:
    'sales accept / reject of MQLs (mql_accepted, mql_rejected events): rates by owner and the reasons for rejecting',
  params: [...PERIOD_PARAMS.map((p) => (p.name === 'since' ? { ...p, default: '90d' } : p))],
  drillKeys: ['reason'],
  async run(ctx, query) {
    const period = reportPeriod(query, ctx.now, '90d');
    const byOwner = await sql<{ owner: string; accepted: number; rejected: number }>`
      SELECT COALESCE(e.properties->>'rep', p.owner_rep_id, '(unassigned)') AS owner,
             count(*) FILTER (WHERE e.type = 'mql_accepted')::int AS accepted,
             count(*) FILTER (WHERE e.type = 'mql_rejected')::int AS rejected
        FROM events e JOIN people p ON p.id = e.person_id
       WHERE e.type IN ('mql_accepted', 'mql_rejected') AND e.occurred_at >= ${period.since} AND e.occurred_at < ${period.until}
       GROUP BY 1 ORDER BY 2 + 3 DESC, 1`.execute(ctx.db);
    const reasons = await sql<{ reason: string; rejected: number }>`
      SELECT e.properties->>'reason' AS reason, count(*)::int AS rejected
        FROM events e
       WHERE e.type = 'mql_rejected' AND e.occurred_at >= ${period.since} AND e.occurred_at < ${period.until}
       GROUP BY 1 ORDER BY 2 DESC, 1`.execute(ctx.db);
    const accepted = byOwner.rows.reduce((s, r) => s + r.accepted, 0);
    const rejected = byOwner.rows.reduce((s, r) => s + r.rejected, 0);
    return {
      report: 'mql-reviews',
      title: `MQL reviews ${period.since.toISOString().slice(0, 10)} – ${period.until.toISOString().slice(0, 10)}`,
      params: { since: period.since.toISOString(), until: period.until.toISOString() },
      denominators: [
        `${accepted + rejected} reviews (mql_accepted + mql_rejected events) in the window; accept rate = accepted ÷ reviews`,
        'the owner is the rep named on the event, else the person’s current owner',
      ],
      notes: [],
      tables: [
        {
          name: 'by_owner',
          title: 'Accepted and rejected MQLs by owner',
          keys: ['owner'],
          columns: [
            { key: 'owner', label: 'owner', kind: 'text' },
            { key: 'accepted', label: 'accepted', kind: 'count' },
            { key: 'rejected', label: 'rejected', kind: 'count' },
            { key: 'accept_rate', label: 'accept rate', kind: 'rate' },
          ],
          rows: [
            ...byOwner.rows.map((r) => ({ ...r, accept_rate: rate(r.accepted, r.accepted + r.rejected) })),
            { owner: '(total)', accepted, rejected, accept_rate: rate(accepted, accepted + rejected) },
          ],
        },
        {
          name: 'reasons',
          title: 'Why sales rejected MQLs',
          keys: ['reason'],
          columns: [
            { key: 'reason', label: 'reason', kind: 'text' },
            { key: 'rejected', label: 'rejected', kind: 'count' },
            { key: 'share', label: 'share', kind: 'rate' },
          ],
          rows: reasons.rows.map((r) => ({ ...r, share: rate(r.rejected, rejected) })),
        },
      ],
      summary: { accepted, rejected },
    };
  },
  async rows(ctx, query, limit) {
    const period = reportPeriod(query, ctx.now, '90d');
    const reason = requireKey(query, 'reason', 'no_budget');
    const rows = await sql<{ person_id: string; email: string; occurred_at: Date; rep: string | null }>`
      SELECT e.person_id, p.email, e.occurred_at, COALESCE(e.properties->>'rep', p.owner_rep_id) AS rep
        FROM events e JOIN people p ON p.id = e.person_id
       WHERE e.type = 'mql_rejected' AND e.properties->>'reason' = ${reason}
         AND e.occurred_at >= ${period.since} AND e.occurred_at < ${period.until}
       ORDER BY e.occurred_at DESC LIMIT ${limit}`.execute(ctx.db);
    return {
      name: 'rejections',
      title: `MQLs rejected for ${reason}`,
      keys: ['person_id'],
      columns: [
        { key: 'person_id', label: 'person', kind: 'text' },
        { key: 'email', label: 'email', kind: 'text' },
        { key: 'rep', label: 'rep', kind: 'text' },
        { key: 'rejected_at', label: 'rejected', kind: 'time' },
      ],
      rows: rows.rows.map((r) => ({
        person_id: r.person_id,
        email: r.email,
        rep: r.rep,
        rejected_at: r.occurred_at.toISOString(),
      })),
    };
  },
};
