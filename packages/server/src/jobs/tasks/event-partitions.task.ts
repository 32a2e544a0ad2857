import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { enqueue } from '../queue.ts';
import { oneByOne, type TaskHandler } from '../worker.ts';

const DAY_MS = 86_400_000;
export const EVENT_PARTITIONS_TASK = 'event-partitions';

/**
 * Makes the events table's monthly partitions ahead of time (this month and the next three), so
 * an event never lands in the default partition. Runs at start and then daily.
 */
export async function ensureEventPartitions(db: Kysely<DB>, now = new Date()): Promise<number> {
  const { rows } = await sql<{ made: number }>`
    SELECT mops_ensure_event_partitions(${now}::timestamptz, ${now}::timestamptz + interval '3 months') AS made`.execute(
    db,
  );
  return rows[0]?.made ?? 0;
}

export function eventPartitionsTask(db: Kysely<DB>): TaskHandler {
  return oneByOne(async () => {
    await ensureEventPartitions(db);
    await db.transaction().execute((trx) => scheduleEventPartitions(trx, new Date(Date.now() + DAY_MS)));
  });
}

export async function scheduleEventPartitions(
  trx: Parameters<typeof enqueue>[0],
  runAt: Date,
): Promise<void> {
  await enqueue(trx, [
    {
      task: EVENT_PARTITIONS_TASK,
      payload: {},
      runAt,
      uniqueKey: `${EVENT_PARTITIONS_TASK}:${runAt.toISOString().slice(0, 10)}`,
    },
  ]);
}
