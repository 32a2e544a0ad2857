import { type CompiledPlaybook, type PoolMemberState, type PoolTrace, rankPool } from '@mops/core';
import type pg from 'pg';
import { PREPARE, queryPool } from '../db/preparing-client.ts';

const CLAIM_SQL = `${PREPARE} /* claim */ SELECT mops_claim($1::jsonb) AS claim`;

export interface PoolClaim {
  poolId: string;
  repId: string;
  /** The rep's local date and weight at claim time, to give the turn back exactly if unused. */
  today: string;
  weight: number;
}

const UNCLAIM_SQL = `${PREPARE} /* unclaim */ SELECT mops_unclaim($1::jsonb)`;

/** Gives back turns claimed for a lead that was in the end not assigned from that pool. */
export async function releaseClaims(pool: pg.Pool, claims: Iterable<PoolClaim>): Promise<void> {
  for (const claim of claims) {
    await queryPool(pool, UNCLAIM_SQL, [
      JSON.stringify({
        pool_id: claim.poolId,
        rep_id: claim.repId,
        today: claim.today,
        weight: claim.weight,
      }),
    ]);
  }
}

/**
 * Walks a routing rule's pools in order (the pool, then its overflow: follow-the-sun, on-call)
 * and claims the next rep from the first pool with anyone available. Availability (working hours,
 * out of office, inactive) and the ranking come from core's rankPool; the claim itself runs in
 * PostgreSQL (`mops_claim`), serialised per pool, so concurrent MQLs see each other's turns.
 * Claims already made for this lead (an earlier attempt that had to re-run) are reused, never
 * taken twice.
 */
export async function claimFromPools(
  pool: pg.Pool,
  input: {
    playbook: CompiledPlaybook;
    poolIds: string[];
    poolStates: PoolMemberState[];
    now: Date;
    earlier: Map<string, PoolClaim>;
  },
): Promise<{ claim: PoolClaim | null; traces: PoolTrace[] }> {
  const traces: PoolTrace[] = [];
  for (const poolId of input.poolIds) {
    const ranking = rankPool(poolId, input.poolStates, input.now, input.playbook);
    const trace: PoolTrace = { ...ranking, picked: null, busy: [] };
    traces.push(trace);
    const earlier = input.earlier.get(poolId);
    if (earlier) {
      trace.picked = earlier.repId;
      return { claim: earlier, traces };
    }
    if (ranking.ranked.length === 0) continue;
    const members = input.playbook.pools.get(poolId);
    const { rows } = await queryPool<{ claim: { rep_id: string } | null }>(pool, CLAIM_SQL, [
      JSON.stringify({
        pool_id: poolId,
        strategy: ranking.strategy,
        virtual_time: ranking.virtualTime,
        now: input.now.toISOString(),
        candidates: ranking.ranked.map((repId, position) => {
          const member = members?.members.find((m) => m.rep === repId);
          return {
            rep_id: repId,
            today: ranking.candidates.find((c) => c.repId === repId)?.today ?? '',
            weight: member?.weight ?? 1,
            cap: member?.daily_cap ?? members?.daily_cap ?? null,
            position,
          };
        }),
      }),
    ]);
    const repId = rows[0]?.claim?.rep_id;
    if (repId) {
      trace.picked = repId;
      if (repId !== ranking.ranked[0]) {
        trace.busy.push(
          `${ranking.ranked[0]} had taken a lead since the ranking was read; the claim re-ranked on current counts`,
        );
      }
      const member = members?.members.find((m) => m.rep === repId);
      const claim = {
        poolId,
        repId,
        today: ranking.candidates.find((c) => c.repId === repId)?.today ?? '',
        weight: member?.weight ?? 1,
      };
      input.earlier.set(poolId, claim);
      return { claim, traces };
    }
    trace.busy.push('every available rep reached the daily cap while this lead was routed');
  }
  return { claim: null, traces };
}
