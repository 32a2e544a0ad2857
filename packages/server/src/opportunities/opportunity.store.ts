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

export interface ResolvedContact {
  personId: string;
  role: string | null;
  isPrimary: boolean;
}

export interface OpportunityItem {
  input: OpportunityInput;
  accountId: string | null;
  contacts: ResolvedContact[];
}

export type AccountResolution =
  | { ok: true; id: string | null }
  | { ok: false; path: string; message: string };

/**
 * The accounts opportunities name, by id or website domain, in one query. An unknown one is a
 * reason to reject the row (the deal would otherwise silently lose its account). A domain the
 * Public Suffix List does not know (playbook accounts such as `globex.example`) is taken as written.
 */
export async function resolveAccounts(
  db: Kysely<DB>,
  inputs: readonly Pick<OpportunityInput, 'accountId' | 'accountDomain'>[],
): Promise<AccountResolution[]> {
  const domains = inputs.map((i) =>
    i.accountId || !i.accountDomain
      ? null
      : (registrableDomain(i.accountDomain) ?? bareHost(i.accountDomain)),
  );
  const ids = [...new Set(inputs.flatMap((i) => (i.accountId ? [i.accountId] : [])))];
  const wanted = [...new Set(domains.filter((d): d is string => d !== null))];
  const { rows } =
    ids.length + wanted.length === 0
      ? { rows: [] }
      : await sql<{ id: string; domain: string }>`
          SELECT id, domain FROM accounts WHERE id = ANY(${ids}::uuid[]) OR domain = ANY(${wanted}::text[])`.execute(
          db,
        );
  const byId = new Set(rows.map((r) => r.id));
  const byDomain = new Map(rows.map((r) => [r.domain, r.id]));
  return inputs.map((input, i): AccountResolution => {
    if (input.accountId) {
      return byId.has(input.accountId)
        ? { ok: true, id: input.accountId }
        : { ok: false, path: 'account_id', message: `no account ${input.accountId}` };
    }
    if (!input.accountDomain) return { ok: true, id: null };
    const domain = domains[i];
    if (!domain) {
      return {
        ok: false,
        path: 'account_domain',
        message: `"${input.accountDomain.slice(0, 80)}" is not a website domain`,
      };
    }
    const id = byDomain.get(domain);
    return id
      ? { ok: true, id }
      : {
          ok: false,
          path: 'account_domain',
          message: `no account with domain ${domain} (import accounts first)`,
        };
  });
}

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
 * Stores opportunities in a few statements per batch: keyed by `external_id` (the CRM's id), so
 * sending one again updates it in place, and only when something changed. Contacts are upserted
 * (role, primary); `replaceContacts` drops contacts not listed (the API's "this is the full set").
 * Callers pass each external_id once and at most one primary contact per opportunity.
 */
export async function writeOpportunities(
  db: Kysely<DB>,
  items: readonly OpportunityItem[],
  ctx: { source: string; now: Date; importId: string | null; replaceContacts: boolean },
): Promise<OpportunityWrite[]> {
  if (items.length === 0) return [];
  const newIds = items.map(() => newId(ctx.now.getTime()));
  const col = <T>(get: (item: OpportunityItem) => T) => items.map(get);
  const { rows } = await sql<{ id: string; external_id: string | null; inserted: boolean }>`
    INSERT INTO opportunities (id, external_id, name, account_id, amount, currency, stage, created_at, closed_at,
                               is_closed, is_won, source, import_id, recorded_at, updated_at)
    SELECT id, external_id, name, account_id, amount, currency, stage, created_at, closed_at, is_closed, is_won,
           ${ctx.source}, ${ctx.importId}::uuid, ${ctx.now}::timestamptz, ${ctx.now}::timestamptz
      FROM unnest(${newIds}::uuid[], ${col((i) => i.input.externalId)}::text[], ${col((i) => i.input.name)}::text[],
                  ${col((i) => i.accountId)}::uuid[], ${col((i) => i.input.amount)}::numeric[],
                  ${col((i) => i.input.currency)}::text[], ${col((i) => i.input.stage)}::text[],
                  ${col((i) => i.input.createdAt.toISOString())}::timestamptz[],
                  ${col((i) => i.input.closedAt?.toISOString() ?? null)}::timestamptz[],
                  ${col((i) => i.input.isClosed)}::boolean[], ${col((i) => i.input.isWon)}::boolean[])
           AS t(id, external_id, name, account_id, amount, currency, stage, created_at, closed_at, is_closed, is_won)
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
    RETURNING id, external_id, (xmax = 0) AS inserted`.execute(db);
  const byExternal = new Map(
    rows.flatMap((r) => (r.external_id === null ? [] : [[r.external_id, r] as const])),
  );
  const byNewId = new Map(rows.map((r) => [r.id, r]));
  const unchanged = items.flatMap((item) =>
    item.input.externalId !== null && !byExternal.has(item.input.externalId) ? [item.input.externalId] : [],
  );
  const existing = new Map<string, string>();
  if (unchanged.length > 0) {
    const found = await sql<{ id: string; external_id: string }>`
      SELECT id, external_id FROM opportunities WHERE external_id = ANY(${unchanged}::text[])`.execute(db);
    for (const r of found.rows) existing.set(r.external_id, r.id);
  }
  const writes: OpportunityWrite[] = items.map((item, i) => {
    const external = item.input.externalId;
    const row =
      (external !== null ? byExternal.get(external) : undefined) ?? byNewId.get(newIds[i] as string);
    if (row) return { id: row.id, outcome: row.inserted ? 'inserted' : 'updated' };
    return { id: existing.get(external as string) as string, outcome: 'unchanged' };
  });
  const contacts = items.flatMap((item, i) =>
    item.contacts.map((c) => ({ ...c, opportunityId: (writes[i] as OpportunityWrite).id })),
  );
  const changed = await writeContacts(db, contacts, ctx.replaceContacts ? writes.map((w) => w.id) : []);
  for (const write of writes)
    if (write.outcome === 'unchanged' && changed.has(write.id)) write.outcome = 'updated';
  return writes;
}

/** Upserts contact roles (the last mention of a person wins); returns the opportunities that changed. */
async function writeContacts(
  db: Kysely<DB>,
  contacts: (ResolvedContact & { opportunityId: string })[],
  replaceFor: string[],
): Promise<Set<string>> {
  const changed = new Set<string>();
  const list = [...new Map(contacts.map((c) => [`${c.opportunityId}/${c.personId}`, c])).values()];
  const opps = list.map((c) => c.opportunityId);
  const people = list.map((c) => c.personId);
  if (replaceFor.length > 0) {
    const { rows } = await sql<{ opportunity_id: string }>`
      DELETE FROM opportunity_contacts c
       WHERE c.opportunity_id = ANY(${replaceFor}::uuid[])
         AND NOT EXISTS (SELECT 1 FROM unnest(${opps}::uuid[], ${people}::uuid[]) AS k(o, p)
                          WHERE k.o = c.opportunity_id AND k.p = c.person_id)
      RETURNING c.opportunity_id`.execute(db);
    for (const r of rows) changed.add(r.opportunity_id);
  }
  if (list.length === 0) return changed;
  const primaries = list.filter((c) => c.isPrimary);
  if (primaries.length > 0) {
    // One primary contact per opportunity (a partial unique index): the new one takes over.
    const { rows } = await sql<{ opportunity_id: string }>`
      UPDATE opportunity_contacts c SET is_primary = false
        FROM unnest(${primaries.map((c) => c.opportunityId)}::uuid[], ${primaries.map((c) => c.personId)}::uuid[])
             AS k(o, p)
       WHERE c.opportunity_id = k.o AND c.is_primary AND c.person_id <> k.p
      RETURNING c.opportunity_id`.execute(db);
    for (const r of rows) changed.add(r.opportunity_id);
  }
  const { rows } = await sql<{ opportunity_id: string }>`
    INSERT INTO opportunity_contacts (opportunity_id, person_id, role, is_primary)
    SELECT * FROM unnest(${opps}::uuid[], ${people}::uuid[], ${list.map((c) => c.role)}::text[],
                         ${list.map((c) => c.isPrimary)}::boolean[])
    ON CONFLICT (opportunity_id, person_id) DO UPDATE SET role = EXCLUDED.role, is_primary = EXCLUDED.is_primary
     WHERE (opportunity_contacts.role, opportunity_contacts.is_primary)
           IS DISTINCT FROM (EXCLUDED.role, EXCLUDED.is_primary)
    RETURNING opportunity_id`.execute(db);
  for (const r of rows) changed.add(r.opportunity_id);
  return changed;
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
