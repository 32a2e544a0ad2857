import { createHash } from 'node:crypto';
import {
  CLICK_ID_NAMES,
  type CompiledPlaybook,
  describeTouch,
  validateSubmission,
  washSubmission,
} from '@mops/core';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import { pgConstraint } from '../db/pg-errors.ts';
import type { DB } from '../db/schema.ts';
import { MopsError } from '../errors.ts';
import { browserId, touchDocument, touchExplanation } from '../tracking/touch-document.ts';
import type { PipelineDb } from './pipeline-db.ts';
import { type PersonOutcome, processPerson } from './process-person.ts';
import { sanitizeForJson } from './sanitize.ts';

export interface FormSubmission {
  formId: string;
  body: Record<string, unknown>;
  clientIp: string | null;
  userAgent: string | null;
  /** The page the form was on (the Referer header), when the form does not say. */
  pageUrl?: string | null;
  idempotencyKey: string | null;
  receivedAt: Date;
}

export type SubmitOutcome =
  | { kind: 'processed'; outcome: PersonOutcome; ignoredFields: string[] }
  | { kind: 'duplicate'; personId: string; eventId: number }
  | { kind: 'spam' };

/**
 * `POST /v1/forms/{formId}/submissions`: validate → wash → (one transaction) identity, account,
 * scoring, lifecycle, routing. Rejected submissions are kept in `form_rejections`, never lost.
 */
export async function submitForm(
  { db, pool }: PipelineDb,
  playbook: CompiledPlaybook,
  submission: FormSubmission,
  clock: Clock,
): Promise<SubmitOutcome> {
  const form = playbook.forms.get(submission.formId);
  if (!form) {
    // A public endpoint: name the problem, not the other forms.
    throw new MopsError(
      'FORM_NOT_FOUND',
      `no form "${submission.formId.slice(0, 100)}"; check the form id in the embed code`,
    );
  }
  const validated = validateSubmission(form, submission.body, playbook);
  if (!validated.ok) {
    await recordRejection(db, submission, validated.error.code, validated.error.details ?? []);
    if (validated.error.code === 'SPAM_HONEYPOT') return { kind: 'spam' };
    throw MopsError.from(validated.error);
  }
  const valid = validated.value;
  const washed = washSubmission(valid);
  const messageId = submission.idempotencyKey
    ? `form:${submission.formId}:${submission.idempotencyKey}`
    : null;
  // What the key stands for: a retry must carry the same submission, not a corrected one.
  const requestHash = createHash('sha256').update(JSON.stringify(washed)).digest('hex').slice(0, 32);
  if (messageId) {
    const seen = await findEventByMessageId(db, messageId, requestHash);
    if (seen) return { kind: 'duplicate', ...seen };
  }
  const touch = formTouch(playbook, valid.tracking, submission);
  const ignored = Object.fromEntries(
    valid.ignoredFields.slice(0, 50).map((name) => [name, submission.body[name]]),
  );
  try {
    const outcome = await processPerson(
      pool,
      playbook,
      {
        email: washed.email,
        emailDomain: valid.emailDomain,
        isFreeMail: valid.isFreeMail,
        fields: washed.fields,
        washChanges: washed.changes,
        companyName: valid.fields.company ?? null,
        source: 'form',
        event: {
          type: 'form_submit',
          occurredAt: submission.receivedAt,
          formId: submission.formId,
          properties: sanitizeForJson({
            fields: valid.fields,
            tracking: valid.tracking,
            ignored_fields: ignored,
            client_ip: submission.clientIp,
            user_agent: submission.userAgent,
            touch: touchExplanation(touch),
            ...(messageId ? { idempotency_hash: requestHash } : {}),
          }) as Record<string, unknown>,
          messageId,
          touch: touchDocument(touch, {
            visitorId: browserId(valid.tracking.mops_visitor_id ?? valid.tracking.visitor_id),
          }),
        },
        capturedAt: submission.receivedAt,
      },
      clock,
    );
    return { kind: 'processed', outcome, ignoredFields: valid.ignoredFields };
  } catch (error) {
    // The same Idempotency-Key raced in from two requests: the loser reports the winner's result.
    if (messageId && pgConstraint(error) === 'event_message_ids_pkey') {
      const seen = await findEventByMessageId(db, messageId, requestHash);
      if (seen) return { kind: 'duplicate', ...seen };
    }
    throw error;
  }
}

/**
 * The submission as a touch: the hidden fields the tracking script filled (the visit's first-touch
 * UTMs and click ids), the page it was on, classified by the playbook's channel rules.
 */
function formTouch(playbook: CompiledPlaybook, tracking: Record<string, string>, submission: FormSubmission) {
  const clickIds = Object.fromEntries(
    Object.entries(tracking).filter(([name]) => (CLICK_ID_NAMES as readonly string[]).includes(name)),
  );
  return describeTouch(
    {
      type: 'form_submit',
      url: tracking.page_url ?? submission.pageUrl ?? null,
      referrer: tracking.referrer ?? null,
      utm: {
        source: tracking.utm_source ?? null,
        medium: tracking.utm_medium ?? null,
        campaign: tracking.utm_campaign ?? null,
        term: tracking.utm_term ?? null,
        content: tracking.utm_content ?? null,
      },
      clickIds,
      userAgent: submission.userAgent,
      // A submission that passed validation and the honeypot is a lead, whatever posted it (a site's
      // backend, an integration): its touch counts. Bot detection is for page views.
      botVerdict: { bot: false, reason: null, evidence: null },
    },
    playbook,
  );
}

async function findEventByMessageId(
  db: Kysely<DB>,
  messageId: string,
  requestHash: string,
): Promise<{ personId: string; eventId: number } | null> {
  const row = await db
    .selectFrom('event_message_ids as k')
    .innerJoin('events', (join) =>
      join.onRef('events.id', '=', 'k.event_id').onRef('events.received_at', '=', 'k.received_at'),
    )
    .select(['events.id', 'events.person_id', 'events.properties'])
    .where('k.message_id', '=', messageId)
    .executeTakeFirst();
  if (!row?.person_id) return null;
  if ((row.properties as { idempotency_hash?: string }).idempotency_hash !== requestHash) {
    throw new MopsError(
      'IDEMPOTENCY_KEY_REUSED',
      'this Idempotency-Key was already used for a different submission; send a new key for new or corrected data',
    );
  }
  return { personId: row.person_id, eventId: row.id };
}

async function recordRejection(
  db: Kysely<DB>,
  submission: FormSubmission,
  code: string,
  details: unknown[],
): Promise<void> {
  await db
    .insertInto('form_rejections')
    .values({
      form_id: submission.formId.slice(0, 200),
      code,
      details: JSON.stringify(details),
      payload: JSON.stringify(sanitizeForJson(submission.body)),
      client_ip: submission.clientIp,
    })
    .execute();
}
