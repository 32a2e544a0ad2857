import type { FieldValue, PersonSnapshot } from '@mops/core';
import { sql, type Transaction } from 'kysely';
import type { DB, PeopleTable } from '../db/schema.ts';

/** Person fields stored in their own columns (everything else lives in `custom`). */
const COLUMN_OF: Record<string, keyof PeopleTable> = {
  first_name: 'first_name',
  last_name: 'last_name',
  company: 'company',
  title: 'title',
  country: 'country',
  state: 'state',
  phone: 'phone',
  city: 'city',
  website: 'website',
  email_domain: 'email_domain',
  is_free_mail: 'is_free_mail',
  function: 'job_function',
  seniority: 'seniority',
  region: 'region',
};

export type PersonRow = {
  [K in keyof PeopleTable]: PeopleTable[K] extends { __select__: infer S } ? S : PeopleTable[K];
};

export function fieldsOfRow(row: PersonRow): Record<string, FieldValue> {
  const fields: Record<string, FieldValue> = { ...(row.custom as Record<string, FieldValue>) };
  for (const [field, column] of Object.entries(COLUMN_OF))
    fields[field] = (row[column] as FieldValue) ?? null;
  return fields;
}

/** Splits engine fields into column values and the `custom` document. */
export function columnsOfFields(fields: Record<string, FieldValue>): {
  columns: Record<string, FieldValue>;
  custom: Record<string, FieldValue>;
} {
  const columns: Record<string, FieldValue> = {};
  const custom: Record<string, FieldValue> = {};
  for (const [field, value] of Object.entries(fields)) {
    if (field === 'email') continue;
    const column = COLUMN_OF[field];
    if (column) columns[column] = value;
    else custom[field] = value;
  }
  return { columns, custom };
}

export function snapshotOfRow(row: PersonRow, fitContributions: Record<string, number>): PersonSnapshot {
  return {
    id: row.id,
    email: row.email,
    fields: fieldsOfRow(row),
    stage: row.stage,
    ownerRepId: row.owner_rep_id,
    fitScore: row.fit_score,
    engagementScore: row.engagement_score,
    engagementDecayedAt: row.engagement_decayed_at,
    fitContributions,
  };
}

/**
 * Find-or-create by normalised email under the unique constraint, and lock the row for the rest
 * of the transaction: concurrent submissions of one email queue up here instead of creating two
 * people. `inserted` tells a new person from a returning one.
 */
export async function upsertPersonLocked(
  trx: Transaction<DB>,
  input: {
    id: string;
    email: string;
    accountId: string | null;
    fields: Record<string, FieldValue>;
    stage: string;
    source: string;
    now: Date;
  },
): Promise<{ row: PersonRow; inserted: boolean }> {
  const { columns, custom } = columnsOfFields(input.fields);
  const result = await sql<PersonRow & { inserted: boolean }>`
    INSERT INTO people (id, email, account_id, first_name, last_name, company, title, country, state, phone, city,
                        website, email_domain, is_free_mail, job_function, seniority, region, custom,
                        stage, stage_entered_at, source, created_at, updated_at)
    VALUES (${input.id}, ${input.email}, ${input.accountId}, ${columns.first_name ?? null}, ${columns.last_name ?? null},
            ${columns.company ?? null}, ${columns.title ?? null}, ${columns.country ?? null}, ${columns.state ?? null},
            ${columns.phone ?? null}, ${columns.city ?? null}, ${columns.website ?? null}, ${columns.email_domain ?? null},
            ${columns.is_free_mail ?? null}, ${columns.job_function ?? null}, ${columns.seniority ?? null},
            ${columns.region ?? null}, ${JSON.stringify(custom)}, ${input.stage}, ${input.now}, ${input.source},
            ${input.now}, ${input.now})
    ON CONFLICT (email) DO UPDATE SET updated_at = EXCLUDED.updated_at
    RETURNING *, (xmax = 0) AS inserted`.execute(trx);
  const row = result.rows[0] as PersonRow & { inserted: boolean };
  return { row, inserted: row.inserted };
}

export interface ScoringState {
  fitContributions: Record<string, number>;
  entriesTodayByRule: Record<string, number>;
  pointsByRule: Record<string, number>;
}

/** Ledger sums per rule (for fit deltas and engagement limits) in one grouped query. */
export async function loadScoringState(
  trx: Transaction<DB>,
  personId: string,
  dayStart: Date,
): Promise<ScoringState> {
  const { rows } = await sql<{ model: string; rule_id: string; points: number; today: number }>`
    SELECT model, rule_id, sum(points)::float8 AS points, count(*) FILTER (WHERE created_at >= ${dayStart})::int AS today
      FROM score_ledger WHERE person_id = ${personId} GROUP BY model, rule_id`.execute(trx);
  const state: ScoringState = { fitContributions: {}, entriesTodayByRule: {}, pointsByRule: {} };
  for (const row of rows) {
    if (row.model === 'fit') state.fitContributions[row.rule_id] = row.points;
    else {
      state.pointsByRule[row.rule_id] = row.points;
      state.entriesTodayByRule[row.rule_id] = row.today;
    }
  }
  return state;
}
