import type { AccountSnapshot } from '@mops/core';
import { sql, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { newId } from '../ids.ts';

interface AccountRow {
  id: string;
  domain: string;
  name: string | null;
  employees: number | null;
  industry: string | null;
  country: string | null;
  owner_rep_id: string | null;
  named: boolean;
  inserted: boolean;
}

export const snapshotOfAccount = (row: Omit<AccountRow, 'inserted'>): AccountSnapshot => ({
  id: row.id,
  domain: row.domain,
  name: row.name,
  employees: row.employees,
  industry: row.industry,
  country: row.country,
  ownerRepId: row.owner_rep_id,
  named: row.named,
});

/**
 * The account for an email domain, created on first sight. Uses INSERT … ON CONFLICT DO NOTHING
 * (no row lock on existing accounts, so colleagues submitting together do not queue) and re-reads
 * when a concurrent transaction created the row after this statement's snapshot.
 */
export async function findOrCreateAccount(
  trx: Transaction<DB>,
  input: { domain: string; name: string | null; source: string; now: Date },
): Promise<{ account: AccountSnapshot; created: boolean }> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const { rows } = await sql<AccountRow>`
      WITH created AS (
        INSERT INTO accounts (id, domain, name, source, created_at, updated_at)
        VALUES (${newId(input.now.getTime())}, ${input.domain}, ${input.name}, ${input.source}, ${input.now}, ${input.now})
        ON CONFLICT (domain) DO NOTHING
        RETURNING id, domain, name, employees, industry, country, owner_rep_id, named, true AS inserted
      )
      SELECT * FROM created
      UNION ALL
      SELECT id, domain, name, employees, industry, country, owner_rep_id, named, false AS inserted
        FROM accounts WHERE domain = ${input.domain} AND NOT EXISTS (SELECT 1 FROM created)`.execute(trx);
    const row = rows[0];
    if (row) return { account: snapshotOfAccount(row), created: row.inserted };
  }
  throw new Error(`account for ${input.domain} neither inserted nor found after 3 attempts`);
}
