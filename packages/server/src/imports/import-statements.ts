import {
  DECISION_ROWS,
  LEDGER_ROWS,
  PERSON_STATE_COLUMNS,
  PERSON_STATE_UPDATES,
  PERSON_STATE_VALUES,
  TRANSITION_ROWS,
} from '../pipeline/person-statements.ts';

/**
 * The two statements of a people-import batch. A batch is read in one statement and written in
 * one: the write is atomic, so a failure part-way through a file leaves every earlier batch in and
 * nothing of the failed one. The documents are the same ones the form pipeline writes
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
 * $1: { docs: [recordDocument + defer_routing], rejects: [{line, reasons, raw}], import: {id, …counts} }.
 * `mops_guard` aborts everything (SQLSTATE MO001) when a person or account changed since the read;
 * the batch is then read and decided again.
 */
export const WRITE_BATCH_SQL = `/* import: write batch */
WITH input AS (SELECT $1::jsonb AS b),
docs AS (
  SELECT d, d->'person' AS p, d->'person'->'columns' AS c, d->'account' AS a,
         (d->>'now')::timestamptz AS now, (d->'person'->>'id')::uuid AS person_id, (d->>'version')::int AS version
    FROM input, jsonb_array_elements(b->'docs') AS d
),
wanted_accounts AS (
  SELECT DISTINCT ON (a->>'domain') (a->>'id')::uuid AS id, a->>'domain' AS domain, a->>'name' AS name,
         a->>'name_key' AS name_key, now
    FROM docs WHERE (a->>'is_new')::boolean
   ORDER BY a->>'domain'
),
new_accounts AS (
  INSERT INTO accounts (id, domain, name, name_key, source, created_at, updated_at)
  SELECT id, domain, name, name_key, 'import', now, now FROM wanted_accounts
  ON CONFLICT (domain) DO NOTHING
  RETURNING id
),
new_people AS (
  INSERT INTO people (id, email, account_id, ${PERSON_STATE_COLUMNS}, owner_rep_id, owner_queue, source, created_at, updated_at)
  SELECT person_id, p->>'email', (a->>'id')::uuid, ${PERSON_STATE_VALUES}, NULL, NULL, 'import', now, now
    FROM docs WHERE (p->>'is_new')::boolean
  ON CONFLICT (email) DO NOTHING
  RETURNING id
),
updated_people AS (
  UPDATE people SET
         account_id = COALESCE((a->>'id')::uuid, people.account_id),
         ${PERSON_STATE_UPDATES},
         updated_at = now,
         version = people.version + 1
    FROM docs
   WHERE NOT (p->>'is_new')::boolean AND people.id = person_id
     AND people.version = (p->>'seen_version')::bigint
  RETURNING people.id
),
ledger AS (
  INSERT INTO score_ledger (person_id, model, rule_id, points, reason, inputs, playbook_version_id, created_at)
  SELECT person_id, x.model, x."ruleId", x.points, x.reason, COALESCE(x.inputs, '{}'), version, now
    FROM docs, jsonb_to_recordset(d->'ledger') AS ${LEDGER_ROWS}
),
transitions AS (
  INSERT INTO stage_transitions (person_id, from_stage, to_stage, rule_id, reason, reason_code, backward, inputs,
                                 playbook_version_id, created_at)
  SELECT person_id, x."from", x."to", x."ruleId", x.reason, x."reasonCode", x.backward, COALESCE(x.inputs, '{}'),
         version, now
    FROM docs, jsonb_to_recordset(d->'transitions') AS ${TRANSITION_ROWS}
),
decided AS (
  INSERT INTO decisions (person_id, account_id, kind, reason, inputs, outputs, playbook_version_id, created_at)
  SELECT person_id, CASE WHEN x.about_account THEN (a->>'id')::uuid END, x.kind, x.reason, x.inputs, x.outputs,
         version, now
    FROM docs, jsonb_to_recordset(d->'decisions') AS ${DECISION_ROWS}
),
deferred AS (
  INSERT INTO jobs (task, payload)
  SELECT 'route-person', jsonb_build_object('email', p->>'email', 'captured_at', d->>'now',
                                            'reason', 'made routable by import ' || (b->'import'->>'id'))
    FROM docs, input WHERE (d->>'defer_routing')::boolean
),
enrich AS (
  INSERT INTO jobs (task, payload, unique_key, max_attempts)
  SELECT 'enrich-person', jsonb_build_object('personId', person_id), 'enrich-person:' || person_id, 6
    FROM docs WHERE (d->>'enrich')::boolean
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
         WHEN (SELECT count(*) FROM new_people) + (SELECT count(*) FROM updated_people) <> (SELECT count(*) FROM docs)
           THEN 'PERSON_CHANGED'
         WHEN (SELECT count(*) FROM new_accounts) <> (SELECT count(*) FROM wanted_accounts)
           THEN 'ACCOUNT_CREATED_CONCURRENTLY'
         WHEN (SELECT count(*) FROM counted) <> 1 THEN 'IMPORT_MISSING'
       END) AS ok`;
