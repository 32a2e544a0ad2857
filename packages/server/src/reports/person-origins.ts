import type { CompiledPlaybook } from '@mops/core';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { originalTouchLateral } from './report-sql.ts';

// Folds the change log (migration 0010) into `person_origins`: recomputes the original touch of
// every survivor the log names, drops the rows of records merged away, and starts over when the
// playbook's original-source rule changed. The same fold re-projects the named records' touches
// into `journey_touches` (migration 0014), which attribution reads. Runs in one transaction under
// an advisory lock, so two reports never refresh at once; a report whose people nobody touched
// since pays one empty DELETE.

const ORIGINS_LOCK = 4_100_010;

export interface OriginsRefresh {
  people: number;
  /** touches written to journey_touches for the records the log named */
  touches: number;
  rebuilt: boolean;
}

export async function refreshPersonOrigins(
  db: Kysely<DB>,
  playbook: CompiledPlaybook,
): Promise<OriginsRefresh> {
  const rule = playbook.tracking.original_source;
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${ORIGINS_LOCK})`.execute(trx);
    // Origins computed under another rule are all wrong now: recompute everyone.
    const stale = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM (SELECT 1 FROM person_origins WHERE rule <> ${rule} LIMIT 1) s`.execute(
      trx,
    );
    const rebuilt = (stale.rows[0]?.n ?? 0) > 0;
    // Everyone's origin is recomputed; the journey touches do not depend on the rule, so only the
    // records the log names are re-projected (9 million rows rewritten at 1,000,000 people otherwise).
    if (rebuilt) await sql`TRUNCATE person_origins`.execute(trx);
    const result = await sql<{ people: number; touches: number }>`
      WITH changed AS (DELETE FROM person_origin_changes RETURNING person_id),
      records AS (
        SELECT DISTINCT p.id, p.merged_into FROM people p WHERE p.id IN (SELECT person_id FROM changed)
      ),
      gone AS (
        DELETE FROM person_origins WHERE person_id IN (SELECT id FROM records WHERE merged_into IS NOT NULL)
      ),
      targets AS (
        SELECT DISTINCT COALESCE(merged_into, id) AS id FROM records
        ${rebuilt ? sql`UNION SELECT id FROM people WHERE merged_into IS NULL` : sql``}
      ),
      computed AS (
        SELECT p.id, o.original_channel, o.original_campaign_id, o.original_event_id, o.original_at, f.first_at
          FROM targets t JOIN people p ON p.id = t.id AND p.merged_into IS NULL
          ${originalTouchLateral(playbook)}
          LEFT JOIN LATERAL (
            SELECT min(e.occurred_at) AS first_at FROM events e
             WHERE e.person_id = ANY(ARRAY(SELECT p.id UNION ALL SELECT m.id FROM people m WHERE m.merged_into = p.id))
               AND NOT e.is_bot AND (e.channel IS NOT NULL OR e.campaign_id IS NOT NULL)) f ON true
         ORDER BY p.id
      ),
      written AS (
        INSERT INTO person_origins (person_id, channel, campaign_id, event_id, touch_at, first_touch_at, rule)
        SELECT id, original_channel, original_campaign_id, original_event_id, original_at, first_at, ${rule} FROM computed
        ON CONFLICT (person_id) DO UPDATE SET channel = EXCLUDED.channel, campaign_id = EXCLUDED.campaign_id,
          event_id = EXCLUDED.event_id, touch_at = EXCLUDED.touch_at, first_touch_at = EXCLUDED.first_touch_at,
          rule = EXCLUDED.rule
        RETURNING 1
      ),
      -- Each record's own touches, whatever it was merged into: one statement deletes the old rows
      -- and inserts the new (the index is not unique, so they never collide).
      touches_gone AS (
        DELETE FROM journey_touches WHERE person_id IN (SELECT id FROM records)
      ),
      touches_written AS (
        INSERT INTO journey_touches (person_id, occurred_at, event_id, type, channel, campaign_id)
        SELECT t.person_id, t.occurred_at, t.event_id, t.type, t.channel, t.campaign_id
          FROM touches t WHERE t.person_id IN (SELECT id FROM records)
         ORDER BY t.person_id, t.occurred_at, t.event_id
        RETURNING 1
      )
      SELECT (SELECT count(*)::int FROM written) AS people,
             (SELECT count(*)::int FROM touches_written) AS touches`.execute(trx);
    return { people: result.rows[0]?.people ?? 0, touches: result.rows[0]?.touches ?? 0, rebuilt };
  });
}
