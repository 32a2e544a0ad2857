import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { type Job, PermanentJobError, type TaskHandler } from '../worker.ts';

export interface NotifyOptions {
  /** POST each notification as JSON here (e.g. a Slack/Teams incoming-webhook relay). */
  webhookUrl: string | undefined;
  timeoutMs?: number;
}

interface Message {
  jobId: number;
  personId: string;
  kind: string;
  recipient: string;
  subject: string;
  body: string;
}

/**
 * `notify-owner` and `alert-unrouted`: the follow-ups of a routing decision. Each job produces
 * exactly one notification row (its inbox copy; the job id is unique there, so a retried job never
 * notifies twice), written for a whole batch in one statement. With a webhook configured each
 * notification is then POSTed; a failed delivery fails its job, so the queue retries it with
 * backoff, and a delivered one is never sent again.
 */
export function notifyTasks(db: Kysely<DB>, options: NotifyOptions): Record<string, TaskHandler> {
  const deliverAll = async (jobs: Job[], messages: Message[]): Promise<(Error | null)[]> => {
    try {
      return await deliverBatch(jobs, messages);
    } catch (error) {
      if (jobs.length === 1) return [error instanceof Error ? error : new Error(String(error))];
      // One bad job (say, its person was deleted) must not hold the others back: go one by one.
      const outcomes: (Error | null)[] = [];
      for (const [i, job] of jobs.entries())
        outcomes.push(...(await deliverAll([job], [messages[i] as Message])));
      return outcomes;
    }
  };

  const deliverBatch = async (jobs: Job[], messages: Message[]): Promise<(Error | null)[]> => {
    const inboxOnly = !options.webhookUrl;
    const rows = await sql<{ id: number; job_id: number; delivered_at: Date | null }>`
      WITH input AS (
        SELECT * FROM jsonb_to_recordset(${JSON.stringify(messages)}::jsonb)
          AS m("jobId" bigint, "personId" uuid, kind text, recipient text, subject text, body text)
      ), inserted AS (
        INSERT INTO notifications (job_id, kind, recipient, person_id, subject, body, delivered_at, delivery)
        SELECT "jobId", kind, recipient, "personId", subject, body,
               CASE WHEN ${inboxOnly} THEN now() END, CASE WHEN ${inboxOnly} THEN '{"channel":"inbox"}'::jsonb END
          FROM input
        ON CONFLICT (job_id) DO NOTHING
        RETURNING id, job_id, delivered_at
      )
      SELECT id, job_id, delivered_at FROM inserted
      UNION ALL
      SELECT n.id, n.job_id, n.delivered_at FROM notifications n JOIN input i ON n.job_id = i."jobId"
       WHERE NOT EXISTS (SELECT 1 FROM inserted WHERE inserted.job_id = n.job_id)`.execute(db);
    const byJob = new Map(rows.rows.map((r) => [Number(r.job_id), r]));
    const delivered: { id: number; status: number; attempt: number }[] = [];
    const outcomes: (Error | null)[] = jobs.map(() => null);
    const pending: number[] = [];
    for (const [i, job] of jobs.entries()) {
      const row = byJob.get(job.id);
      if (!row) outcomes[i] = new Error('notification row missing');
      else if (!row.delivered_at && !inboxOnly) pending.push(i);
    }
    // A few deliveries at a time: a slow webhook must not hold a batch past the stale-lock limit.
    await forEachLimited(pending, WEBHOOK_CONCURRENCY, async (i) => {
      const job = jobs[i] as Job;
      const row = byJob.get(job.id) as { id: number };
      const message = messages[i] as Message;
      try {
        const response = await fetch(options.webhookUrl as string, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            kind: message.kind,
            recipient: message.recipient,
            subject: message.subject,
            body: message.body,
            person_id: message.personId,
            notification_id: row.id,
          }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
        });
        if (!response.ok) {
          // A 4xx (other than timeout/too-many) will not change on retry: stop and keep the error.
          const permanent =
            response.status >= 400 && response.status < 500 && ![408, 429].includes(response.status);
          const text = `webhook answered ${response.status} ${response.statusText}`;
          throw permanent ? new PermanentJobError(text) : new Error(text);
        }
        delivered.push({ id: row.id, status: response.status, attempt: job.attempts });
      } catch (error) {
        outcomes[i] = error instanceof Error ? error : new Error(String(error));
      }
    });
    if (delivered.length > 0) {
      await sql`
        UPDATE notifications n SET delivered_at = now(),
               delivery = jsonb_build_object('channel', 'webhook', 'status', d.status, 'attempt', d.attempt)
          FROM jsonb_to_recordset(${JSON.stringify(delivered)}::jsonb) AS d(id bigint, status int, attempt int)
         WHERE n.id = d.id`.execute(db);
    }
    return outcomes;
  };

  const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));
  return {
    'notify-owner': async (jobs) => {
      const repIds = [...new Set(jobs.map((j) => text(j.payload.repId)))];
      const reps = await db
        .selectFrom('reps')
        .select(['id', 'email', 'name'])
        .where('id', 'in', repIds)
        .execute();
      const repOf = new Map(reps.map((r) => [r.id, r]));
      return deliverAll(
        jobs,
        jobs.map((job) => {
          const rep = repOf.get(text(job.payload.repId));
          const who = text(job.payload.who);
          return {
            jobId: job.id,
            personId: text(job.payload.personId),
            kind: 'owner_assigned',
            recipient: rep?.email ?? text(job.payload.repId),
            subject: `New ${text(job.payload.stage).toUpperCase()} for you: ${who}`,
            body: `${who} was assigned to ${rep?.name ?? text(job.payload.repId)}. Why: ${text(job.payload.reason)}`,
          };
        }),
      );
    },
    'alert-unrouted': async (jobs) => {
      const playbook = await db
        .selectFrom('playbook_versions')
        .select('playbook')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      const alert = (playbook?.playbook as { routing?: { fallback?: { alert?: string } } } | undefined)
        ?.routing?.fallback?.alert;
      return deliverAll(
        jobs,
        jobs.map((job) => ({
          jobId: job.id,
          personId: text(job.payload.personId),
          kind: 'unrouted_alert',
          recipient: alert ?? `queue:${text(job.payload.queue)}`,
          subject: `Unrouted lead in ${text(job.payload.queue)}: ${text(job.payload.who)}`,
          body: `Nobody could take ${text(job.payload.who)}. Why: ${text(job.payload.reason)}`,
        })),
      );
    },
  };
}

const WEBHOOK_CONCURRENCY = 8;

async function forEachLimited<T>(items: T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await run(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
