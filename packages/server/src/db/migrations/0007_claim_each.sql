-- mops_claim_each: the pool claims of several leads in one round trip. The lead pipeline handles
-- concurrent submissions in small batches (one read, one claim, one write per batch instead of per
-- submission), and this is the batch's claim.
--
-- `leads` is an array with one entry per lead, in the order the leads are served; each entry is
-- the list of pools to try in order (a pool, then its overflow), each in mops_claim's input shape.
-- A lead takes the first rep mops_claim gives it. Every claim takes its pool's advisory lock, so the
-- leads of a batch are ranked one after another on counters that include each other's turns, just
-- like separate submissions. Returns one entry per lead: {pool_id, rep_id, tried} (tried = how many
-- pools were tried, so the caller can explain the overflow) or {tried} when no pool had anyone left
-- under its daily cap.
CREATE FUNCTION mops_claim_each(leads jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_lead jsonb;
  v_attempt jsonb;
  v_claim jsonb;
  v_tried int;
  v_found jsonb;
  v_out jsonb := '[]'::jsonb;
BEGIN
  -- Every pool lock the batch may need, first and in one order: two batches whose leads name the
  -- same pools in different orders would otherwise deadlock. (mops_claim takes them again: no-op.)
  PERFORM pg_advisory_xact_lock(hashtext('mops.routing_pool'), hashtext(pool_id))
     FROM (SELECT DISTINCT a.value->>'pool_id' AS pool_id
             FROM jsonb_array_elements(leads) l, jsonb_array_elements(l.value) a
            ORDER BY 1) pools;
  FOR v_lead IN SELECT value FROM jsonb_array_elements(leads) LOOP
    v_tried := 0;
    v_found := NULL;
    FOR v_attempt IN SELECT value FROM jsonb_array_elements(v_lead) LOOP
      v_tried := v_tried + 1;
      v_claim := mops_claim(v_attempt);
      IF v_claim IS NOT NULL THEN
        v_found := jsonb_build_object('pool_id', v_attempt->>'pool_id', 'rep_id', v_claim->>'rep_id');
        EXIT;
      END IF;
    END LOOP;
    v_out := v_out || jsonb_build_array(COALESCE(v_found, '{}'::jsonb) || jsonb_build_object('tried', v_tried));
  END LOOP;
  RETURN v_out;
END $$;
