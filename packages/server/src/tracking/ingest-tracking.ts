import type { CompiledPlaybook } from '@mops/core';
import type { Clock } from '../clock.ts';
import { MopsError } from '../errors.ts';
import { ingestEvents } from '../pipeline/ingest-events.ts';
import type { PipelineDb } from '../pipeline/pipeline-db.ts';
import { type DescribeResult, describeBatch } from './describe-batch.ts';
import { relayOf } from './touch-relay.ts';

export { MAX_TRACKING_EVENTS } from './describe-batch.ts';

export interface TrackingResult {
  accepted: number;
  duplicates: number;
  rejected: { index: number; code: string; message: string }[];
  bot: boolean;
}

/**
 * `POST /v1/t`: a batch from the tracking script (docs/tracking-protocol.md). Page views and
 * custom events are stored as touches in one transaction, together with other browsers' batches
 * arriving at the same moment (`TouchRelay`); idempotent per batch: a replayed batch adds nothing.
 * An `identify` links the browser to a known person through the lead pipeline, which stitches the
 * browser's history. Server time orders events; the client's clock is kept.
 * `describe` does the CPU work (a worker thread for large batches); by default it runs here.
 */
export async function ingestTracking(
  database: PipelineDb,
  playbook: CompiledPlaybook,
  input: { body: unknown; userAgent: string | null; receivedAt: Date; personId?: string | null },
  clock: Clock,
  describe: () => Promise<DescribeResult> = async () => describeBatch(playbook, input),
): Promise<TrackingResult> {
  const described = await describe();
  if (!described.ok) throw new MopsError(described.error.code, described.error.message);
  const { visitorId, batchId, rows, rejected, identifies } = described.value;

  let accepted = 0;
  let duplicates = 0;
  if (rows.length > 0) {
    const stored = await relayOf(database.pool).store({
      key: `tb:${visitorId}:${batchId}`,
      receivedAt: input.receivedAt,
      personId: input.personId ?? null,
      rows,
    });
    accepted += stored;
    duplicates += rows.length - stored;
  }
  // Repeats inside the batch were skipped above.
  duplicates += described.value.events - rejected.length - rows.length - identifies.length;
  // A browser may say who it is, but only about someone mops already knows, and it changes nothing
  // about them: anyone can call this public endpoint, so it only stitches the browser's history to
  // the person. Creating people and changing their data stays with forms (honeypot, rate limit)
  // and the keyed events API.
  for (const identify of identifies) {
    const email = typeof identify.traits.email === 'string' ? identify.traits.email.trim().toLowerCase() : '';
    const known = email
      ? await database.db.selectFrom('people').select('id').where('email', '=', email).executeTakeFirst()
      : undefined;
    if (!known) {
      rejected.push({
        index: identify.index,
        code: 'UNKNOWN_PERSON',
        message:
          'identify only links this browser to someone mops already knows; a form submission creates people',
      });
      continue;
    }
    const [result] = await ingestEvents(
      database,
      playbook,
      {
        body: { batch: [{ type: 'identify', message_id: `t:${identify.eventId}`, email, traits: {} }] },
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
  return { accepted, duplicates, rejected, bot: described.value.bot };
}
