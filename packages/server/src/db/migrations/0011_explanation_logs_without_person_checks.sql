-- The explanation logs (score ledger, stage transitions, routing assignments, decisions) stop
-- checking their person and account with a foreign key, as `events` never did (0009).
--
-- Measured on a 2,000-row import batch: the row-by-row referential checks on these four tables
-- took 30 % of the write statement, more than the inserts themselves, and every lead pays the
-- same per row on the form path. What they guard against cannot happen here: every log row is
-- written in the same statement (or transaction) that writes or locks its person, and people
-- and accounts are never deleted — a merge keeps the loser as a tombstone (`merged_into`).
-- Tests check that no log row points at a missing person after imports, merges and the pipeline.

ALTER TABLE score_ledger DROP CONSTRAINT score_ledger_person_id_fkey;
ALTER TABLE stage_transitions DROP CONSTRAINT stage_transitions_person_id_fkey;
ALTER TABLE routing_assignments DROP CONSTRAINT routing_assignments_person_id_fkey;
ALTER TABLE decisions DROP CONSTRAINT decisions_person_id_fkey;
ALTER TABLE decisions DROP CONSTRAINT decisions_account_id_fkey;
