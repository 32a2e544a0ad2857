import type { CompiledPlaybook } from '@mops/core';
import { type Kysely, sql } from 'kysely';
import type pg from 'pg';
import type { Clock } from '../../clock.ts';
import type { DB } from '../../db/schema.ts';
import { dedupeDatabase } from '../../merges/dedupe-database.ts';
import { enqueue } from '../queue.ts';
import { oneByOne, type TaskHandler } from '../worker.ts';

export const DEDUPE_SWEEP_TASK = 'dedupe-sweep';

/** People whose insert is still committing may carry a created_at a moment in the past. */
const COMMIT_MARGIN_MS = 5_000;
/**
 * Each sweep also looks again at the ten seconds before its window: a write that committed
 * late (a retried import batch) is still seen. Re-checking is harmless — merged people are no
 * longer candidates and a queued pair is not queued twice. Anything later still is found by
 * `mops dedupe --db`.
 */
const OVERLAP_MS = 10_000;
/** Shared with `mops dedupe --db`: one scan at a time, so two never merge from stale views. */
export const DEDUPE_LOCK = 4_100_003;
/** On a database that has never been swept, look back this far (not through all history). */
const FIRST_LOOK_BACK_MS = 10 * 60_000;

/**
 * `dedupe-sweep`: duplicates on entry. Checks the people created since the last sweep against
 * everyone sharing a blocking key with them (same matcher, thresholds and review queue as
 * `mops dedupe --db`): a newcomer above `auto_merge_above` is merged into the existing record,
 * one above `review_above` is queued for review. Each sweep that saw someone is a `dedupe_sweeps`
 * row. The server enqueues it every few seconds (one pending at a time).
 */
export function dedupeSweepTask(deps: {
  db: Kysely<DB>;
  pool: pg.Pool;
  currentPlaybook: () => CompiledPlaybook;
  clock: Clock;
}): TaskHandler {
  return oneByOne(async () => {
    const now = deps.clock();
    const { rows } = await sql<{ until: Date | null }>`SELECT max(until) AS until FROM dedupe_sweeps`.execute(
      deps.db,
    );
    const last = rows[0]?.until ?? null;
    const since = last ? new Date(last.getTime() - OVERLAP_MS) : new Date(now.getTime() - FIRST_LOOK_BACK_MS);
    const until = new Date(now.getTime() - COMMIT_MARGIN_MS);
    if (last && until <= last) return;
    const started = performance.now();
    const summary = await withDedupeLock(deps.pool, false, () =>
      dedupeDatabase(deps.db, deps.pool, deps.currentPlaybook(), {
        dryRun: false,
        actor: 'on entry (dedupe sweep)',
        now: deps.clock,
        scope: { since, until },
      }),
    );
    if (!summary) return; // `mops dedupe --db` is running; the next sweep covers this window
    const checked = summary.people_new ?? 0;
    if (checked > 0 || last === null) {
      await sql`
        INSERT INTO dedupe_sweeps (since, until, checked, merged, queued, elapsed_ms)
        VALUES (${since}, ${until}, ${checked}, ${summary.merged}, ${summary.queued_for_review},
                ${Math.round(performance.now() - started)})`.execute(deps.db);
    }
  });
}

/**
 * Runs `work` holding the dedupe lock (a session advisory lock on a dedicated connection).
 * `wait` false: returns null at once when someone else holds it.
 */
export async function withDedupeLock<T>(
  pool: pg.Pool,
  wait: boolean,
  work: () => Promise<T>,
): Promise<T | null> {
  const client = await pool.connect();
  try {
    if (wait) await client.query('SELECT pg_advisory_lock($1)', [DEDUPE_LOCK]);
    else {
      const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [
        DEDUPE_LOCK,
      ]);
      if (!rows[0]?.ok) return null;
    }
    try {
      return await work();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [DEDUPE_LOCK]);
    }
  } finally {
    client.release();
  }
}

export async function scheduleDedupeSweep(db: Kysely<DB>): Promise<void> {
  await db
    .transaction()
    .execute((trx) => enqueue(trx, [{ task: DEDUPE_SWEEP_TASK, payload: {}, uniqueKey: DEDUPE_SWEEP_TASK }]));
}
