import type { CompiledPlaybook } from '@mops/core';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { refreshPersonOrigins } from '../../reports/person-origins.ts';
import { enqueue } from '../queue.ts';
import { oneByOne, type TaskHandler } from '../worker.ts';

// Reports fold the origin change log themselves before reading, but a server nobody reports on
// would let the log grow with every touch: the server folds it on the dedupe sweep's interval.

export const REFRESH_PERSON_ORIGINS_TASK = 'refresh-person-origins';

export function refreshPersonOriginsTask(
  db: Kysely<DB>,
  currentPlaybook: () => CompiledPlaybook,
): TaskHandler {
  return oneByOne(async () => {
    await refreshPersonOrigins(db, currentPlaybook());
  });
}

export async function scheduleOriginsRefresh(db: Kysely<DB>): Promise<void> {
  await db
    .transaction()
    .execute((trx) =>
      enqueue(trx, [
        { task: REFRESH_PERSON_ORIGINS_TASK, payload: {}, uniqueKey: REFRESH_PERSON_ORIGINS_TASK },
      ]),
    );
}
