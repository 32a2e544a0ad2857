import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { MopsError } from '../errors.ts';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
// Any constant works; it only has to be the same in every mops process.
const MIGRATION_LOCK = 4_100_001;

export interface MigrationResult {
  applied: string[];
  current: number;
}

/**
 * Numbered plain-SQL migrations (`0001_name.sql`), each applied once in its own transaction under
 * an advisory lock, so two processes starting together cannot both run one. An applied file that
 * was edited afterwards is an error: migrations are history, fixes are new files.
 */
export async function migrate(
  pool: pg.Pool,
  log: (line: string) => void = () => {},
): Promise<MigrationResult> {
  const files = fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort();
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ version: number; name: string; checksum: string }>(
      'SELECT version, name, checksum FROM schema_migrations ORDER BY version',
    );
    const done = new Map(rows.map((r) => [r.version, r]));
    const applied: string[] = [];
    for (const file of files) {
      const version = Number(file.slice(0, 4));
      const sql = fs.readFileSync(path.join(MIGRATIONS_DIR, file), 'utf8');
      const checksum = createHash('sha256').update(sql).digest('hex').slice(0, 16);
      const previous = done.get(version);
      if (previous) {
        if (previous.checksum !== checksum) {
          throw new MopsError(
            'MIGRATION_CHANGED',
            `migration ${file} was edited after it was applied (checksum ${previous.checksum} → ${checksum}); add a new migration instead`,
          );
        }
        continue;
      }
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
          version,
          file,
          checksum,
        ]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new MopsError('MIGRATION_FAILED', `migration ${file} failed: ${(error as Error).message}`);
      }
      applied.push(file);
      log(`applied migration ${file}`);
    }
    const current = files.length > 0 ? Number(files[files.length - 1]?.slice(0, 4)) : 0;
    return { applied, current };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}
