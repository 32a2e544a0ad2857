import { sql, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';

export interface JobRequest {
  task: string;
  payload: Record<string, unknown>;
  runAt?: Date;
  /** At most one pending/running job per key (e.g. one recurring decay sweep). */
  uniqueKey?: string;
  maxAttempts?: number;
  priority?: number;
}

/**
 * The queue port: engines return follow-up work as data, and the shell enqueues it in the same
 * transaction as the state change that caused it — if the change rolls back, so does the job.
 */
export async function enqueue(trx: Transaction<DB>, jobs: JobRequest[]): Promise<void> {
  if (jobs.length === 0) return;
  const rows = jobs.map((job) => ({
    task: job.task,
    payload: job.payload,
    run_at: job.runAt?.toISOString() ?? null,
    unique_key: job.uniqueKey ?? null,
    max_attempts: job.maxAttempts ?? 10,
    priority: job.priority ?? 0,
  }));
  await sql`
    INSERT INTO jobs (task, payload, run_at, unique_key, max_attempts, priority)
    SELECT task, payload, COALESCE(run_at, now()), unique_key, max_attempts, priority
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        AS j(task text, payload jsonb, run_at timestamptz, unique_key text, max_attempts int, priority int)
    ON CONFLICT (unique_key) WHERE unique_key IS NOT NULL AND status IN ('pending', 'running') DO NOTHING`.execute(
    trx,
  );
}
