import type { DedupeInput } from '@mops/core';
import type pg from 'pg';

// The people a database scan reads, and how each becomes the matcher's input. Shared by the main
// thread (`mops dedupe --db`) and the sweep's worker thread, which reads its people itself.

/** A pool or a single connection. */
type Queryable = Pick<pg.Pool | pg.Client, 'query'>;

export interface SweepScope {
  /** People created after this (exclusive) and up to `until` (inclusive) are the newcomers. */
  since: Date;
  until: Date;
  /** Existing people sampled in, so the matcher's weights are estimated on more than the candidates. */
  sample?: number;
}

export interface PersonLine {
  id: string;
  fresh?: boolean;
  email: string;
  first_name: string | null;
  last_name: string | null;
  company: string | null;
  email_domain: string | null;
  is_free_mail: boolean | null;
  website: string | null;
  title: string | null;
  phone: string | null;
  city: string | null;
  state: string | null;
  country: string | null;
}

const COLUMNS = `id, email, first_name, last_name, company, email_domain, is_free_mail, website, title, phone, city,
  state, country, created_at`;

/** Everyone not merged away, oldest first (the first of a cluster survives). */
export async function loadEveryone(db: Queryable): Promise<PersonLine[]> {
  const { rows } = await db.query<PersonLine>(
    `SELECT ${COLUMNS} FROM people WHERE merged_into IS NULL ORDER BY created_at, id`,
  );
  return rows;
}

/**
 * The newcomers, everyone sharing a blocking key with one of them (surname, phone tail — both
 * indexed), and a sample of everyone else: weights estimated on a few thousand records are stable,
 * and the candidates are exactly the people a newcomer could be.
 */
export async function loadSweep(db: Queryable, scope: SweepScope): Promise<PersonLine[]> {
  const { rows } = await db.query<PersonLine>(
    `WITH fresh AS (
       SELECT ${COLUMNS} FROM people
        WHERE merged_into IS NULL AND created_at > $1 AND created_at <= $2),
     -- Per key a newcomer holds, its 51 newest holders: every newcomer meets the 50 newest others
     -- sharing its surname or phone tail. A surname or a switchboard shared by thousands says nothing
     -- on its own (the matcher skips blocks that large anyway), and looking each key up once, not
     -- once per newcomer, keeps a sweep over thousands of namesakes to a few index reads.
     candidates AS (
       SELECT c.id FROM (SELECT DISTINCT lower(last_name) AS k FROM fresh WHERE last_name IS NOT NULL) f
        CROSS JOIN LATERAL (
         SELECT p.id FROM people p
          WHERE lower(p.last_name) = f.k AND p.merged_into IS NULL
          ORDER BY p.created_at DESC LIMIT 51) c
       UNION
       SELECT c.id FROM (SELECT DISTINCT right(regexp_replace(phone, '\\D', '', 'g'), 7) AS k FROM fresh WHERE phone IS NOT NULL) f
        CROSS JOIN LATERAL (
         SELECT p.id FROM people p
          WHERE right(regexp_replace(p.phone, '\\D', '', 'g'), 7) = f.k AND p.merged_into IS NULL AND p.phone IS NOT NULL
          ORDER BY p.created_at DESC LIMIT 51) c),
     sample AS (
       -- Block sampling reads a few pages, not the table; small tables are read whole.
       SELECT id FROM people TABLESAMPLE SYSTEM ($3) REPEATABLE (7) WHERE merged_into IS NULL LIMIT $4)
     SELECT ${COLUMNS}, true AS fresh FROM fresh
     UNION ALL
     SELECT ${COLUMNS}, false FROM people
      WHERE id IN (SELECT id FROM candidates UNION SELECT id FROM sample) AND id NOT IN (SELECT id FROM fresh)
     ORDER BY created_at, id`,
    [scope.since, scope.until, await samplePercent(db, scope.sample ?? 3000), scope.sample ?? 3000],
  );
  return rows;
}

/** The share of the table's pages to sample for about `wanted` people (all of a small table). */
async function samplePercent(db: Queryable, wanted: number): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    "SELECT greatest(reltuples, 0)::float8 AS n FROM pg_class WHERE oid = 'people'::regclass",
  );
  const estimate = rows[0]?.n ?? 0;
  return estimate <= wanted * 2 ? 100 : Math.max(0.01, Math.min(100, (wanted * 200) / estimate));
}

export function inputOf(row: PersonLine): DedupeInput {
  const input: DedupeInput = { email: row.email };
  const set = (field: keyof DedupeInput, value: string | null) => {
    if (value) input[field] = value;
  };
  set('first_name', row.first_name);
  set('last_name', row.last_name);
  set('company', row.company);
  // A work email's domain says where they work; a free-mail domain says nothing about that.
  set('domain', row.is_free_mail ? row.website : (row.email_domain ?? row.website));
  set('title', row.title);
  set('phone', row.phone);
  set('city', row.city);
  set('state', row.state);
  set('country', row.country);
  return input;
}
