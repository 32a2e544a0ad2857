import { PERSON_STATE_UPDATES } from '../pipeline/person-statements.ts';

/**
 * The two statements of a people-import batch. A batch is read in one statement and written in
 * one transaction (this statement, then COPYs): the write is atomic, so a failure part-way through
 * a file leaves every earlier batch in and nothing of the failed one. The documents are the same ones the form pipeline writes
 * (`recordDocument`), without an event or a live routing decision — imports never claim a rep
 * inline; a person an import makes routable gets a `route-person` job in the same statement.
 */

/** $1 emails, $2 account domains, $3 company-name keys (people with a personal address). */
export const READ_BATCH_SQL = `/* import: read batch */
-- A merged record's email leads to its survivor (as in the form pipeline's IDENTIFY).
WITH found AS (
  SELECT q.email AS lookup_email, p.*
    FROM people q JOIN people p ON p.id = COALESCE(q.merged_into, q.id)
   WHERE q.email = ANY($1::text[]))
SELECT
  (SELECT json_agg(row_to_json(found)) FROM found) AS people,
  (SELECT json_agg(l) FROM (
     SELECT person_id, rule_id, sum(points)::float8 AS points
       FROM score_ledger WHERE model = 'fit' AND person_id IN (SELECT id FROM found)
      GROUP BY person_id, rule_id) l) AS ledger,
  (SELECT json_agg(a) FROM (
     SELECT id, domain, name, name_key, employees, industry, country, owner_rep_id, named
       FROM accounts WHERE domain = ANY($2::text[]) OR name_key = ANY($3::text[])
      -- For a shared company name: a named account first, then the oldest (first in this order wins).
      ORDER BY named DESC, created_at, id) a) AS accounts`;

/**
 * $1: { updates: [{now, person, account_id}], new_accounts: [{id, domain, name, name_key, now}],
 * enrich_existing: [person id], route: [{email, captured_at}], rejects: [{line, reasons, raw}],
 * import: {id, …counts} } — see batch-copy.ts. The batch's new people and its explanation rows
 * follow by COPY in the same transaction (new accounts first: people point at them).
 * `mops_guard` aborts everything (SQLSTATE MO001) when a person changed or an account was created
 * since the read; the batch is then read and decided again.
 */
export const WRITE_BATCH_SQL = `/* import: write batch */
WITH input AS (SELECT $1::jsonb AS b),
docs AS (
  SELECT u->'person' AS p, u->'person'->'columns' AS c, (u->>'now')::timestamptz AS now,
         (u->'person'->>'id')::uuid AS person_id, (u->>'account_id')::uuid AS account_id
    FROM input, jsonb_array_elements(b->'updates') AS u
),
wanted_accounts AS (
  SELECT x.id, x.domain, x.name, x.name_key, x.now
    FROM input, jsonb_to_recordset(b->'new_accounts') AS x(id uuid, domain text, name text, name_key text, now timestamptz)
   ORDER BY x.domain
),
new_accounts AS (
  INSERT INTO accounts (id, domain, name, name_key, source, created_at, updated_at)
  SELECT id, domain, name, name_key, 'import', now, now FROM wanted_accounts
  ON CONFLICT (domain) DO NOTHING
  RETURNING id
),
updated_people AS (
  UPDATE people SET
         account_id = COALESCE(docs.account_id, people.account_id),
         ${PERSON_STATE_UPDATES},
         updated_at = now,
         version = people.version + 1
    FROM docs
   WHERE people.id = person_id
     AND people.version = (p->>'seen_version')::bigint
  RETURNING people.id
),
deferred AS (
  INSERT INTO jobs (task, payload)
  SELECT 'route-person', jsonb_build_object('email', x.email, 'captured_at', x.captured_at,
                                            'reason', 'made routable by import ' || (b->'import'->>'id'))
    FROM input, jsonb_to_recordset(b->'route') AS x(email text, captured_at text)
),
enrich AS (
  INSERT INTO jobs (task, payload, unique_key, max_attempts)
  SELECT 'enrich-person', jsonb_build_object('personId', x.id), 'enrich-person:' || x.id, 6
    FROM input, jsonb_array_elements_text(b->'enrich_existing') AS x(id)
  ON CONFLICT (unique_key) WHERE unique_key IS NOT NULL AND status IN ('pending', 'running') DO NOTHING
),
quarantined AS (
  INSERT INTO import_rejects (import_id, line, reasons, raw)
  SELECT (b->'import'->>'id')::uuid, (x->>'line')::int, x->'reasons', x->'raw'
    FROM input, jsonb_array_elements(b->'rejects') AS x
  ON CONFLICT (import_id, line) DO NOTHING
),
counted AS (
  UPDATE imports SET
         rows_read = rows_read + (b->'import'->>'rows')::int,
         inserted = inserted + (b->'import'->>'inserted')::int,
         updated = updated + (b->'import'->>'updated')::int,
         merged = merged + (b->'import'->>'merged')::int,
         unchanged = unchanged + (b->'import'->>'unchanged')::int,
         rejected = rejected + (b->'import'->>'rejected')::int,
         committed_through_line = (b->'import'->>'through_line')::int,
         heartbeat_at = now()
    FROM input WHERE imports.id = (b->'import'->>'id')::uuid
  RETURNING imports.id
)
SELECT mops_guard(CASE
         WHEN (SELECT count(*) FROM updated_people) <> (SELECT count(*) FROM docs) THEN 'PERSON_CHANGED'
         WHEN (SELECT count(*) FROM new_accounts) <> (SELECT count(*) FROM wanted_accounts)
           THEN 'ACCOUNT_CREATED_CONCURRENTLY'
         WHEN (SELECT count(*) FROM counted) <> 1 THEN 'IMPORT_MISSING'
       END) AS ok`;
