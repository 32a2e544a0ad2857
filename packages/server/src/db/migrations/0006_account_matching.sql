-- Lead-to-account matching beyond the email domain: a key of the company name (legal suffixes,
-- "The", punctuation and case removed) for people with a personal address, and the parent company
-- where the data says so (an accounts import with a parent_domain column).
ALTER TABLE accounts
  ADD COLUMN name_key  text,
  ADD COLUMN parent_id uuid REFERENCES accounts;
CREATE INDEX accounts_name_key ON accounts (name_key) WHERE name_key IS NOT NULL;
CREATE INDEX accounts_parent ON accounts (parent_id) WHERE parent_id IS NOT NULL;
