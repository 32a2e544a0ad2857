import type { FieldProblem, Firmographics } from '@mops/core';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';

export interface CachedAnswer {
  found: boolean;
  fields: Firmographics;
  problems: FieldProblem[];
  fetchedAt: Date;
}

/** HTTP provider answers in Postgres (table enrichment_cache): shared by workers, kept across restarts. */
export class EnrichmentCache {
  private readonly db: Kysely<DB>;

  constructor(db: Kysely<DB>) {
    this.db = db;
  }

  async get(provider: string, domain: string, configHash: string, now: Date): Promise<CachedAnswer | null> {
    const { rows } = await sql<{
      found: boolean;
      fields: Firmographics;
      problems: FieldProblem[];
      fetched_at: Date;
    }>`
      SELECT found, fields, problems, fetched_at FROM enrichment_cache
       WHERE provider = ${provider} AND domain = ${domain} AND config_hash = ${configHash} AND expires_at > ${now}`.execute(
      this.db,
    );
    const row = rows[0];
    return row
      ? { found: row.found, fields: row.fields, problems: row.problems, fetchedAt: row.fetched_at }
      : null;
  }

  async put(
    provider: string,
    domain: string,
    configHash: string,
    answer: CachedAnswer,
    ttlMs: number,
  ): Promise<void> {
    const expiresAt = new Date(answer.fetchedAt.getTime() + ttlMs);
    await sql`
      INSERT INTO enrichment_cache (provider, domain, config_hash, found, fields, problems, fetched_at, expires_at)
      VALUES (${provider}, ${domain}, ${configHash}, ${answer.found}, ${JSON.stringify(answer.fields)}::jsonb,
              ${JSON.stringify(answer.problems)}::jsonb, ${answer.fetchedAt}, ${expiresAt})
      ON CONFLICT (provider, domain) DO UPDATE
        SET config_hash = EXCLUDED.config_hash, found = EXCLUDED.found, fields = EXCLUDED.fields,
            problems = EXCLUDED.problems, fetched_at = EXCLUDED.fetched_at, expires_at = EXCLUDED.expires_at`.execute(
      this.db,
    );
  }
}
