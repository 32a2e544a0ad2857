import type { FieldValue } from '@mops/core';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';

/** A person and their account as enrichment sees them, with what enrichment last wrote into each. */
export interface Subject {
  person: {
    id: string;
    email: string;
    version: number;
    source: string;
    fields: Record<string, FieldValue>;
  };
  account: {
    id: string;
    domain: string;
    source: string;
    named: boolean;
    fields: Record<string, FieldValue>;
  } | null;
  enriched: { person: Record<string, FieldValue>; account: Record<string, FieldValue> };
}

interface Row {
  person: {
    id: string;
    email: string;
    version: number | string;
    source: string;
    company: string | null;
    country: string | null;
    email_domain: string | null;
    is_free_mail: boolean | null;
    website: string | null;
  };
  account: {
    id: string;
    domain: string;
    source: string;
    named: boolean;
    name: string | null;
    industry: string | null;
    employees: number | null;
    employee_band: string | null;
    revenue_band: string | null;
    country: string | null;
  } | null;
  enriched: { entity: 'person' | 'account'; field: string; value: FieldValue }[] | null;
}

/** One read: the person, their account and enrichment's provenance for both. */
export async function loadSubject(db: Kysely<DB>, personId: string): Promise<Subject | null> {
  return (await loadSubjects(db, [personId])).get(personId.toLowerCase()) ?? null;
}

/**
 * The subjects of several people in one read (a batch of enrichment jobs: one round trip, not
 * one per person), by lower-case id; people that do not exist are missing from the map.
 */
export async function loadSubjects(
  db: Kysely<DB>,
  personIds: readonly string[],
): Promise<Map<string, Subject>> {
  const { rows } = await sql<Row>`
    SELECT json_build_object('id', p.id, 'email', p.email, 'version', p.version, 'source', p.source,
                             'company', p.company, 'country', p.country, 'email_domain', p.email_domain,
                             'is_free_mail', p.is_free_mail, 'website', p.website) AS person,
           CASE WHEN a.id IS NOT NULL THEN
             json_build_object('id', a.id, 'domain', a.domain, 'source', a.source, 'named', a.named, 'name', a.name,
                               'industry', a.industry, 'employees', a.employees, 'employee_band', a.employee_band,
                               'revenue_band', a.revenue_band, 'country', a.country) END AS account,
           (SELECT json_agg(json_build_object('entity', v.entity, 'field', v.field, 'value', v.value))
              FROM enriched_values v
             WHERE (v.entity = 'person' AND v.entity_id = p.id)
                OR (v.entity = 'account' AND v.entity_id = p.account_id)) AS enriched
      FROM people p LEFT JOIN accounts a ON a.id = p.account_id
     WHERE p.id = ANY(${[...personIds]}::uuid[])`.execute(db);
  return new Map(rows.map((row) => [row.person.id, subjectOf(row)]));
}

function subjectOf(row: Row): Subject {
  const { person, account } = row;
  const enriched: Subject['enriched'] = { person: {}, account: {} };
  for (const v of row.enriched ?? []) enriched[v.entity][v.field] = v.value;
  return {
    person: {
      id: person.id,
      email: person.email,
      version: Number(person.version),
      source: person.source,
      fields: {
        company: person.company,
        country: person.country,
        email_domain: person.email_domain,
        is_free_mail: person.is_free_mail,
        website: person.website,
      },
    },
    account: account
      ? {
          id: account.id,
          domain: account.domain,
          source: account.source,
          named: account.named,
          fields: {
            name: account.name,
            industry: account.industry,
            employees: account.employees,
            employee_band: account.employee_band,
            revenue_band: account.revenue_band,
            country: account.country,
          },
        }
      : null,
    enriched,
  };
}
