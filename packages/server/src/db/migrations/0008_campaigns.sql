-- The campaign registry (issue 4): campaigns named by the playbook's convention, their members,
-- their costs per period, and opportunities with their contacts (the revenue attribution needs).
-- Nothing here references the events/touches tables (0007): touches point at campaigns, not back.

CREATE TABLE campaigns (
  id                  uuid PRIMARY KEY,
  name                text        NOT NULL,
  -- Normalised (core's normalizeUtmCampaign: NFKC, trimmed, lower case), so a link's
  -- `utm_campaign=2026-11_Paid_Social_NA_Demo-Push` finds the campaign whatever its case.
  utm_campaign        text,
  channel             text        NOT NULL,
  type                text,
  owner_rep_id        text REFERENCES reps,
  start_date          date,
  end_date            date,
  budget              numeric(16,2) CHECK (budget >= 0),
  currency            text        NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  status              text        NOT NULL DEFAULT 'planned'
                                  CHECK (status IN ('planned', 'active', 'paused', 'completed', 'cancelled')),
  source              text        NOT NULL CHECK (source IN ('playbook', 'api', 'cli')),
  -- The name split by the convention ({yyyy, mm, type, region, slug}), for reports by part.
  parts               jsonb       NOT NULL DEFAULT '{}',
  -- Playbook campaigns removed from the playbook stay (costs and touches keep resolving) but say so.
  in_playbook         boolean     NOT NULL DEFAULT false,
  playbook_version_id integer,
  created_by          text        NOT NULL,
  created_at          timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL,
  CONSTRAINT campaigns_name_key UNIQUE (name),
  CONSTRAINT campaigns_dates CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date),
  CONSTRAINT campaigns_utm_normalised CHECK (utm_campaign IS NULL OR (utm_campaign = lower(btrim(utm_campaign)) AND utm_campaign <> ''))
);
CREATE UNIQUE INDEX campaigns_utm_campaign_key ON campaigns (utm_campaign) WHERE utm_campaign IS NOT NULL;

-- Who a campaign reached and how far: targeted → engaged → responded, forward only. Each status
-- keeps when it was first and last reported; each change of status is a `decisions` row.
CREATE TABLE campaign_members (
  campaign_id        uuid        NOT NULL REFERENCES campaigns,
  person_id          uuid        NOT NULL REFERENCES people,
  status             text        NOT NULL CHECK (status IN ('targeted', 'engaged', 'responded')),
  first_targeted_at  timestamptz,
  last_targeted_at   timestamptz,
  first_engaged_at   timestamptz,
  last_engaged_at    timestamptz,
  first_responded_at timestamptz,
  last_responded_at  timestamptz,
  source             text        NOT NULL,
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL,
  PRIMARY KEY (campaign_id, person_id)
);
CREATE INDEX campaign_members_person ON campaign_members (person_id);

-- Spend per campaign per period. One row per (campaign, period): importing the same period again
-- replaces the amount (the replacement is logged in audit_log with the old and new values).
CREATE TABLE campaign_costs (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  campaign_id  uuid          NOT NULL REFERENCES campaigns,
  period_start date          NOT NULL,
  period_end   date          NOT NULL,
  amount       numeric(16,2) NOT NULL CHECK (amount >= 0),
  currency     text          NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  source       text          NOT NULL,
  note         text,
  import_id    uuid REFERENCES imports,
  created_at   timestamptz   NOT NULL,
  updated_at   timestamptz   NOT NULL,
  CONSTRAINT campaign_costs_period_key UNIQUE (campaign_id, period_start, period_end),
  CONSTRAINT campaign_costs_period CHECK (period_end >= period_start)
);

-- Revenue for attribution: opportunities from the CRM (API or CSV), keyed by the CRM's id.
CREATE TABLE opportunities (
  id          uuid PRIMARY KEY,
  external_id text,
  name        text          NOT NULL,
  account_id  uuid REFERENCES accounts,
  amount      numeric(16,2) CHECK (amount >= 0),
  currency    text          NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  stage       text          NOT NULL,
  created_at  timestamptz   NOT NULL,
  closed_at   timestamptz,
  is_closed   boolean       NOT NULL DEFAULT false,
  is_won      boolean       NOT NULL DEFAULT false,
  source      text          NOT NULL,
  import_id   uuid REFERENCES imports,
  recorded_at timestamptz   NOT NULL,
  updated_at  timestamptz   NOT NULL,
  CONSTRAINT opportunities_external_id_key UNIQUE (external_id),
  CONSTRAINT opportunities_won_is_closed CHECK (NOT is_won OR is_closed),
  CONSTRAINT opportunities_closed_after_created CHECK (closed_at IS NULL OR closed_at >= created_at)
);
CREATE INDEX opportunities_account ON opportunities (account_id) WHERE account_id IS NOT NULL;

CREATE TABLE opportunity_contacts (
  opportunity_id uuid    NOT NULL REFERENCES opportunities ON DELETE CASCADE,
  person_id      uuid    NOT NULL REFERENCES people,
  role           text,
  is_primary     boolean NOT NULL DEFAULT false,
  PRIMARY KEY (opportunity_id, person_id)
);
CREATE INDEX opportunity_contacts_person ON opportunity_contacts (person_id);
CREATE UNIQUE INDEX opportunity_contacts_one_primary ON opportunity_contacts (opportunity_id) WHERE is_primary;

-- Cost and opportunity CSVs go through the same import runs and quarantine as people and accounts.
ALTER TABLE imports DROP CONSTRAINT imports_kind_check;
ALTER TABLE imports ADD CONSTRAINT imports_kind_check
  CHECK (kind IN ('people', 'accounts', 'costs', 'opportunities'));
