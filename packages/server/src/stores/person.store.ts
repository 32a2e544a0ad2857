import type { FieldValue, PersonSnapshot } from '@mops/core';
import type { PeopleTable } from '../db/schema.ts';

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

/** The people columns filled from a person's fields (the rest of the fields live in `custom`). */
export const PERSON_FIELD_COLUMNS: readonly string[] = Object.values(COLUMN_OF);

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

/** row_to_json gives timestamps as text; the rest already has the right JSON types. */
export function personRowOfJson(json: Record<string, unknown>): PersonRow {
  const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
  return {
    ...(json as unknown as PersonRow),
    fit_score: Number(json.fit_score),
    engagement_score: Number(json.engagement_score),
    stage_entered_at: date(json.stage_entered_at) as Date,
    engagement_decayed_at: date(json.engagement_decayed_at),
    created_at: date(json.created_at) as Date,
    updated_at: date(json.updated_at) as Date,
  };
}
