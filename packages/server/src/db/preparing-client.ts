import { createHash } from 'node:crypto';
import pg from 'pg';

/**
 * Hot-path statements (the lead pipeline runs a handful of them per form submission, hundreds of
 * times a second) start with this marker. The client runs them as named prepared statements, so
 * each connection parses and plans them once instead of on every call.
 */
export const PREPARE = '/* prepared */';

const names = new Map<string, string>();

function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `mops_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    names.set(text, name);
  }
  return name;
}

export class PreparingClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg's query() has many overloads; we only add a name.
  override query(config: any, values?: any, callback?: any): any {
    if (typeof config === 'string' && config.startsWith(PREPARE) && Array.isArray(values)) {
      return super.query({ name: statementName(config), text: config, values }, callback);
    }
    return super.query(config, values, callback);
  }
}

/**
 * `pool.query`, except that an error PostgreSQL reported (a constraint, a guard, a deadlock) does
 * not cost the connection: pg's pool.query destroys a client on any error, and on the hot path,
 * where conflicts are expected and retried, that meant a fresh connection (and its password
 * handshake) per conflict. Only errors without a SQLSTATE — a broken socket — discard the client.
 */
export async function queryPool<R extends pg.QueryResultRow>(
  pool: pg.Pool,
  text: string,
  values: unknown[],
): Promise<pg.QueryResult<R>> {
  const client = await pool.connect();
  try {
    const result = await client.query<R>(text, values);
    client.release();
    return result;
  } catch (error) {
    const serverError =
      typeof (error as { code?: unknown }).code === 'string' && 'severity' in (error as object);
    client.release(serverError ? undefined : (error as Error));
    throw error;
  }
}
