import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { MopsError } from '../errors.ts';

/**
 * The data-quality scorecard. Every figure is a count over a stated denominator, and every check
 * has an id whose rows can be listed (`dataQualityRows`), so each number drills down to people.
 * Merged records (tombstones) are not people of their own and are left out, except in the
 * duplicate rate, which is about them.
 */

interface Check {
  id: string;
  group: 'completeness' | 'validity' | 'freshness' | 'mix';
  label: string;
  /** SQL predicate on `p` (people) for the rows the check counts. */
  where: string;
  /** SQL predicate for the denominator (default: every active person). */
  of?: string;
  ofLabel?: string;
}

const filled = (column: string) => `NULLIF(btrim(p.${column}), '') IS NOT NULL`;

const CHECKS: Check[] = [
  ...(['first_name', 'last_name', 'company', 'title', 'country', 'phone', 'city', 'website'] as const).map(
    (column): Check => ({
      id: `missing_${column}`,
      group: 'completeness',
      label: `no ${column.replace('_', ' ')}`,
      where: `NOT (${filled(column)})`,
    }),
  ),
  {
    id: 'missing_state_us_ca',
    group: 'completeness',
    label: 'no state or province (US and Canada)',
    where: `NOT (${filled('state')})`,
    of: `p.country IN ('US', 'CA')`,
    ofLabel: 'people in the US or Canada',
  },
  {
    id: 'no_account',
    group: 'completeness',
    label: 'not linked to an account',
    where: 'p.account_id IS NULL',
    of: 'p.is_free_mail IS NOT TRUE',
    ofLabel: 'people with a work email',
  },
  {
    id: 'country_not_iso',
    group: 'validity',
    label: 'country not an ISO code',
    where: `p.country !~ '^[A-Z]{2}$'`,
    of: filled('country'),
    ofLabel: 'people with a country',
  },
  {
    id: 'state_not_code',
    group: 'validity',
    label: 'US/CA state not a postal code',
    where: `p.state !~ '^[A-Z]{2}$'`,
    of: `p.country IN ('US', 'CA') AND ${filled('state')}`,
    ofLabel: 'people in the US or Canada with a state',
  },
  {
    id: 'phone_not_e164',
    group: 'validity',
    label: 'phone not in E.164',
    where: `p.phone !~ '^\\+[1-9][0-9]{6,14}(;ext=[0-9]+)?$'`,
    of: filled('phone'),
    ofLabel: 'people with a phone',
  },
  {
    id: 'title_unclassified',
    group: 'validity',
    label: 'title with no recognised function',
    where: 'p.job_function IS NULL',
    of: filled('title'),
    ofLabel: 'people with a title',
  },
  { id: 'free_mail', group: 'mix', label: 'personal (free-mail) address', where: 'p.is_free_mail IS TRUE' },
  {
    id: 'stale',
    group: 'freshness',
    label: 'not updated for a year',
    where: `p.updated_at < now() - interval '365 days'`,
  },
];

export interface CheckResult {
  id: string;
  group: Check['group'];
  label: string;
  count: number;
  of: number;
  of_label: string;
  share: number | null;
}

export interface DataQualityReport {
  generated_at: Date;
  people: number;
  checks: CheckResult[];
  duplicates: {
    merged_records: number;
    of_records: number;
    duplicate_rate: number | null;
    open_reviews: number;
  };
  /** Worst offenders: where bad data comes from. */
  by_source: {
    source: string;
    people: number;
    missing_company: number;
    missing_title: number;
    free_mail: number;
  }[];
  imports: {
    import_id: string;
    file: string;
    source: string;
    rows: number;
    rejected: number;
    reject_rate: number | null;
  }[];
  form_rejections_30d: { form_id: string; code: string; count: number }[];
}

const share = (count: number, of: number) => (of > 0 ? Math.round((count / of) * 10_000) / 10_000 : null);

export async function dataQualityReport(db: Kysely<DB>): Promise<DataQualityReport> {
  const select = CHECKS.map(
    (c, i) =>
      `count(*) FILTER (WHERE (${c.of ?? 'true'}) AND (${c.where}))::int AS c${i}, count(*) FILTER (WHERE ${c.of ?? 'true'})::int AS d${i}`,
  ).join(',\n  ');
  const { rows } = await sql<Record<string, number>>`${sql.raw(
    `SELECT count(*)::int AS people,\n  ${select}\n FROM people p WHERE p.merged_into IS NULL`,
  )}`.execute(db);
  const totals = rows[0] ?? {};
  const checks = CHECKS.map((c, i): CheckResult => {
    const count = totals[`c${i}`] ?? 0;
    const of = totals[`d${i}`] ?? 0;
    return {
      id: c.id,
      group: c.group,
      label: c.label,
      count,
      of,
      of_label: c.ofLabel ?? 'people',
      share: share(count, of),
    };
  });
  const dup = await sql<{ merged: number; records: number; reviews: number }>`
    SELECT count(*) FILTER (WHERE merged_into IS NOT NULL)::int AS merged, count(*)::int AS records,
           (SELECT count(*)::int FROM merge_reviews WHERE status = 'open') AS reviews
      FROM people`.execute(db);
  const d = dup.rows[0] ?? { merged: 0, records: 0, reviews: 0 };
  const bySource = await sql<DataQualityReport['by_source'][number]>`
    SELECT source, count(*)::int AS people,
           count(*) FILTER (WHERE NULLIF(btrim(company), '') IS NULL)::int AS missing_company,
           count(*) FILTER (WHERE NULLIF(btrim(title), '') IS NULL)::int AS missing_title,
           count(*) FILTER (WHERE is_free_mail)::int AS free_mail
      FROM people WHERE merged_into IS NULL GROUP BY source ORDER BY count(*) DESC`.execute(db);
  const imports = await sql<{
    id: string;
    file_name: string;
    source: string;
    rows_read: number;
    rejected: number;
  }>`
    SELECT id, file_name, source, rows_read, rejected FROM imports
     WHERE rows_read > 0 ORDER BY rejected::float8 / rows_read DESC, created_at DESC LIMIT 10`.execute(db);
  const rejections = await sql<{ form_id: string; code: string; count: number }>`
    SELECT form_id, code, count(*)::int AS count FROM form_rejections
     WHERE created_at > now() - interval '30 days' GROUP BY form_id, code ORDER BY count(*) DESC LIMIT 20`.execute(
    db,
  );
  return {
    generated_at: new Date(),
    people: totals.people ?? 0,
    checks,
    duplicates: {
      merged_records: d.merged,
      of_records: d.records,
      duplicate_rate: share(d.merged, d.records),
      open_reviews: d.reviews,
    },
    by_source: bySource.rows,
    imports: imports.rows.map((r) => ({
      import_id: r.id,
      file: r.file_name,
      source: r.source,
      rows: r.rows_read,
      rejected: r.rejected,
      reject_rate: share(r.rejected, r.rows_read),
    })),
    form_rejections_30d: rejections.rows,
  };
}

/** The people behind one check's count (drill-down), newest first. */
export async function dataQualityRows(
  db: Kysely<DB>,
  checkId: string,
  limit = 100,
): Promise<{ id: string; email: string; value: Record<string, unknown> }[]> {
  const check = CHECKS.find((c) => c.id === checkId);
  if (!check) {
    throw new MopsError(
      'INVALID_QUERY',
      `unknown check "${checkId.slice(0, 60)}"; checks: ${CHECKS.map((c) => c.id).join(', ')}`,
    );
  }
  const { rows } = await sql<{ id: string; email: string; value: Record<string, unknown> }>`${sql.raw(
    `SELECT p.id, p.email, jsonb_build_object('first_name', p.first_name, 'last_name', p.last_name, 'company', p.company,
            'title', p.title, 'country', p.country, 'state', p.state, 'phone', p.phone, 'source', p.source,
            'updated_at', p.updated_at) AS value
       FROM people p
      WHERE p.merged_into IS NULL AND (${check.of ?? 'true'}) AND (${check.where})
      ORDER BY p.updated_at DESC LIMIT ${Math.max(1, Math.min(10_000, Math.floor(limit)))}`,
  )}`.execute(db);
  return rows;
}

export const DATA_QUALITY_CHECKS = CHECKS.map((c) => c.id);
