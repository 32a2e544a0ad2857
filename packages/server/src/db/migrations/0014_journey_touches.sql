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

-- If old months of `events` are ever detached or dropped (0009 plans for it), that fires no
-- trigger: whatever drops them must delete the same months here.
--
-- Not unique: a refresh deletes a record's rows and inserts them again in one statement.
CREATE INDEX journey_touches_person ON journey_touches (person_id, occurred_at, event_id);

-- Ordered by person, so one person's touches share pages.
INSERT INTO journey_touches (person_id, occurred_at, event_id, type, channel, campaign_id)
SELECT person_id, occurred_at, event_id, type, channel, campaign_id
  FROM touches WHERE person_id IS NOT NULL
 ORDER BY person_id, occurred_at, event_id;

-- The projection holds each touch's type too: a change of type must name its person as well.
DROP TRIGGER events_log_origin_updates ON events;
CREATE TRIGGER events_log_origin_updates
  AFTER UPDATE OF person_id, campaign_id, channel, is_bot, occurred_at, type ON events
  FOR EACH ROW
  WHEN (OLD.person_id IS DISTINCT FROM NEW.person_id OR OLD.campaign_id IS DISTINCT FROM NEW.campaign_id
        OR OLD.channel IS DISTINCT FROM NEW.channel OR OLD.is_bot IS DISTINCT FROM NEW.is_bot
        OR OLD.occurred_at IS DISTINCT FROM NEW.occurred_at OR OLD.type IS DISTINCT FROM NEW.type)
  EXECUTE FUNCTION mops_log_origin_change_of_event();

-- The reports plan their reads on it straight away.
ANALYZE journey_touches;
