import { computeFirstTouch, type OriginalSourceRule } from '@mops/core';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { fieldsOfRow, type PersonRow } from './person.store.ts';

export interface PersonView {
  id: string;
  email: string;
  fields: Record<string, unknown>;
  stage: string;
  stage_entered_at: Date;
  scores: { fit: number; engagement: number; total: number; grade: string | null };
  owner: { rep_id: string; name: string | null; email: string | null } | null;
  queue: string | null;
  account: {
    id: string;
    domain: string;
    name: string | null;
    employees: number | null;
    owner: string | null;
    named: boolean;
  } | null;
  last_routing: {
    via: string;
    rule: string | null;
    pool: string | null;
    rep: string | null;
    queue: string | null;
    reason: string;
    captured_at: Date;
    routed_at: Date;
    assigned_at: Date | null;
    /** The system's share of speed to lead: capture → routed, in milliseconds. */
    routing_ms: number;
  } | null;
  source: string;
  created_at: Date;
  updated_at: Date;
  /** Set on a record merged into another person (then that person is the one to look at). */
  merged_into: string | null;
  /** Records merged into this person: their emails still find it, their history shows on its timeline. */
  merged_records: { id: string; email: string }[];
  /** Where the person came from, from their stitched touches (every browser and merged record). */
  attribution: {
    first_touch: TouchView | null;
    last_touch: TouchView | null;
    last_non_direct_touch: TouchView | null;
    original_source: {
      source: string | null;
      medium: string | null;
      channel: string;
      campaign: string | null;
      reason: string;
    } | null;
    touches: number;
  };
}

export interface TouchView {
  event_id: number;
  at: Date;
  type: string;
  channel: string;
  source: string | null;
  medium: string | null;
  campaign: string | null;
  campaign_id: string | null;
  url: string | null;
}

export async function getPersonView(
  db: Kysely<DB>,
  where: { id: string } | { email: string },
  options: { originalSource?: OriginalSourceRule } = {},
): Promise<PersonView | null> {
  const query = db.selectFrom('people').selectAll();
  let person = (await ('id' in where
    ? query.where('id', '=', where.id)
    : query.where('email', '=', where.email)
  ).executeTakeFirst()) as PersonRow | undefined;
  // An email of a merged record belongs to its survivor now.
  if (person?.merged_into && 'email' in where) {
    person = (await query.where('id', '=', person.merged_into).executeTakeFirst()) as PersonRow | undefined;
  }
  if (!person) return null;
  const mergedRecords = await db
    .selectFrom('people')
    .select(['id', 'email'])
    .where('merged_into', '=', person.id)
    .orderBy('email')
    .execute();
  const [owner, account, routing, touches] = await Promise.all([
    person.owner_rep_id
      ? db
          .selectFrom('reps')
          .select(['id', 'name', 'email'])
          .where('id', '=', person.owner_rep_id)
          .executeTakeFirst()
      : undefined,
    person.account_id
      ? db
          .selectFrom('accounts')
          .select(['id', 'domain', 'name', 'employees', 'owner_rep_id', 'named'])
          .where('id', '=', person.account_id)
          .executeTakeFirst()
      : undefined,
    db
      .selectFrom('routing_assignments')
      .selectAll()
      .where('person_id', '=', person.id)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst(),
    touchesOf(db, [person.id, ...mergedRecords.map((m) => m.id)]),
  ]);
  const summary = computeFirstTouch(touches.touches, options.originalSource ?? 'first_touch');
  return {
    id: person.id,
    email: person.email,
    fields: fieldsOfRow(person),
    stage: person.stage,
    stage_entered_at: person.stage_entered_at,
    scores: {
      fit: person.fit_score,
      engagement: person.engagement_score,
      total: Math.round((person.fit_score + person.engagement_score) * 100) / 100,
      grade: person.grade,
    },
    owner: person.owner_rep_id
      ? { rep_id: person.owner_rep_id, name: owner?.name ?? null, email: owner?.email ?? null }
      : null,
    queue: person.owner_queue,
    account: account
      ? {
          id: account.id,
          domain: account.domain,
          name: account.name,
          employees: account.employees,
          owner: account.owner_rep_id,
          named: account.named,
        }
      : null,
    last_routing: routing
      ? {
          via: routing.via,
          rule: routing.rule_id,
          pool: routing.pool_id,
          rep: routing.rep_id,
          queue: routing.queue,
          reason: routing.reason,
          captured_at: routing.captured_at,
          routed_at: routing.routed_at,
          assigned_at: routing.assigned_at,
          routing_ms: routing.routed_at.getTime() - routing.captured_at.getTime(),
        }
      : null,
    source: person.source,
    created_at: person.created_at,
    updated_at: person.updated_at,
    merged_into: person.merged_into ?? null,
    merged_records: mergedRecords,
    attribution: {
      first_touch: summary.firstTouch ? touchView(summary.firstTouch) : null,
      last_touch: summary.lastTouch ? touchView(summary.lastTouch) : null,
      last_non_direct_touch: summary.lastNonDirectTouch ? touchView(summary.lastNonDirectTouch) : null,
      original_source: summary.original
        ? {
            source: summary.original.source,
            medium: summary.original.medium,
            channel: summary.original.channel,
            campaign: summary.original.campaign,
            reason: summary.original.reason,
          }
        : null,
      touches: touches.count,
    },
  };
}

type TouchRow = TouchView & { campaignId: string | null };

/**
 * The touches that can be first, last, last non-direct or first non-direct (the `touches` view:
 * bots left out), oldest first, and how many there are. Four index-ordered probes instead of the
 * whole history: a person with years of page views is summarised as fast as a new one.
 */
async function touchesOf(db: Kysely<DB>, ids: string[]): Promise<{ touches: TouchRow[]; count: number }> {
  const { rows } = await sql<Omit<TouchView, 'event_id'> & { event_id: string; total: number }>`
    -- Not materialised: each probe below is its own index-ordered scan that stops at one row.
    WITH mine AS NOT MATERIALIZED (
      SELECT * FROM touches WHERE person_id = ANY(${ids}::uuid[]) AND channel IS NOT NULL),
    picked AS (
      (SELECT event_id, received_at FROM mine ORDER BY occurred_at, event_id LIMIT 1)
      UNION (SELECT event_id, received_at FROM mine ORDER BY occurred_at DESC, event_id DESC LIMIT 1)
      UNION (SELECT event_id, received_at FROM mine WHERE channel <> 'direct' ORDER BY occurred_at, event_id LIMIT 1)
      UNION (SELECT event_id, received_at FROM mine WHERE channel <> 'direct' ORDER BY occurred_at DESC, event_id DESC LIMIT 1))
    SELECT t.event_id, t.occurred_at AS at, t.type, t.channel, t.utm->>'source' AS source, t.utm->>'medium' AS medium,
           COALESCE(c.name, t.utm->>'campaign') AS campaign, t.campaign_id, t.url,
           (SELECT count(*)::int FROM mine) AS total
      FROM picked JOIN touches t ON t.event_id = picked.event_id AND t.received_at = picked.received_at
      LEFT JOIN campaigns c ON c.id = t.campaign_id
     ORDER BY t.occurred_at, t.event_id`.execute(db);
  return {
    touches: rows.map(({ total: _total, ...r }) => ({
      ...r,
      event_id: Number(r.event_id),
      campaignId: r.campaign_id,
    })),
    count: rows[0]?.total ?? 0,
  };
}

const touchView = (t: TouchRow): TouchView => ({
  event_id: t.event_id,
  at: t.at,
  type: t.type,
  channel: t.channel,
  source: t.source,
  medium: t.medium,
  campaign: t.campaign,
  campaign_id: t.campaign_id,
  url: t.url,
});

export interface TimelineItem {
  at: Date;
  kind: 'event' | 'decision' | 'score' | 'stage' | 'routing' | 'notification';
  summary: string;
  reason: string | null;
  rule: string | null;
  playbook_version: number | null;
  data: Record<string, unknown>;
}

// Within one instant, show cause before effect: the event, then identity/washing, scores, stages, routing.
const KIND_ORDER: Record<TimelineItem['kind'], number> = {
  event: 0,
  decision: 1,
  score: 2,
  stage: 3,
  routing: 4,
  notification: 5,
};

// A person's creation is shown with the identity decision, before the scores it enabled.
const rank = (row: { kind: TimelineItem['kind']; doc: Record<string, unknown> }) =>
  row.kind === 'stage' && row.doc.rule === '_created' ? KIND_ORDER.decision : KIND_ORDER[row.kind];

/** Everything that happened to a person and every decision made about them, oldest first. */
export async function getTimeline(db: Kysely<DB>, personId: string, limit = 500): Promise<TimelineItem[]> {
  // The person's own history plus that of every record merged into it (undo separates them again).
  const merged = await db.selectFrom('people').select('id').where('merged_into', '=', personId).execute();
  const ids = [personId, ...merged.map((m) => m.id)];
  const { rows } = await sql<{
    kind: TimelineItem['kind'];
    id: number;
    at: Date;
    doc: Record<string, unknown>;
  }>`
    (SELECT 'event' AS kind, e.id, e.occurred_at AS at, jsonb_build_object('type', e.type, 'form', e.form_id, 'path', e.path,
            'source', e.source, 'properties', e.properties, 'received_at', e.received_at, 'visitor_id', e.visitor_id,
            'url', e.url, 'channel', e.channel, 'channel_rule', e.channel_rule, 'utm', e.utm, 'utm_raw', e.utm_raw,
            'click_ids', e.click_ids, 'referrer_domain', e.referrer_domain, 'campaign_id', e.campaign_id,
            'campaign', c.name, 'bot', e.is_bot, 'client_at', e.client_at) AS doc
       -- The newest events first, limited before their documents are built (a person may have years of
       -- page views): per record, so each is an ordered index scan that stops after \`limit\` rows.
       FROM unnest(${ids}::uuid[]) AS record(id),
            LATERAL (SELECT * FROM events WHERE person_id = record.id ORDER BY occurred_at DESC, id DESC LIMIT ${limit}) e
       LEFT JOIN campaigns c ON c.id = e.campaign_id)
    UNION ALL
    (SELECT 'decision', id, created_at, jsonb_build_object('decision', kind, 'reason', reason, 'inputs', inputs,
            'outputs', outputs, 'version', playbook_version_id)
       FROM (SELECT * FROM decisions WHERE person_id = ANY(${ids}::uuid[]) ORDER BY created_at DESC, id DESC LIMIT ${limit}) x)
    UNION ALL
    (SELECT 'score', id, created_at, jsonb_build_object('model', model, 'rule', rule_id, 'points', points,
            'reason', reason, 'inputs', inputs, 'version', playbook_version_id)
       FROM (SELECT * FROM score_ledger WHERE person_id = ANY(${ids}::uuid[]) ORDER BY created_at DESC, id DESC LIMIT ${limit}) x)
    UNION ALL
    (SELECT 'stage', id, created_at, jsonb_build_object('from', from_stage, 'to', to_stage, 'rule', rule_id,
            'reason', reason, 'reason_code', reason_code, 'backward', backward, 'inputs', inputs, 'version', playbook_version_id)
       FROM (SELECT * FROM stage_transitions WHERE person_id = ANY(${ids}::uuid[]) ORDER BY created_at DESC, id DESC LIMIT ${limit}) x)
    UNION ALL
    (SELECT 'routing', id, routed_at, jsonb_build_object('via', via, 'rule', rule_id, 'pool', pool_id, 'rep', rep_id,
            'queue', queue, 'reason', reason, 'trace', trace, 'captured_at', captured_at, 'routed_at', routed_at,
            'assigned_at', assigned_at, 'version', playbook_version_id)
       FROM (SELECT * FROM routing_assignments WHERE person_id = ANY(${ids}::uuid[]) ORDER BY routed_at DESC, id DESC LIMIT ${limit}) x)
    UNION ALL
    (SELECT 'notification', id, created_at, jsonb_build_object('kind', kind, 'recipient', recipient, 'subject', subject,
            'delivered_at', delivered_at)
       FROM (SELECT * FROM notifications WHERE person_id = ANY(${ids}::uuid[]) ORDER BY created_at DESC, id DESC LIMIT ${limit}) x)
    ORDER BY at DESC, id DESC
    LIMIT ${limit}`.execute(db);
  return rows
    .map((row) => ({ row, item: toItem(row.kind, row.at, row.doc) }))
    .sort(
      (a, b) => a.row.at.getTime() - b.row.at.getTime() || rank(a.row) - rank(b.row) || a.row.id - b.row.id,
    )
    .map(({ item }) => item);
}

function toItem(kind: TimelineItem['kind'], at: Date, doc: Record<string, unknown>): TimelineItem {
  const version = (doc.version as number | null | undefined) ?? null;
  const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
  switch (kind) {
    case 'event':
      return {
        at,
        kind,
        summary: `${
          doc.type === 'form_submit'
            ? `submitted form ${String(doc.form)}`
            : `${String(doc.type)}${doc.path ? ` ${String(doc.path)}` : ''}`
        }${doc.channel ? ` (${String(doc.channel)}${doc.campaign ? `, campaign ${String(doc.campaign)}` : ''})` : ''}`,
        reason: null,
        rule: null,
        playbook_version: null,
        data: doc,
      };
    case 'decision':
      return {
        at,
        kind,
        summary: String(doc.decision),
        reason: str(doc.reason),
        rule: null,
        playbook_version: version,
        data: doc,
      };
    case 'score': {
      const points = Number(doc.points);
      return {
        at,
        kind,
        summary: `${String(doc.model)} ${points >= 0 ? '+' : ''}${points}`,
        reason: str(doc.reason),
        rule: str(doc.rule),
        playbook_version: version,
        data: doc,
      };
    }
    case 'stage':
      return {
        at,
        kind,
        summary: doc.from ? `${String(doc.from)} → ${String(doc.to)}` : `created in ${String(doc.to)}`,
        reason: str(doc.reason),
        rule: str(doc.rule),
        playbook_version: version,
        data: doc,
      };
    case 'routing':
      return {
        at,
        kind,
        summary: doc.rep ? `assigned to ${String(doc.rep)}` : `queued in ${String(doc.queue)}`,
        reason: str(doc.reason),
        rule: str(doc.rule),
        playbook_version: version,
        data: doc,
      };
    default:
      return {
        at,
        kind,
        summary: `notified ${String(doc.recipient)}: ${String(doc.subject)}`,
        reason: null,
        rule: null,
        playbook_version: null,
        data: doc,
      };
  }
}
