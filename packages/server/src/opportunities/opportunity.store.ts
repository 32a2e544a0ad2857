import { registrableDomain } from '@mops/core';
import { type Kysely, sql } from 'kysely';
import { resolvePeople } from '../campaigns/campaign-members.store.ts';
import type { DB } from '../db/schema.ts';
import { MopsError } from '../errors.ts';
import { newId, UUID_PATTERN } from '../ids.ts';
import type { ContactInput, OpportunityInput } from './opportunity-input.ts';

export interface OpportunityRow {
  id: string;
  external_id: string | null;
  name: string;
  account_id: string | null;
  amount: number | null;
  currency: string;
  stage: string;
  created_at: Date;
  closed_at: Date | null;
  is_closed: boolean;
  is_won: boolean;
  source: string;
  recorded_at: Date;
  updated_at: Date;
}

export interface OpportunityWrite {
  id: string;
  outcome: 'inserted' | 'updated' | 'unchanged';
}

/**
 * The account an opportunity names, by id or website domain. An unknown one is an error (the
 * deal would otherwise silently lose its account), returned as a reason for the caller to use.
 */
export async function resolveAccount(
  db: Kysely<DB>,
  input: Pick<OpportunityInput, 'accountId' | 'accountDomain'>,
): Promise<{ ok: true; id: string | null } | { ok: false; path: string; message: string }> {
  if (input.accountId) {
    const { rows } = await sql<{
      id: string;
    }>`SELECT id FROM accounts WHERE id = ${input.accountId}::uuid`.execute(db);
    return rows[0]
      ? { ok: true, id: rows[0].id }
      : { ok: false, path: 'account_id', message: `no account ${input.accountId}` };
  }
  if (input.accountDomain) {
    const domain = registrableDomain(input.accountDomain) ?? bareHost(input.accountDomain);
    if (!domain)
      return {
        ok: false,
        path: 'account_domain',
        message: `"${input.accountDomain.slice(0, 80)}" is not a website domain`,
      };
    const { rows } = await sql<{ id: string }>`SELECT id FROM accounts WHERE domain = ${domain}`.execute(db);
    return rows[0]
      ? { ok: true, id: rows[0].id }
      : {
          ok: false,
          path: 'account_domain',
          message: `no account with domain ${domain} (import accounts first)`,
        };
  }
  return { ok: true, id: null };
}

/** A host the Public Suffix List does not know (playbook accounts such as `globex.example`). */
function bareHost(text: string): string | null {
  const host = text
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/^www\./, '')
    .replace(/[/:?#].*$/, '')
    .replace(/\.$/, '');
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host) ? host : null;
}

/**
 * Stores an opportunity: keyed by `external_id` (the CRM's id), so sending it again updates it
 * in place, and only when something changed. Contacts are upserted (role, primary); `replace`
 * drops contacts not listed (the API's "this is the full set").
 */
export async function writeOpportunity(
  db: Kysely<DB>,
  input: OpportunityInput,
  accountId: string | null,
  contacts: { personId: string; role: string | null; isPrimary: boolean }[],
  ctx: { source: string; now: Date; importId: string | null; replaceContacts: boolean },
): Promise<OpportunityWrite> {
  const { rows } = await sql<{ id: string; inserted: boolean }>`
    INSERT INTO opportunities (id, external_id, name, account_id, amount, currency, stage, created_at, closed_at,
                               is_closed, is_won, source, import_id, recorded_at, updated_at)
    VALUES (${newId(ctx.now.getTime())}, ${input.externalId}, ${input.name}, ${accountId}, ${input.amount},
            ${input.currency}, ${input.stage}, ${input.createdAt}, ${input.closedAt}, ${input.isClosed}, ${input.isWon},
            ${ctx.source}, ${ctx.importId}, ${ctx.now}, ${ctx.now})
    ON CONFLICT (external_id) DO UPDATE SET
      name = EXCLUDED.name, account_id = EXCLUDED.account_id, amount = EXCLUDED.amount, currency = EXCLUDED.currency,
      stage = EXCLUDED.stage, created_at = EXCLUDED.created_at, closed_at = EXCLUDED.closed_at,
      is_closed = EXCLUDED.is_closed, is_won = EXCLUDED.is_won, source = EXCLUDED.source,
      import_id = EXCLUDED.import_id, updated_at = EXCLUDED.updated_at
     WHERE (opportunities.name, opportunities.account_id, opportunities.amount, opportunities.currency,
            opportunities.stage, opportunities.created_at, opportunities.closed_at, opportunities.is_closed,
            opportunities.is_won)
           IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.account_id, EXCLUDED.amount, EXCLUDED.currency, EXCLUDED.stage,
                             EXCLUDED.created_at, EXCLUDED.closed_at, EXCLUDED.is_closed, EXCLUDED.is_won)
    RETURNING id, (xmax = 0) AS inserted`.execute(db);
  let id = rows[0]?.id;
  let outcome: OpportunityWrite['outcome'] = rows[0]
    ? rows[0].inserted
      ? 'inserted'
      : 'updated'
    : 'unchanged';
  if (!id) {
    const existing = await sql<{
      id: string;
    }>`SELECT id FROM opportunities WHERE external_id = ${input.externalId}`.execute(db);
    id = existing.rows[0]?.id as string;
  }
  const changed = await writeContacts(db, id, contacts, ctx.replaceContacts);
  if (changed && outcome === 'unchanged') outcome = 'updated';
  return { id, outcome };
}

async function writeContacts(
  db: Kysely<DB>,
  opportunityId: string,
  contacts: { personId: string; role: string | null; isPrimary: boolean }[],
  replace: boolean,
): Promise<boolean> {
  let changed = 0;
  if (replace) {
    const keep = contacts.map((c) => c.personId);
    const { numAffectedRows } = await sql`
      DELETE FROM opportunity_contacts WHERE opportunity_id = ${opportunityId} AND NOT (person_id = ANY(${keep}::uuid[]))`.execute(
      db,
    );
    changed += Number(numAffectedRows ?? 0);
  }
  const primary = contacts.find((c) => c.isPrimary);
  if (primary) {
    // One primary contact per opportunity (a partial unique index): the new one takes over.
    const { numAffectedRows } = await sql`
      UPDATE opportunity_contacts SET is_primary = false
       WHERE opportunity_id = ${opportunityId} AND is_primary AND person_id <> ${primary.personId}`.execute(
      db,
    );
    changed += Number(numAffectedRows ?? 0);
  }
  for (const c of contacts) {
    const { numAffectedRows } = await sql`
      INSERT INTO opportunity_contacts (opportunity_id, person_id, role, is_primary)
      VALUES (${opportunityId}, ${c.personId}, ${c.role}, ${c.isPrimary})
      ON CONFLICT (opportunity_id, person_id) DO UPDATE SET role = EXCLUDED.role, is_primary = EXCLUDED.is_primary
       WHERE (opportunity_contacts.role, opportunity_contacts.is_primary) IS DISTINCT FROM (EXCLUDED.role, EXCLUDED.is_primary)`.execute(
      db,
    );
    changed += Number(numAffectedRows ?? 0);
  }
  return changed > 0;
}

/** Contacts by person id (following merges); the last mention of a person wins. */
export async function resolveContacts(
  db: Kysely<DB>,
  contacts: ContactInput[],
  path: string,
): Promise<{ personId: string; role: string | null; isPrimary: boolean }[]> {
  const ids = await resolvePeople(db, contacts, path);
  const byPerson = new Map<string, { personId: string; role: string | null; isPrimary: boolean }>();
  contacts.forEach((c, i) => {
    const personId = ids[i] as string;
    byPerson.set(personId, { personId, role: c.role, isPrimary: c.isPrimary });
  });
  const primaries = [...byPerson.values()].filter((c) => c.isPrimary);
  if (primaries.length > 1) {
    throw new MopsError(
      'VALIDATION_FAILED',
      `${path}: only one contact can be primary (${primaries.length} are)`,
    );
  }
  return [...byPerson.values()];
}

export interface OpportunityDetail extends OpportunityRow {
  account: { id: string; domain: string; name: string | null } | null;
  contacts: { person_id: string; email: string; role: string | null; is_primary: boolean }[];
}

export async function getOpportunity(db: Kysely<DB>, idOrExternal: string): Promise<OpportunityDetail> {
  const byId = UUID_PATTERN.test(idOrExternal);
  const { rows } = await sql<OpportunityRow>`
    SELECT id, external_id, name, account_id, amount, currency, stage, created_at, closed_at, is_closed, is_won,
           source, recorded_at, updated_at
      FROM opportunities
     WHERE ${byId ? sql`id = ${idOrExternal.toLowerCase()}::uuid OR ` : sql``}external_id = ${idOrExternal}`.execute(
    db,
  );
  const row = rows[0];
  if (!row) {
    throw new MopsError(
      'OPPORTUNITY_NOT_FOUND',
      `no opportunity "${idOrExternal.slice(0, 200)}" (by id or external_id)`,
    );
  }
  const account = row.account_id
    ? ((
        await sql<{ id: string; domain: string; name: string | null }>`
          SELECT id, domain, name FROM accounts WHERE id = ${row.account_id}`.execute(db)
      ).rows[0] ?? null)
    : null;
  const contacts = await sql<OpportunityDetail['contacts'][number]>`
    SELECT c.person_id, p.email, c.role, c.is_primary
      FROM opportunity_contacts c JOIN people p ON p.id = c.person_id
     WHERE c.opportunity_id = ${row.id}
     ORDER BY c.is_primary DESC, p.email`.execute(db);
  return { ...row, account, contacts: contacts.rows };
}
