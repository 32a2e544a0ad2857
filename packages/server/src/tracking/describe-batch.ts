import { type CompiledPlaybook, describeTouch, detectBot, type UtmParameter } from '@mops/core';
import { z } from 'zod';
import { prototypeKeyPath } from '../pipeline/prototype-key.ts';
import { sanitizeForJson } from '../pipeline/sanitize.ts';
import { type PreparedTouch, prepareTouch } from './store-touches.ts';
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

export interface DescribedBatch {
  visitorId: string;
  batchId: string;
  /** Events in the batch as sent. */
  events: number;
  rejected: { index: number; code: string; message: string }[];
  identifies: { index: number; eventId: string; traits: Record<string, unknown>; touch: TouchDocument }[];
  rows: PreparedTouch[];
  bot: boolean;
}

export type DescribeResult =
  | { ok: true; value: DescribedBatch }
  | { ok: false; error: { code: string; message: string } };

/**
 * A tracking batch taken apart, without any IO (so it can run on a worker thread): the envelope
 * and each event checked, each touch described by the playbook (UTMs, channel, bot), made storable,
 * and turned into its COPY line. Bad events are listed with their index; the rest go on.
 */
export function describeBatch(
  playbook: CompiledPlaybook,
  input: { body: unknown; userAgent: string | null; receivedAt: Date },
): DescribeResult {
  const envelope = Envelope.safeParse(input.body);
  if (!envelope.success) {
    const issue = envelope.error.issues[0];
    return {
      ok: false,
      error: {
        code: 'VALIDATION_FAILED',
        message: `not a tracking batch: ${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}; see docs/tracking-protocol.md`,
      },
    };
  }
  const batch = envelope.data;
  const visitorId = browserId(batch.visitor_id);
  if (!visitorId) {
    return {
      ok: false,
      error: { code: 'VALIDATION_FAILED', message: 'visitor_id must be a UUID (the mops_vid cookie)' },
    };
  }
  const sessionId = browserId(batch.session_id);
  const bot = detectBot(input.userAgent);
  const rejected: DescribedBatch['rejected'] = [];
  const rows: PreparedTouch[] = [];
  const now = input.receivedAt.toISOString();
  const identifies: {
    index: number;
    eventId: string;
    traits: Record<string, unknown>;
    touch: TouchDocument;
  }[] = [];
  const seen = new Set<string>();

  for (const [index, raw] of batch.events.entries()) {
    const protoKey = prototypeKeyPath(raw);
    if (protoKey) {
      rejected.push({
        index,
        code: 'INVALID_EVENT',
        message: `${protoKey}: the key "__proto__" is not allowed`,
      });
      continue;
    }
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
      if (identifies.length > 0) {
        rejected.push({
          index,
          code: 'TOO_MANY_IDENTIFIES',
          message: 'a batch identifies one person at most',
        });
      } else {
        identifies.push({ index, eventId: event.event_id, traits: event.traits ?? {}, touch: document });
      }
      continue;
    }
    rows.push(
      prepareTouch(
        {
          ...document,
          first_touch: session ? sanitizeForJson(session) : null,
          message_id: sanitizeForJson(`t:${event.event_id}`) as string,
          type: (sanitizeForJson(type) as string).slice(0, 200),
          path: touch.path === null ? null : (sanitizeForJson(touch.path, 4_096) as string),
          properties: sanitizeForJson({
            ...(event.properties ?? {}),
            ...(touch.title ? { title: touch.title } : {}),
            ...(event.truncated ? { truncated: true } : {}),
            ...(batch.cookies === false ? { cookies: false } : {}),
            // The rule id (channel_rule) explains the channel; only what the row cannot say is kept here.
            ...withExplanation(touchExplanation(touch, { compact: true })),
          }),
        },
        now,
      ),
    );
  }
  return {
    ok: true,
    value: {
      visitorId,
      batchId: batch.batch_id,
      events: batch.events.length,
      rejected,
      identifies,
      rows,
      bot: bot.bot,
    },
  };
}

const withExplanation = (touch: Record<string, unknown> | null) => (touch ? { touch } : {});

/** The script sends `utm_source`…; the engines speak `source`…. */
function utmOf(utm: Record<string, string> | undefined): Partial<Record<UtmParameter, string>> {
  const out: Partial<Record<UtmParameter, string>> = {};
  for (const [key, value] of Object.entries(utm ?? {})) {
    const name = key.toLowerCase().replace(/^utm_/, '');
    if (['source', 'medium', 'campaign', 'term', 'content'].includes(name)) out[name as UtmParameter] = value;
  }
  return out;
}
