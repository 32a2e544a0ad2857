-- Enrichment: company facts from a firmographic file or an HTTP provider (see docs/enrichment.md).
-- Changes to people and accounts are explained by `decisions` rows of kind 'enrichment'.

-- Size and revenue bands describe the company, so they live beside employees and industry.
ALTER TABLE accounts
  ADD COLUMN employee_band text,
  ADD COLUMN revenue_band  text,
  ADD COLUMN enriched_at   timestamptz;

-- What enrichment last wrote into each field. A later run compares it with the stored value: still
-- the same means enrichment owns the value and may refresh it; different means a person (or an
-- import, the CRM, the playbook) changed it since, and it is kept unless the playbook says
-- otherwise. Kept here rather than on `people` so the lead pipeline's hot path never carries it.
CREATE TABLE enriched_values (
  entity      text        NOT NULL CHECK (entity IN ('person', 'account')),
  entity_id   uuid        NOT NULL,
  field       text        NOT NULL,
  value       jsonb       NOT NULL,
  provider    text        NOT NULL,
  decision_id bigint,
  set_at      timestamptz NOT NULL,
  PRIMARY KEY (entity, entity_id, field)
);

-- Answers of HTTP providers, shared by every worker process and kept across restarts, so a paid
-- API is asked once per domain per TTL. `found = false` remembers "no data" (a 404) too; failures
-- are never cached. `config_hash` is the URL and field map the answer was read with: editing either
-- in the playbook makes older answers misses.
CREATE TABLE enrichment_cache (
  provider    text        NOT NULL,
  domain      text        NOT NULL,
  config_hash text        NOT NULL,
  found       boolean     NOT NULL,
  fields      jsonb       NOT NULL DEFAULT '{}',
  problems    jsonb       NOT NULL DEFAULT '[]',
  fetched_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  PRIMARY KEY (provider, domain)
);
