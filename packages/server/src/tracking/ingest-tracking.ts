import { type CompiledPlaybook, describeTouch, detectBot, type UtmParameter } from '@mops/core';
import { z } from 'zod';
import type { Clock } from '../clock.ts';
import { PREPARE, queryPool } from '../db/preparing-client.ts';
import { MopsError } from '../errors.ts';
import { ingestEvents } from '../pipeline/ingest-events.ts';
import type { PipelineDb } from '../pipeline/pipeline-db.ts';
import { sanitizeForJson } from '../pipeline/sanitize.ts';
import { browserId, type TouchDocument, touchDocument, touchExplanation } from './touch-document.ts';

/** Most events in one request: the script sends ≤ 20, a server-side sender may batch more. */
export const MAX_TRACKING_EVENTS = 1_000;

const Text = (max: number) => z.string().max(max);
const FirstTouch = z
  .object({
    utm: z.record(z.string().max(40), z.string().max(2_000)).optional(),
    click_ids: z.record(z.string().max(40), z.string().max(2_000)).optional(),
    referrer: Text(4_096).nullish(),
    landing_url: Text(16_384).nullish(),
    ts: z.number().optional(),
  })
  .nullish();
const TrackingEvent = z.object({
  event_id: Text(100).min(1),
  // A relay sending for many browsers at once (a server-side collector) names each event's own.
  visitor_id: z.string().optional(),
  session_id: z.string().nullish(),
  type: z.enum(['page_view', 'track', 'identify']),
  name: z
    .string()
    .regex(/^[A-Za-z][\w .:-]{0,199}$/, 'use a short event name, e.g. "pricing_viewed"')
    .optional(),
  ts: z.number().finite().optional(),
  url: Text(65_536).nullish(),
  path: Text(4_096).nullish(),
  title: Text(4_000).nullish(),
  referrer: Text(16_384).nullish(),
  properties: z.record(z.string().max(100), z.unknown()).optional(),
  traits: z.record(z.string().max(100), z.unknown()).optional(),
  session_first_touch: FirstTouch,
  truncated: z.boolean().optional(),
});
const Envelope = z.object({
  v: z.literal(1),
  batch_id: Text(100).min(1),
  visitor_id: z.string(),
  session_id: z.string().nullish(),
  sent_at: z.number().optional(),
  cookies: z.boolean().optional(),
  events: z.array(z.unknown()).min(1).max(MAX_TRACKING_EVENTS),
});

export interface TrackingResult {
  accepted: number;
  duplicates: number;
  rejected: { index: number; code: string; message: string }[];
  bot: boolean;
}

/**
 * `POST /v1/t`: a batch from the tracking script (docs/tracking-protocol.md). Page views and
 * custom events are stored as touches in one statement (idempotent by event id: a replayed batch
 * adds nothing); an `identify` goes through the lead pipeline, which stitches this browser's
 * history to the person. Server time orders events; the client's clock is kept beside it.
 */
export async function ingestTracking(
  database: PipelineDb,
  playbook: CompiledPlaybook,
  input: { body: unknown; userAgent: string | null; receivedAt: Date; personId?: string | null },
  clock: Clock,
): Promise<TrackingResult> {
  const envelope = Envelope.safeParse(input.body);
  if (!envelope.success) {
    const issue = envelope.error.issues[0];
    throw new MopsError(
      'VALIDATION_FAILED',
      `not a tracking batch: ${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}; see docs/tracking-protocol.md`,
    );
  }
  const batch = envelope.data;
  const visitorId = browserId(batch.visitor_id);
  if (!visitorId) throw new MopsError('VALIDATION_FAILED', 'visitor_id must be a UUID (the mops_vid cookie)');
  const sessionId = browserId(batch.session_id);
  const bot = detectBot(input.userAgent);
  const rejected: TrackingResult['rejected'] = [];
  const rows: Record<string, unknown>[] = [];
  const identifies: {
    index: number;
    eventId: string;
    traits: Record<string, unknown>;
    touch: TouchDocument;
  }[] = [];
  const seen = new Set<string>();

  for (const [index, raw] of batch.events.entries()) {
    const parsed = TrackingEvent.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      rejected.push({
        index,
        code: 'INVALID_EVENT',
        message: `${issue?.path.join('.') || 'event'}: ${issue?.message ?? 'invalid'}`,
      });
      continue;
    }
    const event = parsed.data;
    // The same event twice in one batch counts once, like a replayed batch.
    if (seen.has(event.event_id)) continue;
    seen.add(event.event_id);
    const type = event.type === 'track' ? (event.name ?? 'track') : event.type;
    const session = event.session_first_touch;
    const touch = describeTouch(
      {
        type,
        url: event.url ?? null,
        referrer: event.referrer ?? null,
        title: event.title ?? null,
        sessionFirstTouch: session
          ? {
              utm: utmOf(session.utm),
              click_ids: session.click_ids ?? {},
              referrer: session.referrer ?? null,
              landing_url: session.landing_url ?? null,
            }
          : null,
        userAgent: input.userAgent,
        botVerdict: bot,
      },
      playbook,
    );
    if (event.type === 'page_view' && touch.url === null) {
      rejected.push({
        index,
        code: 'INVALID_URL',
        message: touch.warnings[0] ?? 'a page view needs its page URL',
      });
      continue;
    }
    const clientAt = event.ts !== undefined ? new Date(event.ts) : null;
    const ownVisitor = event.visitor_id === undefined ? visitorId : browserId(event.visitor_id);
    if (!ownVisitor) {
      rejected.push({ index, code: 'INVALID_EVENT', message: 'visitor_id: must be a UUID' });
      continue;
    }
    const document = touchDocument(touch, {
      visitorId: ownVisitor,
      sessionId: event.session_id === undefined ? sessionId : browserId(event.session_id),
      clientAt,
    });
    if (event.type === 'identify') {
      identifies.push({ index, eventId: event.event_id, traits: event.traits ?? {}, touch: document });
      continue;
    }
    rows.push({
      ...document,
      first_touch: session ? sanitizeForJson(session) : null,
      message_id: `t:${event.event_id}`,
      type: type.slice(0, 200),
      path: touch.path,
      properties: sanitizeForJson({
        ...(event.properties ?? {}),
        ...(touch.title ? { title: touch.title } : {}),
        ...(event.truncated ? { truncated: true } : {}),
        ...(batch.cookies === false ? { cookies: false } : {}),
        touch: touchExplanation(touch),
      }),
    });
  }

  let accepted = 0;
  let duplicates = 0;
  if (rows.length > 0) {
    const {
      rows: [stored],
    } = await queryPool<{ inserted: number }>(database.pool, STORE_TOUCHES_SQL, [
      JSON.stringify({
        person_id: input.personId ?? null,
        now: input.receivedAt.toISOString(),
        events: rows,
      }),
    ]);
    accepted += stored?.inserted ?? 0;
    duplicates += rows.length - (stored?.inserted ?? 0);
  }
  // Repeats inside the batch were skipped above.
  duplicates += batch.events.length - rejected.length - rows.length - identifies.length;
  for (const identify of identifies) {
    const [result] = await ingestEvents(
      database,
      playbook,
      {
        body: {
          batch: [
            {
              type: 'identify',
              message_id: `t:${identify.eventId}`,
              email: String(identify.traits.email ?? ''),
              traits: Object.fromEntries(Object.entries(identify.traits).filter(([k]) => k !== 'email')),
            },
          ],
        },
        idempotencyKey: null,
        receivedAt: input.receivedAt,
        touch: identify.touch,
      },
      clock,
    );
    if (result?.status === 'accepted') accepted++;
    else if (result?.status === 'duplicate') duplicates++;
    else if (result?.status === 'rejected') {
      rejected.push({ index: identify.index, code: result.error.code, message: result.error.message });
    }
  }
  return { accepted, duplicates, rejected, bot: bot.bot };
}

/** The script sends `utm_source`…; the engines speak `source`…. */
function utmOf(utm: Record<string, string> | undefined): Partial<Record<UtmParameter, string>> {
  const out: Partial<Record<UtmParameter, string>> = {};
  for (const [key, value] of Object.entries(utm ?? {})) {
    const name = key.toLowerCase().replace(/^utm_/, '');
    if (['source', 'medium', 'campaign', 'term', 'content'].includes(name)) out[name as UtmParameter] = value;
  }
  return out;
}

/**
 * One statement per batch: the visitor (first and last seen, first touch; its person if it has
 * identified), the idempotency keys (only new event ids get a row), and the events for the new
 * keys, each linked to the campaign its utm_campaign names.
 */
const STORE_TOUCHES_SQL = `${PREPARE} /* store touches */
WITH input AS (SELECT $1::jsonb AS b, ($1::jsonb->>'now')::timestamptz AS now),
x AS (
  SELECT x.* FROM input, jsonb_to_recordset(b->'events') AS x(
    message_id text, type text, visitor_id uuid, session_id text, client_at timestamptz, url text, path text,
    referrer_domain text, utm jsonb, utm_raw jsonb, click_ids jsonb, channel text, channel_rule text, utm_campaign text,
    is_bot boolean, properties jsonb, first_touch jsonb)
),
-- Each browser once, in id order (concurrent batches lock visitors in the same order: no deadlock).
visitor AS (
  INSERT INTO visitors (id, first_seen_at, last_seen_at, first_touch)
  SELECT DISTINCT ON (visitor_id) visitor_id, now, now, first_touch FROM x, input ORDER BY visitor_id, first_touch IS NULL
  ON CONFLICT (id) DO UPDATE SET last_seen_at = GREATEST(visitors.last_seen_at, EXCLUDED.last_seen_at),
                                 first_touch = COALESCE(visitors.first_touch, EXCLUDED.first_touch)
  RETURNING id, person_id
),
-- A visitor that identified belongs to a person (the survivor, if that person was merged); a pixel
-- in an email names its person directly.
person AS (
  SELECT visitor.id AS visitor_id, COALESCE(p.merged_into, p.id) AS person_id
    FROM visitor JOIN people p ON p.id = visitor.person_id
),
named AS (
  SELECT COALESCE(p.merged_into, p.id) AS person_id FROM input JOIN people p ON p.id = (b->>'person_id')::uuid
),
keys AS (
  INSERT INTO event_message_ids (message_id, event_id, received_at)
  SELECT message_id, nextval('event_ids'), now FROM x, input
  ON CONFLICT (message_id) DO NOTHING
  RETURNING message_id, event_id
),
stored AS (
  INSERT INTO events (id, person_id, visitor_id, session_id, type, occurred_at, received_at, client_at, path, source,
                      message_id, properties, url, referrer_domain, utm, utm_raw, click_ids, channel, channel_rule,
                      campaign_id, is_bot)
  SELECT keys.event_id, COALESCE((SELECT person_id FROM named), person.person_id), x.visitor_id, x.session_id, x.type,
         input.now, input.now, x.client_at, x.path, 'tracking', x.message_id, x.properties, x.url, x.referrer_domain,
         x.utm, x.utm_raw, x.click_ids, x.channel, x.channel_rule,
         (SELECT c.id FROM campaigns c WHERE c.utm_campaign = x.utm_campaign), x.is_bot
    FROM x JOIN keys USING (message_id) LEFT JOIN person USING (visitor_id), input
  RETURNING 1
)
SELECT count(*)::int AS inserted FROM stored`;
