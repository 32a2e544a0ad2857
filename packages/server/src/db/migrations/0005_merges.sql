-- Dedupe & merge. A merge never deletes: the merged record stays as a tombstone pointing at its
-- survivor (its events, ledger, transitions and decisions stay on it and show on the survivor's
-- timeline), so `mops merge undo` can put everything back exactly.

ALTER TABLE people ADD COLUMN merged_into uuid REFERENCES people;
CREATE INDEX people_merged_into ON people (merged_into) WHERE merged_into IS NOT NULL;
-- Candidate lookups for fuzzy matching on entry (a new person against everyone else).
CREATE INDEX people_last_name_key ON people (lower(last_name)) WHERE merged_into IS NULL;
CREATE INDEX people_phone_key ON people (right(regexp_replace(phone, '\D', '', 'g'), 7))
  WHERE merged_into IS NULL AND phone IS NOT NULL;

CREATE TABLE person_merges (
  id                  uuid PRIMARY KEY,
  survivor_id         uuid        NOT NULL REFERENCES people,
  merged_id           uuid        NOT NULL REFERENCES people,
  probability         float8,
  -- The matcher's breakdown: per field, the comparison level and its weight.
  evidence            jsonb       NOT NULL,
  -- Per field: both values, the survivorship rule and which value survived.
  choices             jsonb       NOT NULL,
  -- What undo needs: the survivor's field updates, stage, owner and the points carried over.
  undo                jsonb       NOT NULL,
  actor               text        NOT NULL,
  playbook_version_id integer     NOT NULL,
  created_at          timestamptz NOT NULL,
  undone_at           timestamptz,
  undone_by           text
);
CREATE INDEX person_merges_survivor ON person_merges (survivor_id, created_at);
CREATE INDEX person_merges_merged ON person_merges (merged_id, created_at);

-- Pairs the matcher was not sure about (between review_above and auto_merge_above).
CREATE TABLE merge_reviews (
  id          uuid PRIMARY KEY,
  person_a    uuid        NOT NULL REFERENCES people,
  person_b    uuid        NOT NULL REFERENCES people,
  probability float8      NOT NULL,
  evidence    jsonb       NOT NULL,
  status      text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'merged', 'rejected')),
  found_by    text        NOT NULL,
  created_at  timestamptz NOT NULL,
  decided_at  timestamptz,
  decided_by  text,
  merge_id    uuid REFERENCES person_merges
);
CREATE UNIQUE INDEX merge_reviews_pair ON merge_reviews (LEAST(person_a, person_b), GREATEST(person_a, person_b));
CREATE INDEX merge_reviews_open ON merge_reviews (created_at) WHERE status = 'open';
