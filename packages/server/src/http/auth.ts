import type { MiddlewareHandler } from 'hono';
import { MopsError } from '../errors.ts';
import { type ApiKeyVerifier, hasScope, type Scope } from '../stores/api-key.store.ts';
import type { AppEnv } from './context.ts';

/** Private endpoints: `Authorization: Bearer <key>` with the needed scope (or `admin`). */
export function requireScope(apiKeys: ApiKeyVerifier, scope: Scope): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) {
      c.header('WWW-Authenticate', 'Bearer realm="mops"');
      throw new MopsError(
        'UNAUTHORIZED',
        'this endpoint needs an API key: send "Authorization: Bearer <key>" (create one with `mops apikey create`)',
      );
    }
    const principal = await apiKeys.verify(match[1] as string);
    if (!principal) throw new MopsError('UNAUTHORIZED', 'the API key is unknown or revoked');
    if (!hasScope(principal, scope)) {
      throw new MopsError(
        'FORBIDDEN',
        `the API key "${principal.name}" lacks the "${scope}" scope (it has: ${principal.scopes.join(', ')})`,
      );
    }
    c.set('principal', principal);
    await next();
  };
}
