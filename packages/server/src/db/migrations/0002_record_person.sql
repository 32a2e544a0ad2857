-- Functions for the lead pipeline's hot path. The application decides (packages/core); the SQL
-- only applies the decisions (see packages/server/src/pipeline/person-statements.ts).

-- mops_claim: takes the next rep of a routing pool and moves the pool's counters on.
--
-- Claims on one pool are serialised by a transaction-scoped advisory lock, so each claim ranks
-- reps on counters that include every earlier claim: the spread follows the weights exactly even
-- when a hundred MQLs arrive at once, and a daily cap is never exceeded. The critical section is
-- this one short function, and its commit does not wait for the WAL flush (synchronous_commit off
-- for this transaction only): a claim is only a counter. The assignment itself is written by
-- RECORD with a normal durable commit, which also flushes the WAL of every claim before it;
-- a crash in between can at worst leave a rep's turn counted without a lead (a fairness blip,
-- never a lost lead).
--
-- `c`: pool_id, strategy, virtual_time, candidates (rep_id, today, weight, cap, position), the
-- reps eligible now in core's ranked order. The SQL re-ranks them on the current counters exactly
-- as core's rankPool/claimMember would: round robin by turn, lowest count by assignments today per
-- unit of weight then longest wait, ties by pool order. Returns the claimed rep, or NULL when every
-- candidate has reached the daily cap.
CREATE FUNCTION mops_claim(c jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_pick record;
BEGIN
  PERFORM set_config('synchronous_commit', 'off', true);
  PERFORM pg_advisory_xact_lock(hashtext('mops.routing_pool'), hashtext(c->>'pool_id'));
  SELECT m.pool_id, m.rep_id, m.next_turn, m.day_key, m.day_count, m.total_count, k.today, k.weight
    INTO v_pick
    FROM pool_members m
    JOIN jsonb_to_recordset(c->'candidates') AS k(rep_id text, today text, weight float8, cap int, position int)
      ON k.rep_id = m.rep_id
   WHERE m.pool_id = c->>'pool_id' AND m.in_pool
     AND (k.cap IS NULL OR m.day_key IS DISTINCT FROM k.today OR m.day_count < k.cap)
   ORDER BY CASE WHEN c->>'strategy' = 'round_robin' THEN GREATEST(m.next_turn, (c->>'virtual_time')::float8)
                 ELSE (CASE WHEN m.day_key = k.today THEN m.day_count ELSE 0 END) / k.weight END,
            CASE WHEN c->>'strategy' = 'round_robin' THEN 0
                 ELSE extract(epoch FROM COALESCE(m.last_assigned_at, 'epoch'::timestamptz)) END,
            k.position
   LIMIT 1;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  -- Relative to the row as it is now (not as read above): nothing else may be lost.
  UPDATE pool_members
     SET next_turn = GREATEST(next_turn, (c->>'virtual_time')::float8) + 1.0 / v_pick.weight,
         day_count = CASE WHEN day_key = v_pick.today THEN day_count ELSE 0 END + 1,
         day_key = v_pick.today,
         total_count = total_count + 1,
         last_assigned_at = (c->>'now')::timestamptz
   WHERE pool_id = v_pick.pool_id AND rep_id = v_pick.rep_id;
  RETURN jsonb_build_object('rep_id', v_pick.rep_id,
                            'assigned_today', CASE WHEN v_pick.day_key = v_pick.today THEN v_pick.day_count ELSE 0 END + 1);
END $$;

-- mops_unclaim: gives a claimed turn back when the lead it was claimed for ended up elsewhere (the
-- same person was routed by a concurrent submission, e.g. a double-click). The counts are sums, so
-- they come back exactly; the round-robin turn comes back by 1/weight, which is exact unless the
-- rep was lifted to the pool's virtual time in between (then the rep keeps a slightly later turn).
CREATE FUNCTION mops_unclaim(c jsonb) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('synchronous_commit', 'off', true);
  -- The same lock as mops_claim: a claim ranks on counters that no give-back is changing.
  PERFORM pg_advisory_xact_lock(hashtext('mops.routing_pool'), hashtext(c->>'pool_id'));
  UPDATE pool_members
     SET next_turn = next_turn - 1.0 / (c->>'weight')::float8,
         day_count = CASE WHEN day_key = c->>'today' THEN GREATEST(day_count - 1, 0) ELSE day_count END,
         total_count = GREATEST(total_count - 1, 0)
   WHERE pool_id = c->>'pool_id' AND rep_id = c->>'rep_id';
END $$;

-- mops_guard: aborts the statement that calls it (SQLSTATE MO001) when `problem` is set. The lead
-- pipeline's single write statement (RECORD) uses it to give up atomically when what IDENTIFY
-- read has changed meanwhile: the person was created or changed, or the account was created.
CREATE FUNCTION mops_guard(problem text) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  IF problem IS NOT NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'MO001', MESSAGE = problem;
  END IF;
  RETURN true;
END $$;
