import type { Kysely, Transaction } from 'kysely';
import type { DB } from './schema.ts';

const RETRYABLE = new Set(['40001', '40P01']); // serialization failure, deadlock detected

/** Runs `work` in a transaction, retrying the whole unit when Postgres asks us to (deadlock, serialization). */
export async function inTransaction<T>(
  db: Kysely<DB>,
  work: (trx: Transaction<DB>) => Promise<T>,
  attempts = 3,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(work);
    } catch (error) {
      if (attempt >= attempts || !RETRYABLE.has(pgCode(error) ?? '')) throw error;
    }
  }
}

export const pgCode = (error: unknown): string | undefined => (error as { code?: string } | null)?.code;
export const pgConstraint = (error: unknown): string | undefined =>
  (error as { constraint?: string } | null)?.constraint;
