import { type CompiledPlaybook, type PoolMemberState, type PoolTrace, rankPool } from '@mops/core';
import type pg from 'pg';
import { PREPARE, queryPool } from '../db/preparing-client.ts';

const CLAIM_EACH_SQL = `${PREPARE} /* claim */ SELECT mops_claim_each($1::jsonb) AS claims`;

export interface PoolClaim {
  poolId: string;
  repId: string;
  /** The rep's local date and weight at claim time, to give the turn back exactly if unused. */
  today: string;
  weight: number;
}

/** One lead a pool routes: the rule's pools in order, and the turns claimed for it on earlier attempts. */
export interface ClaimRequest {
  poolIds: string[];
  earlier: Map<string, PoolClaim>;
  /** The lead's "now" (working hours, the day of a daily cap). */
  now: Date;
}

export interface ClaimResult {
  claim: PoolClaim | null;
  traces: PoolTrace[];
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

interface PlannedAttempt {
  poolId: string;
  trace: PoolTrace;
  candidates: { rep_id: string; today: string; weight: number; cap: number | null; position: number }[];
  input: Record<string, unknown>;
}

/**
 * Walks each lead's pools in order (the pool, then its overflow: follow-the-sun, on-call) and
 * claims the next rep from the first pool with anyone available. Availability (working hours,
 * out of office, inactive) and the ranking come from core's rankPool on the counters IDENTIFY
 * read; the claims themselves run in PostgreSQL (`mops_claim_each` → `mops_claim`), serialised
 * per pool, in one round trip for all the leads of a batch, so concurrent MQLs see each other's
 * turns. A turn claimed for the lead on an earlier attempt is reused, never taken twice.
 */
export async function claimForLeads(
  pool: pg.Pool,
  playbook: CompiledPlaybook,
  poolStates: PoolMemberState[],
  requests: ClaimRequest[],
): Promise<ClaimResult[]> {
  const plans = requests.map((request) => planAttempts(playbook, poolStates, request.now, request));
  const leads = plans.filter((plan) => plan.attempts.length > 0);
  const answers =
    leads.length === 0
      ? []
      : ((
          await queryPool<{ claims: { pool_id?: string; rep_id?: string; tried: number }[] }>(
            pool,
            CLAIM_EACH_SQL,
            [JSON.stringify(leads.map((plan) => plan.attempts.map((a) => a.input)))],
          )
        ).rows[0]?.claims ?? []);
  const answerOf = new Map(leads.map((plan, i) => [plan, answers[i]]));
  return plans.map((plan, i) => {
    const request = requests[i] as ClaimRequest;
    const answer = answerOf.get(plan);
    const tried = answer?.tried ?? 0;
    for (const attempt of plan.attempts.slice(0, answer?.rep_id ? tried - 1 : tried)) {
      attempt.trace.busy.push('every available rep reached the daily cap while this lead was routed');
    }
    if (answer?.rep_id && answer.pool_id) {
      const attempt = plan.attempts[tried - 1] as PlannedAttempt;
      attempt.trace.picked = answer.rep_id;
      if (answer.rep_id !== attempt.trace.ranked[0]) {
        attempt.trace.busy.push(
          `${attempt.trace.ranked[0]} had taken a lead since the ranking was read; the claim re-ranked on current counts`,
        );
      }
      const candidate = attempt.candidates.find((c) => c.rep_id === answer.rep_id);
      const claim = {
        poolId: answer.pool_id,
        repId: answer.rep_id,
        today: candidate?.today ?? '',
        weight: candidate?.weight ?? 1,
      };
      request.earlier.set(claim.poolId, claim);
      return { claim, traces: plan.traces };
    }
    // Nobody left in the pools before it: the turn an earlier attempt claimed still stands.
    if (plan.fallback) {
      const trace = plan.traces[plan.traces.length - 1] as PoolTrace;
      trace.picked = plan.fallback.repId;
      return { claim: plan.fallback, traces: plan.traces };
    }
    return { claim: null, traces: plan.traces };
  });
}

/** The pools to try for one lead, up to the first one where an earlier attempt already holds a turn. */
function planAttempts(
  playbook: CompiledPlaybook,
  poolStates: PoolMemberState[],
  now: Date,
  request: ClaimRequest,
): { attempts: PlannedAttempt[]; traces: PoolTrace[]; fallback: PoolClaim | null } {
  const attempts: PlannedAttempt[] = [];
  const traces: PoolTrace[] = [];
  for (const poolId of request.poolIds) {
    const ranking = rankPool(poolId, poolStates, now, playbook);
    const trace: PoolTrace = { ...ranking, picked: null, busy: [] };
    traces.push(trace);
    const earlier = request.earlier.get(poolId);
    if (earlier) return { attempts, traces, fallback: earlier };
    if (ranking.ranked.length === 0) continue;
    const members = playbook.pools.get(poolId);
    const candidates = ranking.ranked.map((repId, position) => {
      const member = members?.members.find((m) => m.rep === repId);
      return {
        rep_id: repId,
        today: ranking.candidates.find((c) => c.repId === repId)?.today ?? '',
        weight: member?.weight ?? 1,
        cap: member?.daily_cap ?? members?.daily_cap ?? null,
        position,
      };
    });
    attempts.push({
      poolId,
      trace,
      candidates,
      input: {
        pool_id: poolId,
        strategy: ranking.strategy,
        virtual_time: ranking.virtualTime,
        now: now.toISOString(),
        candidates,
      },
    });
  }
  return { attempts, traces, fallback: null };
}

/** One lead's claim (the contract test compares it with core's assignFromPools). */
export async function claimFromPools(
  pool: pg.Pool,
  input: {
    playbook: CompiledPlaybook;
    poolIds: string[];
    poolStates: PoolMemberState[];
    now: Date;
    earlier: Map<string, PoolClaim>;
  },
): Promise<ClaimResult> {
  const [result] = await claimForLeads(pool, input.playbook, input.poolStates, [
    { poolIds: input.poolIds, earlier: input.earlier, now: input.now },
  ]);
  return result as ClaimResult;
}
