import { PREPARE } from '../db/preparing-client.ts';

/*
 * What recordDocument writes about a person, as SQL over its document (`c` = columns, `p` = person,
 * `now`): shared by RECORD and the import's batch write, so both store a person the same way.
 */
export const PERSON_STATE_COLUMNS = `first_name, last_name, company, title, country, state, phone, city, website,
  email_domain, is_free_mail, job_function, seniority, region, custom, stage, stage_entered_at, fit_score,
  engagement_score, engagement_decayed_at, grade`;
export const PERSON_STATE_VALUES = `c->>'first_name', c->>'last_name', c->>'company', c->>'title', c->>'country',
  c->>'state', c->>'phone', c->>'city', c->>'website', c->>'email_domain', (c->>'is_free_mail')::boolean,
  c->>'job_function', c->>'seniority', c->>'region', p->'custom', p->>'stage', now, (p->>'fit_delta')::numeric,
  (p->>'engagement_delta')::numeric, (p->>'decayed_at')::timestamptz, p->>'grade'`;
export const PERSON_STATE_UPDATES = `first_name = c->>'first_name', last_name = c->>'last_name', company = c->>'company',
  title = c->>'title', country = c->>'country', state = c->>'state', phone = c->>'phone', city = c->>'city',
  website = c->>'website', email_domain = c->>'email_domain', is_free_mail = (c->>'is_free_mail')::boolean,
  job_function = c->>'job_function', seniority = c->>'seniority', region = c->>'region', custom = p->'custom',
  stage = p->>'stage',
  stage_entered_at = CASE WHEN (p->>'stage_changed')::boolean THEN now ELSE people.stage_entered_at END,
  fit_score = people.fit_score + (p->>'fit_delta')::numeric,
  engagement_score = people.engagement_score + (p->>'engagement_delta')::numeric,
  engagement_decayed_at = (p->>'decayed_at')::timestamptz, grade = p->>'grade'`;
/** The row shapes of the document's ledger, transitions and decisions arrays. */
export const LEDGER_ROWS = `x(model text, "ruleId" text, points numeric, reason text, inputs jsonb)`;
export const TRANSITION_ROWS = `x("from" text, "to" text, "ruleId" text, reason text, "reasonCode" text,
  backward boolean, inputs jsonb)`;
export const DECISION_ROWS = `x(kind text, reason text, inputs jsonb, outputs jsonb, about_account boolean)`;

/**
 * The lead pipeline's statements. The pipeline handles concurrent submissions in small batches
 * (pipeline/lead-batcher.ts): each statement takes one JSON document as `$1` (named fields instead
 * of dozens of positional parameters) covering every lead of the batch, and runs as a prepared
 * statement — one round trip per step for the whole batch instead of one per submission.
 *
 * 1. IDENTIFY reads everything the engines need, per lead: the account for the email domain (or
 *    company name), the person by email, their ledger sums per rule; and once, every pool's
 *    counters. It locks nothing.
 * 2. CLAIM (claim-pool.ts), only when pools route leads: `mops_claim_each` takes each lead's next
 *    rep, serialised per pool.
 * 3. RECORD writes everything the engines decided in ONE autocommit statement: atomic (all or
 *    nothing, never half-written) and holding no lock across a round trip to the application.
 *
 * RECORD re-checks what IDENTIFY saw (optimistic concurrency on `people.version`): if another
 * write created or changed one of the people meanwhile, or an account was created concurrently,
 * it aborts with SQLSTATE MO001 and the leads run again on fresh state.
 */
export const IDENTIFY_SQL = `${PREPARE} /* identify */
WITH d AS (SELECT $1::jsonb AS d),
lookup AS (
  SELECT (x->>'i')::int AS i, x->>'email' AS email, x->>'domain' AS domain, x->>'name_key' AS name_key,
         (x->>'now')::timestamptz AS now
    FROM d, jsonb_array_elements(d->'lookups') AS x),
-- The person an email belongs to; a merged record's email leads to its survivor. (A correlated
-- lookup per email: the planner cannot estimate a JSON array's rows and would scan people.)
target AS (
  SELECT i, (SELECT COALESCE(merged_into, id) FROM people WHERE people.email = lookup.email) AS id FROM lookup)
SELECT lookup.i,
  (SELECT row_to_json(a) FROM (
     SELECT id, domain, name, employees, industry, country, owner_rep_id, named
       FROM accounts WHERE accounts.domain = lookup.domain
     UNION ALL
     -- No domain to go by (a personal address): the company name's key. Several accounts with one
     -- name: a named account first, then the oldest — the same answer every time.
     (SELECT id, domain, name, employees, industry, country, owner_rep_id, named
        FROM accounts WHERE lookup.domain IS NULL AND accounts.name_key = lookup.name_key
       ORDER BY named DESC, created_at, id LIMIT 1)
     LIMIT 1) a) AS account,
  (SELECT count(*)::int FROM accounts
    WHERE lookup.domain IS NULL AND accounts.name_key = lookup.name_key) AS name_matches,
  (SELECT row_to_json(p) FROM people p WHERE p.id = target.id) AS person,
  (SELECT json_agg(l) FROM (
     SELECT model, rule_id, sum(points)::float8 AS points,
            -- "Today" (the lead's) in the workspace time zone, computed here so daylight-saving days are right.
            count(*) FILTER (WHERE created_at >= date_trunc('day', lookup.now AT TIME ZONE (d->>'timezone'))
                                                AT TIME ZONE (d->>'timezone'))::int AS today
       FROM score_ledger
      WHERE person_id = target.id
      GROUP BY model, rule_id) l) AS ledger,
  -- The pools' counters, read once per batch (on the first row only).
  CASE WHEN lookup.i = 0 THEN (SELECT json_agg(m) FROM (
     SELECT pool_id, rep_id, next_turn, day_key, day_count, total_count, last_assigned_at
       FROM pool_members WHERE in_pool) m) END AS pools
  FROM d, lookup LEFT JOIN target USING (i)
 ORDER BY lookup.i`;

/**
 * All writes for a batch of leads, atomically, in one statement. Data-modifying CTEs run as a
 * single plan (far cheaper than a dozen separate statements per lead on the hot path); the
 * statement commits on its own (autocommit); `mops_guard` aborts all of it when IDENTIFY's view of
 * any lead is stale. A batch never holds two leads for one person or one account (the batcher
 * defers the second), so each lead's rows join to its own event by person id.
 * Routing decisions arrive complete (the reps were claimed by CLAIM just before).
 */
export const RECORD_SQL = `${PREPARE} /* record */
WITH docs AS (
  SELECT d, d->'person' AS p, d->'person'->'columns' AS c, d->'routing' AS r, d->'account' AS a,
         (d->>'now')::timestamptz AS now, (d->'person'->>'id')::uuid AS person_id, (d->>'version')::int AS version,
         (d->'account'->>'id')::uuid AS account_id
    FROM jsonb_array_elements($1::jsonb) AS d
),
wanted_accounts AS (SELECT * FROM docs WHERE (a->>'is_new')::boolean),
new_accounts AS (
  INSERT INTO accounts (id, domain, name, name_key, source, owner_rep_id, created_at, updated_at)
  SELECT account_id, a->>'domain', a->>'name', a->>'name_key', d->>'source',
         CASE WHEN (a->>'claim')::boolean THEN r->>'rep_id' END, now, now
    FROM wanted_accounts
  ON CONFLICT (domain) DO NOTHING
  RETURNING id
),
wanted_claims AS (
  SELECT * FROM docs WHERE NOT (a->>'is_new')::boolean AND (a->>'claim')::boolean AND r->>'rep_id' IS NOT NULL
),
claimed_accounts AS (
  UPDATE accounts SET owner_rep_id = r->>'rep_id', updated_at = now
    FROM wanted_claims
   WHERE accounts.id = wanted_claims.account_id AND accounts.owner_rep_id IS NULL
  RETURNING accounts.id
),
-- The account each lead links to: a new one only if this statement created it (else the guard aborts).
linked AS (
  SELECT person_id, CASE WHEN (a->>'is_new')::boolean THEN new_accounts.id ELSE account_id END AS account_id
    FROM docs LEFT JOIN new_accounts ON new_accounts.id = docs.account_id
),
new_people AS (
  INSERT INTO people (id, email, account_id, ${PERSON_STATE_COLUMNS}, owner_rep_id, owner_queue, source, created_at, updated_at)
  SELECT person_id, p->>'email', linked.account_id, ${PERSON_STATE_VALUES},
         r->>'rep_id', r->>'queue', d->>'source', now, now
    FROM docs JOIN linked USING (person_id) WHERE (p->>'is_new')::boolean
  ON CONFLICT (email) DO NOTHING
  RETURNING id
),
updated_people AS (
  UPDATE people SET
         account_id = COALESCE(linked.account_id, people.account_id),
         ${PERSON_STATE_UPDATES},
         owner_rep_id = COALESCE(r->>'rep_id', people.owner_rep_id),
         owner_queue = CASE WHEN jsonb_typeof(r) = 'object' THEN r->>'queue' ELSE people.owner_queue END,
         updated_at = now,
         version = people.version + 1
    FROM docs JOIN linked USING (person_id)
   WHERE NOT (p->>'is_new')::boolean AND people.id = docs.person_id
     AND people.version = (p->>'seen_version')::bigint
  RETURNING people.id
),
ev AS (
  INSERT INTO events (person_id, type, occurred_at, received_at, form_id, path, source, message_id, properties,
                      visitor_id, session_id, client_at, url, referrer_domain, utm, utm_raw, click_ids, channel,
                      channel_rule, campaign_id, is_bot)
  SELECT person_id, d->'event'->>'type', (d->'event'->>'occurred_at')::timestamptz, (d->>'captured_at')::timestamptz,
         d->'event'->>'form_id', d->'event'->>'path', d->>'source', d->'event'->>'message_id', d->'event'->'properties',
         (t->>'visitor_id')::uuid, t->>'session_id', (t->>'client_at')::timestamptz, t->>'url', t->>'referrer_domain',
         t->'utm', t->'utm_raw', t->'click_ids', t->>'channel', t->>'channel_rule',
         COALESCE((t->>'campaign_id')::uuid,
                  (SELECT id FROM campaigns WHERE campaigns.utm_campaign = t->>'utm_campaign')),
         COALESCE((t->>'is_bot')::boolean, false)
    FROM docs, LATERAL (SELECT d->'event'->'touch' AS t) touch
   WHERE jsonb_typeof(d->'event') = 'object'
  RETURNING id, person_id, message_id, received_at, visitor_id, campaign_id
),
-- Idempotency keys (events is partitioned and cannot hold a unique message id itself): a retry
-- with the same key fails here, and the caller answers with the event already stored.
event_key AS (
  INSERT INTO event_message_ids (message_id, event_id, received_at)
  SELECT message_id, id, received_at FROM ev WHERE message_id IS NOT NULL
),
-- Identity stitching: the browser that submitted is this person's, and so is everything it did
-- anonymously before (a second device stitches the same way when it identifies too).
visitor AS (
  INSERT INTO visitors (id, person_id, first_seen_at, last_seen_at, identified_at)
  SELECT visitor_id, person_id, now, now, now FROM ev JOIN docs USING (person_id) WHERE visitor_id IS NOT NULL
  -- In id order, as the tracking relay locks a group's browsers: the two never deadlock.
   ORDER BY visitor_id
  ON CONFLICT (id) DO UPDATE SET person_id = EXCLUDED.person_id, last_seen_at = EXCLUDED.last_seen_at,
                                 identified_at = COALESCE(visitors.identified_at, EXCLUDED.identified_at)
),
stitched AS (
  UPDATE events SET person_id = ev.person_id
    FROM ev
   WHERE ev.visitor_id IS NOT NULL AND events.visitor_id = ev.visitor_id AND events.person_id IS NULL
),
-- Campaign membership from the (now stitched) touches, worked out by a job off the hot path.
membership AS (
  INSERT INTO jobs (task, payload, unique_key)
  SELECT 'campaign-membership', jsonb_build_object('personId', person_id), 'campaign-membership:' || person_id
    FROM ev WHERE visitor_id IS NOT NULL OR campaign_id IS NOT NULL
   ORDER BY person_id
  ON CONFLICT (unique_key) WHERE unique_key IS NOT NULL AND status IN ('pending', 'running') DO NOTHING
),
ledger AS (
  INSERT INTO score_ledger (person_id, model, rule_id, points, reason, inputs, event_id, playbook_version_id, created_at)
  SELECT docs.person_id, x.model, x."ruleId", x.points, x.reason, COALESCE(x.inputs, '{}'), ev.id, version, now
    FROM docs LEFT JOIN ev USING (person_id), jsonb_to_recordset(d->'ledger') AS ${LEDGER_ROWS}
),
transitions AS (
  INSERT INTO stage_transitions (person_id, from_stage, to_stage, rule_id, reason, reason_code, backward, inputs, event_id,
                                 playbook_version_id, created_at)
  SELECT docs.person_id, x."from", x."to", x."ruleId", x.reason, x."reasonCode", x.backward, COALESCE(x.inputs, '{}'),
         ev.id, version, now
    FROM docs LEFT JOIN ev USING (person_id), jsonb_to_recordset(d->'transitions') AS ${TRANSITION_ROWS}
),
decided AS (
  INSERT INTO decisions (person_id, account_id, kind, reason, inputs, outputs, event_id, playbook_version_id, created_at)
  SELECT docs.person_id, CASE WHEN x.about_account THEN linked.account_id END, x.kind, x.reason, x.inputs, x.outputs,
         ev.id, version, now
    FROM docs JOIN linked USING (person_id) LEFT JOIN ev USING (person_id),
         jsonb_to_recordset(d->'decisions') AS ${DECISION_ROWS}
),
assignment AS (
  INSERT INTO routing_assignments (person_id, rule_id, via, pool_id, rep_id, queue, captured_at, routed_at, assigned_at,
                                   reason, trace, event_id, playbook_version_id)
  SELECT docs.person_id, r->>'rule_id', r->>'via', r->>'pool_id', r->>'rep_id', r->>'queue', (d->>'captured_at')::timestamptz,
         (d->>'routed_at')::timestamptz, CASE WHEN r->>'rep_id' IS NOT NULL THEN (d->>'routed_at')::timestamptz END,
         r->>'reason', r->'trace', ev.id, version
    FROM docs LEFT JOIN ev USING (person_id) WHERE jsonb_typeof(r) = 'object'
),
job AS (
  INSERT INTO jobs (task, payload)
  SELECT CASE WHEN r->>'rep_id' IS NOT NULL THEN 'notify-owner' ELSE 'alert-unrouted' END, r->'job'
    FROM docs WHERE jsonb_typeof(r) = 'object'
),
-- Company data from the playbook's enrichment providers, for a new person or a changed company
-- (one pending job per person: a burst of submissions enriches once).
enrich AS (
  INSERT INTO jobs (task, payload, unique_key, max_attempts)
  SELECT 'enrich-person', jsonb_build_object('personId', person_id), 'enrich-person:' || person_id, 6
    FROM docs WHERE (d->>'enrich')::boolean
  ON CONFLICT (unique_key) WHERE unique_key IS NOT NULL AND status IN ('pending', 'running') DO NOTHING
)
SELECT mops_guard(CASE
         WHEN (SELECT count(*) FROM new_people) + (SELECT count(*) FROM updated_people) <> (SELECT count(*) FROM docs)
           THEN 'PERSON_CHANGED'
         WHEN (SELECT count(*) FROM new_accounts) <> (SELECT count(*) FROM wanted_accounts)
           THEN 'ACCOUNT_CREATED_CONCURRENTLY'
         -- Someone else's lead took the account meanwhile: run again and follow its owner.
         WHEN (SELECT count(*) FROM claimed_accounts) <> (SELECT count(*) FROM wanted_claims)
           THEN 'ACCOUNT_CLAIMED_CONCURRENTLY'
       END) AS ok,
       (SELECT json_object_agg(person_id, id) FROM ev) AS events`;
