import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { MopsError } from '../errors.ts';
import { newId } from '../ids.ts';

export const SCOPES = [
  'admin',
  'people:read',
  'events:write',
  'playbook:read',
  'playbook:write',
  'imports:read',
  'imports:write',
  'reports:read',
  'campaigns:read',
  'campaigns:write',
] as const;
export type Scope = (typeof SCOPES)[number];

export interface ApiKeyPrincipal {
  id: string;
  name: string;
  scopes: string[];
}

const hashSecret = (token: string) => createHash('sha256').update(token).digest('hex');

/** Keys are random 32-byte tokens; only their SHA-256 is stored (a fast hash suffices for high-entropy secrets). */
export async function createApiKey(
  db: Kysely<DB>,
  input: { name: string; scopes: string[]; actor: string; token?: string },
): Promise<{ id: string; token: string; prefix: string; scopes: string[] }> {
  const unknown = input.scopes.filter((s) => !SCOPES.includes(s as Scope));
  if (unknown.length > 0 || input.scopes.length === 0) {
    throw new MopsError(
      'VALIDATION_FAILED',
      `unknown scope ${unknown.join(', ') || '(none given)'}; scopes: ${SCOPES.join(', ')}`,
    );
  }
  const token = input.token ?? `mops_${randomBytes(32).toString('base64url')}`;
  const id = newId();
  const prefix = `${token.slice(0, 9)}…`;
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('api_keys')
      .values({
        id,
        name: input.name,
        prefix,
        secret_hash: hashSecret(token),
        scopes: input.scopes,
        created_by: input.actor,
      })
      .onConflict((oc) =>
        oc.column('secret_hash').doUpdateSet({ name: input.name, scopes: input.scopes, revoked_at: null }),
      )
      .execute();
    await trx
      .insertInto('audit_log')
      .values({
        actor: input.actor,
        action: 'apikey.create',
        target: prefix,
        details: JSON.stringify({ name: input.name, scopes: input.scopes }),
      })
      .execute();
  });
  return { id, token, prefix, scopes: input.scopes };
}

interface CachedKey {
  principal: ApiKeyPrincipal | null;
  expires: number;
}

/**
 * Looks keys up by hash with a short cache: a request should not cost a query, and a revoked key
 * must stop working within seconds.
 */
export class ApiKeyVerifier {
  private readonly cache = new Map<string, CachedKey>();
  private readonly db: Kysely<DB>;
  private readonly ttlMs: number;

  constructor(db: Kysely<DB>, ttlMs = 10_000) {
    this.db = db;
    this.ttlMs = ttlMs;
  }

  async verify(token: string): Promise<ApiKeyPrincipal | null> {
    const hash = hashSecret(token);
    const cached = this.cache.get(hash);
    if (cached && cached.expires > Date.now()) return cached.principal;
    const row = await this.db
      .selectFrom('api_keys')
      .select(['id', 'name', 'scopes', 'last_used_at'])
      .where('secret_hash', '=', hash)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    const principal = row ? { id: row.id, name: row.name, scopes: row.scopes } : null;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(hash, { principal, expires: Date.now() + this.ttlMs });
    if (row) {
      await this.db
        .updateTable('api_keys')
        .set({ last_used_at: new Date() })
        .where('id', '=', row.id)
        .execute();
    }
    return principal;
  }
}

export const hasScope = (principal: ApiKeyPrincipal, scope: Scope): boolean =>
  principal.scopes.includes('admin') || principal.scopes.includes(scope);
