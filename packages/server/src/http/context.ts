import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { Clock } from '../clock.ts';
import type { DB } from '../db/schema.ts';
import type { Logger } from '../log.ts';
import type { PlaybookRuntime } from '../playbook/playbook-runtime.ts';
import type { ApiKeyPrincipal, ApiKeyVerifier } from '../stores/api-key.store.ts';

export interface AppDeps {
  db: Kysely<DB>;
  /** The same connections as `db`, used directly by the lead pipeline's hot path. */
  pool: pg.Pool;
  playbooks: PlaybookRuntime;
  apiKeys: ApiKeyVerifier;
  /** Use the first X-Forwarded-For address as the client IP (only behind a trusted proxy). */
  trustProxy: boolean;
  log: Logger;
  /** Called after a request committed jobs, so an in-process worker picks them up at once. */
  onJobsEnqueued: () => void;
  clock: Clock;
  /** Where import uploads are stored, and the largest one accepted. */
  uploads: { dir: string; maxBytes: number };
}

export type AppEnv = {
  Variables: { requestId: string; principal: ApiKeyPrincipal };
  Bindings: { incoming?: { socket?: { remoteAddress?: string } } };
};
