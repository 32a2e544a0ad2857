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

/**
 * Runs a batch of jobs of one task and returns one outcome per job, in order (null = done).
 * Batches let a task do its database work in a few statements instead of a few per job: at
 * hundreds of MQLs a second, notifications must not cost more than the routing that caused them.
 */
export type TaskHandler = (jobs: Job[]) => Promise<(Error | null)[]>;
export type TaskList = Record<string, TaskHandler>;

/** For tasks that are naturally one job at a time. */
export const oneByOne =
  (run: (job: Job) => Promise<void>): TaskHandler =>
  async (jobs) => {
    const outcomes: (Error | null)[] = [];
    for (const job of jobs) {
      try {
        await run(job);
        outcomes.push(null);
      } catch (error) {
        outcomes.push(error instanceof Error ? error : new Error(String(error)));
      }
    }
    return outcomes;
  };

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
  const names = Object.keys(tasks);
  const short = names.filter((task) => !LONG_TASKS.has(task));
  const long = names.filter((task) => LONG_TASKS.has(task));
  let rows = await claim(db, short, opts.batch ?? 200, opts.workerId);
  // A long task (an import) runs alone and only when nothing else is due, so it never holds other
  // claimed jobs hostage (they would go stale and run twice) and never delays a notification it
  // could have let through first.
  if (rows.length === 0 && long.length > 0) rows = await claim(db, long, 1, opts.workerId);
  const jobs: Job[] = rows.map((row) => ({
    id: row.id,
    task: row.task,
    payload: row.payload,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
  }));
  const done: number[] = [];
  for (const [task, batch] of groupBy(jobs, (job) => job.task)) {
    let outcomes: (Error | null)[];
    try {
      outcomes = await (tasks[task] as TaskHandler)(batch);
    } catch (error) {
      outcomes = batch.map(() => (error instanceof Error ? error : new Error(String(error))));
    }
    for (const [i, job] of batch.entries()) {
      const error = outcomes[i] ?? null;
      if (!error) {
        done.push(job.id);
        continue;
      }
      const final = error instanceof PermanentJobError || job.attempts >= job.maxAttempts;
      opts.log?.('job failed', {
        job: job.id,
        task: job.task,
        attempt: job.attempts,
        final,
        error: error.message,
      });
      await sql`
        UPDATE jobs SET status = ${final ? 'failed' : 'pending'}, locked_by = NULL, last_error = ${(error.stack ?? error.message).slice(0, 4000)},
               run_at = now() + make_interval(secs => ${Math.min(3600, 2 ** job.attempts)}),
               finished_at = ${final ? new Date() : null}
         WHERE id = ${job.id}`.execute(db);
    }
  }
  if (done.length > 0) {
    await sql`UPDATE jobs SET status = 'done', finished_at = now(), locked_by = NULL, last_error = NULL WHERE id = ANY(${done}::bigint[])`.execute(
      db,
    );
  }
  return rows.length;
}

/** Tasks that can run for minutes (a large import): claimed one at a time, after everything else. */
const LONG_TASKS = new Set(['run-import']);

async function claim(db: Kysely<DB>, tasks: string[], limit: number, workerId: string) {
  if (tasks.length === 0) return [];
  const { rows } = await sql<{
    id: number;
    task: string;
    payload: Record<string, unknown>;
    attempts: number;
    max_attempts: number;
  }>`
    UPDATE jobs SET status = 'running', locked_by = ${workerId}, locked_at = now(), attempts = attempts + 1
     WHERE id IN (
       SELECT id FROM jobs
        WHERE status = 'pending' AND run_at <= now() AND task = ANY(${tasks}::text[])
        ORDER BY priority DESC, run_at
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
    RETURNING id, task, payload, attempts, max_attempts`.execute(db);
  return rows;
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

/**
 * The long-running loop: polls every `pollMs`; when the enqueuing process nudges it, it runs
 * `batchDelayMs` later — soon enough for a rep's notification, late enough to gather a batch.
 */
export function startWorker(
  db: Kysely<DB>,
  tasks: TaskList,
  opts: { pollMs?: number; batchDelayMs?: number; log: Logger },
): Worker {
  const workerId = `${os.hostname()}:${process.pid}`;
  const pollMs = opts.pollMs ?? 1000;
  const batchDelayMs = opts.batchDelayMs ?? 50;
  let stopped = false;
  let sleeping: { timer: NodeJS.Timeout; resolve: () => void; nudged: boolean } | null = null;
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
      if (stopped) break;
      await new Promise<void>((resolve) => {
        sleeping = { timer: setTimeout(resolve, pollMs), resolve, nudged: false };
      });
      sleeping = null;
    }
  })();
  return {
    nudge: () => {
      const s = sleeping as { timer: NodeJS.Timeout; resolve: () => void; nudged: boolean } | null;
      if (!s || s.nudged) return;
      s.nudged = true;
      clearTimeout(s.timer);
      s.timer = setTimeout(s.resolve, batchDelayMs);
    },
    stop: async () => {
      stopped = true;
      const s = sleeping as { timer: NodeJS.Timeout; resolve: () => void } | null;
      if (s) {
        clearTimeout(s.timer);
        s.resolve();
      }
      await loop;
    },
  };
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
