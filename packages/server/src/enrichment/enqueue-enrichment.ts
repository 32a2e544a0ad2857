import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';

export const ENRICH_TASK = 'enrich-person';
/** Provider outages are retried by the queue with backoff: 2, 4, 8, 16, 32 s … then left `failed`. */
export const ENRICH_MAX_ATTEMPTS = 6;

/**
 * Queues `enrich-person` for these people. At most one pending job per person (the jobs table's
 * unique key), so a burst of submissions enriches a person once. Pass a transaction to enqueue
 * with the change that made enrichment worth doing (transactional outbox).
 */
export async function enqueueEnrichment(
  db: Kysely<DB> | Transaction<DB>,
  personIds: readonly string[],
): Promise<number> {
  const ids = [...new Set(personIds)];
  if (ids.length === 0) return 0;
  const result = await sql`
    INSERT INTO jobs (task, payload, unique_key, max_attempts)
    SELECT ${ENRICH_TASK}, jsonb_build_object('personId', id), ${`${ENRICH_TASK}:`} || id, ${ENRICH_MAX_ATTEMPTS}
      FROM unnest(${ids}::uuid[]) AS id
    ON CONFLICT (unique_key) WHERE unique_key IS NOT NULL AND status IN ('pending', 'running') DO NOTHING`.execute(
    db,
  );
  return Number(result.numAffectedRows ?? 0);
}
