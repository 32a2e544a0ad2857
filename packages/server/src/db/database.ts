import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.ts';
import { MopsError } from '../errors.ts';
import { type EmbeddedPostgres, ensureEmbeddedPostgres, reachableDataDir } from './embedded-postgres.ts';
import { PreparingClient } from './preparing-client.ts';
import type { DB } from './schema.ts';

// bigint ids fit in a double for any realistic table; numeric scores are 2-decimal values.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number.parseFloat(v));

export interface Database {
  db: Kysely<DB>;
  pool: pg.Pool;
  /** The connection URL with the password masked, for messages. */
  safeUrl: string;
  url: string;
  embedded: EmbeddedPostgres | null;
  close(): Promise<void>;
}

export interface OpenOptions {
  log?: (line: string) => void;
  poolSize?: number;
}

/** The configured database: `DATABASE_URL` if set, otherwise the embedded server (started if needed). */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'> & { dataDirExplicit?: boolean },
  options: OpenOptions = {},
): Promise<Database> {
  const embedded = config.databaseUrl
    ? null
    : await ensureEmbeddedPostgres({
        dataDir: config.dataDirExplicit === false ? reachableDataDir(config.dataDir) : config.dataDir,
        ...(options.log ? { log: options.log } : {}),
      });
  const url = config.databaseUrl ?? (embedded as EmbeddedPostgres).url;
  try {
    return await connect(url, embedded, options.poolSize ?? 20);
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}

export async function connect(
  url: string,
  embedded: EmbeddedPostgres | null,
  poolSize: number,
): Promise<Database> {
  const safeUrl = maskPassword(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: 10_000,
    Client: PreparingClient,
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  try {
    const { rows } = await pool.query<{ v: string }>('SHOW server_version_num');
    const version = Number(rows[0]?.v);
    if (version < 140000) {
      throw new MopsError(
        'DATABASE_UNAVAILABLE',
        `PostgreSQL ${Math.floor(version / 10000)} at ${safeUrl} is too old; mops needs PostgreSQL 14 or newer`,
      );
    }
  } catch (error) {
    await pool.end().catch(() => undefined);
    if (error instanceof MopsError) throw error;
    throw new MopsError(
      'DATABASE_UNAVAILABLE',
      `cannot connect to PostgreSQL at ${safeUrl}: ${describeConnectionError(error)}. ` +
        'Check DATABASE_URL (or unset it to use the embedded database).',
    );
  }
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    pool,
    url,
    safeUrl,
    embedded,
    close: async () => {
      await db.destroy();
      // Kysely only ends the pool if it ever ran a query itself; raw pool users (migrations) need this.
      if (!pool.ended) await pool.end();
      await embedded?.stop();
    },
  };
}

function describeConnectionError(error: unknown): string {
  const e = error as NodeJS.ErrnoException & { message: string };
  if (e.code === 'ECONNREFUSED') return 'connection refused (is PostgreSQL running on that host and port?)';
  if (e.code === 'ENOTFOUND') return 'unknown host';
  if (e.code === '28P01') return 'wrong user name or password';
  if (e.code === '3D000') return 'that database does not exist';
  return e.message || String(error);
}

export function maskPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}
