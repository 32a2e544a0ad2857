-- Each person's original touch, kept for reports (measurement issue). Reading it per person from
-- their touches is an index walk over every monthly partition of `events` per person, which does
-- not scale to a million people; reports join this table instead.
--
-- Kept fresh without touching the hot paths' logic: statement-level triggers log which people's
-- touches changed (new events, stitched events, campaign links, merges) into an append-only log
-- with no index, so logging never waits on a lock; a report first folds the log into
-- `person_origins` (refreshPersonOrigins), recomputing only the people it names.

CREATE TABLE person_origins (
  person_id      uuid PRIMARY KEY REFERENCES people,
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

CREATE FUNCTION mops_log_origin_changes_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO person_origin_changes (person_id)
  SELECT person_id FROM new_rows WHERE person_id IS NOT NULL
  UNION SELECT person_id FROM old_rows WHERE person_id IS NOT NULL;
  RETURN NULL;
END $$;

CREATE TRIGGER events_log_origin_inserts AFTER INSERT ON events
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION mops_log_origin_changes_on_insert();
CREATE TRIGGER events_log_origin_updates AFTER UPDATE ON events
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION mops_log_origin_changes_on_update();

-- A merge (or its undo) changes whose touches count for whom: the record and both survivors.
CREATE FUNCTION mops_log_origin_changes_on_merge() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO person_origin_changes (person_id)
  SELECT x.id FROM old_rows o JOIN new_rows n ON n.id = o.id
   CROSS JOIN LATERAL (VALUES (n.id), (n.merged_into), (o.merged_into)) AS x(id)
   WHERE o.merged_into IS DISTINCT FROM n.merged_into AND x.id IS NOT NULL;
  RETURN NULL;
END $$;
CREATE TRIGGER people_log_origin_merges AFTER UPDATE ON people
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION mops_log_origin_changes_on_merge();

-- Everyone known so far is computed on the first refresh.
INSERT INTO person_origin_changes (person_id) SELECT id FROM people;
