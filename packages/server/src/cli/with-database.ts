import type { Config } from '../config.ts';
import { type Database, openDatabase } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';

/**
 * For commands that need the database: uses the running embedded server if `mops start` is up,
 * otherwise starts it for the duration of the command (and stops it again).
 */
export async function withDatabase<T>(config: Config, work: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase(config, { poolSize: 4 });
  try {
    await migrate(database.pool);
    return await work(database);
  } finally {
    await database.close();
  }
}
