import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Job, TaskHandler } from '../worker.ts';

export interface NotifyOptions {
  /** POST each notification as JSON here (e.g. a Slack/Teams incoming-webhook relay). */
  webhookUrl: string | undefined;
  timeoutMs?: number;
}

/**
 * `notify-owner` and `alert-unrouted`: the follow-ups of a routing decision. Each job produces
 * exactly one notification row (its inbox copy), then delivers it to the webhook if one is set;
 * a failed delivery throws, so the queue retries it with backoff.
 */
export function notifyTasks(db: Kysely<DB>, options: NotifyOptions): Record<string, TaskHandler> {
  const deliver = async (
    job: Job,
    message: { kind: string; recipient: string; subject: string; body: string },
  ) => {
    const personId = String(job.payload.personId);
    await db
      .insertInto('notifications')
      .values({
        job_id: job.id,
        kind: message.kind,
        recipient: message.recipient,
        person_id: personId,
        subject: message.subject,
        body: message.body,
        delivered_at: null,
        delivery: null,
      })
      .onConflict((oc) => oc.column('job_id').doNothing())
      .execute();
    const row = await db
      .selectFrom('notifications')
      .select(['id', 'delivered_at'])
      .where('job_id', '=', job.id)
      .executeTakeFirstOrThrow();
    if (row.delivered_at) return;
    let delivery: Record<string, unknown> = { channel: 'inbox' };
    if (options.webhookUrl) {
      const response = await fetch(options.webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...message, person_id: personId, notification_id: row.id }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
      });
      if (!response.ok) throw new Error(`webhook answered ${response.status} ${response.statusText}`);
      delivery = { channel: 'webhook', status: response.status, attempt: job.attempts };
    }
    await db
      .updateTable('notifications')
      .set({ delivered_at: new Date(), delivery: JSON.stringify(delivery) })
      .where('id', '=', row.id)
      .execute();
  };

  return {
    'notify-owner': async (job) => {
      const rep = await db
        .selectFrom('reps')
        .select(['email', 'name'])
        .where('id', '=', String(job.payload.repId))
        .executeTakeFirst();
      await deliver(job, {
        kind: 'owner_assigned',
        recipient: rep?.email ?? String(job.payload.repId),
        subject: `New ${String(job.payload.stage).toUpperCase()} for you: ${String(job.payload.who)}`,
        body: `${String(job.payload.who)} was assigned to ${rep?.name ?? String(job.payload.repId)}. Why: ${String(job.payload.reason)}`,
      });
    },
    'alert-unrouted': async (job) => {
      const playbook = await db
        .selectFrom('playbook_versions')
        .select('playbook')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      const fallback = (playbook?.playbook as { routing?: { fallback?: { alert?: string } } } | undefined)
        ?.routing?.fallback;
      await deliver(job, {
        kind: 'unrouted_alert',
        recipient: fallback?.alert ?? `queue:${String(job.payload.queue)}`,
        subject: `Unrouted lead in ${String(job.payload.queue)}: ${String(job.payload.who)}`,
        body: `Nobody could take ${String(job.payload.who)}. Why: ${String(job.payload.reason)}`,
      });
    },
  };
}
