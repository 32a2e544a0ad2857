import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { DB } from '../db/schema.ts';

/** The pipeline's database handles: Kysely for ordinary queries, the raw pool for the hot path. */
export interface PipelineDb {
  db: Kysely<DB>;
  pool: pg.Pool;
}
