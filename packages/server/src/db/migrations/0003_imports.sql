-- CSV imports of people and accounts: one row per import run with its running counts, and the
-- quarantine of rejected rows (line number, every reason, the row as it was in the file).

CREATE TABLE imports (
  id                  uuid PRIMARY KEY,
  kind                text        NOT NULL CHECK (kind IN ('people', 'accounts')),
  status              text        NOT NULL DEFAULT 'queued'
                                  CHECK (status IN ('queued', 'running', 'completed', 'failed')),
  source              text        NOT NULL,
  file_name           text        NOT NULL,
  -- Where the uploaded file waits for its job (API uploads); null for CLI imports.
  stored_path         text,
  file_bytes          bigint      NOT NULL DEFAULT 0,
  file_sha256         text,
  -- Column mapping, delimiter and encoding as used, so a run can be explained and repeated.
  options             jsonb       NOT NULL DEFAULT '{}',
  rows_read           integer     NOT NULL DEFAULT 0,
  inserted            integer     NOT NULL DEFAULT 0,
  updated             integer     NOT NULL DEFAULT 0,
  merged              integer     NOT NULL DEFAULT 0,
  unchanged           integer     NOT NULL DEFAULT 0,
  rejected            integer     NOT NULL DEFAULT 0,
  -- How far committed batches got: after a failure, everything up to here is in, nothing after.
  committed_through_line integer  NOT NULL DEFAULT 0,
  -- Touched by every committed batch: a run whose heartbeat stopped (its process died) may be
  -- taken over; one with a fresh heartbeat may not (no import runs twice at once).
  heartbeat_at        timestamptz,
  error               text,
  playbook_version_id integer,
  created_by          text        NOT NULL,
  created_at          timestamptz NOT NULL,
  started_at          timestamptz,
  finished_at         timestamptz
);
CREATE INDEX imports_created ON imports (created_at DESC);

CREATE TABLE import_rejects (
  import_id  uuid    NOT NULL REFERENCES imports ON DELETE CASCADE,
  line       integer NOT NULL,
  -- [{field, code, message}]: every reason at once, so one fix pass is enough.
  reasons    jsonb   NOT NULL,
  -- The row's values as read, in the file's column order (imports.options->'headers' names
  -- them); stored as text, never executed.
  raw        jsonb   NOT NULL,
  PRIMARY KEY (import_id, line)
);
