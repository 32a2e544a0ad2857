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
    const since = rows[0]?.until ?? new Date(now.getTime() - FIRST_LOOK_BACK_MS);
    const until = new Date(now.getTime() - COMMIT_MARGIN_MS);
    if (until <= since) return;
    const summary = await dedupeDatabase(deps.db, deps.pool, deps.currentPlaybook(), {
      dryRun: false,
      actor: 'on entry (dedupe sweep)',
      now: deps.clock,
      scope: { since, until },
    });
    const checked = summary.people_new ?? 0;
    if (checked > 0 || rows[0]?.until === null || rows[0]?.until === undefined) {
      await sql`
        INSERT INTO dedupe_sweeps (since, until, checked, merged, queued)
        VALUES (${since}, ${until}, ${checked}, ${summary.merged}, ${summary.queued_for_review})`.execute(
        deps.db,
      );
    }
  });
}

export async function scheduleDedupeSweep(db: Kysely<DB>): Promise<void> {
  await db
    .transaction()
    .execute((trx) => enqueue(trx, [{ task: DEDUPE_SWEEP_TASK, payload: {}, uniqueKey: DEDUPE_SWEEP_TASK }]));
}
