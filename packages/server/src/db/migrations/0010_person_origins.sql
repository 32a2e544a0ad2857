-- Each person's original touch, kept for reports (measurement issue). Reading it per person from
-- their touches is an index walk over every monthly partition of `events` per person, which does
-- not scale to a million people; reports join this table instead.
--
-- Kept fresh without touching the hot paths' logic: statement-level triggers log which people's
-- touches changed (new events, stitched events, campaign links, merges) into an append-only log
-- with no index, so logging never waits on a lock; a report first folds the log into
-- `person_origins` (refreshPersonOrigins), recomputing only the people it names.

CREATE TABLE person_origins (
  person_id      uuid PRIMARY KEY REFERENCES people ON DELETE CASCADE,
  -- The original touch under `tracking.original_source` (`rule`), and the very first touch's time.
  channel        text,
  campaign_id    uuid,
  event_id       bigint,
  touch_at       timestamptz,
  first_touch_at timestamptz,
  rule           text NOT NULL
);

-- Who needs recomputing. No key: concurrent writers append without ever waiting on each other.
CREATE TABLE person_origin_changes (
  person_id uuid NOT NULL
);

CREATE FUNCTION mops_log_origin_changes_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO person_origin_changes (person_id)
  SELECT DISTINCT person_id FROM changed_rows WHERE person_id IS NOT NULL;
  RETURN NULL;
END $$;

-- Updates are rare and narrow (stitching sets person_id, campaign linking sets campaign_id, a merge
-- sets merged_into): row triggers limited to those columns and to real changes cost nothing on the
-- frequent updates (a lead's scores and stage) that touch neither.
CREATE FUNCTION mops_log_origin_change_of_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO person_origin_changes (person_id)
  SELECT x.id FROM (VALUES (OLD.person_id), (NEW.person_id)) AS x(id) WHERE x.id IS NOT NULL;
  RETURN NULL;
END $$;

CREATE TRIGGER events_log_origin_inserts AFTER INSERT ON events
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION mops_log_origin_changes_on_insert();
CREATE TRIGGER events_log_origin_updates
  AFTER UPDATE OF person_id, campaign_id, channel, is_bot, occurred_at ON events
  FOR EACH ROW
  WHEN (OLD.person_id IS DISTINCT FROM NEW.person_id OR OLD.campaign_id IS DISTINCT FROM NEW.campaign_id
        OR OLD.channel IS DISTINCT FROM NEW.channel OR OLD.is_bot IS DISTINCT FROM NEW.is_bot
        OR OLD.occurred_at IS DISTINCT FROM NEW.occurred_at)
  EXECUTE FUNCTION mops_log_origin_change_of_event();

-- A merge (or its undo) changes whose touches count for whom: the record and both survivors.
CREATE FUNCTION mops_log_origin_change_of_merge() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO person_origin_changes (person_id)
  SELECT x.id FROM (VALUES (NEW.id), (NEW.merged_into), (OLD.merged_into)) AS x(id) WHERE x.id IS NOT NULL;
  RETURN NULL;
END $$;
CREATE TRIGGER people_log_origin_merges AFTER UPDATE OF merged_into ON people
  FOR EACH ROW WHEN (OLD.merged_into IS DISTINCT FROM NEW.merged_into)
  EXECUTE FUNCTION mops_log_origin_change_of_merge();

-- Nothing deletes events or people today; if retention or erasure ever does, the origins follow.
CREATE FUNCTION mops_log_origin_change_of_deleted_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO person_origin_changes (person_id) SELECT DISTINCT person_id FROM gone_rows WHERE person_id IS NOT NULL;
  RETURN NULL;
END $$;
CREATE TRIGGER events_log_origin_deletes AFTER DELETE ON events
  REFERENCING OLD TABLE AS gone_rows FOR EACH STATEMENT EXECUTE FUNCTION mops_log_origin_change_of_deleted_event();

-- Everyone known so far is computed on the first refresh.
INSERT INTO person_origin_changes (person_id) SELECT id FROM people;
