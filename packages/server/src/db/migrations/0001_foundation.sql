-- mops foundation schema: the playbook, people and accounts, the lead pipeline's decisions,
-- API keys and durable jobs. Every automated decision row carries the playbook
-- version that made it.

CREATE TABLE playbook_versions (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  hash         text        NOT NULL,
  source_yaml  text        NOT NULL,
  -- json, not jsonb: keep the author's key order (forms, pools) for display and diffs.
  playbook     json        NOT NULL,
  source_file  text,
  applied_by   text        NOT NULL,
  applied_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX playbook_versions_hash ON playbook_versions (hash);

-- Every decision row records the version that made it. Rather than a foreign key checked on each
-- of the many decision rows a form submission writes, versions are simply never deleted or edited.
CREATE FUNCTION reject_history_edit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only history: % is not allowed', TG_TABLE_NAME, TG_OP;
END $$;
CREATE TRIGGER playbook_versions_append_only BEFORE UPDATE OR DELETE ON playbook_versions
  FOR EACH STATEMENT EXECUTE FUNCTION reject_history_edit();

-- Reps and pools are projections of the playbook (a later issue adds CRM-sourced users).
-- Rows are never deleted so history keeps resolving; `in_playbook` says whether they still exist.
CREATE TABLE reps (
  id                  text PRIMARY KEY,
  name                text        NOT NULL,
  email               text        NOT NULL,
  timezone            text        NOT NULL,
  hours               text        NOT NULL,
  out_of_office       jsonb       NOT NULL DEFAULT '[]',
  active              boolean     NOT NULL DEFAULT true,
  in_playbook         boolean     NOT NULL DEFAULT true,
  playbook_version_id integer     NOT NULL REFERENCES playbook_versions,
  updated_at          timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE pools (
  id                  text PRIMARY KEY,
  strategy            text        NOT NULL,
  config              jsonb       NOT NULL,
  in_playbook         boolean     NOT NULL DEFAULT true,
  playbook_version_id integer     NOT NULL REFERENCES playbook_versions,
  updated_at          timestamptz NOT NULL DEFAULT now()
);

-- Distribution counters, one row per rep per pool, moved on by mops_claim (0002), which serialises
-- claims per pool so concurrent MQLs never take the same turn or overfill a daily cap.
CREATE TABLE pool_members (
  pool_id          text    NOT NULL REFERENCES pools,
  rep_id           text    NOT NULL REFERENCES reps,
  position         integer NOT NULL,
  weight           integer NOT NULL,
  in_pool          boolean NOT NULL DEFAULT true,
  next_turn        double precision NOT NULL DEFAULT 0,
  day_key          text,
  day_count        integer NOT NULL DEFAULT 0,
  total_count      bigint  NOT NULL DEFAULT 0,
  last_assigned_at timestamptz,
  PRIMARY KEY (pool_id, rep_id)
);

CREATE TABLE accounts (
  id           uuid PRIMARY KEY,
  domain       text        NOT NULL,
  name         text,
  employees    integer,
  industry     text,
  country      text,
  owner_rep_id text REFERENCES reps,
  named        boolean     NOT NULL DEFAULT false,
  source       text        NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT accounts_domain_key UNIQUE (domain)
);

CREATE TABLE people (
  id                    uuid PRIMARY KEY,
  email                 text        NOT NULL,
  account_id            uuid REFERENCES accounts,
  first_name            text,
  last_name             text,
  company               text,
  title                 text,
  country               text,
  state                 text,
  phone                 text,
  city                  text,
  website               text,
  email_domain          text,
  is_free_mail          boolean,
  job_function          text,
  seniority             text,
  region                text,
  custom                jsonb         NOT NULL DEFAULT '{}',
  stage                 text          NOT NULL,
  stage_entered_at      timestamptz   NOT NULL,
  fit_score             numeric(12,2) NOT NULL DEFAULT 0,
  engagement_score      numeric(12,2) NOT NULL DEFAULT 0,
  engagement_decayed_at timestamptz,
  grade                 text,
  owner_rep_id          text REFERENCES reps,
  owner_queue           text,
  source                text          NOT NULL,
  created_at            timestamptz   NOT NULL,
  updated_at            timestamptz   NOT NULL,
  -- Bumped by every write. The pipeline reads a person, decides, and writes only if the version
  -- is still the one it read (optimistic concurrency); a timestamp could repeat within a millisecond.
  version               bigint        NOT NULL DEFAULT 1,
  -- The identity key: one person per normalised email, enforced here, not by hoping.
  CONSTRAINT people_email_key UNIQUE (email)
);
CREATE INDEX people_account ON people (account_id);
-- Indexes for reports (by stage, owner, time) come with the reports: every index is paid for on
-- each of the hundreds of inserts a second the form path makes.

CREATE TABLE events (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id   uuid REFERENCES people,
  type        text        NOT NULL,
  occurred_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  form_id     text,
  path        text,
  source      text        NOT NULL,
  -- Client-supplied (or derived from an Idempotency-Key): a retried batch is not counted twice.
  message_id  text,
  properties  jsonb       NOT NULL DEFAULT '{}',
  CONSTRAINT events_message_id_key UNIQUE (message_id)
);
CREATE INDEX events_person_time ON events (person_id, occurred_at);

-- Append-only. The person's score is always the sum of these rows (checked by tests and
-- `score_ledger_drift`); corrections are new rows, never edits.
--
-- Decision tables (this one, stage_transitions, routing_assignments, decisions) reference the
-- event that caused them by id without a foreign key: events are append-only and will be
-- partitioned by month, and a form submission writes ten-odd decision rows whose checks would
-- cost more than the rows.
CREATE TABLE score_ledger (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id           uuid          NOT NULL REFERENCES people,
  model               text          NOT NULL CHECK (model IN ('fit', 'engagement')),
  rule_id             text          NOT NULL,
  points              numeric(12,2) NOT NULL,
  reason              text          NOT NULL,
  inputs              jsonb         NOT NULL DEFAULT '{}',
  event_id            bigint,
  playbook_version_id integer       NOT NULL,
  created_at          timestamptz   NOT NULL
);
CREATE INDEX score_ledger_person ON score_ledger (person_id, model, rule_id);

CREATE FUNCTION reject_ledger_edit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'score_ledger is append-only: write a correcting row instead of % on row %', TG_OP, OLD.id;
END $$;
CREATE TRIGGER score_ledger_append_only BEFORE UPDATE OR DELETE ON score_ledger
  FOR EACH ROW EXECUTE FUNCTION reject_ledger_edit();

CREATE VIEW score_ledger_drift AS
  SELECT p.id AS person_id, p.fit_score, p.engagement_score,
         COALESCE(l.fit, 0) AS ledger_fit, COALESCE(l.engagement, 0) AS ledger_engagement
    FROM people p
    LEFT JOIN (
      SELECT person_id,
             sum(points) FILTER (WHERE model = 'fit') AS fit,
             sum(points) FILTER (WHERE model = 'engagement') AS engagement
        FROM score_ledger GROUP BY person_id
    ) l ON l.person_id = p.id
   WHERE p.fit_score <> COALESCE(l.fit, 0) OR p.engagement_score <> COALESCE(l.engagement, 0);

CREATE TABLE stage_transitions (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id           uuid        NOT NULL REFERENCES people,
  from_stage          text,
  to_stage            text        NOT NULL,
  rule_id             text        NOT NULL,
  reason              text        NOT NULL,
  reason_code         text,
  backward            boolean     NOT NULL DEFAULT false,
  inputs              jsonb       NOT NULL DEFAULT '{}',
  event_id            bigint,
  playbook_version_id integer     NOT NULL,
  created_at          timestamptz NOT NULL
);
CREATE INDEX stage_transitions_person ON stage_transitions (person_id, created_at);

CREATE TABLE routing_assignments (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id           uuid        NOT NULL REFERENCES people,
  rule_id             text,
  via                 text        NOT NULL CHECK (via IN ('existing_owner', 'account_owner', 'pool', 'fallback')),
  pool_id             text,
  rep_id              text REFERENCES reps,
  queue               text,
  captured_at         timestamptz NOT NULL,
  routed_at           timestamptz NOT NULL,
  assigned_at         timestamptz,
  reason              text        NOT NULL,
  trace               jsonb       NOT NULL,
  event_id            bigint,
  playbook_version_id integer     NOT NULL,
  CHECK ((rep_id IS NULL) <> (queue IS NULL))
);
CREATE INDEX routing_assignments_person ON routing_assignments (person_id, routed_at);
-- A routing trace (every rule and candidate, with why) is a few KB: keep such rows inline and
-- uncompressed rather than spend CPU compressing each one on the hot path.
ALTER TABLE routing_assignments SET (toast_tuple_target = 8160);

-- Every other automated decision (identity match, washing, account link, field updates, rules
-- that matched but were held back) with its reason and inputs.
CREATE TABLE decisions (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id           uuid REFERENCES people,
  account_id          uuid REFERENCES accounts,
  kind                text        NOT NULL,
  reason              text        NOT NULL,
  inputs              jsonb       NOT NULL DEFAULT '{}',
  outputs             jsonb       NOT NULL DEFAULT '{}',
  event_id            bigint,
  playbook_version_id integer,
  created_at          timestamptz NOT NULL
);
CREATE INDEX decisions_person ON decisions (person_id, created_at);

-- What people did to the system (playbook applied, API key created), as opposed to what it decided.
CREATE TABLE audit_log (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  actor      text        NOT NULL,
  action     text        NOT NULL,
  target     text,
  details    jsonb       NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Submissions that did not become people: spam caught by the honeypot, and validation failures,
-- so "are form submissions being written?" has an answer.
CREATE TABLE form_rejections (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  form_id    text        NOT NULL,
  code       text        NOT NULL,
  details    jsonb       NOT NULL DEFAULT '[]',
  payload    jsonb       NOT NULL DEFAULT '{}',
  client_ip  text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX form_rejections_form ON form_rejections (form_id, created_at);

CREATE TABLE api_keys (
  id           uuid PRIMARY KEY,
  name         text        NOT NULL,
  -- The visible start of the key, for telling keys apart in lists; lookup is by hash.
  prefix       text        NOT NULL,
  secret_hash  text        NOT NULL,
  scopes       text[]      NOT NULL,
  created_by   text        NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at   timestamptz,
  CONSTRAINT api_keys_secret_hash_key UNIQUE (secret_hash)
);

-- Durable jobs, claimed with FOR UPDATE SKIP LOCKED and enqueued in the same transaction as the
-- change that caused them (transactional outbox).
CREATE TABLE jobs (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  task        text        NOT NULL,
  payload     jsonb       NOT NULL DEFAULT '{}',
  status      text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'failed')),
  run_at      timestamptz NOT NULL DEFAULT now(),
  priority    integer     NOT NULL DEFAULT 0,
  attempts    integer     NOT NULL DEFAULT 0,
  max_attempts integer    NOT NULL DEFAULT 10,
  unique_key  text,
  locked_by   text,
  locked_at   timestamptz,
  last_error  text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX jobs_ready ON jobs (priority DESC, run_at) WHERE status = 'pending';
CREATE UNIQUE INDEX jobs_unique_pending ON jobs (unique_key) WHERE unique_key IS NOT NULL AND status IN ('pending', 'running');

-- No NOTIFY trigger on purpose: NOTIFY serialises commits on a global lock, and the form path
-- commits hundreds of times a second. Workers poll, and the process that enqueued nudges its own.

-- What the notify jobs produced: the rep's inbox and ops alerts, delivered to a webhook if set.
CREATE TABLE notifications (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- One notification per job, even when a job is retried after a crash.
  job_id       bigint UNIQUE,
  kind         text        NOT NULL,
  recipient    text        NOT NULL,
  person_id    uuid REFERENCES people,
  subject      text        NOT NULL,
  body         text        NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz,
  delivery     jsonb
);
CREATE INDEX notifications_person ON notifications (person_id);
