-- Lead-to-account matching beyond the email domain: a key of the company name (legal suffixes,
-- "The", punctuation and case removed) for people with a personal address, and the parent company
-- where the data says so (an accounts import with a parent_domain column).
ALTER TABLE accounts
  ADD COLUMN name_key  text,
  ADD COLUMN parent_id uuid REFERENCES accounts;
CREATE INDEX accounts_name_key ON accounts (name_key) WHERE name_key IS NOT NULL;
CREATE INDEX accounts_parent ON accounts (parent_id) WHERE parent_id IS NOT NULL;

-- Duplicates on entry: every few seconds a sweep checks the people created since the last sweep
-- against everyone who shares a blocking key with them. One row per sweep: what it covered and did.
CREATE TABLE dedupe_sweeps (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  since      timestamptz NOT NULL,
  until      timestamptz NOT NULL,
  checked    integer     NOT NULL,
  merged     integer     NOT NULL,
  queued     integer     NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
