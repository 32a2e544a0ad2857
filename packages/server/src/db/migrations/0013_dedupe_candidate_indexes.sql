-- The dedupe sweep reads, per newcomer, the 50 newest people sharing their surname or phone tail.
-- Indexed by the key alone, PostgreSQL had to read every holder of the key and sort them to keep
-- 50: with a common surname or a switchboard number held by thousands, one sweep over 8,000
-- newcomers among 16,000 people took 70–82 s and a whole core, slowing every form meanwhile.
-- With the creation time in the index, each lookup reads the rows it keeps and stops (0.75 s).
DROP INDEX people_last_name_key;
DROP INDEX people_phone_key;
CREATE INDEX people_last_name_key ON people (lower(last_name), created_at DESC) WHERE merged_into IS NULL;
CREATE INDEX people_phone_key ON people (right(regexp_replace(phone, '\D', '', 'g'), 7), created_at DESC)
  WHERE merged_into IS NULL AND phone IS NOT NULL;

-- How long each sweep took, so a slow one shows (NULL for sweeps from before this column).
ALTER TABLE dedupe_sweeps ADD COLUMN elapsed_ms integer;
