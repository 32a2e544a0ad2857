import type pg from 'pg';
import { copyLine, copyText, copyField as field, copyJson as json } from '../db/copy-text.ts';
import { inTransaction } from '../db/in-transaction.ts';
import { PREPARE } from '../db/preparing-client.ts';
import type { TouchDocument } from './touch-document.ts';

/** One event of a tracking batch, ready to store. */
interface TouchRow extends TouchDocument {
  message_id: string;
  type: string;
  path: string | null;
  properties: unknown;
  first_touch: unknown;
}

/**
 * The browsers of a batch (`seen`), upserted in id order; `first` and `last` name the parameters
 * (or columns of `seen`) holding when each was first and last seen in it.
 */
const visitorUpsert = (first: string, last: string) => `
  INSERT INTO visitors (id, first_seen_at, last_seen_at, first_touch)
  SELECT id, ${first}::timestamptz, ${last}::timestamptz, first_touch FROM seen
   -- A browser that would not be updated is left out: ON CONFLICT DO UPDATE locks (and logs) the
   -- row of every conflict, even one its WHERE then skips. This is that WHERE, negated.
   WHERE NOT COALESCE((SELECT v.last_seen_at >= ${last}::timestamptz - interval '1 hour'
                              AND (v.first_touch IS NOT NULL OR seen.first_touch IS NULL)
                         FROM visitors v WHERE v.id = seen.id), false)
   ORDER BY id
  ON CONFLICT (id) DO UPDATE SET last_seen_at = EXCLUDED.last_seen_at,
                                 first_touch = COALESCE(visitors.first_touch, EXCLUDED.first_touch)
   WHERE visitors.last_seen_at < EXCLUDED.last_seen_at - interval '1 hour'
      OR (visitors.first_touch IS NULL AND EXCLUDED.first_touch IS NOT NULL)`;

/** The batches' idempotency keys, in key order (concurrent groups lock them in the same order). */
const KEYS_SQL = `${PREPARE} /* touch batch keys */
INSERT INTO event_message_ids (message_id, event_id, received_at)
SELECT key, nextval('event_ids'), at FROM unnest($1::text[], $2::timestamptz[]) AS k(key, at) ORDER BY key
ON CONFLICT (message_id) DO NOTHING RETURNING message_id`;

/*
 * The browsers of the batches, each once and in id order (concurrent batches lock visitors in the
 * same order: no deadlock), seen at their latest batch's time; last_seen_at is kept to the hour,
 * since rewriting the row on every page view would cost more than the page view. Returns who each
 * identified browser belongs to (the survivor, if that person was merged), the people a pixel
 * names (as their survivors), and the campaigns the utm_campaign values name.
 */
const LOOKUP_SQL = `${PREPARE} /* touch batch lookups */
WITH seen AS (
  SELECT * FROM unnest($1::uuid[], $2::jsonb[], $3::timestamptz[], $6::timestamptz[]) AS s(id, first_touch, last_at, first_at)
),
visitor AS (${visitorUpsert('first_at', 'last_at')})
SELECT
  (SELECT json_object_agg(v.id, COALESCE(p.merged_into, p.id))
     FROM visitors v JOIN people p ON p.id = v.person_id
    WHERE v.id = ANY($1::uuid[]) AND v.person_id IS NOT NULL) AS people,
  (SELECT json_object_agg(p.id, COALESCE(p.merged_into, p.id)) FROM people p WHERE p.id = ANY($4::uuid[])) AS named,
  (SELECT json_object_agg(utm_campaign, id) FROM campaigns WHERE utm_campaign = ANY($5::text[])) AS campaigns`;

const MEMBERSHIP_SQL = `${PREPARE} /* touch batch memberships */
INSERT INTO jobs (task, payload, unique_key)
SELECT 'campaign-membership', jsonb_build_object('personId', id), 'campaign-membership:' || id FROM unnest($1::uuid[]) AS id
ON CONFLICT (unique_key) WHERE unique_key IS NOT NULL AND status IN ('pending', 'running') DO NOTHING`;

// The person and campaign come last: the line is built before they are looked up (possibly on a
// worker thread), and they are appended in the transaction that looks them up.
const COLUMNS = [
  'visitor_id',
  'session_id',
  'type',
  'occurred_at',
  'received_at',
  'client_at',
  'path',
  'source',
  'message_id',
  'properties',
  'url',
  'referrer_domain',
  'utm',
  'utm_raw',
  'click_ids',
  'channel',
  'channel_rule',
  'is_bot',
  'person_id',
  'campaign_id',
];
const COPY_SQL = `COPY events (${COLUMNS.join(', ')}) FROM STDIN`;

/*
 * A small batch (what a browser sends: a page view or a few) in one statement — key, browsers,
 * lookups, events and membership jobs — instead of six round trips around a COPY. A single
 * statement is atomic, so no transaction is needed; a replayed batch finds its key and stores
 * nothing. Each row is a JSON array of the COLUMNS values (person and campaign left out) followed
 * by its utm_campaign.
 */
const SMALL_BATCH_SQL = `${PREPARE} /* touch batch, one statement */
WITH key AS (
  INSERT INTO event_message_ids (message_id, event_id, received_at) VALUES ($1, nextval('event_ids'), $2)
  ON CONFLICT (message_id) DO NOTHING RETURNING event_id
),
seen AS (
  SELECT * FROM unnest($3::uuid[], $4::jsonb[]) AS s(id, first_touch) WHERE EXISTS (SELECT 1 FROM key)
),
visitor AS (${visitorUpsert('$2', '$2')} RETURNING id),
owner AS (
  SELECT v.id, COALESCE(p.merged_into, p.id) AS person_id
    FROM visitors v JOIN people p ON p.id = v.person_id
   WHERE v.id = ANY($3::uuid[]) AND v.person_id IS NOT NULL
),
named AS (SELECT COALESCE(p.merged_into, p.id) AS person_id FROM people p WHERE p.id = $5::uuid),
stored AS (
  INSERT INTO events (${COLUMNS.join(', ')})
  SELECT (r->>0)::uuid, r->>1, r->>2, (r->>3)::timestamptz, (r->>4)::timestamptz, (r->>5)::timestamptz, r->>6,
         r->>7, r->>8, (r->>9)::jsonb, r->>10, r->>11, (r->>12)::jsonb, (r->>13)::jsonb, (r->>14)::jsonb,
         r->>15, r->>16, (r->>17)::boolean,
         COALESCE((SELECT person_id FROM named), o.person_id), c.id
    FROM json_array_elements($6::json) WITH ORDINALITY AS x(r, n)
    LEFT JOIN owner o ON o.id = (r->>0)::uuid
    LEFT JOIN campaigns c ON c.utm_campaign = r->>18
   -- Referencing the browsers' upsert makes it run first: rows are locked in the COPY path's
   -- order (key, browsers, events, jobs), so the two paths cannot deadlock each other.
   WHERE EXISTS (SELECT 1 FROM key) AND (SELECT count(*) FROM visitor) >= 0
   ORDER BY n
  RETURNING person_id, campaign_id
),
membership AS (
  INSERT INTO jobs (task, payload, unique_key)
  SELECT 'campaign-membership', jsonb_build_object('personId', person_id), 'campaign-membership:' || person_id
    FROM (SELECT DISTINCT person_id FROM stored WHERE person_id IS NOT NULL AND campaign_id IS NOT NULL) m
   ORDER BY person_id
  ON CONFLICT (unique_key) WHERE unique_key IS NOT NULL AND status IN ('pending', 'running') DO NOTHING
)
SELECT (SELECT count(*) FROM stored)::int AS stored`;

/** Up to this many events a batch is stored by one statement; larger batches go by COPY. */
const SMALL_BATCH = 64;

/** A browser's batch of touches, described and ready to store; `key` makes it idempotent. */
export interface TouchBatch {
  key: string;
  receivedAt: Date;
  /** The person a pixel names (the event belongs to them whatever the browser). */
  personId: string | null;
  rows: PreparedTouch[];
}

/** Stores one batch: a small one in one statement, a larger one by COPY. Returns how many events were stored. */
export async function storeTouches(pool: pg.Pool, batch: TouchBatch): Promise<number> {
  // Only batches above SMALL_BATCH ever lose their values (`withoutValues`), so these have them.
  if (batch.rows.length <= SMALL_BATCH) return storeSmallBatch(pool, batch);
  return (await storeTouchGroup(pool, [batch]))[0] as number;
}

/**
 * Stores several batches in one transaction: their idempotency keys first (a replayed batch stops
 * there and adds nothing), then the browsers and lookups, then the events themselves by COPY — the
 * bulk path PostgreSQL offers, several times cheaper per row than an INSERT over a JSON document
 * at tens of thousands of events a second. Returns how many events of each batch were stored (0
 * for a batch whose key was already in, or repeated earlier in the group). All or nothing.
 */
export async function storeTouchGroup(pool: pg.Pool, batches: readonly TouchBatch[]): Promise<number[]> {
  return inTransaction(pool, async (client) => {
    const keyed = await client.query<{ message_id: string }>(KEYS_SQL, [
      batches.map((b) => b.key),
      batches.map((b) => b.receivedAt.toISOString()),
    ]);
    const fresh = new Set(keyed.rows.map((r) => r.message_id));
    // A key repeated within the group is stored once, by its first batch.
    const stores = batches.map((b) => fresh.delete(b.key));
    const storing = batches.filter((_, i) => stores[i]);
    // Every key was in already: nothing was written, nothing more to do.
    if (storing.length === 0) return batches.map(() => 0);
    const { visitors, firstTouches, firstSeen, lastSeen } = browsersOf(storing);
    const campaigns = new Set<string>();
    const named = new Set<string>();
    for (const batch of storing) {
      if (batch.personId) named.add(batch.personId);
      for (const row of batch.rows) if (row.utmCampaign) campaigns.add(row.utmCampaign);
    }
    const {
      rows: [found],
    } = await client.query<{
      people: Record<string, string> | null;
      named: Record<string, string> | null;
      campaigns: Record<string, string> | null;
    }>(LOOKUP_SQL, [visitors, firstTouches, lastSeen, [...named], [...campaigns], firstSeen]);
    const people = found?.people ?? {};
    const survivors = found?.named ?? {};
    const campaignIds = found?.campaigns ?? {};
    const lines: string[] = [];
    // Known people who touched a campaign: their membership is worked out by a job.
    const members = new Set<string>();
    for (const batch of storing) {
      const pixelPerson = batch.personId ? (survivors[batch.personId] ?? null) : null;
      for (const row of batch.rows) {
        const person = pixelPerson ?? people[row.visitorId] ?? null;
        const campaign = row.utmCampaign ? (campaignIds[row.utmCampaign] ?? null) : null;
        lines.push(`${row.line}\t${field(person)}\t${field(campaign)}`);
        if (person && campaign) members.add(person);
      }
    }
    await copyLines(client, `${lines.join('\n')}\n`);
    if (members.size > 0) await client.query(MEMBERSHIP_SQL, [[...members].sort()]);
    return batches.map((b, i) => (stores[i] ? b.rows.length : 0));
  });
}

async function storeSmallBatch(pool: pg.Pool, batch: TouchBatch): Promise<number> {
  const { visitors, firstTouches } = browsersOf([batch]);
  const rows = batch.rows.map((row) => {
    if (row.values === null)
      throw new Error('a touch without its values cannot go by the one-statement path');
    return [...row.values.map(storable), row.utmCampaign];
  });
  const result = await pool.query<{ stored: number }>(SMALL_BATCH_SQL, [
    batch.key,
    batch.receivedAt.toISOString(),
    visitors,
    firstTouches,
    batch.personId,
    JSON.stringify(rows),
  ]);
  return result.rows[0]?.stored ?? 0;
}

/**
 * The browsers of some batches, each once in id order, with the first session first touch seen
 * and the times of the earliest and the latest batch that saw it.
 */
function browsersOf(batches: readonly TouchBatch[]): {
  visitors: string[];
  firstTouches: (string | null)[];
  firstSeen: string[];
  lastSeen: string[];
} {
  const firstTouch = new Map<string, string | null>();
  const seen = new Map<string, { first: number; last: number }>();
  for (const batch of batches) {
    const at = batch.receivedAt.getTime();
    for (const row of batch.rows) {
      if (!firstTouch.has(row.visitorId) || firstTouch.get(row.visitorId) === null) {
        firstTouch.set(row.visitorId, row.firstTouch);
      }
      const times = seen.get(row.visitorId);
      if (times) {
        times.first = Math.min(times.first, at);
        times.last = Math.max(times.last, at);
      } else seen.set(row.visitorId, { first: at, last: at });
    }
  }
  const visitors = [...firstTouch.keys()].sort();
  // A group holds a handful of batch times: each is written out once, not once per browser.
  const written = new Map<number, string>();
  const iso = (ms: number) => {
    let text = written.get(ms);
    if (text === undefined) {
      text = new Date(ms).toISOString();
      written.set(ms, text);
    }
    return text;
  };
  return {
    visitors,
    firstTouches: visitors.map((v) => firstTouch.get(v) ?? null),
    firstSeen: visitors.map((v) => iso(seen.get(v)?.first as number)),
    lastSeen: visitors.map((v) => iso(seen.get(v)?.last as number)),
  };
}

/** PostgreSQL text cannot hold NUL: the documents are sanitised upstream, this is the last guard. */
const storable = (value: string | null) =>
  value !== null && value.includes('\u0000') ? value.replaceAll('\u0000', '\uFFFD') : value;

/** A touch as its column values (all but the person and campaign), with what the lookups need. */
export interface PreparedTouch {
  /**
   * In COLUMNS order, without person_id and campaign_id; is_bot as 't' or 'f'. Only the
   * one-statement path for small batches reads them: a large batch's are dropped (null) once its
   * `line` is made, so a worker thread does not copy them back (`withoutValues`).
   */
  values: (string | null)[] | null;
  /** The same values as the start of a COPY text line. */
  line: string;
  visitorId: string;
  /** The session's first touch (JSON), for a browser seen for the first time. */
  firstTouch: string | null;
  utmCampaign: string | null;
}

export function prepareTouch(row: TouchRow, now: string): PreparedTouch {
  const values = [
    row.visitor_id,
    row.session_id,
    row.type,
    now,
    now,
    row.client_at,
    row.path,
    'tracking',
    row.message_id,
    json(row.properties),
    row.url,
    row.referrer_domain,
    json(row.utm),
    json(row.utm_raw),
    json(row.click_ids),
    row.channel,
    row.channel_rule,
    row.is_bot ? 't' : 'f',
  ];
  return {
    values,
    line: copyLine(values),
    visitorId: row.visitor_id as string,
    firstTouch:
      row.first_touch === null || row.first_touch === undefined ? null : JSON.stringify(row.first_touch),
    utmCampaign: row.utm_campaign,
  };
}

/** Drops a large batch's values, which only small batches use (large ones go by COPY, by `line`). */
export function withoutValues(rows: PreparedTouch[]): PreparedTouch[] {
  if (rows.length > SMALL_BATCH) for (const row of rows) row.values = null;
  return rows;
}

const copyLines = (client: pg.PoolClient, text: string) => copyText(client, COPY_SQL, text);
