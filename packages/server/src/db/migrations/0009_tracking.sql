-- First-party tracking (issue 4): events become touches, partitioned by month for volume.
--
-- Every event can be a touch: it carries the visitor (anonymous id) and, once known, the person;
-- its UTMs normalised beside their raw form; click ids; the referrer's registrable domain; the
-- channel the playbook's taxonomy gave it (and which rule); the campaign its utm_campaign names.
-- Server time (`received_at`) decides the partition and the order; the client's clock is kept in
-- `client_at` but never trusted.
--
-- The table is partitioned by month of `received_at` (always "now" when written, so inserts hit the
-- newest partition and old months can be detached or dropped whole). A partitioned table cannot
-- enforce a unique message id on its own, so idempotency keys live in `event_message_ids`. The
-- person has no foreign key here: anonymous events have none, people are never deleted (a merge
-- keeps the tombstone), and a check per row would cost more than the row at ingest volume.

ALTER TABLE events RENAME TO events_unpartitioned;
ALTER INDEX events_person_time RENAME TO events_unpartitioned_person_time;
ALTER TABLE events_unpartitioned RENAME CONSTRAINT events_pkey TO events_unpartitioned_pkey;
ALTER TABLE events_unpartitioned RENAME CONSTRAINT events_message_id_key TO events_unpartitioned_message_id_key;

CREATE SEQUENCE event_ids AS bigint;
SELECT setval('event_ids', COALESCE((SELECT max(id) FROM events_unpartitioned), 0) + 1, false);

CREATE TABLE events (
  id              bigint      NOT NULL DEFAULT nextval('event_ids'),
  person_id       uuid,
  visitor_id      uuid,
  session_id      text,
  type            text        NOT NULL,
  occurred_at     timestamptz NOT NULL,
  received_at     timestamptz NOT NULL,
  client_at       timestamptz,
  form_id         text,
  path            text,
  source          text        NOT NULL,
  message_id      text,
  properties      jsonb       NOT NULL DEFAULT '{}',
  url             text,
  referrer_domain text,
  utm             jsonb,
  utm_raw         jsonb,
  click_ids       jsonb,
  channel         text,
  channel_rule    text,
  campaign_id     uuid,
  is_bot          boolean     NOT NULL DEFAULT false,
  PRIMARY KEY (id, received_at)
) PARTITION BY RANGE (received_at);
ALTER SEQUENCE event_ids OWNED BY events.id;

-- Catches a row for a month nobody made a partition for (mops makes them ahead, at start and daily).
CREATE TABLE events_default PARTITION OF events DEFAULT;

-- Per-person timelines, stitching a visitor's history, per-campaign counts.
-- With id last, a timeline page (newest first, ties by id) is an index scan that stops at its limit.
CREATE INDEX events_person_time ON events (person_id, occurred_at, id) WHERE person_id IS NOT NULL;
CREATE INDEX events_visitor_time ON events (visitor_id, occurred_at) WHERE visitor_id IS NOT NULL;
CREATE INDEX events_campaign_time ON events (campaign_id, occurred_at) WHERE campaign_id IS NOT NULL;

-- Makes the monthly partitions from `from_month` through `through` (idempotent). A month whose
-- rows already sit in the default partition is left there (creating it would fail) and named in a
-- notice: move them by detaching the default, creating the month, and re-inserting.
CREATE FUNCTION mops_ensure_event_partitions(from_month timestamptz, through timestamptz) RETURNS int
LANGUAGE plpgsql AS $$
DECLARE
  v_month timestamptz := date_trunc('month', from_month AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
  v_next timestamptz;
  v_name text;
  v_made int := 0;
BEGIN
  WHILE v_month <= through LOOP
    v_next := (date_trunc('month', v_month AT TIME ZONE 'UTC') + interval '1 month') AT TIME ZONE 'UTC';
    v_name := 'events_' || to_char(v_month AT TIME ZONE 'UTC', 'YYYY_MM');
    IF to_regclass(v_name) IS NULL THEN
      IF EXISTS (SELECT 1 FROM events_default WHERE received_at >= v_month AND received_at < v_next) THEN
        RAISE NOTICE 'events for % are in events_default; partition % not created', to_char(v_month AT TIME ZONE 'UTC', 'YYYY-MM'), v_name;
      ELSE
        EXECUTE format('CREATE TABLE %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)', v_name, v_month, v_next);
        v_made := v_made + 1;
      END IF;
    END IF;
    v_month := v_next;
  END LOOP;
  RETURN v_made;
END $$;

SELECT mops_ensure_event_partitions(
  LEAST(COALESCE((SELECT min(received_at) FROM events_unpartitioned), now()), now()),
  now() + interval '3 months');

INSERT INTO events (id, person_id, type, occurred_at, received_at, form_id, path, source, message_id, properties)
SELECT id, person_id, type, occurred_at, received_at, form_id, path, source, message_id, properties
  FROM events_unpartitioned;

-- Idempotency keys: a retried request or a replayed batch finds its event here and is not counted twice.
CREATE TABLE event_message_ids (
  message_id  text        PRIMARY KEY,
  event_id    bigint      NOT NULL,
  received_at timestamptz NOT NULL
);
INSERT INTO event_message_ids (message_id, event_id, received_at)
SELECT message_id, id, received_at FROM events_unpartitioned WHERE message_id IS NOT NULL;

DROP TABLE events_unpartitioned;

-- A browser (visitor id cookie) and, once it identifies, the person it belongs to. Two devices
-- of one person are two visitors with the same person.
CREATE TABLE visitors (
  id            uuid        PRIMARY KEY,
  person_id     uuid REFERENCES people,
  first_seen_at timestamptz NOT NULL,
  last_seen_at  timestamptz NOT NULL,
  identified_at timestamptz,
  -- The first session's first touch as the browser saw it: UTMs, click ids, referrer, landing URL.
  first_touch   jsonb
);
CREATE INDEX visitors_person ON visitors (person_id) WHERE person_id IS NOT NULL;

-- Touches: the events attribution counts — marketing contact with a channel or a campaign, bots left out.
CREATE VIEW touches AS
SELECT id AS event_id, received_at, occurred_at, person_id, visitor_id, session_id, type, channel, channel_rule,
       campaign_id, utm, utm_raw, click_ids, referrer_domain, url, form_id
  FROM events
 WHERE NOT is_bot AND (channel IS NOT NULL OR campaign_id IS NOT NULL);
