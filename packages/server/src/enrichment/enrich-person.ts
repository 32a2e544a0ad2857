import {
  applyEnrichment,
  type CompiledPlaybook,
  type CurrentValue,
  companyDomainOf,
  type Enrichment,
  type EnrichmentDecision,
  FIRMOGRAPHIC_FIELDS,
  type FieldValue,
  regionOfCountry,
  type ValueSource,
  valueSourceOf,
} from '@mops/core';
import { type Kysely, sql } from 'kysely';
import type { Clock } from '../clock.ts';
import type { DB } from '../db/schema.ts';
import { loadSubject, type Subject } from './enrichment-subject.ts';
import type { EnrichmentProvider, LookupOutcome } from './provider.ts';

export interface LookupSummary {
  provider: string;
  type: 'csv' | 'http';
  outcome: LookupOutcome | { status: 'not_needed'; reason: string };
}

export interface EnrichOutcome {
  personId: string;
  email: string | null;
  status: 'enriched' | 'unchanged' | 'no_domain' | 'disabled' | 'not_found';
  domain: string | null;
  lookups: LookupSummary[];
  decision: EnrichmentDecision | null;
  decisionId: number | null;
  /** Providers that failed or were skipped by their breaker: worth another run later. */
  incomplete: string[];
  /** Write attempts (more than 1: the person changed meanwhile and the decision was re-made). */
  attempts: number;
}

const MAX_ATTEMPTS = 5;

class Conflict extends Error {}

/**
 * Enriches one person: looks their company domain up with each provider in playbook order (no
 * locks held meanwhile), lets core's `applyEnrichment` decide field by field, then writes the
 * changes, the `decisions` row that explains them and the provenance in one transaction. The
 * person is written only if `people.version` is still the one read, and the account only if the
 * fields being changed still hold what was read; otherwise the decision is made again on fresh
 * state (provider answers are reused — no second network call).
 */
export async function enrichPerson(
  db: Kysely<DB>,
  deps: { playbook: CompiledPlaybook; providers: EnrichmentProvider[]; clock: Clock },
  personId: string,
  /** The person as already read with others (`loadSubjects`; null: not found); read here if absent. */
  preloaded?: Subject | null,
): Promise<EnrichOutcome> {
  const { playbook, providers } = deps;
  const section = playbook.source.enrichment;
  let lookups: LookupSummary[] | null = null;
  let lookedUp: string | null = null;
  for (let attempt = 1; ; attempt++) {
    // A retry after a conflict reads the person again: the preloaded state is what conflicted.
    const subject = attempt === 1 && preloaded !== undefined ? preloaded : await loadSubject(db, personId);
    const base = {
      personId,
      email: subject?.person.email ?? null,
      decision: null,
      decisionId: null,
      attempts: attempt,
    };
    if (!subject) return { ...base, status: 'not_found', domain: null, lookups: [], incomplete: [] };
    if (!section || providers.length === 0)
      return { ...base, status: 'disabled', domain: null, lookups: [], incomplete: [] };
    const domain = companyDomainOf(subject.person.fields, subject.account?.domain ?? null);
    if (!domain) return { ...base, status: 'no_domain', domain: null, lookups: [], incomplete: [] };

    // A retry reuses the providers' answers, unless the person's company domain changed meanwhile.
    if (lookups === null || lookedUp !== domain) {
      lookups = await lookUp(providers, domain, section);
      lookedUp = domain;
    }
    const results = lookups.flatMap((l) => (l.outcome.status === 'matched' ? [l.outcome.result] : []));
    const incomplete = lookups
      .filter((l) => l.outcome.status === 'failed' || l.outcome.status === 'skipped')
      .map((l) => l.provider);
    const decision = applyEnrichment(stateOf(subject, playbook), results, section);
    if (decision.changes.length === 0) {
      return { ...base, status: 'unchanged', domain, lookups, decision, incomplete };
    }
    try {
      const decisionId = await write(db, { subject, decision, lookups, domain, playbook, now: deps.clock() });
      return { ...base, status: 'enriched', domain, lookups, decision, decisionId, incomplete };
    } catch (error) {
      if (!(error instanceof Conflict) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

async function lookUp(
  providers: EnrichmentProvider[],
  domain: string,
  section: Enrichment,
): Promise<LookupSummary[]> {
  // Fields some provider may still fill; once earlier providers offered all of them, later (slower,
  // perhaps paid) providers are not asked.
  const wanted = new Set<string>(FIRMOGRAPHIC_FIELDS.filter((f) => section.overwrite[f] !== 'never'));
  const offered = new Set<string>();
  const summaries: LookupSummary[] = [];
  for (const provider of providers) {
    if ([...wanted].every((f) => offered.has(f))) {
      summaries.push({
        provider: provider.name,
        type: provider.type,
        outcome: { status: 'not_needed', reason: 'earlier providers had every field' },
      });
      continue;
    }
    const outcome = await provider.lookup(domain);
    if (outcome.status === 'matched') {
      for (const field of Object.keys(outcome.result.fields)) offered.add(field);
      if (section.employee_bands && outcome.result.fields.employee_count !== undefined)
        offered.add('employee_band');
    }
    summaries.push({ provider: provider.name, type: provider.type, outcome });
  }
  return summaries;
}

const PERSON_FIELDS = ['company', 'country'] as const;
const ACCOUNT_FIELDS = ['name', 'industry', 'employees', 'employee_band', 'revenue_band', 'country'] as const;
/** Named-account keys in the playbook, by account column. */
const PLAYBOOK_KEY: Record<string, string> = {
  name: 'name',
  industry: 'industry',
  employees: 'employees',
  country: 'country',
};

function stateOf(subject: Subject, playbook: CompiledPlaybook) {
  const { person, account, enriched } = subject;
  const personOrigin = originOf(person.source);
  const personState: Record<string, CurrentValue> = {};
  for (const field of PERSON_FIELDS) {
    const value = person.fields[field] ?? null;
    personState[field] = { value, source: valueSourceOf(value, enriched.person[field], personOrigin) };
  }
  let accountState: Record<string, CurrentValue> | null = null;
  if (account) {
    const named = playbook.namedAccounts.get(account.domain) as Record<string, unknown> | undefined;
    accountState = {};
    for (const field of ACCOUNT_FIELDS) {
      const value = account.fields[field] ?? null;
      const key = PLAYBOOK_KEY[field];
      const origin: ValueSource =
        named && key && named[key] !== undefined ? 'playbook' : originOf(account.source);
      accountState[field] = { value, source: valueSourceOf(value, enriched.account[field], origin) };
    }
  }
  return { person: personState, account: accountState };
}

const ORIGINS = new Set<string>(['form', 'api', 'import', 'crm', 'playbook']);
const originOf = (source: string): ValueSource => (ORIGINS.has(source) ? (source as ValueSource) : 'form');

async function write(
  db: Kysely<DB>,
  input: {
    subject: Subject;
    decision: EnrichmentDecision;
    lookups: LookupSummary[];
    domain: string;
    playbook: CompiledPlaybook;
    now: Date;
  },
): Promise<number> {
  const { subject, decision, now } = input;
  const personChanges = decision.changes.filter((c) => c.target === 'person');
  const accountChanges = decision.changes.filter((c) => c.target === 'account');
  const personSet: Record<string, FieldValue> = Object.fromEntries(personChanges.map((c) => [c.field, c.to]));
  // The region is derived from the country: it moves with it, in the same write.
  const derived: Record<string, FieldValue> = {};
  if (typeof personSet.country === 'string') derived.region = regionOfCountry(personSet.country);
  return db.transaction().execute(async (trx) => {
    if (personChanges.length > 0) {
      const { rows } = await sql`
        UPDATE people SET
               company = CASE WHEN ${'company' in personSet} THEN ${personSet.company ?? null}::text ELSE company END,
               country = CASE WHEN ${'country' in personSet} THEN ${personSet.country ?? null}::text ELSE country END,
               region = CASE WHEN ${'region' in derived} THEN ${derived.region ?? null}::text ELSE region END,
               updated_at = ${now}, version = version + 1
         WHERE id = ${subject.person.id} AND version = ${subject.person.version}
        RETURNING version`.execute(trx);
      if (rows.length === 0) throw new Conflict('person changed');
    }
    if (accountChanges.length > 0 && subject.account) {
      const set = Object.fromEntries(accountChanges.map((c) => [c.field, c.to]));
      const seen = Object.fromEntries(
        accountChanges.map((c) => [c.field, subject.account?.fields[c.field] ?? null]),
      );
      const { rows } = await sql`
        WITH x AS (SELECT ${JSON.stringify(set)}::jsonb AS d, ${JSON.stringify(seen)}::jsonb AS s)
        UPDATE accounts SET
               name = CASE WHEN d ? 'name' THEN d->>'name' ELSE name END,
               industry = CASE WHEN d ? 'industry' THEN d->>'industry' ELSE industry END,
               employees = CASE WHEN d ? 'employees' THEN (d->>'employees')::int ELSE employees END,
               employee_band = CASE WHEN d ? 'employee_band' THEN d->>'employee_band' ELSE employee_band END,
               revenue_band = CASE WHEN d ? 'revenue_band' THEN d->>'revenue_band' ELSE revenue_band END,
               country = CASE WHEN d ? 'country' THEN d->>'country' ELSE country END,
               enriched_at = ${now}, updated_at = ${now}
          FROM x
         WHERE id = ${subject.account.id}
           AND (NOT s ? 'name' OR name IS NOT DISTINCT FROM s->>'name')
           AND (NOT s ? 'industry' OR industry IS NOT DISTINCT FROM s->>'industry')
           AND (NOT s ? 'employees' OR employees IS NOT DISTINCT FROM (s->>'employees')::int)
           AND (NOT s ? 'employee_band' OR employee_band IS NOT DISTINCT FROM s->>'employee_band')
           AND (NOT s ? 'revenue_band' OR revenue_band IS NOT DISTINCT FROM s->>'revenue_band')
           AND (NOT s ? 'country' OR country IS NOT DISTINCT FROM s->>'country')
        RETURNING id`.execute(trx);
      if (rows.length === 0) throw new Conflict('account changed');
    }
    const reason = decision.changes.map((c) => c.reason).join('; ');
    const kept = decision.skipped.filter((s) => s.code === 'kept' || s.code === 'policy_never');
    const { rows } = await sql<{ id: number }>`
      INSERT INTO decisions (person_id, account_id, kind, reason, inputs, outputs, playbook_version_id, created_at)
      VALUES (${subject.person.id}, ${accountChanges.length > 0 ? (subject.account?.id ?? null) : null}, 'enrichment',
              ${kept.length > 0 ? `${reason}; ${kept.map((s) => s.reason).join('; ')}` : reason},
              ${JSON.stringify(decisionInputs(input.domain, input.lookups))}::jsonb,
              ${JSON.stringify({ changes: decision.changes, skipped: decision.skipped, derived })}::jsonb,
              ${input.playbook.version.id}, ${now})
      RETURNING id`.execute(trx);
    const decisionId = (rows[0] as { id: number }).id;
    const provenance = decision.changes.map((c) => ({
      entity: c.target,
      entity_id: c.target === 'person' ? subject.person.id : subject.account?.id,
      field: c.field,
      value: c.to,
      provider: c.provider,
    }));
    await sql`
      INSERT INTO enriched_values (entity, entity_id, field, value, provider, decision_id, set_at)
      SELECT entity, entity_id, field, value, provider, ${decisionId}, ${now}
        FROM jsonb_to_recordset(${JSON.stringify(provenance)}::jsonb)
          AS v(entity text, entity_id uuid, field text, value jsonb, provider text)
      ON CONFLICT (entity, entity_id, field) DO UPDATE
        SET value = EXCLUDED.value, provider = EXCLUDED.provider, decision_id = EXCLUDED.decision_id, set_at = EXCLUDED.set_at`.execute(
      trx,
    );
    return decisionId;
  });
}

/** What each provider said, compactly, for the decision row (the evidence behind the changes). */
export function decisionInputs(domain: string, lookups: LookupSummary[]): Record<string, unknown> {
  return {
    domain,
    providers: lookups.map(({ provider, type, outcome }) => {
      const base = { provider, type, status: outcome.status };
      switch (outcome.status) {
        case 'matched':
          return {
            ...base,
            matched_domain: outcome.result.matchedOn.domain,
            fields: outcome.result.fields,
            fetched_at: outcome.result.fetchedAt,
            cached: outcome.cached,
            ...(outcome.problems.length > 0 ? { problems: outcome.problems } : {}),
          };
        case 'no_match':
          return { ...base, cached: outcome.cached };
        case 'failed':
          return {
            ...base,
            error: outcome.error,
            attempts: outcome.attempts,
            ...(outcome.breaker ? { breaker: outcome.breaker } : {}),
          };
        default:
          return {
            ...base,
            reason: outcome.reason,
            ...('breaker' in outcome && outcome.breaker ? { breaker: outcome.breaker } : {}),
          };
      }
    }),
  };
}
