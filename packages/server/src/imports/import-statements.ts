import { PERSON_STATE_UPDATES } from '../pipeline/person-statements.ts';

/**
 * The statements of a people-import batch. A batch is read in one statement and written in one
 * transaction (new accounts, then COPYs, then the write statement): the write is atomic, so a failure part-way through
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
 * $1: [{id, domain, name, name_key, now}] — the batch's new accounts, first in its transaction
 * (its new people point at them). `mops_guard` aborts everything (SQLSTATE MO001) when one was
 * created by someone else since the read; the batch is then read and decided again.
 */
export const CREATE_ACCOUNTS_SQL = `/* import: new accounts */
WITH wanted AS (
  SELECT x.id, x.domain, x.name, x.name_key, x.now
    FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, domain text, name text, name_key text, now timestamptz)
   ORDER BY x.domain
),
created AS (
  INSERT INTO accounts (id, domain, name, name_key, source, created_at, updated_at)
  SELECT id, domain, name, name_key, 'import', now, now FROM wanted
  ON CONFLICT (domain) DO NOTHING
  RETURNING id
)
SELECT mops_guard(CASE WHEN (SELECT count(*) FROM created) <> (SELECT count(*) FROM wanted)
                       THEN 'ACCOUNT_CREATED_CONCURRENTLY' END) AS ok`;

/**
 * $1: { updates: [{now, person, account_id}], enrich_existing: [person id], route: [{email,
 * captured_at}], rejects: [{line, reasons, raw}], import: {id, …counts} } — see batch-copy.ts.
 * The last statement of a batch's transaction, after its new people and explanation rows went by
 * COPY: existing people are locked only from here to the commit, and in the form pipeline's order
 * (new people first, then updates). `mops_guard` aborts everything (SQLSTATE MO001) when a person
 * changed since the read.
 */
export const WRITE_BATCH_SQL = `/* import: write batch */
WITH input AS (SELECT $1::jsonb AS b),
docs AS (
  SELECT u->'person' AS p, u->'person'->'columns' AS c, (u->>'now')::timestamptz AS now,
         (u->'person'->>'id')::uuid AS person_id, (u->>'account_id')::uuid AS account_id
    FROM input, jsonb_array_elements(b->'updates') AS u
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
         WHEN (SELECT count(*) FROM counted) <> 1 THEN 'IMPORT_MISSING'
       END) AS ok`;
