import {
  type CompiledForm,
  type CompiledPlaybook,
  checkSalesEvent,
  compileFormField,
  INPUT_FIELDS,
  isSalesEvent,
  validateSubmission,
  washSubmission,
} from '@mops/core';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Clock } from '../clock.ts';
import { pgCode, pgConstraint } from '../db/pg-errors.ts';
import type { DB } from '../db/schema.ts';
import { MopsError } from '../errors.ts';
import { UUID_PATTERN } from '../ids.ts';
import { type TouchDocument, touchDocument, touchExplanation } from '../tracking/touch-document.ts';
import { eventTouch } from './event-touch.ts';
import type { PipelineDb } from './pipeline-db.ts';
import { processPerson } from './process-person.ts';
import { prototypeKeyPath } from './prototype-key.ts';
import { sanitizeForJson } from './sanitize.ts';

const Traits = z.record(z.string().max(100), z.union([z.string(), z.number(), z.boolean(), z.null()]));
const Timestamp = z.iso.datetime({ offset: true });
const MessageId = z.string().min(1).max(200);

export const IdentifyEvent = z.strictObject({
  type: z.literal('identify'),
  message_id: MessageId.optional(),
  email: z.string().max(254),
  traits: Traits.default({}),
  timestamp: Timestamp.optional(),
});

export const TrackEvent = z
  .strictObject({
    type: z.literal('track'),
    message_id: MessageId.optional(),
    email: z.string().max(254).optional(),
    person_id: z.string().regex(UUID_PATTERN, 'must be a person id (UUID)').optional(),
    event: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'use snake_case, e.g. webinar_attended'),
    properties: z.record(z.string().max(100), z.unknown()).default({}),
    timestamp: Timestamp.optional(),
  })
  .refine((e) => e.email !== undefined || e.person_id !== undefined, {
    message: 'a track event needs email or person_id',
  });

export const EventBatch = z.strictObject({ batch: z.array(z.unknown()).min(1).max(500) });

export type EventResult =
  | {
      index: number;
      status: 'accepted';
      person_id: string;
      event_id: number | null;
      stage: string;
      owner: string | null;
    }
  | { index: number; status: 'duplicate'; message_id: string }
  | { index: number; status: 'rejected'; error: { code: string; message: string; details?: unknown } };

// Client clocks drift; a timestamp more than this far in the future is replaced by server time.
const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * `POST /v1/events`: each event is validated and processed on its own (one bad event does not sink
 * the batch), in its own transaction, through the same pipeline as forms. Every event needs an
 * idempotency key — its `message_id`, or the batch's Idempotency-Key header plus its position —
 * so a retried batch is never counted twice.
 */
export async function ingestEvents(
  database: PipelineDb,
  playbook: CompiledPlaybook,
  input: {
    body: unknown;
    idempotencyKey: string | null;
    receivedAt: Date;
    /** The browser the events came from (the tracking script's identify): stitched to the person. */
    touch?: TouchDocument | null;
  },
  clock: Clock,
): Promise<EventResult[]> {
  const parsed = EventBatch.safeParse(input.body);
  if (!parsed.success) {
    throw new MopsError('VALIDATION_FAILED', 'the body must be { "batch": [ …1 to 500 events… ] }', [
      { path: 'batch', code: 'INVALID_BATCH', message: parsed.error.issues[0]?.message ?? 'invalid batch' },
    ]);
  }
  const batch = parsed.data.batch;
  const messageIds = batch.map((raw, index) => {
    const own = (raw as { message_id?: unknown } | null)?.message_id;
    if (typeof own === 'string' && own.length > 0) return `evt:${own.slice(0, 200)}`;
    return input.idempotencyKey ? `batch:${input.idempotencyKey}:${index}` : null;
  });
  const seen = await alreadyStored(
    database.db,
    messageIds.filter((id): id is string => id !== null),
  );
  const results: EventResult[] = [];
  for (const [index, raw] of batch.entries()) {
    const messageId = messageIds[index] ?? null;
    if (messageId === null) {
      results.push(
        rejected(
          index,
          'IDEMPOTENCY_KEY_REQUIRED',
          'give each event a message_id, or send the batch with an Idempotency-Key header',
        ),
      );
    } else if (seen.has(messageId)) {
      results.push({ index, status: 'duplicate', message_id: messageId });
    } else {
      results.push(
        await ingestOne(
          database,
          playbook,
          raw,
          index,
          messageId,
          input.receivedAt,
          clock,
          input.touch ?? null,
        ),
      );
    }
  }
  return results;
}

async function ingestOne(
  { db, pool }: PipelineDb,
  playbook: CompiledPlaybook,
  raw: unknown,
  index: number,
  messageId: string,
  receivedAt: Date,
  clock: Clock,
  touch: TouchDocument | null,
): Promise<EventResult> {
  const kind = (raw as { type?: unknown } | null)?.type;
  const schema = kind === 'identify' ? IdentifyEvent : kind === 'track' ? TrackEvent : null;
  if (!schema) return rejected(index, 'UNKNOWN_EVENT_TYPE', 'type must be "identify" or "track"');
  const protoKey = prototypeKeyPath(raw);
  if (protoKey) {
    return rejected(index, 'VALIDATION_FAILED', 'the event is malformed', [
      { path: protoKey, message: 'the key "__proto__" is not allowed' },
    ]);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    return rejected(
      index,
      'VALIDATION_FAILED',
      'the event is malformed',
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  const event = parsed.data as z.infer<typeof IdentifyEvent> | z.infer<typeof TrackEvent>;
  if (event.type === 'track' && isSalesEvent(event.event)) {
    const checked = checkSalesEvent(event.event, event.properties, new Set(playbook.reps.keys()));
    if (!checked.ok) return rejected(index, checked.error.code, checked.error.message, checked.error.details);
  }
  const email = event.email ?? (await emailOfPerson(db, (event as { person_id?: string }).person_id));
  if (!email) return rejected(index, 'PERSON_NOT_FOUND', 'no person has that person_id');

  const traits = event.type === 'identify' ? event.traits : {};
  const validated = validateSubmission(apiForm(playbook), { ...traits, email }, playbook, { channel: 'api' });
  if (!validated.ok)
    return rejected(index, validated.error.code, validated.error.message, validated.error.details);
  const washed = washSubmission(validated.value);
  const occurredAt = occurredAtOf(event.timestamp, receivedAt);
  const properties = sanitizeForJson(event.type === 'track' ? event.properties : { traits }) as Record<
    string,
    unknown
  >;
  const text = (value: unknown, max: number) =>
    typeof value === 'string' ? (sanitizeForJson(value, max) as string) : undefined;
  const path = event.type === 'track' ? text(event.properties.path, 2000) : undefined;
  const formId = event.type === 'track' ? text(event.properties.form, 200) : undefined;
  if (occurredAt.getTime() !== (event.timestamp ? Date.parse(event.timestamp) : occurredAt.getTime())) {
    properties.client_timestamp = event.timestamp;
  }
  // The browser's touch (the tracker's identify) wins; otherwise the event may be a touch itself.
  let ownTouch = touch;
  if (!ownTouch && event.type === 'track' && !isSalesEvent(event.event)) {
    const described = eventTouch(playbook, event.event, event.properties);
    if (described) {
      ownTouch = touchDocument(described, { visitorId: null });
      const explained = touchExplanation(described);
      if (explained) properties.touch = explained;
    }
  }
  try {
    const outcome = await processPerson(
      pool,
      playbook,
      {
        email: washed.email,
        emailDomain: validated.value.emailDomain,
        isFreeMail: validated.value.isFreeMail,
        fields: washed.fields,
        washChanges: washed.changes,
        companyName: validated.value.fields.company ?? null,
        source: 'api',
        event: {
          type: event.type === 'track' ? event.event : 'identify',
          occurredAt,
          ...(path !== undefined ? { path } : {}),
          ...(formId !== undefined ? { formId } : {}),
          properties,
          messageId,
          touch: ownTouch,
        },
        capturedAt: receivedAt,
      },
      clock,
    );
    return {
      index,
      status: 'accepted',
      person_id: outcome.personId,
      event_id: outcome.eventId,
      stage: outcome.stage,
      owner: outcome.ownerRepId,
    };
  } catch (error) {
    if (pgConstraint(error) === 'event_message_ids_pkey')
      return { index, status: 'duplicate', message_id: messageId };
    // Data PostgreSQL refuses (class 22: bad values) is this event's problem, not the batch's.
    if (pgCode(error)?.startsWith('22'))
      return rejected(
        index,
        'INVALID_DATA',
        `the event holds data that cannot be stored: ${(error as Error).message}`,
      );
    if (error instanceof MopsError && error.code === 'BUSY') return rejected(index, 'BUSY', error.message);
    throw error;
  }
}

const apiForms = new WeakMap<CompiledPlaybook, CompiledForm>();

/** Identify traits are validated like a form that collects every known field, none required but email. */
function apiForm(playbook: CompiledPlaybook): CompiledForm {
  let form = apiForms.get(playbook);
  if (!form) {
    const customFields = new Map(playbook.source.fields.map((f) => [f.id, f]));
    const names = [...INPUT_FIELDS, ...customFields.keys()];
    form = {
      id: '_api',
      b2b: false,
      honeypot: '\u0000no-honeypot',
      rate_limit: { per_ip_per_minute: 1 },
      fields: names,
      compiledFields: names.map((name) => compileFormField(name === 'email' ? 'email!' : name, customFields)),
    };
    apiForms.set(playbook, form);
  }
  return form;
}

function occurredAtOf(timestamp: string | undefined, receivedAt: Date): Date {
  if (!timestamp) return receivedAt;
  const client = new Date(timestamp);
  return client.getTime() - receivedAt.getTime() > MAX_CLOCK_SKEW_MS ? receivedAt : client;
}

async function alreadyStored(db: Kysely<DB>, messageIds: string[]): Promise<Set<string>> {
  if (messageIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('event_message_ids')
    .select('message_id')
    .where('message_id', 'in', messageIds)
    .execute();
  return new Set(rows.map((r) => r.message_id as string));
}

async function emailOfPerson(db: Kysely<DB>, personId: string | undefined): Promise<string | null> {
  if (!personId) return null;
  const row = await db.selectFrom('people').select('email').where('id', '=', personId).executeTakeFirst();
  return row?.email ?? null;
}

function rejected(index: number, code: string, message: string, details?: unknown): EventResult {
  return { index, status: 'rejected', error: { code, message, ...(details ? { details } : {}) } };
}
