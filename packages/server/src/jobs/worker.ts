import os from 'node:os';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Logger } from '../log.ts';

export interface Job {
  id: number;
  task: string;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
}

export type TaskHandler = (job: Job) => Promise<void>;
export type TaskList = Record<string, TaskHandler>;

/** A failure the task knows cannot succeed on retry (bad payload, deleted person): fail at once. */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

const STALE_LOCK_MINUTES = 10;

/**
 * Claims due jobs with FOR UPDATE SKIP LOCKED, so any number of worker processes can share the
 * table without taking the same job. Failures retry with exponential backoff (2^attempts s, capped
 * at an hour) until `max_attempts`, then stay as `failed` with their last error for an operator.
 */
export async function runDueJobs(
  db: Kysely<DB>,
  tasks: TaskList,
  opts: { workerId: string; batch?: number; log?: Logger },
): Promise<number> {
  const { rows } = await sql<{
    id: number;
    task: string;
    payload: Record<string, unknown>;
    attempts: number;
    max_attempts: number;
  }>`
    UPDATE jobs SET status = 'running', locked_by = ${opts.workerId}, locked_at = now(), attempts = attempts + 1
     WHERE id IN (
       SELECT id FROM jobs
        WHERE status = 'pending' AND run_at <= now() AND task = ANY(${Object.keys(tasks)}::text[])
        ORDER BY priority DESC, run_at
        LIMIT ${opts.batch ?? 20}
        FOR UPDATE SKIP LOCKED)
    RETURNING id, task, payload, attempts, max_attempts`.execute(db);
  for (const row of rows) {
    const job: Job = {
      id: row.id,
      task: row.task,
      payload: row.payload,
      attempts: row.attempts,
      maxAttempts: row.max_attempts,
    };
    try {
      await (tasks[job.task] as TaskHandler)(job);
      await sql`UPDATE jobs SET status = 'done', finished_at = now(), locked_by = NULL, last_error = NULL WHERE id = ${job.id}`.execute(
        db,
      );
    } catch (error) {
      const message = ((error as Error)?.stack ?? String(error)).slice(0, 4000);
      const permanent = error instanceof PermanentJobError;
      const final = permanent || job.attempts >= job.maxAttempts;
      opts.log?.('job failed', {
        job: job.id,
        task: job.task,
        attempt: job.attempts,
        final,
        error: (error as Error)?.message,
      });
      await sql`
        UPDATE jobs SET status = ${final ? 'failed' : 'pending'}, locked_by = NULL, last_error = ${message},
               run_at = now() + make_interval(secs => ${Math.min(3600, 2 ** job.attempts)}),
               finished_at = ${final ? new Date() : null}
         WHERE id = ${job.id}`.execute(db);
    }
  }
  return rows.length;
}

/** Jobs left `running` by a process that died are handed back to the queue. */
export async function releaseStaleJobs(db: Kysely<DB>): Promise<number> {
  const result = await sql`
    UPDATE jobs SET status = 'pending', locked_by = NULL
     WHERE status = 'running' AND locked_at < now() - make_interval(mins => ${STALE_LOCK_MINUTES})`.execute(
    db,
  );
  return Number(result.numAffectedRows ?? 0);
}

/** For tests and one-shot CLI use: run until nothing is due. Deterministic — no sleeping. */
export async function drainJobs(db: Kysely<DB>, tasks: TaskList, maxRounds = 100): Promise<number> {
  let total = 0;
  for (let round = 0; round < maxRounds; round++) {
    const ran = await runDueJobs(db, tasks, { workerId: 'drain' });
    total += ran;
    if (ran === 0) break;
  }
  return total;
}

export interface Worker {
  nudge(): void;
  stop(): Promise<void>;
}

/** The long-running loop: polls every `pollMs`, and immediately when nudged by the enqueuing process. */
export function startWorker(db: Kysely<DB>, tasks: TaskList, opts: { pollMs?: number; log: Logger }): Worker {
  const workerId = `${os.hostname()}:${process.pid}`;
  const pollMs = opts.pollMs ?? 1000;
  let stopped = false;
  let wake: (() => void) | null = null;
  let pending = false;
  const loop = (async () => {
    let lastStaleCheck = 0;
    while (!stopped) {
      try {
        if (Date.now() - lastStaleCheck > 60_000) {
          lastStaleCheck = Date.now();
          await releaseStaleJobs(db);
        }
        const ran = await runDueJobs(db, tasks, { workerId, log: opts.log });
        if (ran > 0) continue;
      } catch (error) {
        opts.log('worker loop error', { error: (error as Error).message });
      }
      if (pending) {
        pending = false;
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  })();
  return {
    nudge: () => {
      pending = true;
      wake?.();
    },
    stop: async () => {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}
