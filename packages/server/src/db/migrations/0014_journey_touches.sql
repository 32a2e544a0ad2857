-- The identified touches, narrow and kept per person, for attribution (measurement issue).
--
-- Attribution reads the touches of every person in a converting account, and counts everyone
-- else's. From `events` that is a heap fetch per touch on a wide row (~600 bytes, UTMs, URLs and
-- properties) behind an index probe per person in every monthly partition: ~1 s for 93,000
-- touches of 10,600 people at 100,000 people. Here a person's touches sit together, ~70 bytes
-- each, behind one probe.
--
-- A projection of the `touches` view (bots left out, a channel or a campaign), keyed by the
-- event's own person record — not its survivor: merges change nothing here, the reports resolve
-- survivors and accounts as they read. The channel a campaign gives is resolved as they read too,
-- so editing a campaign changes nothing here either. It is kept fresh by the change log of 0010:
-- the refresh that recomputes a person's origin re-projects the touches of the same records.

CREATE TABLE journey_touches (
  person_id   uuid        NOT NULL,
  occurred_at timestamptz NOT NULL,
  event_id    bigint      NOT NULL,
  type        text        NOT NULL,
  channel     text,
  campaign_id uuid
);

-- Not unique: a refresh deletes a record's rows and inserts them again in one statement.
CREATE INDEX journey_touches_person ON journey_touches (person_id, occurred_at, event_id);

-- Ordered by person, so one person's touches share pages.
INSERT INTO journey_touches (person_id, occurred_at, event_id, type, channel, campaign_id)
SELECT person_id, occurred_at, event_id, type, channel, campaign_id
  FROM touches WHERE person_id IS NOT NULL
 ORDER BY person_id, occurred_at, event_id;

-- The reports plan their reads on it straight away.
ANALYZE journey_touches;
